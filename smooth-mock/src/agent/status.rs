//! Task status values as the API spells them.

/// The status of a task, as reported by `GET /task/{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    /// Submitted, the browser is not ready yet.
    Waiting,
    /// The agent is working (or the session is open).
    Running,
    /// Finished successfully.
    Done,
    /// Finished with an error.
    Failed,
    /// Stopped by `DELETE /task/{id}`.
    Cancelled,
}

impl TaskStatus {
    /// The wire spelling: `waiting`, `running`, `done`, `failed` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the task has ended (done, failed or cancelled).
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed | Self::Cancelled)
    }
}
