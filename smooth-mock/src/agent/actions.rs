//! Answers to the actions a client sends to a session.
//!
//! `browser_action`: `goto` (remembers the URL), `extract` (a value valid for the schema),
//! `evaluate_js` and its deprecated alias `exec_js` (see [`evaluate`]). `session_action`:
//! `run_task` (the output of a sub-task) and `close`. A successful answer's output is
//! `{output, credits_used, duration}` (`goto` has no `output`; `close`'s is `true`); a failed
//! one carries a message.

use serde_json::{Map, Value, json};

use crate::agent::outcome::sub_task_output;
use crate::api_error::ApiError;
use crate::schema_value::example_for;

/// What answering an action changes in the session.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    None,
    Navigate(String),
    Close,
}

/// The answer event's payload parts, plus its effect.
#[derive(Debug, Clone)]
pub(crate) struct ActionAnswer {
    pub(crate) code: u16,
    pub(crate) output: Value,
    pub(crate) credits: u64,
    pub(crate) effect: Effect,
}

impl ActionAnswer {
    fn success(output: Option<Value>, credits: u64, duration: f64, effect: Effect) -> Self {
        let mut body = Map::new();
        if let Some(output) = output {
            body.insert("output".to_owned(), output);
        }
        body.insert("credits_used".to_owned(), json!(credits));
        body.insert("duration".to_owned(), json!(duration));
        Self { code: 200, output: Value::Object(body), credits, effect }
    }

    fn failure(code: u16, message: impl Into<String>) -> Self {
        Self { code, output: Value::String(message.into()), credits: 0, effect: Effect::None }
    }
}

/// The context an action is answered in.
pub(crate) struct ActionContext<'a> {
    pub(crate) current_url: Option<&'a str>,
    /// Seconds the action "took" (its simulated latency).
    pub(crate) duration: f64,
    /// A scripted answer for every action but `close`.
    pub(crate) scripted: Option<&'a (u16, String)>,
}

/// Answers one action event. An event name the service does not know is refused with 400.
pub(crate) fn answer(event_name: &str, payload: &Value, context: &ActionContext<'_>) -> Result<ActionAnswer, ApiError> {
    let action = payload.get("name").and_then(Value::as_str).unwrap_or_default();
    let input = payload.get("input").unwrap_or(&Value::Null);
    let known = matches!(
        (event_name, action),
        ("browser_action", "goto" | "extract" | "evaluate_js" | "exec_js") | ("session_action", "run_task" | "close")
    );
    if !matches!(event_name, "browser_action" | "session_action") {
        return Err(ApiError::bad_request(format!("Unknown event name '{event_name}'")));
    }
    if !known {
        return Ok(ActionAnswer::failure(400, format!("Unknown {event_name} '{action}'")));
    }
    if action == "close" {
        return Ok(ActionAnswer::success(Some(Value::Bool(true)), 0, context.duration, Effect::Close));
    }
    if let Some((code, message)) = context.scripted {
        return Ok(ActionAnswer::failure(*code, message.clone()));
    }
    let duration = context.duration;
    Ok(match action {
        "goto" => match input.get("url").and_then(Value::as_str) {
            Some(url) if !url.trim().is_empty() => {
                ActionAnswer::success(None, 0, duration, Effect::Navigate(url.to_owned()))
            }
            _ => ActionAnswer::failure(400, "goto needs a non-empty 'url'"),
        },
        "extract" => {
            let output = match input.get("schema").filter(|schema| schema.is_object()) {
                Some(schema) => example_for(schema),
                None => json!(format!("Extracted content of {}", context.current_url.unwrap_or("about:blank"))),
            };
            ActionAnswer::success(Some(output), 1, duration, Effect::None)
        }
        "evaluate_js" | "exec_js" => match input.get("js").and_then(Value::as_str) {
            Some(code) => {
                let output = evaluate(code, context.current_url);
                ActionAnswer::success(Some(output), 0, duration, Effect::None)
            }
            None => ActionAnswer::failure(400, format!("{action} needs 'js' code")),
        },
        // The only action left is `run_task`.
        _ => match input.get("task").and_then(Value::as_str) {
            Some(task) => {
                let output = sub_task_output(task, input.get("response_model"), &[]);
                let effect = input
                    .get("url")
                    .and_then(Value::as_str)
                    .map_or(Effect::None, |url| Effect::Navigate(url.to_owned()));
                ActionAnswer::success(Some(output), 2, duration, effect)
            }
            None => ActionAnswer::failure(400, "run_task needs a 'task'"),
        },
    })
}

/// A tiny stand-in for a browser's JavaScript engine: `document.title`, `location.href`
/// (and `window.location.href`, `document.URL`) and JSON literals evaluate to something
/// meaningful; anything else evaluates to `null`. A leading `return` and trailing `;` are
/// ignored.
pub(crate) fn evaluate(code: &str, current_url: Option<&str>) -> Value {
    let trimmed = code.trim().trim_end_matches(';').trim();
    let expression = trimmed.strip_prefix("return ").unwrap_or(trimmed).trim();
    let url = current_url.unwrap_or("about:blank");
    match expression {
        "document.title" | "window.document.title" => json!(format!("Mock page: {url}")),
        "location.href" | "window.location.href" | "document.URL" | "document.location.href" => json!(url),
        _ => serde_json::from_str(expression).unwrap_or(Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{ActionContext, Effect, answer, evaluate};

    #[test]
    fn evaluates_known_expressions() {
        assert_eq!(evaluate("return location.href;", Some("https://a.b/")), json!("https://a.b/"));
        assert_eq!(evaluate("[1, 2]", None), json!([1, 2]));
        assert_eq!(evaluate("foo()", None), json!(null));
    }

    #[test]
    fn goto_navigates_and_unknown_fails() {
        let context = ActionContext { current_url: None, duration: 0.5, scripted: None };
        let goto =
            answer("browser_action", &json!({"name": "goto", "input": {"url": "https://x.y"}}), &context).unwrap();
        assert_eq!(goto.effect, Effect::Navigate("https://x.y".to_owned()));
        assert_eq!(goto.output, json!({"credits_used": 0, "duration": 0.5}));
        let unknown = answer("browser_action", &json!({"name": "fly"}), &context).unwrap();
        assert_eq!(unknown.code, 400);
        assert!(answer("weird", &json!({}), &context).is_err());
    }
}
