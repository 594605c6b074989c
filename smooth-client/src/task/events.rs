//! The log of a task's events, shared by every subscriber of the handle family.
//!
//! The engine appends each event once, in the order the service returned them; each
//! subscriber keeps its own position, so several subscribers each see every event. The log
//! keeps the last [`EVENT_BUFFER`] events: a subscriber that starts late begins with the
//! oldest event still kept, and one that falls more than that far behind is told how many
//! it missed ([`TaskError::EventsMissed`]).

use crate::types::TaskEvent;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::task::Waker;

/// How many events a handle keeps for its subscribers.
pub const EVENT_BUFFER: usize = 4096;

/// The events read so far (the last [`EVENT_BUFFER`] of them) and who waits for more.
#[derive(Default)]
pub(crate) struct EventLog {
    kept: VecDeque<TaskEvent>,
    /// The sequence number of `kept[0]`; the first event of the task is 0.
    first: u64,
    /// Set once the task has ended and no event is left to read.
    complete: bool,
    /// How many poller runs failed, and the last failure.
    failures: u64,
    last_failure: Option<Arc<crate::error::Error>>,
    /// Subscribers waiting for the next change, by subscriber number.
    wakers: HashMap<u64, Waker>,
    next_subscriber: u64,
}

/// What a subscriber at position `next` gets now.
pub(crate) enum Read {
    /// The event at `next`.
    Event(TaskEvent),
    /// Events before the oldest kept one were dropped: this many, the reader moves on.
    Missed(u64),
    /// The poller run failed with this error.
    Failed(Arc<crate::error::Error>),
    /// Nothing yet.
    Pending,
    /// The task has ended and every event has been read.
    End,
}

impl EventLog {
    /// Appends one event and wakes the subscribers.
    pub(crate) fn push(&mut self, event: TaskEvent) {
        if self.kept.len() == EVENT_BUFFER {
            self.kept.pop_front();
            self.first += 1;
        }
        self.kept.push_back(event);
        self.wake_all();
    }

    /// No event will come any more.
    pub(crate) fn complete(&mut self) {
        self.complete = true;
        self.wake_all();
    }

    /// A poller run ended with `error`.
    pub(crate) fn fail(&mut self, error: Arc<crate::error::Error>) {
        self.failures += 1;
        self.last_failure = Some(error);
        self.wake_all();
    }

    /// A fresh subscriber number and the oldest position still kept.
    pub(crate) fn subscribe(&mut self) -> (u64, u64, u64) {
        self.next_subscriber += 1;
        (self.next_subscriber, self.first, self.failures)
    }

    pub(crate) fn unsubscribe(&mut self, subscriber: u64) {
        self.wakers.remove(&subscriber);
    }

    /// What the subscriber at `next`, which has seen `failures_seen` failures, reads now;
    /// registers `waker` when there is nothing.
    pub(crate) fn read(&mut self, subscriber: u64, next: u64, failures_seen: u64, waker: &Waker) -> Read {
        if next < self.first {
            return Read::Missed(self.first - next);
        }
        let index = (next - self.first) as usize;
        if let Some(event) = self.kept.get(index) {
            return Read::Event(event.clone());
        }
        if self.complete {
            return Read::End;
        }
        if self.failures > failures_seen
            && let Some(error) = &self.last_failure
        {
            return Read::Failed(Arc::clone(error));
        }
        self.wakers.insert(subscriber, waker.clone());
        Read::Pending
    }

    fn wake_all(&mut self) {
        for (_, waker) in self.wakers.drain() {
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    fn event(n: i64) -> TaskEvent {
        TaskEvent::new("", "browser_action", serde_json::json!(n)).id(format!("e{n}"))
    }

    #[test]
    fn a_late_reader_starts_at_the_oldest_kept_event_and_a_slow_one_learns_what_it_missed() {
        let mut log = EventLog::default();
        for n in 0..(EVENT_BUFFER as i64 + 2) {
            log.push(event(n));
        }
        let (subscriber, first, failures) = log.subscribe();
        assert_eq!(first, 2);
        assert!(matches!(log.read(subscriber, first, failures, Waker::noop()), Read::Event(e) if e.payload == 2));
        assert!(matches!(log.read(subscriber, 0, failures, Waker::noop()), Read::Missed(2)));
        let end = first + EVENT_BUFFER as u64;
        assert!(matches!(log.read(subscriber, end, failures, Waker::noop()), Read::Pending));
        log.complete();
        assert!(matches!(log.read(subscriber, end, failures, Waker::noop()), Read::End));
    }
}
