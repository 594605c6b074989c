use crate::types::TaskResponse;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `GET /task/{task_id}`: a task's status, output and the events newer than `event_t`.
/// Answers 202 while the task runs and 200 once it has ended, with the same body.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let task = client.get_task(GetTaskRequest::new("task-id").event_t(0)).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(GET, "/task/{task_id}", response = TaskResponse)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GetTaskRequest {
    /// The task id.
    pub task_id: String,
    /// Only events with a timestamp (Unix ms) greater than this are returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_t: Option<i64>,
    /// Ask for `downloads_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downloads: Option<bool>,
}

impl GetTaskRequest {
    /// Asks for the task `task_id`.
    pub fn new(task_id: impl Into<String>) -> Self {
        GetTaskRequest { task_id: task_id.into(), event_t: None, downloads: None }
    }

    /// Only events after this timestamp (Unix ms).
    pub fn event_t(mut self, event_t: i64) -> Self {
        self.event_t = Some(event_t);
        self
    }

    /// Ask for the downloads URL.
    pub fn downloads(mut self, downloads: bool) -> Self {
        self.downloads = Some(downloads);
        self
    }
}
