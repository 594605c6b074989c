use crate::smooth_endpoint;
use crate::types::TaskEventResponse;
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
