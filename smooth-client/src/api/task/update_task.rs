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
pub struct UpdateTaskRequest {
    /// The task id.
    pub task_id: String,
    /// The answer to one `tool_call` event.
    pub tool_response: ToolResponse,
}
