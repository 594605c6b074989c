//! Task, event and browser-session models.

use crate::secret::Secret;
use crate::types::{Device, TaskStatus};
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// A task as the service reports it (`GET /task/{id}`, `POST /task`, `GET /task`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskResponse {
    /// The task id.
    pub id: String,
    /// Where the task is in its life.
    pub status: TaskStatus,
    /// The agent's result: text, or a value matching the task's `response_model`.
    #[serde(default)]
    pub output: Option<serde_json::Value>,
    /// Credits charged so far.
    #[serde(default)]
    pub credits_used: Option<i64>,
    /// The browser's device profile.
    #[serde(default)]
    pub device: Option<Device>,
    /// The live view, only while the task is waiting or running.
    #[serde(default)]
    pub live_url: Option<String>,
    /// `None`: not known yet; `Some("")`: there is none (recording disabled).
    #[serde(default)]
    pub recording_url: Option<String>,
    /// `None`: not known yet or not asked for; `Some("")`: nothing was downloaded.
    #[serde(default)]
    pub downloads_url: Option<String>,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Events newer than the `event_t` asked for, oldest first.
    #[serde(default)]
    pub events: Option<Vec<TaskEvent>>,
}

/// A custom tool as announced to the agent in `custom_tools`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolSignature {
    /// The name the agent calls it by.
    pub name: String,
    /// What it does, for the agent.
    pub description: String,
    /// A JSON schema of its input object.
    pub inputs: serde_json::Value,
    /// What it returns, for the agent.
    pub output: String,
}

impl ToolSignature {
    /// A tool `name` described to the agent by `description`, taking an object that
    /// follows the JSON schema `inputs`.
    ///
    /// ```
    /// use smooth_client::types::ToolSignature;
    /// let lookup = ToolSignature::new("lookup", "Finds a word", serde_json::json!({"type": "object"}))
    ///     .output("The definition.");
    /// assert_eq!(lookup.output, "The definition.");
    /// ```
    pub fn new(name: impl Into<String>, description: impl Into<String>, inputs: serde_json::Value) -> Self {
        ToolSignature {
            name: name.into(),
            description: description.into(),
            inputs,
            output: "The tool's result.".to_owned(),
        }
    }

    /// What the tool returns, for the agent.
    pub fn output(mut self, output: impl Into<String>) -> Self {
        self.output = output.into();
        self
    }
}

/// A client certificate: a base64-encoded `.p12` file and its password, both secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Certificate {
    /// Base64 of the `.p12` file.
    pub file: Secret<String>,
    /// The file's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret<String>>,
}

/// The answer to `POST /task/{id}/event`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskEventResponse {
    /// The event id.
    pub id: String,
}

/// A tool answer in the legacy `PUT /task/{id}` form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolResponse {
    /// The id of the `tool_call` event answered.
    pub id: String,
    /// 200 success, 400 the tool failed, 500 an essential tool failed.
    pub code: u16,
    /// The tool's output or error message.
    pub output: serde_json::Value,
}

impl ToolResponse {
    /// The answer to the `tool_call` event `id`: `code` 200 for success, 400 when the tool
    /// failed, 500 when an essential tool failed.
    pub fn new(id: impl Into<String>, code: u16, output: serde_json::Value) -> Self {
        ToolResponse { id: id.into(), code, output }
    }
}

/// The answer to the deprecated `POST /browser/session`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BrowserSessionResponse {
    /// The browser profile used.
    pub profile_id: String,
    /// The live session id.
    #[serde(default)]
    pub live_id: Option<String>,
    /// The live view URL.
    #[serde(default)]
    pub live_url: Option<String>,
}

/// `POST /task/{task_id}/event`: sends a session action or a tool answer. The same type
/// is what `TaskResponse::events` carries (there `task_id` is empty).
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let goto = TaskEvent::new("task-id", "browser_action", serde_json::json!({
///     "name": "goto", "input": {"url": "https://example.com"}
/// })).id("action-1");
/// client.send_task_event(goto).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/task/{task_id}/event", response = TaskEventResponse, name = send_task_event)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskEvent {
    /// The task the event goes to (a path parameter; never in the body).
    #[serde(skip)]
    pub task_id: String,
    /// `browser_action`, `session_action` or `tool_call`.
    pub name: String,
    /// The event's content.
    pub payload: serde_json::Value,
    /// An id chosen by the sender; the answer carries the same id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Unix milliseconds (set by the service on events it returns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
}

impl TaskEvent {
    /// An event `name` with `payload` for the task `task_id`.
    pub fn new(task_id: impl Into<String>, name: impl Into<String>, payload: serde_json::Value) -> Self {
        TaskEvent { task_id: task_id.into(), name: name.into(), payload, id: None, timestamp: None }
    }

    /// Sets the event id the answer will carry.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}
