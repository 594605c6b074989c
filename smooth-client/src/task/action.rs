//! The answers of session actions and the `run_task` action's input.

use crate::output::{OutputError, decode, schema_of};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::time::Duration;

/// The answer to a successful session action (code 200).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ActionResponse<T = Value> {
    /// What the action produced: extracted data, the script's value, the sub-task's output
    /// (`Null` for `goto`; `true` for a graceful `close`).
    pub output: T,
    /// Credits the action cost (1 credit = $0.01), as on [`TaskResponse`](crate::types::TaskResponse):
    /// an integer, `None` when the answer does not say.
    pub credits_used: Option<i64>,
    /// How long it took, in seconds.
    pub duration: f64,
}

impl ActionResponse<Value> {
    /// Reads a 200 answer's `output`: `{output, credits_used, duration}`, or a bare value.
    pub(crate) fn from_answer(output: Value) -> Self {
        match output {
            Value::Object(mut fields)
                if fields.contains_key("credits_used")
                    || fields.contains_key("duration")
                    || fields.contains_key("output") =>
            {
                ActionResponse {
                    output: fields.remove("output").unwrap_or(Value::Null),
                    credits_used: fields.get("credits_used").and_then(credits),
                    duration: fields.get("duration").and_then(Value::as_f64).unwrap_or(0.0),
                }
            }
            other => ActionResponse { output: other, credits_used: None, duration: 0.0 },
        }
    }

    /// Decodes the output into `T`.
    pub fn output_as<T: DeserializeOwned>(&self) -> Result<T, OutputError> {
        decode(&self.output, "the action's output")
    }

    /// The same answer with the output decoded into `T`.
    pub fn decode<T: DeserializeOwned>(self) -> Result<ActionResponse<T>, OutputError> {
        Ok(ActionResponse { output: self.output_as()?, credits_used: self.credits_used, duration: self.duration })
    }
}

/// Credits as the spec types them (an integer); a whole number written as a float
/// (`2.0`) is read too.
fn credits(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

/// A secret a sub-task may type into pages, limited to some URLs. Its value is never
/// printed.
///
/// ```
/// use smooth_client::SessionSecret;
/// let password = SessionSecret::new("hunter2").allowed_urls(["https://*.example.com/*"]);
/// assert!(!format!("{password:?}").contains("hunter2"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionSecret {
    /// The value, sent as it is and never printed.
    pub value: Secret<String>,
    /// URL patterns where it may be used; `None` for anywhere.
    pub allowed_urls: Option<Vec<String>>,
}

impl SessionSecret {
    /// A secret usable on any page.
    pub fn new(value: impl Into<String>) -> Self {
        SessionSecret { value: Secret::new(value.into()), allowed_urls: None }
    }

    /// Limits the secret to these URL patterns (wildcards like `https://*.example.com/*`).
    pub fn allowed_urls(mut self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.allowed_urls = Some(urls.into_iter().map(Into::into).collect());
        self
    }
}

/// A sub-task for [`SessionHandle::run_task`](crate::SessionHandle::run_task). A `&str` or
/// `String` converts into one with the defaults.
///
/// ```
/// use smooth_client::{RunTask, SessionSecret};
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct Order { number: String }
///
/// let task = RunTask::new("Log in and find my last order")
///     .max_steps(24)
///     .url("https://shop.example.com")
///     .response_model::<Order>()
///     .metadata("customer", "c-42")
///     .secret("password", SessionSecret::new("hunter2").allowed_urls(["https://shop.example.com/*"]));
/// assert!(!format!("{task:?}").contains("hunter2"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RunTask {
    task: String,
    max_steps: u32,
    response_model: Option<Value>,
    url: Option<String>,
    metadata: Option<Map<String, Value>>,
    secrets: Option<BTreeMap<String, SessionSecret>>,
    timeout: Option<Duration>,
}

impl From<&str> for RunTask {
    fn from(task: &str) -> Self {
        RunTask::new(task)
    }
}

impl From<String> for RunTask {
    fn from(task: String) -> Self {
        RunTask::new(task)
    }
}

impl RunTask {
    /// A sub-task with 32 steps at most.
    pub fn new(task: impl Into<String>) -> Self {
        RunTask {
            task: task.into(),
            max_steps: 32,
            response_model: None,
            url: None,
            metadata: None,
            secrets: None,
            timeout: None,
        }
    }

    /// The step limit (2..=128, default 32).
    pub fn max_steps(mut self, max_steps: u32) -> Self {
        self.max_steps = max_steps;
        self
    }

    /// Asks for output following `T`'s JSON schema.
    pub fn response_model<T: JsonSchema>(self) -> Self {
        self.response_model_schema(schema_of::<T>())
    }

    /// Asks for output following a raw JSON schema.
    pub fn response_model_schema(mut self, schema: Value) -> Self {
        self.response_model = Some(schema);
        self
    }

    /// The page to start from.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Adds one metadata entry (a string, number or boolean).
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.metadata.get_or_insert_with(Map::new).insert(key.into(), value.into());
        self
    }

    /// Adds a secret the sub-task may use under `name`.
    pub fn secret(mut self, name: impl Into<String>, secret: SessionSecret) -> Self {
        self.secrets.get_or_insert_with(BTreeMap::new).insert(name.into(), secret);
        self
    }

    /// How long to wait for the answer, instead of the session's action timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub(crate) fn timeout_override(&self) -> Option<Duration> {
        self.timeout
    }

    /// Checks what the service would refuse, then builds the action's input.
    pub(crate) fn into_input(self) -> Result<Value, crate::error::Error> {
        // The same limits as a task's: checked by the request type that owns them.
        let mut probe = crate::api::task::TaskRequest::session().max_steps(self.max_steps);
        probe.metadata = self.metadata.clone();
        probe.check()?;
        let secrets = match self.secrets {
            Some(secrets) => serde_json::to_value(secrets).map_err(|err| crate::error::Error::InvalidInput {
                field: "secrets".to_owned(),
                reason: format!("cannot encode: {err}"),
            })?,
            None => Value::Null,
        };
        Ok(json!({
            "task": self.task,
            "max_steps": self.max_steps,
            "response_model": self.response_model,
            "url": self.url,
            "metadata": self.metadata,
            "secrets": secrets,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_both_shapes() {
        let full = ActionResponse::from_answer(json!({"output": {"a": 1}, "credits_used": 2, "duration": 0.5}));
        assert_eq!(full, ActionResponse { output: json!({"a": 1}), credits_used: Some(2), duration: 0.5 });
        let goto = ActionResponse::from_answer(json!({"credits_used": 0, "duration": 0.1}));
        assert_eq!(goto.output, Value::Null);
        let bare = ActionResponse::from_answer(json!(true));
        assert_eq!(bare.output, json!(true));
    }

    #[test]
    fn secrets_reach_the_wire_but_not_debug() {
        let task = RunTask::new("log in").secret("pw", SessionSecret::new("hunter2").allowed_urls(["https://a/*"]));
        assert!(!format!("{task:?}").contains("hunter2"));
        let input = task.into_input().unwrap();
        assert_eq!(input["secrets"], json!({"pw": {"value": "hunter2", "allowed_urls": ["https://a/*"]}}));
        assert_eq!(input["max_steps"], 32);
    }

    #[test]
    fn bad_step_limits_are_refused_before_sending() {
        let err = RunTask::new("x").max_steps(500).into_input().unwrap_err();
        assert!(err.to_string().contains("max_steps"), "{err}");
    }
}
