use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `DELETE /task/{task_id}`: cancels a task or force-closes a session. Answers `true`;
/// 404 when the id is unknown or the task has already ended.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// client.cancel_task(CancelTaskRequest::new("task-id")).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(DELETE, "/task/{task_id}", response = bool)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CancelTaskRequest {
    /// The task id.
    pub task_id: String,
}

impl CancelTaskRequest {
    /// Cancels `task_id`.
    pub fn new(task_id: impl Into<String>) -> Self {
        CancelTaskRequest { task_id: task_id.into() }
    }
}
