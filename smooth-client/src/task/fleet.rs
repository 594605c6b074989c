//! Fleet polling: one status source for many handles of one client.
//!
//! While enough handles wait only for their task's status (see
//! [`FleetPolling`](crate::FleetPolling)), one loop per client reads `GET /task` pages
//! (128 tasks, newest first) once per interval instead of every handle sending its own
//! `GET /task/{id}`. What a page tells enters each handle's engine through
//! [`Member::take_listed`] (the engine's `Core::apply_poll_answer`, like any answer); a handle is told
//! to fetch its own task ([`Member::fetch_own`]) when a page shows it ended (its final
//! answer and events come only from `GET /task/{id}`) and when no page reached it.
//!
//! A handle the fleet serves runs no task of its own: the fleet's word starts one. So the
//! loop tells every member to fetch its own task whenever it stops, also when it ends
//! without reaching its normal end (a panic, its runtime shutting down).
//!
//! Lock order: a member may call into the fleet while holding its own lock; the fleet never
//! calls a member while holding the fleet's.
//!
//! This file sits below the engine: it knows a member only by the [`Member`] trait.
//!
//! Paging: `t` (created before) and `created_at` are whole seconds. After a full page whose
//! last task was created in second `s`, the next page asks for `t = s + 1` when a member of
//! that second is still unseen (the page may have stopped in the middle of the second), else
//! `t = s`. A full page whose tasks all share one second `s` proves that second holds more
//! than a page: the rest of it cannot be reached by `t`, so paging moves on with `t = s` and
//! the members of `s` not seen fall back to their own polls. Paging stops once it has passed
//! the oldest member, at the end of the listing, or after as many pages as there are members
//! (never more requests than the members would send themselves).
//!
//! Final answers: tasks of one fleet often end together (they were submitted together and
//! take alike), so one page may show a hundred ended. Their final fetches are spread over a
//! quarter of the interval, oldest task first ([`fetch_spread`]), instead of a burst.

use crate::api::task::ListTasksRequest;
use crate::client::SmoothClient;
use crate::config::FleetPolling;
use crate::types::TaskResponse;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;
use tokio::time::Instant;

/// The most tasks one `GET /task` page can hold.
pub(crate) const PAGE: u32 = 128;

/// The members one page shows ended fetch their final answers spread over this part of
/// the interval (a quarter), not in one burst; see [`fetch_spread`].
const FINAL_FETCH_SPREAD: u32 = 4;

/// What the fleet needs of a handle's engine.
pub(crate) trait Member: Send + Sync {
    /// The task's id.
    fn task_id(&self) -> &str;
    /// The latest answer the handle knows.
    fn view(&self) -> Option<Arc<TaskResponse>>;
    /// Tells the handle to fetch its own task now.
    fn fetch_own(self: Arc<Self>);
    /// Takes in what a page showed of the task (without events).
    fn take_listed(self: Arc<Self>, listed: TaskResponse);
}

type Core = dyn Member;

/// The status source shared by every handle of one client.
pub(crate) struct Fleet {
    inner: Mutex<Members>,
}

#[derive(Default)]
struct Members {
    cores: HashMap<String, Weak<Core>>,
    /// Whether the paging loop runs.
    running: bool,
}

impl Fleet {
    /// The fleet of `client` (and its clones), made on first use.
    pub(crate) fn of(client: &SmoothClient) -> Option<Arc<Fleet>> {
        let slot = client.fleet_slot();
        let any = slot.get_or_init(|| Arc::new(Fleet { inner: Mutex::new(Members::default()) }));
        Arc::clone(any).downcast::<Fleet>().ok()
    }

    fn lock(&self) -> MutexGuard<'_, Members> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts `member` among the handles waiting only for their status; says whether the
    /// fleet serves them now (starting its loop if needed).
    pub(crate) fn enroll(self: &Arc<Self>, client: &SmoothClient, member: Weak<Core>) -> bool {
        if client.fleet_polling() == FleetPolling::Off {
            // Never serves: no need to count anybody.
            return false;
        }
        let mut members = self.lock();
        if let Some(core) = member.upgrade()
            && !members.cores.contains_key(core.task_id())
        {
            members.cores.insert(core.task_id().to_owned(), member);
        }
        let serves = client.fleet_polling().applies(members.cores.len());
        if serves && !members.running {
            members.running = true;
            let fleet = Arc::clone(self);
            let client = client.clone();
            tokio::spawn(async move { fleet.run(client).await });
        }
        serves
    }

    /// `core` no longer waits only for its status.
    pub(crate) fn leave(&self, task_id: &str) {
        self.lock().cores.remove(task_id);
    }

    /// The members still alive, or `None` (and the loop marked stopped) when too few remain.
    fn members(&self, client: &SmoothClient) -> Option<Vec<Arc<Core>>> {
        let mut members = self.lock();
        members.cores.retain(|_, core| core.strong_count() > 0);
        let cores: Vec<Arc<Core>> = members.cores.values().filter_map(Weak::upgrade).collect();
        if client.fleet_polling().applies(cores.len()) {
            Some(cores)
        } else {
            stop(members);
            None
        }
    }

    async fn run(self: Arc<Self>, client: SmoothClient) {
        let stopping = Stopping(&self);
        let interval = client.poll_interval();
        loop {
            let due = Instant::now() + interval;
            let Some(cores) = self.members(&client) else {
                // The normal end: the members are told, and a new loop may already run.
                std::mem::forget(stopping);
                return;
            };
            self.round(&client, cores).await;
            tokio::time::sleep_until(due).await;
        }
    }

    /// One interval's pages: tells every member what they showed, and sends the members no
    /// page reached to fetch their own task.
    async fn round(&self, client: &SmoothClient, cores: Vec<Arc<Core>>) {
        let spread = client.poll_interval() / FINAL_FETCH_SPREAD;
        let mut pending: HashMap<&str, (i64, &Arc<Core>)> = HashMap::with_capacity(cores.len());
        for core in &cores {
            match core.view().and_then(|view| view.created_at) {
                Some(created_at) => {
                    pending.insert(core.task_id(), (created_at, core));
                }
                // Not known yet: the handle's own answer tells it.
                None => Arc::clone(core).fetch_own(),
            }
        }
        let Some(oldest) = pending.values().map(|(created_at, _)| *created_at).min() else { return };
        let budget = pending.len();
        let mut before: Option<i64> = None;
        let mut pages = 0;
        let mut overflowed = Vec::new();
        while !pending.is_empty() && pages < budget {
            let mut request = ListTasksRequest::new().limit(PAGE);
            if let Some(t) = before {
                request = request.before(t);
            }
            pages += 1;
            let page = match client.send(request).await {
                Ok(page) => page,
                Err(error) => {
                    tracing::warn!(error = %error, "a GET /task page failed; handles poll on their own this interval");
                    break;
                }
            };
            let full = page.len() >= PAGE as usize;
            let first = page.first().and_then(|task| task.created_at);
            let last = page.last().and_then(|task| task.created_at);
            let mut ended = Vec::new();
            for task in page {
                let Some((_, core)) = pending.remove(task.id.as_str()) else { continue };
                if task.status.is_finished() {
                    // The final answer (and the events before it) come from the task's own
                    // answer.
                    ended.push(Arc::clone(core));
                } else {
                    tell(core, task);
                }
            }
            // The page lists newest first, finer than `created_at`'s whole seconds.
            ended.reverse();
            fetch_spread(ended, spread);
            let (Some(first), Some(last)) = (first, last) else { break };
            if !full || last < oldest {
                break;
            }
            before = Some(if first == last {
                // A whole page of one second: the rest of it is out of reach.
                overflowed.push(last);
                last
            } else if pending.values().any(|(created_at, _)| *created_at == last) {
                last.saturating_add(1)
            } else {
                last
            });
        }
        if !pending.is_empty() {
            tracing::debug!(
                unreached = pending.len(),
                pages,
                overflowed_seconds = ?overflowed,
                "handles no page reached poll on their own"
            );
        }
        for (_, core) in pending.into_values() {
            Arc::clone(core).fetch_own();
        }
    }
}

/// Marks the loop stopped when it ends other than normally (a panic, its runtime shutting
/// down) and tells the members, since none of them runs a poller that could notice. The
/// normal end ([`Fleet::members`]) tells them itself and forgets this guard.
struct Stopping<'a>(&'a Fleet);

impl Drop for Stopping<'_> {
    fn drop(&mut self) {
        let members = self.0.lock();
        if members.running {
            stop(members);
        }
    }
}

/// Marks the loop stopped and tells every member still alive to fetch its own task: the
/// members wait for a round, and none runs a poller that would notice there is none.
fn stop(mut members: MutexGuard<'_, Members>) {
    members.running = false;
    let cores: Vec<Arc<Core>> = members.cores.values().filter_map(Weak::upgrade).collect();
    drop(members);
    for core in cores {
        core.fetch_own();
    }
}

/// Tells the members whose tasks a page showed ended, oldest task first, to fetch their
/// final answers, spread evenly over `window`. Among tasks that take alike, the oldest
/// ended first and has waited longest, so the spread delays most those a page saw soonest
/// after their end, and completion latency's tail does not grow (tasks of unlike lengths
/// may wait up to `window` longer). One alone fetches at once. Each fetch waits at least
/// half its share after the one before, so a late timer cannot bunch them up again.
fn fetch_spread(mut ended: Vec<Arc<Core>>, window: Duration) {
    if ended.len() <= 1 {
        if let Some(core) = ended.pop() {
            core.fetch_own();
        }
        return;
    }
    let gap = window / ended.len() as u32;
    tokio::spawn(async move {
        let start = Instant::now();
        for (index, core) in ended.into_iter().enumerate() {
            if index > 0 {
                let planned = start + gap * index as u32;
                tokio::time::sleep_until(planned.max(Instant::now() + gap / 2)).await;
            }
            core.fetch_own();
        }
    });
}

/// Passes what a page showed of a member's task (still running) to its engine.
fn tell(core: &Arc<Core>, mut listed: TaskResponse) {
    let known = core.view();
    let changed = known
        .as_ref()
        .is_none_or(|known| known.status != listed.status || (known.live_url.is_none() && listed.live_url.is_some()));
    if changed {
        // Events are the task's own answer's business; a listing is not relied on for them.
        listed.events = None;
        Arc::clone(core).take_listed(listed);
    }
}
