//! What can go wrong with a task handle, a session action or a custom tool.

use crate::error::Error;
use crate::output::OutputError;
use crate::types::{TaskResponse, TaskStatus};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Everything a [`TaskHandle`](crate::TaskHandle) or [`SessionHandle`](crate::SessionHandle)
/// call can end with besides success. Match on the variant, and on the request error or
/// the action's code inside it, to tell what happened.
///
/// ```
/// use smooth_client::{ActionError, Error, TaskError};
/// fn explain(err: &TaskError) -> &'static str {
///     match err {
///         TaskError::Failed { .. } => "the agent could not do it",
///         TaskError::ToolFailed { .. } => "one of our essential tools failed",
///         TaskError::Action(ActionError { code: 400, .. }) => "the browser action failed; try another",
///         TaskError::Action(ActionError { code: 500, .. }) => "the service failed the action",
///         TaskError::Request(Error::Api { status: 404, .. }) => "no such task",
///         TaskError::Request(Error::Api { status: 429, retry_after: Some(_), .. }) => "slow down",
///         TaskError::Request(error) if error.outcome_unknown() => "the network broke mid-request",
///         _ => "something else",
///     }
/// }
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaskError {
    /// A request failed: the service answered an error status, or no usable answer came
    /// (a transport failure, a timeout; see [`Error`]). Submitting, polling (after the
    /// transport retries described on [`TaskHandle`](crate::TaskHandle)), sending an
    /// action or a tool's answer, cancelling. Every waiter of the handle gets a copy.
    #[error(transparent)]
    Request(Error),
    /// The task ended with status `failed`; `response.output` usually says why.
    #[error("task {} failed: {}", response.id, output_text(response))]
    Failed {
        /// The final state of the task.
        response: Box<TaskResponse>,
    },
    /// The task ended with status `cancelled`.
    #[error("task {} was cancelled", response.id)]
    Cancelled {
        /// The final state of the task.
        response: Box<TaskResponse>,
    },
    /// An essential custom tool failed (returned an error or panicked); the service was told
    /// so with code 500, which fails the task.
    #[error("essential tool `{tool}` failed: {message}")]
    ToolFailed {
        /// The tool's name.
        tool: String,
        /// Its error message, or a note that it panicked.
        message: String,
        /// The final state of the task, when it is known.
        response: Option<Box<TaskResponse>>,
    },
    /// A session action was answered with a code other than 200; the code tells how: 400
    /// the action failed (a bad selector, a page that would not load, a closed session;
    /// the message is the service's), 500 a fault of the service, anything else an
    /// unexpected answer.
    #[error("{0}")]
    Action(ActionError),
    /// Nothing arrived within the time allowed.
    #[error("timed out after {after:?} waiting for {waiting_for}")]
    Timeout {
        /// What was awaited, e.g. "the result of task abc".
        waiting_for: String,
        /// The time allowed.
        after: Duration,
    },
    /// The task ended while something was still expected from it: an action's answer, or
    /// a live URL (which exists only while a task is waiting or running).
    #[error("task {task_id} has ended ({status}); {what} is no longer available")]
    Ended {
        /// The task id.
        task_id: String,
        /// Its final status.
        status: TaskStatus,
        /// What was asked for.
        what: &'static str,
    },
    /// The service reported a value as absent for good (an empty `recording_url` or
    /// `downloads_url`).
    #[error("{what} is not available for task {task_id}: {hint}")]
    Unavailable {
        /// The task id.
        task_id: String,
        /// What was asked for.
        what: &'static str,
        /// How to get one next time.
        hint: &'static str,
    },
    /// `SessionHandle::result` was called on a session that is still open.
    #[error("session {task_id} is still open: close it before asking for its result")]
    SessionOpen {
        /// The session's task id.
        task_id: String,
    },
    /// An event stream fell behind by more than the handle keeps
    /// ([`EVENT_BUFFER`](crate::EVENT_BUFFER)); it goes on with the oldest event kept.
    #[error("missed {missed} events of task {task_id}: the stream fell behind by more than the handle keeps")]
    EventsMissed {
        /// The task id.
        task_id: String,
        /// How many events were skipped.
        missed: u64,
    },
    /// A value did not decode into the requested type.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl From<Error> for TaskError {
    fn from(error: Error) -> Self {
        TaskError::Request(error)
    }
}

impl TaskError {
    /// The error every waiter of one failed poll shares.
    pub(crate) fn from_shared(error: Arc<Error>) -> Self {
        TaskError::Request((*error).clone())
    }

    /// The final state of the task, for a failed or cancelled task (and a failed essential
    /// tool, when the task's end was seen).
    pub fn response(&self) -> Option<&TaskResponse> {
        match self {
            TaskError::Failed { response } | TaskError::Cancelled { response } => Some(response),
            TaskError::ToolFailed { response, .. } => response.as_deref(),
            _ => None,
        }
    }

    /// The answer of a session action that was not a success.
    pub fn action_error(&self) -> Option<&ActionError> {
        match self {
            TaskError::Action(e) => Some(e),
            _ => None,
        }
    }

    /// The request error behind a [`TaskError::Request`].
    pub fn api_error(&self) -> Option<&Error> {
        match self {
            TaskError::Request(error) => Some(error),
            _ => None,
        }
    }
}

/// A session action's answer that was not a success (code 400, 500 or another).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionError {
    /// The action, e.g. `goto` or `run_task`.
    pub action: String,
    /// The answer's code.
    pub code: i64,
    /// The service's message (the answer's `output` as text).
    pub message: String,
    /// The answer's `output` as sent.
    pub output: serde_json::Value,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.code {
            400 => "failed",
            500 => "failed in the service",
            _ => "got an unexpected answer",
        };
        write!(f, "action `{}` {kind} (code {}): {}", self.action, self.code, self.message)
    }
}

/// A value as readable text: strings as they are, anything else as JSON.
pub(crate) fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "(no message)".to_owned(),
        other => other.to_string(),
    }
}

fn output_text(response: &TaskResponse) -> String {
    response.output.as_ref().map(text_of).unwrap_or_else(|| "(no output)".to_owned())
}
