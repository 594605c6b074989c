use crate::types::ToolResponse;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `PUT /task/{task_id}` with `{tool_response}`: the legacy way to answer a tool call.
#[smooth_endpoint(
    PUT,
    "/task/{task_id}",
    deprecated = "answer tool calls with `send_task_event` (POST /task/{id}/event) instead",
    response = serde_json::Value
)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateTaskRequest {
    /// The task id.
    pub task_id: String,
    /// The answer to one `tool_call` event.
    pub tool_response: ToolResponse,
}

impl UpdateTaskRequest {
    /// Answers one tool call of `task_id` the legacy way.
    ///
    /// ```
    /// use smooth_client::api::task::UpdateTaskRequest;
    /// use smooth_client::types::ToolResponse;
    /// let answer = UpdateTaskRequest::new("task-id", ToolResponse::new("call-1", 200, serde_json::json!("done")));
    /// assert_eq!(answer.tool_response.code, 200);
    /// ```
    pub fn new(task_id: impl Into<String>, tool_response: ToolResponse) -> Self {
        UpdateTaskRequest { task_id: task_id.into(), tool_response }
    }
}
