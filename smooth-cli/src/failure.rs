//! What can make a command fail, and the exit code each kind of failure maps to.

use smooth_client::{Error, TaskError};
use std::fmt;

/// The kinds of failure, each with its own exit code (documented in `smooth --help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Something on this machine went wrong (the config or sessions file could not be written).
    Local,
    /// The command line or its input is wrong: a bad option, invalid JSON, a missing file or key.
    Usage,
    /// The Smooth API answered with an error (unknown id, bad key, limits).
    Api,
    /// The Smooth API could not be reached or did not answer in time.
    Network,
    /// The task or browser action ran and failed, or the session has ended.
    TaskFailed,
}

impl Kind {
    /// The process exit code for this kind of failure.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Local => 1,
            Kind::Usage => 2,
            Kind::Api => 3,
            Kind::Network => 4,
            Kind::TaskFailed => 5,
        }
    }

    /// The name used in the JSON error shape.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Local => "local",
            Kind::Usage => "usage",
            Kind::Api => "api",
            Kind::Network => "network",
            Kind::TaskFailed => "task_failed",
        }
    }
}

/// The exit codes as shown at the end of `smooth --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  local failure (the config or sessions file could not be read or written)
  2  usage error (bad option, invalid JSON, missing file, missing API key)
  3  API error (the Smooth API refused the request: unknown id, bad key, limits)
  4  network error (the Smooth API could not be reached or did not answer in time)
  5  task failed (the task or browser action failed, or the session has ended)

With --json, stdout holds exactly one JSON object:
  {\"success\": true, \"message\": \"...\", <the command's fields>}
  {\"success\": false, \"message\": \"...\", \"error\": \"...\", \"error_kind\": \"usage|api|network|task_failed|local\", \"exit_code\": N}";

/// A command's failure: one line for the user, the kind that picks the exit code.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What went wrong.
    pub kind: Kind,
    /// One line for the user.
    pub message: String,
    /// The HTTP status of an API error.
    pub status: Option<u16>,
}

impl Failure {
    /// A failure of the given kind.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Failure { kind, message: one_line(&message.into()), status: None }
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(Kind::Usage, message)
    }

    /// A local failure.
    pub fn local(message: impl Into<String>) -> Self {
        Failure::new(Kind::Local, message)
    }

    /// This failure with `context: ` before its message.
    pub fn context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { kind: kind_of(&error), status: error.status(), message: one_line(&error.to_string()) }
    }
}

impl From<TaskError> for Failure {
    fn from(error: TaskError) -> Self {
        match error {
            TaskError::Request(api) => {
                Failure { kind: kind_of(&api), status: api.status(), message: one_line(&api.to_string()) }
            }
            TaskError::Timeout { .. } => Failure::new(Kind::Network, error.to_string()),
            TaskError::Unavailable { .. } | TaskError::Output(_) => Failure::new(Kind::Api, error.to_string()),
            other => Failure::new(Kind::TaskFailed, other.to_string()),
        }
    }
}

/// A request error's kind: no answer is a network error, a refused input a usage error,
/// anything the service answered an API error.
fn kind_of(error: &Error) -> Kind {
    match error {
        Error::Transport { .. } | Error::Timeout { .. } => Kind::Network,
        Error::InvalidInput { .. } | Error::Config(_) => Kind::Usage,
        _ => Kind::Api,
    }
}

/// Messages stay on one line: agents read errors line by line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
