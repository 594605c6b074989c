use crate::types::TaskResponse;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `GET /task`: tasks created before `t`, newest first, at most `l` (1..=128, default 32).
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let recent = client.list_tasks(ListTasksRequest::new().limit(10)).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(GET, "/task", response = Vec<TaskResponse>, validate = Self::check)]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListTasksRequest {
    /// Only tasks created before this Unix time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<i64>,
    /// How many tasks at most (1..=128).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub l: Option<u32>,
}

impl ListTasksRequest {
    /// The most recent tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only tasks created before `unix_time`.
    pub fn before(mut self, unix_time: i64) -> Self {
        self.t = Some(unix_time);
        self
    }

    /// At most `limit` tasks (1..=128).
    pub fn limit(mut self, limit: u32) -> Self {
        self.l = Some(limit);
        self
    }

    fn check(&self) -> Result<(), crate::error::Error> {
        match self.l {
            Some(l) if !(1..=128).contains(&l) => {
                Err(super::super::validate::invalid("l", format!("must be between 1 and 128, got {l}")))
            }
            _ => Ok(()),
        }
    }
}
