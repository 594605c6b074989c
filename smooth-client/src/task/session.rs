//! Browser sessions: a browser that stays open and takes one action at a time.

use super::action::ActionResponse;
use super::action::RunTask;
use super::engine::{Delivery, Work, fresh_event_id};
use super::error::{ActionError, TaskError, text_of};
use super::handle::{LiveUrlOptions, TaskHandle, with_timeout};
use super::stream::TaskEvents;
use crate::output::schema_of;
use crate::secret::Redactor;
use crate::types::{TaskEvent, TaskResponse, TaskStatus};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::time::Duration;

/// How long a session action may take by default before it fails with
/// [`TaskError::Timeout`]: 10 minutes, long enough for a `run_task` of many steps.
pub const DEFAULT_ACTION_TIMEOUT: Duration = Duration::from_secs(600);

/// An open browser session. Cheap to clone; clones share one poller.
///
/// Each action sends an event with a fresh id and waits for the answer with that id; many
/// actions may be in flight at once, each gets its own answer. An answer with code 200 is
/// an [`ActionResponse`]; any other is [`TaskError::Action`] with the code and the
/// service's message (400 the action failed, 500 a fault of the service). An
/// action waits at most the session's action timeout ([`DEFAULT_ACTION_TIMEOUT`] unless
/// set with [`SessionOptions::action_timeout`](crate::SessionOptions::action_timeout) or [`SessionHandle::with_action_timeout`]).
#[derive(Clone, Debug)]
pub struct SessionHandle {
    handle: TaskHandle,
    action_timeout: Duration,
}

impl SessionHandle {
    /// The session behind `handle`, its actions waiting as long as the session was
    /// opened with.
    pub(crate) fn from_handle(handle: TaskHandle) -> Self {
        let action_timeout = match handle.core().work {
            Work::Session { action_timeout } => action_timeout,
            Work::Task => DEFAULT_ACTION_TIMEOUT,
        };
        SessionHandle { handle, action_timeout }
    }

    /// The session's events as they arrive (action answers, tool calls), each exactly
    /// once; see [`TaskEvents`].
    pub fn events(&self) -> TaskEvents {
        self.handle.events()
    }

    /// The session's task id.
    pub fn id(&self) -> &str {
        self.handle.id()
    }

    /// The timestamp of the last event this handle has read (0 before any). Store it and
    /// pass it to [`SmoothClient::attach_session`](crate::SmoothClient::attach_session) so a later process does not read the
    /// same events again.
    pub fn event_cursor(&self) -> i64 {
        self.handle.core().event_cursor()
    }

    /// The underlying task handle (polling statistics, the latest state).
    pub fn task_handle(&self) -> &TaskHandle {
        &self.handle
    }

    /// This handle with another action timeout (other clones keep theirs).
    pub fn with_action_timeout(mut self, timeout: Duration) -> Self {
        self.action_timeout = timeout;
        self
    }

    /// Opens `url` in the browser.
    pub async fn goto(&self, url: impl Into<String>) -> Result<ActionResponse, TaskError> {
        self.browser_action("goto", json!({"url": url.into()})).await
    }

    /// Runs JavaScript in the page and returns its value; `args` are passed to the code.
    pub async fn evaluate_js(&self, code: impl Into<String>, args: Option<Value>) -> Result<ActionResponse, TaskError> {
        self.browser_action("evaluate_js", json!({"js": code.into(), "args": args})).await
    }

    /// Extracts data following `schema` from the current page; `prompt` (may be empty)
    /// says what to look for.
    pub async fn extract(&self, schema: Value, prompt: impl Into<String>) -> Result<ActionResponse, TaskError> {
        let prompt = Some(prompt.into()).filter(|p| !p.is_empty());
        self.browser_action("extract", json!({"schema": schema, "prompt": prompt})).await
    }

    /// Extracts a `T` from the current page, the schema coming from `T`.
    ///
    /// ```no_run
    /// # async fn demo(session: smooth_client::SessionHandle) -> Result<(), smooth_client::TaskError> {
    /// #[derive(serde::Deserialize, schemars::JsonSchema)]
    /// struct Headline { title: String, points: u32 }
    /// let top = session.extract_as::<Vec<Headline>>("the five top stories").await?;
    /// println!("{} stories for {:?} credits", top.output.len(), top.credits_used);
    /// # Ok(()) }
    /// ```
    pub async fn extract_as<T: DeserializeOwned + JsonSchema>(
        &self,
        prompt: impl Into<String>,
    ) -> Result<ActionResponse<T>, TaskError> {
        Ok(self.extract(schema_of::<T>(), prompt).await?.decode()?)
    }

    /// Runs a sub-task in this browser and waits for its answer.
    pub async fn run_task(&self, task: impl Into<RunTask>) -> Result<ActionResponse, TaskError> {
        let task = task.into();
        let timeout = task.timeout_override().unwrap_or(self.action_timeout);
        // The session secrets are plain JSON once in the payload: note them now, so that
        // any answer text echoing them is redacted.
        let (input, secrets) = crate::secret::collecting(|| task.into_input());
        let payload = json!({"name": "run_task", "input": input?});
        self.action_redacting("session_action", "run_task", payload, timeout, secrets).await
    }

    /// The live view URL (`interactive=true&embed=false`).
    pub async fn live_url(&self) -> Result<String, TaskError> {
        self.handle.live_url().await
    }

    /// The live view URL with other options.
    pub async fn live_url_with(&self, options: LiveUrlOptions) -> Result<String, TaskError> {
        self.handle.live_url_with(options).await
    }

    /// The recording URL, once the session has been closed (see [`TaskHandle::recording_url`]).
    pub async fn recording_url(&self) -> Result<String, TaskError> {
        self.handle.recording_url().await
    }

    /// The downloads URL (see [`TaskHandle::downloads_url`]).
    pub async fn downloads_url(&self) -> Result<String, TaskError> {
        self.handle.downloads_url().await
    }

    /// Closes the session at once with `DELETE /task/{id}`, like the official SDK's
    /// default. A 404 means it was closed already and is not an error.
    pub async fn close(&self) -> Result<(), TaskError> {
        // `false` (already ended) is as closed as `true`.
        let _already_ended = !self.handle.cancel().await?;
        self.handle.core().mark_closed();
        Ok(())
    }

    /// Closes the session gracefully with the `close` action and waits for its answer
    /// (the session then turns `done`).
    pub async fn close_gracefully(&self) -> Result<(), TaskError> {
        let answer = self.action("session_action", "close", json!({"name": "close"}), self.action_timeout).await;
        match answer {
            Ok(_) => {
                self.handle.core().mark_closed();
                Ok(())
            }
            // The session ended before the answer was seen: closed all the same.
            Err(TaskError::Ended { .. }) => {
                self.handle.core().mark_closed();
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// The session's final state, once it has been closed through a handle of it (a
    /// forced close ends it `cancelled`, which counts as success here). Calling this on an
    /// open session is [`TaskError::SessionOpen`] instead of a wait that never ends.
    pub async fn result(&self) -> Result<TaskResponse, TaskError> {
        if !self.handle.core().is_closed() {
            return Err(TaskError::SessionOpen { task_id: self.id().to_owned() });
        }
        let response = self.handle.finished().await?;
        match response.status {
            TaskStatus::Cancelled => Ok(response),
            _ => self.handle.finished_result(response),
        }
    }

    async fn browser_action(&self, name: &str, input: Value) -> Result<ActionResponse, TaskError> {
        self.action("browser_action", name, json!({"name": name, "input": input}), self.action_timeout).await
    }

    /// Sends one action and waits for its answer.
    async fn action(
        &self,
        event: &str,
        action: &str,
        payload: Value,
        timeout: Duration,
    ) -> Result<ActionResponse, TaskError> {
        self.action_redacting(event, action, payload, timeout, Vec::new()).await
    }

    /// Sends one action and waits for its answer, redacting `secrets` from error texts.
    async fn action_redacting(
        &self,
        event: &str,
        action: &str,
        payload: Value,
        timeout: Duration,
        secrets: Vec<String>,
    ) -> Result<ActionResponse, TaskError> {
        let redactor = Redactor::new(secrets.clone());
        let core = self.handle.core();
        let id = fresh_event_id();
        // Expect the answer before sending, so that a fast answer cannot slip by.
        let (guard, answer) = core.expect_answer(&id)?;
        let wait = async {
            core.client.send_redacting(TaskEvent::new(self.id(), event, payload).id(id.clone()), secrets).await?;
            match answer.await {
                Ok(Delivery::Answer(payload)) => Ok(payload),
                Ok(Delivery::Ended(error)) => Err(error),
                Err(_) => Err(TaskError::Ended {
                    task_id: self.id().to_owned(),
                    status: TaskStatus::Other("unknown".to_owned()),
                    what: "the answer to an action",
                }),
            }
        };
        let payload = with_timeout(timeout, format!("the answer to `{action}` in session {}", self.id()), wait).await?;
        drop(guard);
        interpret(action, &payload).map_err(|error| match error {
            TaskError::Action(mut answer) => {
                answer.message = redactor.redact(&answer.message);
                answer.output = redactor.redact_value(answer.output);
                TaskError::Action(answer)
            }
            other => other,
        })
    }
}

/// Turns an answer's `{code, output}` into the caller's result.
fn interpret(action: &str, payload: &Value) -> Result<ActionResponse, TaskError> {
    let code = payload.get("code").and_then(Value::as_i64).unwrap_or(-1);
    let output = payload.get("output").cloned().unwrap_or(Value::Null);
    if code == 200 {
        return Ok(ActionResponse::from_answer(output));
    }
    let error = ActionError { action: action.to_owned(), code, message: text_of(&output), output };
    Err(TaskError::Action(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_map_to_outcomes() {
        assert!(interpret("goto", &json!({"code": 200, "output": {"credits_used": 0, "duration": 1}})).is_ok());
        let refused = interpret("goto", &json!({"code": 400, "output": "bad url"})).unwrap_err();
        assert!(matches!(&refused, TaskError::Action(e) if e.message == "bad url" && e.code == 400), "{refused}");
        let service = interpret("goto", &json!({"code": 500, "output": "x"}));
        assert!(matches!(service, Err(TaskError::Action(ActionError { code: 500, .. }))));
        let odd = interpret("goto", &json!({"code": 302, "output": null})).unwrap_err();
        assert!(matches!(&odd, TaskError::Action(e) if e.code == 302), "{odd}");
        assert!(matches!(interpret("goto", &json!({})), Err(TaskError::Action(ActionError { code: -1, .. }))));
    }

    #[tokio::test]
    async fn a_tools_view_of_its_session_keeps_the_sessions_action_timeout() {
        let client = crate::client::SmoothClient::builder()
            .api_key("cmzr-test")
            .base_url("http://127.0.0.1:9/api/")
            .build()
            .unwrap();
        let task = TaskHandle::new(client.clone(), "task-1".to_owned(), Work::Task, None);
        assert_eq!(SessionHandle::from_handle(task).action_timeout, DEFAULT_ACTION_TIMEOUT);
        let work = Work::Session { action_timeout: Duration::from_secs(7) };
        let session = TaskHandle::new(client, "session-1".to_owned(), work, None);
        assert_eq!(SessionHandle::from_handle(session).action_timeout, Duration::from_secs(7));
    }
}
