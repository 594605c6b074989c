//! The states of one task's engine and every transition between them, in one place.
//!
//! Two enums describe the engine; nothing else decides when it polls.
//!
//! [`Phase`]: where the task is in its life, as far as its events go.
//!
//! | from       | on                                            | to         |
//! |------------|-----------------------------------------------|------------|
//! | `Live`     | an answer with a terminal status and events   | `Draining` |
//! | `Live`     | an answer with a terminal status, no events   | `Ended`    |
//! | `Draining` | an answer without events                      | `Ended`    |
//! | `Draining` | an answer with events                         | `Draining` |
//!
//! After a terminal status the engine keeps reading with `event_t` until an answer brings
//! no event: the service may page a task's events, so the answer reporting the end need
//! not carry the last of them.
//!
//! [`Poller`]: whether a poll loop runs.
//!
//! | from      | on                                                   | to        |
//! |-----------|------------------------------------------------------|-----------|
//! | `Idle`    | somebody needs it ([`Demand::needs_polling`])        | `Running` |
//! | `Running` | nobody needs it any more (checked after each answer  | `Idle`    |
//! |           | and when a waiter leaves)                            |           |
//! | `Running` | a poll failed for good (the run's waiters get it)    | `Idle`    |
//! | `Running` | only the status is needed and the client's fleet     | `Fleet`   |
//! |           | serves it (the run ends: no task per handle waits)   |           |
//! | `Fleet`   | the fleet's word to fetch, or a need a page cannot   | `Running` |
//! |           | serve (an event stream)                              |           |
//! | `Fleet`   | nobody needs it any more                             | `Idle`    |
//! | any       | the last handle is dropped                           | `Stopped` |
//!
//! A `Running` poller carries its run number: a waiter only receives the failure of the
//! run it relied on or a later one, never that of a run that ended before it came.

use tokio::runtime::Handle;
use tokio::task::AbortHandle;

/// Where the task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// No terminal status seen yet.
    Live,
    /// A terminal status was seen; events may still be unread.
    Draining,
    /// Ended, and every event read.
    Ended,
}

impl Phase {
    /// The phase after an answer of `GET /task/{id}`.
    pub(crate) fn after_answer(self, terminal: bool, had_events: bool) -> Phase {
        match (self, terminal, had_events) {
            (Phase::Live, false, _) => Phase::Live,
            (Phase::Live | Phase::Draining, true, true) | (Phase::Draining, _, true) => Phase::Draining,
            (Phase::Live | Phase::Draining, _, false) | (Phase::Ended, _, _) => Phase::Ended,
        }
    }

    /// Whether the service reported a terminal status.
    pub(crate) fn finished(self) -> bool {
        self != Phase::Live
    }
}

/// Whether a poll loop runs.
#[derive(Debug)]
pub(crate) enum Poller {
    /// None runs; the next waiter starts one.
    Idle,
    /// One runs: its run number, and the handle to stop it.
    Running { run: u64, task: AbortHandle },
    /// None runs: the client's fleet reads the task's status from `GET /task` pages and
    /// says when the handle must fetch its own task. That word starts a run on `runtime`,
    /// the runtime of the run that handed over (the fleet's may be another).
    Fleet { runtime: Handle },
    /// Every handle is gone: never poll again.
    Stopped,
}

/// Who waits for what: the reasons to poll.
#[derive(Clone, Debug, Default)]
pub(crate) struct Demand {
    /// Waiters for anything that changes while the task runs (result, live URL).
    pub(crate) progress: usize,
    /// Waiters for `recording_url`, which may appear only after the end.
    pub(crate) recording: usize,
    /// Waiters for `downloads_url`, likewise.
    pub(crate) downloads: usize,
    /// Open event streams.
    pub(crate) streams: usize,
    /// Custom tools running, and tool answers whose delivery is not confirmed.
    pub(crate) tools: usize,
    /// Session actions waiting for their answer.
    pub(crate) actions: usize,
    /// Whether the service has told `recording_url` (possibly as "none").
    pub(crate) recording_known: bool,
    /// Whether the service has told `downloads_url`.
    pub(crate) downloads_known: bool,
}

impl Demand {
    /// Whether a poller is needed in `phase`. This is the one rule that starts and stops
    /// polling.
    pub(crate) fn needs_polling(&self, phase: Phase) -> bool {
        let late = (self.recording > 0 && !self.recording_known) || (self.downloads > 0 && !self.downloads_known);
        match phase {
            Phase::Live => late || self.progress > 0 || self.streams > 0 || self.tools > 0 || self.actions > 0,
            Phase::Draining => late || self.streams > 0,
            Phase::Ended => late,
        }
    }

    /// Whether polls should ask for `downloads_url`.
    pub(crate) fn wants_downloads(&self) -> bool {
        self.downloads > 0 && !self.downloads_known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_reached_only_once_no_event_is_left() {
        assert_eq!(Phase::Live.after_answer(false, true), Phase::Live);
        assert_eq!(Phase::Live.after_answer(true, true), Phase::Draining);
        assert_eq!(Phase::Live.after_answer(true, false), Phase::Ended);
        assert_eq!(Phase::Draining.after_answer(true, true), Phase::Draining);
        assert_eq!(Phase::Draining.after_answer(true, false), Phase::Ended);
        assert_eq!(Phase::Ended.after_answer(true, true), Phase::Ended);
    }

    #[test]
    fn streams_keep_the_poller_while_events_remain() {
        let demand = Demand { streams: 1, ..Demand::default() };
        assert!(demand.needs_polling(Phase::Draining));
        assert!(!demand.needs_polling(Phase::Ended));
        let result_waiter = Demand { progress: 1, ..Demand::default() };
        assert!(result_waiter.needs_polling(Phase::Live));
        assert!(!result_waiter.needs_polling(Phase::Draining));
    }
}
