//! The state of a browser session (a task submitted with `task: null`).

use std::collections::VecDeque;

use serde_json::Value;

use crate::agent::actions::Effect;

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
/// short grace period, measured from the moment a client has fetched that answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closing {
    pub(crate) answer_timestamp: u64,
    pub(crate) delivered_ms: Option<u64>,
}

#[derive(Debug, Default)]
pub(crate) struct Session {
    pub(crate) current_url: Option<String>,
    pub(crate) queue: VecDeque<QueuedAnswer>,
    /// Set as soon as `close` arrives: later actions are refused.
    pub(crate) close_requested: bool,
    pub(crate) closing: Option<Closing>,
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
