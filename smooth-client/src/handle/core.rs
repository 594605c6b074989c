//! The state one task's handles share, and the one poller that keeps it fresh.
//!
//! Every caller that waits for something (a result, a live URL, an action's answer, a
//! tool's run) registers with a guard and then sleeps on a channel: the `watch` of the
//! latest task state, or its own `oneshot` for an action. The poller is a single tokio task
//! per handle; it runs while anybody waits or anything is pending, and wakes each waiter the
//! moment an answer changes what it waits for.

use crate::api::task::{GetTaskRequest, TaskEvent};
use crate::handle::TaskHandle;
use crate::handle::error::TaskError;
use crate::tool::{ToolOutcome, ToolSet};
use crate::types::TaskResponse;
use crate::{Error, SmoothClient};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Duration;
use tokio::sync::{Notify, oneshot, watch};
use tokio::time::Instant;

/// Transport failures in a row that the poller retries before giving up.
pub(crate) const MAX_TRANSPORT_RETRIES: u32 = 5;

/// What every waiter sees.
#[derive(Clone, Debug, Default)]
pub(crate) struct Snapshot {
    /// The latest state of the task (its events stripped: they are handled by the poller).
    pub(crate) response: Option<Arc<TaskResponse>>,
    /// Set when a poller run ended with an error: the run's generation and the error.
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

/// Which kind of waiter a guard counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    /// Anything that changes while the task runs (result, live URL).
    Progress,
    /// `recording_url`, which may appear only after the task ended.
    Recording,
    /// `downloads_url`, asked for with `downloads=true`, likewise.
    Downloads,
}

#[derive(Default)]
struct Inner {
    running: bool,
    generation: u64,
    stopped: bool,
    progress: usize,
    recording: usize,
    downloads: usize,
    tools_running: usize,
    actions: HashMap<String, oneshot::Sender<Delivery>>,
    seen: HashSet<String>,
    cursor: i64,
    finished: bool,
    recording_known: bool,
    downloads_known: bool,
    tool_failure: Option<ToolFailure>,
    closed: bool,
    poller: Option<tokio::task::AbortHandle>,
}

impl Inner {
    /// Whether the poller has a reason to ask again.
    fn needed(&self) -> bool {
        if self.stopped {
            return false;
        }
        let late = (self.recording > 0 && !self.recording_known) || (self.downloads > 0 && !self.downloads_known);
        if self.finished {
            late
        } else {
            late || self.progress > 0 || self.tools_running > 0 || !self.actions.is_empty()
        }
    }
}

/// The shared heart of every clone of one [`TaskHandle`].
pub(crate) struct Core {
    pub(crate) client: SmoothClient,
    pub(crate) task_id: String,
    tools: ToolSet,
    state: watch::Sender<Snapshot>,
    inner: Mutex<Inner>,
    /// Interrupts the poller's sleep when its reasons to run may have gone.
    wake: Notify,
    /// The handle family, for the context given to tools; weak so the poller never keeps
    /// the handles alive.
    handle: OnceLock<Weak<super::HandleInner>>,
    /// Requests this handle has sent to `GET /task/{id}` (for tests and benchmarks).
    polls: AtomicU64,
    /// Set only for sessions: the action timeout the session was opened with, so a tool's
    /// view of its session (`ToolContext::session`) waits as long as its own actions do.
    pub(crate) session_action_timeout: OnceLock<Duration>,
}

impl Core {
    pub(crate) fn new(client: SmoothClient, task_id: String, tools: ToolSet, first: Option<TaskResponse>) -> Self {
        let finished = first.as_ref().is_some_and(|r| r.status.is_finished());
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
            tools,
            state: watch::Sender::new(snapshot),
            inner: Mutex::new(Inner { finished, ..Inner::default() }),
            wake: Notify::new(),
            handle: OnceLock::new(),
            polls: AtomicU64::new(0),
            session_action_timeout: OnceLock::new(),
        }
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

    pub(crate) fn set_handle(&self, handle: Weak<super::HandleInner>) {
        let _ = self.handle.set(handle);
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while the lock was held cannot leave `Inner` half-updated in a way that
        // matters more than stopping would; keep going with the data as it is.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Snapshot> {
        self.state.subscribe()
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        self.state.borrow().clone()
    }

    pub(crate) fn polls(&self) -> u64 {
        self.polls.load(Ordering::Relaxed)
    }

    pub(crate) fn poller_running(&self) -> bool {
        self.lock().running
    }

    pub(crate) fn mark_closed(&self) {
        self.lock().closed = true;
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Whether this handle drives a session (opened with `SmoothClient::session`).
    fn is_session(&self) -> bool {
        self.session_action_timeout.get().is_some()
    }

    pub(crate) fn tool_failure(&self) -> Option<ToolFailure> {
        self.lock().tool_failure.clone()
    }

    /// Registers a waiter and makes sure the poller runs. The guard unregisters on drop,
    /// also when the waiting future is cancelled.
    pub(crate) fn wait(self: &Arc<Self>, want: Want) -> WaitGuard {
        let generation = {
            let mut inner = self.lock();
            match want {
                Want::Progress => inner.progress += 1,
                Want::Recording => inner.recording += 1,
                Want::Downloads => inner.downloads += 1,
            }
            self.ensure_poller(&mut inner)
        };
        WaitGuard { core: Arc::clone(self), want, generation }
    }

    /// Registers an action's waiter before its event is sent, so the answer cannot slip by.
    pub(crate) fn expect_answer(
        self: &Arc<Self>,
        id: &str,
    ) -> Result<(ActionGuard, oneshot::Receiver<Delivery>), TaskError> {
        let (sender, receiver) = oneshot::channel();
        let mut inner = self.lock();
        if inner.finished {
            let status = self.state.borrow().response.as_ref().map(|r| r.status.clone());
            return Err(TaskError::Ended {
                task_id: self.task_id.clone(),
                status: status.unwrap_or(crate::types::TaskStatus::Done),
                what: "an answer to a new action",
            });
        }
        inner.actions.insert(id.to_owned(), sender);
        self.ensure_poller(&mut inner);
        drop(inner);
        Ok((ActionGuard { core: Arc::clone(self), id: id.to_owned() }, receiver))
    }

    /// Starts the poller if it is needed and not running; returns its generation.
    fn ensure_poller(self: &Arc<Self>, inner: &mut Inner) -> u64 {
        if !inner.running && inner.needed() {
            inner.running = true;
            inner.generation += 1;
            let core = Arc::clone(self);
            let generation = inner.generation;
            let task = tokio::spawn(async move { core.poll_loop(generation).await });
            inner.poller = Some(task.abort_handle());
        }
        inner.generation
    }

    /// Lets the poller re-check whether it is still needed.
    fn release(&self) {
        let idle = !self.lock().needed();
        if idle {
            self.wake.notify_one();
        }
    }

    /// Every handle is gone: stop for good.
    pub(crate) fn shutdown(&self) {
        let mut inner = self.lock();
        inner.stopped = true;
        inner.running = false;
        if let Some(poller) = inner.poller.take() {
            poller.abort();
        }
    }

    async fn poll_loop(self: Arc<Self>, generation: u64) {
        let interval = self.client.poll_interval();
        let mut failures: u32 = 0;
        loop {
            let (cursor, downloads) = {
                let mut inner = self.lock();
                if !inner.needed() {
                    inner.running = false;
                    inner.poller = None;
                    return;
                }
                (inner.cursor, inner.downloads > 0 && !inner.downloads_known)
            };
            let mut request = GetTaskRequest::new(self.task_id.clone()).event_t(cursor);
            if downloads {
                request = request.downloads(true);
            }
            self.polls.fetch_add(1, Ordering::Relaxed);
            match self.client.send(request).await {
                Ok(response) => {
                    failures = 0;
                    match self.absorb(response) {
                        Next::Stop => return,
                        Next::Now => {}
                        Next::Later => self.pause(interval).await,
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
                    self.fail(generation, error);
                    return;
                }
            }
        }
    }

    /// Sleeps until `delay` has passed, or returns early when the poller is no longer needed.
    async fn pause(&self, delay: Duration) {
        let deadline = Instant::now() + delay;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => return,
                () = self.wake.notified() => {
                    if !self.lock().needed() {
                        return;
                    }
                }
            }
        }
    }

    /// Stops the running poller (if any) and fails its run with `error`.
    fn fail_current(&self, error: Error) {
        let generation = {
            let mut inner = self.lock();
            if let Some(poller) = inner.poller.take() {
                poller.abort();
            }
            inner.generation
        };
        self.fail(generation, error);
    }

    /// Ends a poller run with an error that every current waiter receives.
    fn fail(&self, generation: u64, error: Error) {
        let error = Arc::new(error);
        let actions: Vec<_> = {
            let mut inner = self.lock();
            inner.running = false;
            inner.poller = None;
            inner.actions.drain().map(|(_, sender)| sender).collect()
        };
        for sender in actions {
            let _ = sender.send(Delivery::Ended(TaskError::Api(Arc::clone(&error))));
        }
        self.state.send_modify(|snapshot| snapshot.failure = Some((generation, error)));
    }

    /// Takes in one answer of `GET /task/{id}`: handles each new event exactly once, wakes
    /// waiters, and says when to poll next: at once after events, else after the interval,
    /// or never when the poller is no longer needed (it is then marked stopped before any
    /// waiter wakes).
    fn absorb(self: &Arc<Self>, mut response: TaskResponse) -> Next {
        let events = response.events.take().unwrap_or_default();
        let had_events = !events.is_empty();
        let finished = response.status.is_finished();
        let mut answers = Vec::new();
        let mut calls = Vec::new();
        let mut ended = Vec::new();
        let next;
        {
            let mut inner = self.lock();
            for event in events {
                if let Some(timestamp) = event.timestamp {
                    inner.cursor = inner.cursor.max(timestamp);
                }
                let Some(id) = event.id else { continue };
                if !inner.seen.insert(id.clone()) {
                    continue;
                }
                match event.name.as_str() {
                    "tool_call" if !finished => {
                        inner.tools_running += 1;
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
            if finished {
                inner.finished = true;
                ended = inner.actions.drain().map(|(_, sender)| sender).collect();
            }
            inner.recording_known |= response.recording_url.is_some();
            inner.downloads_known |= response.downloads_url.is_some();
            next = if !inner.needed() {
                inner.running = false;
                inner.poller = None;
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
        self.state.send_modify(|snapshot| {
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
        next
    }

    /// Runs one tool call on its own tokio task, so a slow tool never holds up polling,
    /// and answers it exactly once.
    fn start_tool(self: &Arc<Self>, call_id: String, payload: Value) {
        let Some(handle) = self.handle.get().and_then(Weak::upgrade).map(TaskHandle::from_inner) else {
            // Every handle is gone; nobody can be served any more.
            self.lock().tools_running -= 1;
            return;
        };
        let name = payload.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
        let input = payload.get("input").cloned().unwrap_or(Value::Null);
        let core = Arc::clone(self);
        tokio::spawn(async move {
            let outcome = match core.tools.get(&name) {
                Some(tool) => tool.call(handle, call_id.clone(), input).await,
                None => ToolOutcome::unknown(&name, core.tools.names()),
            };
            // In a one-shot task an essential tool's failure fails the task, and `result()`
            // names the tool; in a session it fails only the run_task that called it.
            if let Some(message) = &outcome.essential_failure
                && !core.is_session()
            {
                core.lock().tool_failure = Some(ToolFailure { tool: name.clone(), message: message.clone() });
            }
            let answer = TaskEvent::new(
                core.task_id.clone(),
                "tool_call",
                serde_json::json!({"code": outcome.code, "output": outcome.output}),
            )
            .id(call_id.clone());
            if let Err(error) = core.client.send(answer).await {
                // The agent waits for this answer and it will never come: waiting on would
                // hang every waiter, so the handle fails with the reason instead.
                tracing::warn!(task_id = %core.task_id, call = %call_id, tool = %name, error = %error, "could not answer a tool call");
                core.fail_current(error);
            }
            core.lock().tools_running -= 1;
            core.release();
        });
    }
}

/// When the poller asks next.
enum Next {
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
    want: Want,
    generation: u64,
}

impl WaitGuard {
    /// The poller run this waiter relies on: only its failure (or a later one's) concerns it.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        {
            let mut inner = self.core.lock();
            match self.want {
                Want::Progress => inner.progress -= 1,
                Want::Recording => inner.recording -= 1,
                Want::Downloads => inner.downloads -= 1,
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
    let prefix = *PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0),
        );
        hasher.write_u32(std::process::id());
        hasher.finish()
    });
    format!("rs-{prefix:016x}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::{Tool, ToolSet};
    use serde_json::json;
    use std::sync::atomic::AtomicUsize;

    fn response(value: Value) -> TaskResponse {
        serde_json::from_value(value).unwrap()
    }

    /// A client whose polls fail at once and then wait an hour: the test drives `absorb`.
    fn offline_client() -> SmoothClient {
        SmoothClient::builder()
            .api_key("cmzr-test")
            .base_url("http://127.0.0.1:9/api/")
            .retries(0)
            .poll_interval(Duration::from_secs(3600))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn repeated_events_are_handled_once_and_the_last_polls_events_are_kept() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let mut tools = ToolSet::default();
        tools.add(Tool::untyped("count", "Counts", json!({}), move |_ctx, _input: Value| {
            let counter = Arc::clone(&counter);
            async move { Ok(counter.fetch_add(1, Ordering::SeqCst)) }
        }));
        let handle = TaskHandle::new(offline_client(), "task-1".to_owned(), tools, None);
        let core = Arc::clone(handle.core());

        let call =
            json!({"name": "tool_call", "id": "call-1", "timestamp": 5, "payload": {"name": "count", "input": {}}});
        let running = json!({"id": "task-1", "status": "running", "events": [call.clone(), call.clone()]});
        core.absorb(response(running.clone()));
        core.absorb(response(running));
        for _ in 0..100 {
            if core.lock().tools_running == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a repeated tool call runs once");
        assert_eq!(core.lock().cursor, 5);
        // The offline client cannot deliver the tool's answer, which fails the poller run;
        // an action registered afterwards still gets its answer from a later poll.
        let (_guard, answer) = core.expect_answer("action-1").unwrap();

        // The poll that reports the end also carries the action's answer: delivered.
        let done = json!({"id": "task-1", "status": "done", "events": [
            {"name": "browser_action", "id": "action-1", "timestamp": 9, "payload": {"code": 200, "output": {"duration": 1}}},
            {"name": "tool_call", "id": "call-2", "timestamp": 10, "payload": {"name": "count", "input": {}}}
        ]});
        assert!(matches!(core.absorb(response(done)), Next::Stop));
        assert!(matches!(answer.await, Ok(Delivery::Answer(payload)) if payload["code"] == 200));
        // A tool call in the final poll is not run: the task can no longer take an answer.
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(core.lock().cursor, 10);
        assert!(core.snapshot().response.unwrap().events.is_none());
    }

    /// Runs one failing essential tool on a handle (a session or not) and says whether the
    /// handle recorded it as the task's cause of failure.
    async fn records_essential_failure(session: bool) -> bool {
        let mut tools = ToolSet::default();
        tools.add(Tool::untyped("fragile", "Always fails", json!({}), |_ctx, _input: Value| async move {
            Err::<Value, _>(crate::tool::ToolError::new("broken"))
        }));
        let handle = TaskHandle::new(offline_client(), "task-1".to_owned(), tools, None);
        let core = Arc::clone(handle.core());
        if session {
            let _ = core.session_action_timeout.set(Duration::from_secs(1));
        }
        let call =
            json!({"name": "tool_call", "id": "call-1", "timestamp": 1, "payload": {"name": "fragile", "input": {}}});
        core.absorb(response(json!({"id": "task-1", "status": "running", "events": [call]})));
        for _ in 0..100 {
            if core.lock().tools_running == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        core.tool_failure().is_some()
    }

    #[tokio::test]
    async fn an_essential_tool_failure_is_the_tasks_cause_only_outside_sessions() {
        assert!(records_essential_failure(false).await, "a one-shot task names the failed tool");
        assert!(!records_essential_failure(true).await, "in a session it fails only its run_task");
    }

    #[tokio::test]
    async fn a_finished_task_takes_no_new_action() {
        let first = response(json!({"id": "t", "status": "cancelled"}));
        let handle = TaskHandle::new(offline_client(), "t".to_owned(), ToolSet::default(), Some(first));
        let err = handle.core().expect_answer("a").err().unwrap();
        assert!(matches!(err, TaskError::Ended { ref status, .. } if *status == crate::types::TaskStatus::Cancelled));
        assert!(!handle.is_polling());
    }
}
