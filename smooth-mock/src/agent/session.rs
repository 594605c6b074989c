//! The state of a browser session (a task submitted with `task: null`).

use std::collections::VecDeque;

use serde_json::Value;

use crate::agent::actions::{ActionAnswer, Effect};
use crate::agent::outcome::ToolAnswer;

/// An answer scheduled for publication.
#[derive(Debug, Clone)]
pub(crate) struct QueuedAnswer {
    pub(crate) due_ms: u64,
    pub(crate) event_id: String,
    pub(crate) event_name: String,
    pub(crate) payload: Value,
    pub(crate) credits: u64,
    pub(crate) effect: Effect,
}

/// After the answer to `close` is published, the session keeps reporting `running` for a
/// short grace period, measured from the moment a client has *read* that answer: a poll
/// whose `event_t` is at or past the answer's timestamp. A poll that merely carried the
/// answer does not count, since the official SDKs drop the events of some polls (the
/// first poll of a new listener); they then get the answer again from the next poll.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closing {
    pub(crate) answer_timestamp: u64,
    /// When a client first polled past the answer; `None` until then.
    pub(crate) read_ms: Option<u64>,
}

/// A `run_task` whose agent calls custom tools before it answers: one call at a time, each
/// waiting for the client's answer, then the action's answer (which names the tool answers).
#[derive(Debug, Clone)]
pub(crate) struct ToolRun {
    /// The `run_task` action's event id: its answer is published under it.
    pub(crate) action_id: String,
    pub(crate) task: String,
    pub(crate) response_model: Option<Value>,
    /// The successful answer, whose `output` is replaced once the tools have answered.
    pub(crate) answer: ActionAnswer,
    /// Calls `(tool, input)` not made yet.
    pub(crate) calls: VecDeque<(String, Value)>,
    pub(crate) answers: Vec<ToolAnswer>,
    /// When the next call (or, with none left, the answer) is due.
    pub(crate) next_due: u64,
    /// The time between two steps of the run.
    pub(crate) slice: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Session {
    pub(crate) current_url: Option<String>,
    pub(crate) queue: VecDeque<QueuedAnswer>,
    /// Set as soon as `close` arrives: later actions are refused.
    pub(crate) close_requested: bool,
    pub(crate) closing: Option<Closing>,
    /// The `run_task` that is calling tools, if any (one at a time).
    pub(crate) tool_run: Option<ToolRun>,
}

impl Session {
    pub(crate) fn new(start_url: Option<String>) -> Self {
        Self { current_url: start_url, ..Self::default() }
    }

    /// The due time of the last queued answer, so answers keep the order of their actions.
    pub(crate) fn last_due(&self) -> u64 {
        self.queue.back().map_or(0, |answer| answer.due_ms)
    }
}
