//! The engine of one task: the state its handles share, and the one poller that keeps it
//! fresh.
//!
//! Every caller that waits for something (a result, a live URL, an action's answer, an
//! event) registers with a guard and then sleeps: on the [`Notify`] of the latest task
//! state, its own `oneshot` for an action, or the [`EventLog`] for a stream. The
//! states and the one rule that starts and stops the poller are in [`super::state`].
//!
//! Answers of `GET /task/{id}` enter through [`Core::apply_poll_answer`] alone, whatever fetched them:
//! the handle's own poll loop, or the client's [`Fleet`] (one `GET /task` page for many
//! handles), which also tells the handle when to fetch the task itself. While the fleet
//! serves a handle, no poll loop of its own runs ([`Poller::Fleet`]): thousands of handles
//! then cost their state alone, and the fleet's word starts a run that fetches.

use super::error::TaskError;
use super::events::EventLog;
use super::fleet::{Fleet, Member};
use super::state::{Demand, Phase, Poller};
use crate::api::task::GetTaskRequest;
use crate::client::SmoothClient;
use crate::error::Error;
use crate::types::{TaskEvent, TaskResponse, TaskStatus};
use futures_util::future::Either;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::futures::Notified;
use tokio::sync::{Notify, oneshot};
use tokio::time::Instant;

/// Transport failures in a row that the poller retries before giving up; also how many
/// times a tool answer of unknown fate is sent again.
pub(crate) const MAX_TRANSPORT_RETRIES: u32 = 5;

/// What kind of work the task is: a one-shot task, or a session that takes actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Work {
    /// A task with a text: it runs to its end on its own.
    Task,
    /// A browser session: it waits for actions, each waiting at most `action_timeout`.
    Session {
        /// How long an action waits for its answer unless told otherwise.
        action_timeout: Duration,
    },
}

/// What every waiter sees.
#[derive(Clone, Debug, Default)]
pub(crate) struct Snapshot {
    /// The latest state of the task (its events stripped: they are in the event log).
    pub(crate) response: Option<Arc<TaskResponse>>,
    /// Set when a poller run ended with an error: the run's number and the error.
    pub(crate) failure: Option<(u64, Arc<Error>)>,
}

/// What an action's waiter receives.
pub(crate) enum Delivery {
    /// The answer's payload `{code, output}`.
    Answer(Value),
    /// No answer will come.
    Ended(TaskError),
}

/// Why a handle's custom tool made the task fail.
#[derive(Clone, Debug)]
pub(crate) struct ToolFailure {
    pub(crate) tool: String,
    pub(crate) message: String,
}

/// The answer to one tool call, as the tool layer decided it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CallAnswer {
    pub(crate) code: u16,
    pub(crate) output: Value,
    /// The message, when an essential tool failed.
    pub(crate) essential_failure: Option<String>,
}

impl CallAnswer {
    /// A call for a tool that is not registered.
    pub(crate) fn unknown(name: &str, known: &[&str]) -> Self {
        let message = if known.is_empty() {
            format!("unknown tool `{name}`: no custom tools are registered")
        } else {
            format!("unknown tool `{name}`; the tools are: {}", known.join(", "))
        };
        CallAnswer { code: 400, output: Value::String(message), essential_failure: None }
    }
}

/// A future answering one tool call.
pub(crate) type CallFuture = Pin<Box<dyn Future<Output = CallAnswer> + Send>>;

/// Runs the agent's tool calls: the handle family, the call id, the tool's name and its
/// input. Set by the layer that knows the tools; the engine only knows this shape.
pub(crate) type Answerer = Arc<dyn Fn(Arc<Family>, String, String, Value) -> CallFuture + Send + Sync>;

/// Which kind of waiter a guard counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Awaiting {
    /// Anything that changes while the task runs (result, live URL).
    Progress,
    /// `recording_url`, which may appear only after the task ended.
    Recording,
    /// `downloads_url`, asked for with `downloads=true`, likewise.
    Downloads,
}

/// A tool answer whose first sending failed with an unknown outcome: the service may have
/// applied it. Sent again, under the same event id, while the task still runs.
#[derive(Clone, Debug)]
pub(crate) struct Unconfirmed {
    answer: TaskEvent,
    tool: String,
    resent: u32,
}

struct CoreState {
    phase: Phase,
    poller: Poller,
    /// The number of the last poller run started.
    runs: u64,
    demand: Demand,
    actions: HashMap<String, oneshot::Sender<Delivery>>,
    seen: HashSet<String>,
    cursor: i64,
    log: EventLog,
    unconfirmed: Vec<Unconfirmed>,
    tool_failure: Option<ToolFailure>,
    closed: bool,
    /// The task announced custom tools: its events must be read while it runs.
    tool_calls_expected: bool,
}

impl CoreState {
    /// Whether the poller has a reason to ask again.
    fn needed(&self) -> bool {
        if matches!(self.poller, Poller::Stopped) {
            return false;
        }
        let demand = Demand { actions: self.actions.len(), ..self.demand.clone() };
        demand.needs_polling(self.phase)
    }

    /// Marks the run `run` as over, if it is the one running.
    fn end_run(&mut self, run: u64) {
        if matches!(self.poller, Poller::Running { run: current, .. } if current == run) {
            self.poller = Poller::Idle;
        }
    }
}

/// The shared heart of every clone of one handle.
pub(crate) struct Core {
    pub(crate) client: SmoothClient,
    pub(crate) task_id: String,
    pub(crate) work: Work,
    answerer: OnceLock<Answerer>,
    /// The latest state, and the waiters for its next change. Not a `watch` channel: its
    /// shared state (eight notifiers) costs about 370 bytes in every handle.
    latest: Mutex<Snapshot>,
    changed: Notify,
    inner: Mutex<CoreState>,
    /// Interrupts the poller's sleep when its reasons to run may have gone.
    wake: Notify,
    /// The handle family, for the tools' context; weak so the poller never keeps the
    /// handles alive.
    family: OnceLock<Weak<Family>>,
    /// Requests this handle has sent to `GET /task/{id}` (for tests and benchmarks).
    polls: AtomicU64,
}

/// Owned by every handle of one task (and its event streams): dropping the last one stops
/// the poller.
pub(crate) struct Family {
    pub(crate) core: Arc<Core>,
}

impl Family {
    pub(crate) fn new(client: SmoothClient, task_id: String, work: Work, first: Option<TaskResponse>) -> Arc<Self> {
        let core = Arc::new(Core::new(client, task_id, work, first));
        let family = Arc::new(Family { core });
        let _ = family.core.family.set(Arc::downgrade(&family));
        family
    }
}

impl Drop for Family {
    fn drop(&mut self) {
        self.core.shutdown();
    }
}

impl Core {
    fn new(client: SmoothClient, task_id: String, work: Work, first: Option<TaskResponse>) -> Self {
        // The submit answer carries no events, so a finished first answer has none to read.
        let phase = if first.as_ref().is_some_and(|r| r.status.is_finished()) { Phase::Ended } else { Phase::Live };
        let mut log = EventLog::default();
        if phase == Phase::Ended {
            log.complete();
        }
        let snapshot = Snapshot {
            response: first.map(|mut r| {
                r.events = None;
                Arc::new(r)
            }),
            failure: None,
        };
        Core {
            client,
            task_id,
            work,
            answerer: OnceLock::new(),
            latest: Mutex::new(snapshot),
            changed: Notify::new(),
            inner: Mutex::new(CoreState {
                phase,
                poller: Poller::Idle,
                runs: 0,
                demand: Demand::default(),
                actions: HashMap::new(),
                seen: HashSet::new(),
                cursor: 0,
                log,
                unconfirmed: Vec::new(),
                tool_failure: None,
                closed: false,
                tool_calls_expected: false,
            }),
            wake: Notify::new(),
            family: OnceLock::new(),
            polls: AtomicU64::new(0),
        }
    }

    /// Sets who answers tool calls (once, before anybody waits).
    pub(crate) fn set_answerer(&self, answerer: Answerer) {
        let _ = self.answerer.set(answerer);
    }

    /// The task announced custom tools: its poller reads its events itself, whatever the
    /// fleet does.
    pub(crate) fn expect_tool_calls(&self) {
        self.lock().tool_calls_expected = true;
    }

    /// Starts reading events after `event_t` (a cursor stored by an earlier process).
    pub(crate) fn resume_after(&self, event_t: i64) {
        let mut inner = self.lock();
        inner.cursor = inner.cursor.max(event_t);
    }

    /// The timestamp of the last event seen (0 before any).
    pub(crate) fn event_cursor(&self) -> i64 {
        self.lock().cursor
    }

    fn lock(&self) -> MutexGuard<'_, CoreState> {
        // A panic while the lock was held cannot leave `CoreState` half-updated in a way that
        // matters more than stopping would; keep going with the data as it is.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the event log.
    pub(crate) fn with_log<T>(&self, f: impl FnOnce(&mut EventLog) -> T) -> T {
        f(&mut self.lock().log)
    }

    fn latest(&self) -> MutexGuard<'_, Snapshot> {
        // Replacing a snapshot cannot be left half done.
        self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Completes at the next change of the latest state. To miss none, a waiter enables it
    /// (`Notified::enable`) before reading the state, then awaits it.
    pub(crate) fn changed(&self) -> Notified<'_> {
        self.changed.notified()
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        self.latest().clone()
    }

    /// Changes the latest state and wakes its waiters.
    fn publish(&self, change: impl FnOnce(&mut Snapshot)) {
        change(&mut self.latest());
        self.changed.notify_waiters();
    }

    pub(crate) fn polls(&self) -> u64 {
        self.polls.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    pub(crate) fn poller_running(&self) -> bool {
        matches!(self.lock().poller, Poller::Running { .. })
    }

    #[cfg(test)]
    fn served_by_fleet(&self) -> bool {
        matches!(self.lock().poller, Poller::Fleet { .. })
    }

    pub(crate) fn mark_closed(&self) {
        self.lock().closed = true;
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.lock().closed
    }

    pub(crate) fn tool_failure(&self) -> Option<ToolFailure> {
        self.lock().tool_failure.clone()
    }

    /// Registers a waiter and makes sure the poller runs. The guard unregisters on drop,
    /// also when the waiting future is cancelled.
    pub(crate) fn wait(self: &Arc<Self>, awaiting: Awaiting) -> WaitGuard {
        let run = {
            let mut inner = self.lock();
            match awaiting {
                Awaiting::Progress => inner.demand.progress += 1,
                Awaiting::Recording => inner.demand.recording += 1,
                Awaiting::Downloads => inner.demand.downloads += 1,
            }
            self.ensure_poller(&mut inner)
        };
        WaitGuard { core: Arc::clone(self), awaiting, run }
    }

    /// Registers an event stream: the poller runs while it lives and events remain.
    pub(crate) fn open_stream(self: &Arc<Self>) {
        let mut inner = self.lock();
        inner.demand.streams += 1;
        self.ensure_poller(&mut inner);
        // A poller waiting for the fleet must now read events itself.
        self.wake.notify_one();
    }

    /// An event stream is gone.
    pub(crate) fn close_stream(&self, subscriber: u64) {
        {
            let mut inner = self.lock();
            inner.demand.streams -= 1;
            inner.log.unsubscribe(subscriber);
        }
        self.release();
    }

    /// Registers an action's waiter before its event is sent, so the answer cannot slip by.
    pub(crate) fn expect_answer(
        self: &Arc<Self>,
        id: &str,
    ) -> Result<(ActionGuard, oneshot::Receiver<Delivery>), TaskError> {
        let (sender, receiver) = oneshot::channel();
        let mut inner = self.lock();
        if inner.phase.finished() {
            let status = self.latest().response.as_ref().map(|r| r.status.clone());
            return Err(TaskError::Ended {
                task_id: self.task_id.clone(),
                status: status.unwrap_or(TaskStatus::Done),
                what: "an answer to a new action",
            });
        }
        inner.actions.insert(id.to_owned(), sender);
        self.ensure_poller(&mut inner);
        drop(inner);
        self.wake.notify_one();
        Ok((ActionGuard { core: Arc::clone(self), id: id.to_owned() }, receiver))
    }

    /// Starts the poller if it is needed and nothing runs (`Idle -> Running`, and
    /// `Fleet -> Running` when a page can no longer serve it); returns the number of the
    /// run a new waiter relies on.
    fn ensure_poller(self: &Arc<Self>, inner: &mut CoreState) -> u64 {
        if !inner.needed() {
            return inner.runs;
        }
        match &inner.poller {
            Poller::Idle => self.start_run(inner, Start::Fresh, None),
            Poller::Fleet { runtime } if !self.status_only(inner) => {
                let runtime = runtime.clone();
                self.start_run(inner, Start::Fetch, Some(&runtime));
            }
            Poller::Fleet { .. } | Poller::Running { .. } | Poller::Stopped => {}
        }
        inner.runs
    }

    /// Spawns a poller run (on `runtime`, else on the current one): `-> Running`.
    fn start_run(self: &Arc<Self>, inner: &mut CoreState, start: Start, runtime: Option<&Handle>) {
        inner.runs += 1;
        let run = inner.runs;
        let core = Arc::clone(self);
        let future = async move { core.poll_loop(run, start).await };
        let task = match runtime {
            Some(runtime) => runtime.spawn(future),
            None => tokio::spawn(future),
        };
        inner.poller = Poller::Running { run, task: task.abort_handle() };
    }

    /// Lets the poller re-check whether it is still needed; a handle the fleet served and
    /// nobody needs any more leaves it (`Fleet -> Idle`).
    fn release(&self) {
        let mut inner = self.lock();
        if inner.needed() {
            return;
        }
        if matches!(inner.poller, Poller::Fleet { .. }) {
            inner.poller = Poller::Idle;
            drop(inner);
            self.leave_fleet();
        } else {
            drop(inner);
            self.wake.notify_one();
        }
    }

    fn leave_fleet(&self) {
        if let Some(fleet) = Fleet::of(&self.client) {
            fleet.leave(&self.task_id);
        }
    }

    /// Every handle is gone: stop for good (`any -> Stopped`). The fleet forgets the handle
    /// by itself (it holds it weakly).
    pub(crate) fn shutdown(&self) {
        let mut inner = self.lock();
        if let Poller::Running { task, .. } = std::mem::replace(&mut inner.poller, Poller::Stopped) {
            task.abort();
        }
    }

    /// Hands the handle over to the fleet if it needs nothing but its status and the fleet
    /// serves it (`Running -> Fleet`; the run then ends). Says whether it did. Done under
    /// the lock, so that the fleet's word cannot come between enrolling and handing over.
    fn hand_over(self: &Arc<Self>, inner: &mut CoreState, run: u64, fleet: &Arc<Fleet>) -> bool {
        let current = matches!(inner.poller, Poller::Running { run: current, .. } if current == run);
        let Ok(runtime) = Handle::try_current() else { return false };
        if current && fleet.enroll(&self.client, self.member()) {
            inner.poller = Poller::Fleet { runtime };
            return true;
        }
        false
    }

    async fn poll_loop(self: Arc<Self>, run: u64, start: Start) {
        let interval = self.client.poll_interval();
        if run == 1 && start == Start::Fresh {
            // Handles started together must not poll together: the first poll comes at a
            // random point of the interval, and the later ones keep that offset.
            self.pause(interval.mul_f64(crate::retry::random_unit())).await;
        }
        let mut failures: u32 = 0;
        // The fleet this handle is enrolled in, and whether it served the handle last time.
        let mut fleet: Option<Arc<Fleet>> = match start {
            Start::Fetch => Fleet::of(&self.client),
            Start::Fresh => None,
        };
        let mut fleet_served = start == Start::Fetch;
        // A run started by the fleet's word fetches before anything else.
        let mut fetch_first = start == Start::Fetch;
        loop {
            let (cursor, downloads) = {
                let mut inner = self.lock();
                if !inner.needed() {
                    inner.end_run(run);
                    drop(inner);
                    if fleet.is_some() {
                        self.leave_fleet();
                    }
                    return;
                }
                let status_only = self.status_only(&inner);
                if status_only && failures == 0 && !fetch_first {
                    if fleet.is_none() {
                        fleet = Fleet::of(&self.client);
                    }
                    fleet_served = false;
                    if let Some(current) = &fleet
                        && self.hand_over(&mut inner, run, current)
                    {
                        return;
                    }
                } else if !status_only && fleet.take().is_some() {
                    fleet_served = false;
                    self.leave_fleet();
                }
                (inner.cursor, inner.demand.wants_downloads())
            };
            fetch_first = false;
            let mut request = GetTaskRequest::new(self.task_id.clone()).event_t(cursor);
            if downloads {
                request = request.downloads(true);
            }
            self.polls.fetch_add(1, Ordering::Relaxed);
            // The next poll is due one interval after this one started, not after its answer:
            // a slow answer then does not stretch the period, and the handle keeps its place
            // in the interval.
            let due = Instant::now() + interval;
            // Boxed: a request's state lives only while it is sent, not in every idle poller
            // (thousands of handles wait between polls, most of them for the fleet).
            match Box::pin(self.client.send(request)).await {
                Ok(response) => {
                    failures = 0;
                    let (next, resend) = self.apply_poll_answer(response);
                    for unconfirmed in resend {
                        // Boxed like the poll itself: rare, and a request's state is large.
                        Box::pin(self.resend(unconfirmed)).await;
                    }
                    match next {
                        Next::Stop => {
                            if fleet.is_some() {
                                self.leave_fleet();
                            }
                            return;
                        }
                        Next::Now => {}
                        // Back to the fleet, whose word paces this handle.
                        Next::Later if fleet_served => {}
                        Next::Later => self.pause_until(due).await,
                    }
                }
                Err(error) if is_transport(&error) && failures < MAX_TRANSPORT_RETRIES => {
                    let delay = interval.saturating_mul(1 << failures);
                    failures += 1;
                    tracing::warn!(task_id = %self.task_id, attempt = failures, ?delay, error = %error, "polling failed; retrying");
                    self.pause(delay).await;
                }
                Err(error) => {
                    tracing::warn!(task_id = %self.task_id, error = %error, "polling stopped");
                    self.fail(run, error);
                    return;
                }
            }
        }
    }

    /// Whether the poller needs nothing but the task's status (a one-shot task that is still
    /// live, without event streams, custom tools or actions): what a `GET /task` page can
    /// tell.
    fn status_only(&self, inner: &CoreState) -> bool {
        self.work == Work::Task
            && inner.phase == Phase::Live
            && inner.demand.streams == 0
            && !inner.tool_calls_expected
            && inner.demand.tools == 0
            && inner.actions.is_empty()
            && inner.unconfirmed.is_empty()
    }

    fn member(self: &Arc<Self>) -> Weak<dyn Member> {
        let weak: Weak<Core> = Arc::downgrade(self);
        weak
    }

    /// Sleeps until `delay` has passed, or returns early when the poller is no longer needed.
    async fn pause(&self, delay: Duration) {
        self.pause_until(Instant::now() + delay).await;
    }

    /// Sleeps until `deadline`, or returns early when the poller is no longer needed.
    async fn pause_until(&self, deadline: Instant) {
        let mut sleep = std::pin::pin!(tokio::time::sleep_until(deadline));
        loop {
            let woken = std::pin::pin!(self.wake.notified());
            match futures_util::future::select(sleep.as_mut(), woken).await {
                Either::Left(((), _)) => return,
                Either::Right(((), _)) => {
                    if !self.lock().needed() {
                        return;
                    }
                }
            }
        }
    }

    /// Stops the running poller (if any) and fails its run with `error`.
    fn fail_current(&self, error: Error) {
        let run = {
            let inner = self.lock();
            if let Poller::Running { task, .. } = &inner.poller {
                task.abort();
            }
            inner.runs
        };
        self.fail(run, error);
    }

    /// Ends a poller run with an error that every current waiter receives
    /// (`Running -> Idle`).
    fn fail(&self, run: u64, error: Error) {
        let error = Arc::new(error);
        let actions: Vec<_> = {
            let mut inner = self.lock();
            inner.end_run(run);
            inner.log.fail(Arc::clone(&error));
            inner.actions.drain().map(|(_, sender)| sender).collect()
        };
        for sender in actions {
            let _ = sender.send(Delivery::Ended(TaskError::from_shared(Arc::clone(&error))));
        }
        self.publish(|snapshot| snapshot.failure = Some((run, error)));
    }

    /// Takes in one answer of `GET /task/{id}`: logs and handles each new event exactly
    /// once, moves the phase, wakes waiters, and says when to poll next: at once after
    /// events, else after the interval, or never when the poller is no longer needed (it
    /// is then idle before any waiter wakes). Also returns the tool answers to send again.
    pub(crate) fn apply_poll_answer(self: &Arc<Self>, mut response: TaskResponse) -> (Next, Vec<Unconfirmed>) {
        let events = response.events.take().unwrap_or_default();
        let had_events = !events.is_empty();
        let terminal = response.status.is_finished();
        let mut answers = Vec::new();
        let mut calls = Vec::new();
        let mut ended = Vec::new();
        let next;
        let resend;
        {
            let mut inner = self.lock();
            let live = inner.phase == Phase::Live;
            for event in events {
                if let Some(timestamp) = event.timestamp {
                    inner.cursor = inner.cursor.max(timestamp);
                }
                if let Some(id) = &event.id
                    && !inner.seen.insert(id.clone())
                {
                    continue;
                }
                inner.log.push(event.clone());
                let Some(id) = event.id else { continue };
                match event.name.as_str() {
                    "tool_call" if live && !terminal => {
                        inner.demand.tools += 1;
                        calls.push((id, event.payload));
                    }
                    "tool_call" => {
                        tracing::debug!(task_id = %self.task_id, call = %id, "tool call arrived with the task's end; not run");
                    }
                    _ => {
                        if let Some(sender) = inner.actions.remove(&id) {
                            answers.push((sender, event.payload));
                        }
                    }
                }
            }
            let before = inner.phase;
            inner.phase = before.after_answer(terminal, had_events);
            if inner.phase.finished() && !before.finished() {
                ended = inner.actions.drain().map(|(_, sender)| sender).collect();
                // The task has told how it went: answers of unknown fate no longer matter.
                let settled = inner.unconfirmed.len();
                inner.unconfirmed.clear();
                inner.demand.tools -= settled;
            }
            if inner.phase == Phase::Ended {
                inner.log.complete();
            }
            inner.demand.recording_known |= response.recording_url.is_some();
            inner.demand.downloads_known |= response.downloads_url.is_some();
            resend = std::mem::take(&mut inner.unconfirmed);
            next = if !inner.needed() {
                if let Poller::Running { .. } = inner.poller {
                    inner.poller = Poller::Idle;
                }
                Next::Stop
            } else if had_events {
                Next::Now
            } else {
                Next::Later
            };
        }
        for (sender, payload) in answers {
            let _ = sender.send(Delivery::Answer(payload));
        }
        for sender in ended {
            let _ = sender.send(Delivery::Ended(TaskError::Ended {
                task_id: self.task_id.clone(),
                status: response.status.clone(),
                what: "the answer to an action",
            }));
        }
        self.publish(|snapshot| {
            if let Some(previous) = &snapshot.response {
                if response.recording_url.is_none() {
                    response.recording_url = previous.recording_url.clone();
                }
                if response.downloads_url.is_none() {
                    response.downloads_url = previous.downloads_url.clone();
                }
            }
            snapshot.response = Some(Arc::new(response));
        });
        for (id, payload) in calls {
            self.start_tool(id, payload);
        }
        (next, resend)
    }

    /// Runs one tool call on its own tokio task, so a slow tool never holds up polling,
    /// and answers it.
    fn start_tool(self: &Arc<Self>, call_id: String, payload: Value) {
        let Some(family) = self.family.get().and_then(Weak::upgrade) else {
            // Every handle is gone; nobody can be served any more.
            self.lock().demand.tools -= 1;
            return;
        };
        let name = payload.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
        let input = payload.get("input").cloned().unwrap_or(Value::Null);
        let core = Arc::clone(self);
        let answerer = self.answerer.get().cloned();
        tokio::spawn(async move {
            let outcome = match answerer {
                Some(answerer) => answerer(family, call_id.clone(), name.clone(), input).await,
                None => CallAnswer::unknown(&name, &[]),
            };
            // In a one-shot task an essential tool's failure fails the task, and `result()`
            // names the tool; in a session it fails only the run_task that called it.
            if let Some(message) = &outcome.essential_failure
                && core.work == Work::Task
            {
                core.lock().tool_failure = Some(ToolFailure { tool: name.clone(), message: message.clone() });
            }
            let answer = TaskEvent::new(
                core.task_id.clone(),
                "tool_call",
                serde_json::json!({"code": outcome.code, "output": outcome.output}),
            )
            .id(call_id.clone());
            core.deliver(Unconfirmed { answer, tool: name, resent: 0 }).await;
        });
    }

    /// Sends a tool answer. Delivered: done. Provably not delivered (refused, or never
    /// sent): the agent waits for an answer that will never come, so the handle fails.
    /// Unknown (a 5xx, a connection lost after sending): kept, and sent again under the
    /// same id after the next poll if the task still runs; see [`Core::resend`].
    async fn deliver(self: &Arc<Self>, unconfirmed: Unconfirmed) {
        match self.client.send(unconfirmed.answer.clone()).await {
            Ok(_) => self.settle_tool(),
            Err(error) if error.outcome_unknown() => self.keep_unconfirmed(unconfirmed, &error),
            Err(error) if self.lock().phase.finished() => {
                // The task ended while the tool ran: nobody waits for the answer any more.
                tracing::debug!(task_id = %self.task_id, tool = %unconfirmed.tool, error = %error, "a tool answered after the task's end");
                self.settle_tool();
            }
            Err(error) => {
                tracing::warn!(task_id = %self.task_id, tool = %unconfirmed.tool, error = %error, "could not answer a tool call");
                self.fail_current(error);
                self.settle_tool();
            }
        }
    }

    /// Sends again an answer whose first sending had an unknown outcome. The answer names
    /// the call it answers, so it cannot be applied to anything else: a refusal (4xx)
    /// means the service no longer waits for that call, i.e. the earlier sending arrived.
    async fn resend(self: &Arc<Self>, mut unconfirmed: Unconfirmed) {
        unconfirmed.resent += 1;
        match self.client.send(unconfirmed.answer.clone()).await {
            Ok(_) => self.settle_tool(),
            Err(error) if error.status().is_some_and(|status| (400..500).contains(&status)) => {
                tracing::debug!(task_id = %self.task_id, tool = %unconfirmed.tool, "the earlier tool answer had arrived");
                self.settle_tool();
            }
            Err(error) if unconfirmed.resent < MAX_TRANSPORT_RETRIES => self.keep_unconfirmed(unconfirmed, &error),
            Err(error) => {
                tracing::warn!(task_id = %self.task_id, tool = %unconfirmed.tool, error = %error, "could not answer a tool call");
                self.fail_current(error);
                self.settle_tool();
            }
        }
    }

    fn keep_unconfirmed(&self, unconfirmed: Unconfirmed, error: &Error) {
        tracing::warn!(task_id = %self.task_id, tool = %unconfirmed.tool, error = %error, "a tool answer's delivery is unknown; the next poll tells");
        let finished = {
            let mut inner = self.lock();
            if !inner.phase.finished() {
                inner.unconfirmed.push(unconfirmed);
            }
            inner.phase.finished()
        };
        if finished {
            self.settle_tool();
        }
    }

    /// A tool call is answered for good.
    fn settle_tool(&self) {
        self.lock().demand.tools -= 1;
        self.release();
    }
}

impl Member for Core {
    fn task_id(&self) -> &str {
        &self.task_id
    }

    fn view(&self) -> Option<Arc<TaskResponse>> {
        self.latest().response.clone()
    }

    /// `Fleet -> Running` (a run that fetches at once), or `Fleet -> Idle` when nobody
    /// needs the task any more. A running poller needs no word: it fetches on its own, or
    /// hands over to the fleet, which tells it again.
    fn fetch_own(self: Arc<Self>) {
        let mut inner = self.lock();
        let Poller::Fleet { runtime } = &inner.poller else { return };
        if inner.needed() {
            let runtime = runtime.clone();
            self.start_run(&mut inner, Start::Fetch, Some(&runtime));
        } else {
            inner.poller = Poller::Idle;
            drop(inner);
            self.leave_fleet();
        }
    }

    fn take_listed(self: Arc<Self>, listed: TaskResponse) {
        // No events, no tools: nothing to send again.
        let _ = self.apply_poll_answer(listed);
    }
}

/// How a poller run begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    /// Started by a waiter: the first run of a handle first waits a random part of the
    /// interval.
    Fresh,
    /// Started by the fleet's word (or a need it cannot serve): fetches at once.
    Fetch,
}

/// When the poller asks next.
pub(crate) enum Next {
    Now,
    Later,
    Stop,
}

/// Transport failures are worth retrying; an answer from the service is final.
fn is_transport(error: &Error) -> bool {
    matches!(error, Error::Transport { .. } | Error::Timeout { .. })
}

/// Counts a waiter while it lives.
pub(crate) struct WaitGuard {
    core: Arc<Core>,
    awaiting: Awaiting,
    run: u64,
}

impl WaitGuard {
    /// The poller run this waiter relies on: only its failure (or a later one's) concerns it.
    pub(crate) fn run(&self) -> u64 {
        self.run
    }
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        {
            let mut inner = self.core.lock();
            match self.awaiting {
                Awaiting::Progress => inner.demand.progress -= 1,
                Awaiting::Recording => inner.demand.recording -= 1,
                Awaiting::Downloads => inner.demand.downloads -= 1,
            }
        }
        self.core.release();
    }
}

/// Keeps an action's answer expected while it lives.
pub(crate) struct ActionGuard {
    core: Arc<Core>,
    id: String,
}

impl Drop for ActionGuard {
    fn drop(&mut self) {
        self.core.lock().actions.remove(&self.id);
        self.core.release();
    }
}

/// A fresh event id: unique in this process, and (by its random prefix) across processes.
pub(crate) fn fresh_event_id() -> String {
    static PREFIX: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| (crate::retry::random_unit() * (1u64 << 53) as f64) as u64);
    format!("rs-{prefix:016x}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::atomic::AtomicUsize;

    fn response(value: Value) -> TaskResponse {
        serde_json::from_value(value).unwrap()
    }

    /// A client whose polls fail at once and then wait an hour: the test drives `apply_poll_answer`.
    fn offline_client() -> SmoothClient {
        SmoothClient::builder()
            .api_key("cmzr-test")
            .base_url("http://127.0.0.1:9/api/")
            .retries(0)
            .poll_interval(Duration::from_secs(3600))
            .build()
            .unwrap()
    }

    /// A family whose tool `count` counts its calls, and a tool `fragile` that fails.
    fn family(work: Work, calls: Arc<AtomicUsize>) -> Arc<Family> {
        let family = Family::new(offline_client(), "task-1".to_owned(), work, None);
        family.core.set_answerer(Arc::new(move |_family, _id, name, _input| {
            let calls = Arc::clone(&calls);
            Box::pin(async move {
                match name.as_str() {
                    "count" => {
                        calls.fetch_add(1, Ordering::SeqCst);
                        CallAnswer { code: 200, output: json!(1), essential_failure: None }
                    }
                    _ => CallAnswer { code: 500, output: json!("broken"), essential_failure: Some("broken".into()) },
                }
            })
        }));
        family
    }

    async fn tools_settle(core: &Core) {
        for _ in 0..100 {
            if core.lock().demand.tools == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn repeated_events_are_handled_once_and_the_last_polls_events_are_kept() {
        let calls = Arc::new(AtomicUsize::new(0));
        let family = family(Work::Task, Arc::clone(&calls));
        let core = Arc::clone(&family.core);

        let call =
            json!({"name": "tool_call", "id": "call-1", "timestamp": 5, "payload": {"name": "count", "input": {}}});
        let running = json!({"id": "task-1", "status": "running", "events": [call.clone(), call.clone()]});
        core.apply_poll_answer(response(running.clone()));
        core.apply_poll_answer(response(running));
        tools_settle(&core).await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a repeated tool call runs once");
        assert_eq!(core.lock().cursor, 5);
        let (_guard, answer) = core.expect_answer("action-1").unwrap();

        // The poll that reports the end also carries the action's answer: delivered.
        let done = json!({"id": "task-1", "status": "done", "events": [
            {"name": "browser_action", "id": "action-1", "timestamp": 9, "payload": {"code": 200, "output": {"duration": 1}}},
            {"name": "tool_call", "id": "call-2", "timestamp": 10, "payload": {"name": "count", "input": {}}}
        ]});
        assert!(matches!(core.apply_poll_answer(response(done)).0, Next::Stop));
        assert!(matches!(answer.await, Ok(Delivery::Answer(payload)) if payload["code"] == 200));
        // A tool call in the final poll is not run: the task can no longer take an answer.
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(core.lock().cursor, 10);
        assert_eq!(core.lock().phase, Phase::Draining, "events came with the end: more may be unread");
        assert!(core.snapshot().response.unwrap().events.is_none());
    }

    /// Runs one failing essential tool and says whether the engine recorded it as the
    /// task's cause of failure.
    async fn records_essential_failure(work: Work) -> bool {
        let family = family(work, Arc::new(AtomicUsize::new(0)));
        let core = Arc::clone(&family.core);
        let call =
            json!({"name": "tool_call", "id": "call-1", "timestamp": 1, "payload": {"name": "fragile", "input": {}}});
        core.apply_poll_answer(response(json!({"id": "task-1", "status": "running", "events": [call]})));
        tools_settle(&core).await;
        core.tool_failure().is_some()
    }

    #[tokio::test]
    async fn an_essential_tool_failure_is_the_tasks_cause_only_outside_sessions() {
        assert!(records_essential_failure(Work::Task).await, "a one-shot task names the failed tool");
        let session = Work::Session { action_timeout: Duration::from_secs(1) };
        assert!(!records_essential_failure(session).await, "in a session it fails only its run_task");
    }

    #[tokio::test]
    async fn a_finished_task_takes_no_new_action() {
        let first = response(json!({"id": "t", "status": "cancelled"}));
        let family = Family::new(offline_client(), "t".to_owned(), Work::Task, Some(first));
        let err = family.core.expect_answer("a").err().unwrap();
        assert!(matches!(err, TaskError::Ended { ref status, .. } if *status == TaskStatus::Cancelled));
        assert!(!family.core.poller_running());
    }

    /// Many handles waiting for their results alone: while the fleet serves them, none runs
    /// a poll loop of its own (that is what keeps 10,000 of them cheap), and each still gets
    /// its result.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn handles_the_fleet_serves_run_no_poll_loop_and_still_finish() {
        let mock = smooth_mock::MockServer::builder()
            .task_wait(Duration::ZERO..=Duration::ZERO)
            .task_duration(Duration::from_millis(600)..=Duration::from_millis(600))
            .start()
            .await
            .unwrap();
        let client = SmoothClient::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .poll_interval(Duration::from_millis(50))
            .fleet_polling(crate::FleetPolling::AtLeast(1))
            .build()
            .unwrap();
        let mut handles = Vec::new();
        for i in 0..8 {
            handles.push(client.run(format!("task {i}")).await.unwrap());
        }
        let waiters: Vec<_> = handles
            .iter()
            .map(|handle| {
                tokio::spawn({
                    let handle = handle.clone();
                    async move { handle.result().await }
                })
            })
            .collect();
        let mut all_served = false;
        for _ in 0..100 {
            if handles.iter().all(|handle| handle.core().served_by_fleet()) {
                all_served = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(all_served, "every waiting handle was handed over to the fleet");
        assert!(handles.iter().all(|handle| !handle.core().poller_running()));
        for waiter in waiters {
            assert_eq!(waiter.await.unwrap().unwrap().status, TaskStatus::Done);
        }
        assert!(mock.count("GET", "/task") > 0);
    }

    #[test]
    fn event_ids_are_unique() {
        let ids: HashSet<String> = (0..1000).map(|_| fresh_event_id()).collect();
        assert_eq!(ids.len(), 1000);
    }
}
