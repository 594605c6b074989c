//! Task handles: a submitted task you can wait on, watch live, and cancel.

use super::engine::{Awaiting, Family, Snapshot, Work};
use super::error::TaskError;
use super::stream::TaskEvents;
use crate::api::task::CancelTaskRequest;
use crate::client::SmoothClient;
use crate::types::{TaskResponse, TaskStatus};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How long [`TaskHandle::live_url`] waits for the live view by default.
pub const DEFAULT_LIVE_URL_TIMEOUT: Duration = Duration::from_secs(60);
/// How long [`TaskHandle::recording_url`] and [`TaskHandle::downloads_url`] wait by default.
pub const DEFAULT_ARTIFACT_TIMEOUT: Duration = Duration::from_secs(30);

/// A submitted task. Cheap to clone; clones share one poller.
///
/// # Polling
/// A handle polls `GET /task/{id}` only while somebody waits on it (a `result`, a live URL,
/// a session action, a running custom tool), with one tokio task per handle shared by all
/// of them. It keeps the `event_t` cursor, asks again at once when an answer carried events
/// and otherwise polls once per [poll interval](crate::ClientBuilder::poll_interval) (1 s
/// by default), counted from the start of the previous poll. Each event is handled once,
/// even if the service repeats it. The first poll comes at a random point of the first
/// interval, so that handles started together do not poll together. While
/// [fleet polling](crate::FleetPolling) serves a handle, it runs no tokio task of its own
/// (it costs its state alone, about 1 KiB): the client's pages tell its status, and a run
/// that fetches starts when its task ended or a page did not reach it.
///
/// A poll that fails at the transport level (a refused or broken connection, a timeout) is
/// retried up to 5 times, after 1, 2, 4, 8 and 16 poll intervals; if the sixth attempt in a
/// row fails too, every waiter receives the error as [`TaskError::Request`] (each poll has
/// already been through the client's own [retries](crate::ClientBuilder::retries)). With the
/// default 1 s interval that is the official SDKs' schedule; tests shorten it by
/// shortening the interval. Any other error
/// from the service (e.g. 404) ends polling at once and reaches every waiter the same way.
/// Calling a waiting method again starts a fresh poller.
///
/// The poller stops when the task has ended, when nobody waits and nothing is pending, and
/// when the last clone of the handle is dropped.
#[derive(Clone)]
pub struct TaskHandle {
    inner: Arc<Family>,
}

impl fmt::Debug for TaskHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.inner.core.snapshot().response.map(|r| r.status.clone());
        f.debug_struct("TaskHandle").field("id", &self.inner.core.task_id).field("status", &status).finish()
    }
}

/// Options of [`TaskHandle::live_url_with`].
///
/// ```
/// use smooth_client::LiveUrlOptions;
/// let options = LiveUrlOptions::new().interactive(false).embed(true);
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct LiveUrlOptions {
    interactive: bool,
    embed: bool,
    timeout: Duration,
}

impl Default for LiveUrlOptions {
    fn default() -> Self {
        LiveUrlOptions { interactive: true, embed: false, timeout: DEFAULT_LIVE_URL_TIMEOUT }
    }
}

impl LiveUrlOptions {
    /// Interactive (the viewer may use the browser), not embedded, waiting up to 60 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the viewer may click and type in the browser (default true).
    pub fn interactive(mut self, interactive: bool) -> Self {
        self.interactive = interactive;
        self
    }

    /// Whether the page is meant for an iframe (default false).
    pub fn embed(mut self, embed: bool) -> Self {
        self.embed = embed;
        self
    }

    /// How long to wait for the live view to exist (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl TaskHandle {
    pub(crate) fn new(client: SmoothClient, task_id: String, work: Work, first: Option<TaskResponse>) -> Self {
        TaskHandle { inner: Family::new(client, task_id, work, first) }
    }

    pub(crate) fn from_family(inner: Arc<Family>) -> Self {
        TaskHandle { inner }
    }

    pub(crate) fn core(&self) -> &Arc<super::engine::Core> {
        &self.inner.core
    }

    /// The task's events as they arrive, each exactly once, ending after the last event
    /// of an ended task; see [`TaskEvents`].
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// # async fn demo(client: smooth_client::SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let handle = client.run("Find the top story on Hacker News").await?;
    /// let mut events = handle.events();
    /// while let Some(event) = events.next().await {
    ///     println!("{}", event?.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(&self) -> TaskEvents {
        TaskEvents::new(Arc::clone(&self.inner))
    }

    /// The timestamp (Unix ms, as `event_t`) of the last event this handle has read; 0
    /// before any.
    pub fn event_cursor(&self) -> i64 {
        self.inner.core.event_cursor()
    }

    /// The task id.
    pub fn id(&self) -> &str {
        &self.inner.core.task_id
    }

    /// The client the handle talks through.
    pub fn client(&self) -> &SmoothClient {
        &self.inner.core.client
    }

    /// The latest state seen, without asking the service (`None` before the first answer).
    pub fn latest(&self) -> Option<TaskResponse> {
        self.inner.core.snapshot().response.map(|r| (*r).clone())
    }

    /// How many times this handle has polled `GET /task/{id}`. Not part of the API: the
    /// benches count polls per handle against a mock in another process, where no
    /// request journal is at hand. Tests read smooth-mock's journal instead.
    #[doc(hidden)]
    pub fn poll_count(&self) -> u64 {
        self.inner.core.polls()
    }

    /// Waits until the task has ended and returns its final state when it is `done`.
    ///
    /// A `failed` task is [`TaskError::Failed`] (or [`TaskError::ToolFailed`] when one of
    /// the handle's essential tools made it fail), a `cancelled` one [`TaskError::Cancelled`];
    /// both carry the final [`TaskResponse`] ([`TaskError::response`]). Waits without limit;
    /// see [`TaskHandle::result_timeout`].
    pub async fn result(&self) -> Result<TaskResponse, TaskError> {
        let response = self.wait_for(Awaiting::Progress, |r| r.status.is_finished().then(|| Ok(r.clone()))).await?;
        self.finished_result(response)
    }

    /// [`TaskHandle::result`], giving up with [`TaskError::Timeout`] after `timeout`.
    pub async fn result_timeout(&self, timeout: Duration) -> Result<TaskResponse, TaskError> {
        with_timeout(timeout, format!("the result of task {}", self.id()), self.result()).await
    }

    /// The final state whatever the final status, for callers (sessions) that decide
    /// themselves what counts as success.
    pub(crate) async fn finished(&self) -> Result<TaskResponse, TaskError> {
        self.wait_for(Awaiting::Progress, |r| r.status.is_finished().then(|| Ok(r.clone()))).await
    }

    pub(crate) fn finished_result(&self, response: TaskResponse) -> Result<TaskResponse, TaskError> {
        match response.status {
            TaskStatus::Failed => match self.inner.core.tool_failure() {
                Some(failure) => Err(TaskError::ToolFailed {
                    tool: failure.tool,
                    message: failure.message,
                    response: Some(Box::new(response)),
                }),
                None => Err(TaskError::Failed { response: Box::new(response) }),
            },
            TaskStatus::Cancelled => Err(TaskError::Cancelled { response: Box::new(response) }),
            _ => Ok(response),
        }
    }

    /// The URL of the live view, with `interactive=true&embed=false` as the official SDKs
    /// add. Waits (up to 60 s) while the browser is starting; once the task has ended
    /// there is no live view: [`TaskError::Ended`].
    pub async fn live_url(&self) -> Result<String, TaskError> {
        self.live_url_with(LiveUrlOptions::default()).await
    }

    /// [`TaskHandle::live_url`] with other options.
    ///
    /// ```no_run
    /// # async fn demo(handle: smooth_client::TaskHandle) -> Result<(), smooth_client::TaskError> {
    /// use smooth_client::LiveUrlOptions;
    /// let view_only = handle.live_url_with(LiveUrlOptions::new().interactive(false).embed(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn live_url_with(&self, options: LiveUrlOptions) -> Result<String, TaskError> {
        let task_id = self.id().to_owned();
        let wait = self.wait_for(Awaiting::Progress, |r| {
            if r.status.is_finished() {
                return Some(Err(TaskError::Ended {
                    task_id: task_id.clone(),
                    status: r.status.clone(),
                    what: "the live view",
                }));
            }
            r.live_url.as_deref().filter(|url| !url.is_empty()).map(|url| Ok(url.to_owned()))
        });
        let url = with_timeout(options.timeout, format!("the live URL of task {}", self.id()), wait).await?;
        Ok(live_view_url(&url, options.interactive, options.embed))
    }

    /// The URL of the run's video. Waits (up to 30 s) while the service does not know it
    /// yet, also after the task has ended; [`TaskError::Unavailable`] when there is none
    /// (recording was disabled).
    pub async fn recording_url(&self) -> Result<String, TaskError> {
        self.recording_url_timeout(DEFAULT_ARTIFACT_TIMEOUT).await
    }

    /// [`TaskHandle::recording_url`] with another time limit.
    pub async fn recording_url_timeout(&self, timeout: Duration) -> Result<String, TaskError> {
        let artifact = Artifact {
            awaiting: Awaiting::Recording,
            url: |r| r.recording_url.as_deref(),
            what: "a recording",
            hint: "recording was disabled; set `enable_recording(true)` on the request",
            label: "recording",
        };
        self.artifact_url(artifact, timeout).await
    }

    /// The URL of an archive of the files the task downloaded (asked for with
    /// `downloads=true`). Waits (up to 30 s) while it is not known yet, also after the task
    /// has ended; [`TaskError::Unavailable`] when the task downloaded nothing.
    pub async fn downloads_url(&self) -> Result<String, TaskError> {
        self.downloads_url_timeout(DEFAULT_ARTIFACT_TIMEOUT).await
    }

    /// [`TaskHandle::downloads_url`] with another time limit.
    pub async fn downloads_url_timeout(&self, timeout: Duration) -> Result<String, TaskError> {
        let artifact = Artifact {
            awaiting: Awaiting::Downloads,
            url: |r| r.downloads_url.as_deref(),
            what: "a downloads archive",
            hint: "the task did not download any file",
            label: "downloads",
        };
        self.artifact_url(artifact, timeout).await
    }

    /// Waits until the service knows the artifact's URL: `None` means not yet, an empty
    /// string means there is none.
    async fn artifact_url(&self, artifact: Artifact, timeout: Duration) -> Result<String, TaskError> {
        let task_id = self.id().to_owned();
        let wait = self.wait_for(artifact.awaiting, |r| {
            (artifact.url)(r).map(|url| {
                if url.is_empty() {
                    Err(TaskError::Unavailable { task_id: task_id.clone(), what: artifact.what, hint: artifact.hint })
                } else {
                    Ok(url.to_owned())
                }
            })
        });
        with_timeout(timeout, format!("the {} URL of task {}", artifact.label, self.id()), wait).await
    }

    /// Cancels the task (`DELETE /task/{id}`) and returns what the service said: `true`
    /// when it cancelled the task, `false` when it answered `false` or 404 because the task
    /// had already ended. Waiters then see the task `cancelled` (or however it ended).
    pub async fn cancel(&self) -> Result<bool, TaskError> {
        match self.inner.core.client.send(CancelTaskRequest::new(self.id())).await {
            Ok(cancelled) => Ok(cancelled),
            Err(error) if error.status() == Some(404) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Waits, as one registered waiter, until `check` returns something for the latest
    /// state, or the poller fails.
    async fn wait_for<T>(
        &self,
        awaiting: Awaiting,
        mut check: impl FnMut(&TaskResponse) -> Option<Result<T, TaskError>>,
    ) -> Result<T, TaskError> {
        let core = self.inner.core.clone();
        let guard = core.wait(awaiting);
        loop {
            let mut changed = std::pin::pin!(core.changed());
            // Registered before the state is read: a change after the read wakes it.
            changed.as_mut().enable();
            {
                let snapshot: Snapshot = core.snapshot();
                if let Some(found) = snapshot.response.as_deref().and_then(&mut check) {
                    return found;
                }
                if let Some((generation, error)) = &snapshot.failure
                    && *generation >= guard.run()
                {
                    return Err(TaskError::from_shared(Arc::clone(error)));
                }
            }
            changed.await;
        }
    }
}

/// Runs `future` for at most `timeout`.
pub(crate) async fn with_timeout<T>(
    timeout: Duration,
    waiting_for: String,
    future: impl Future<Output = Result<T, TaskError>>,
) -> Result<T, TaskError> {
    match tokio::time::timeout(timeout, future).await {
        Ok(result) => result,
        Err(_) => Err(TaskError::Timeout { waiting_for, after: timeout }),
    }
}

/// Sets `interactive` and `embed` on a live-view URL, replacing values it may carry.
pub(crate) fn live_view_url(url: &str, interactive: bool, embed: bool) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        let separator = if url.contains('?') { '&' } else { '?' };
        return format!("{url}{separator}interactive={interactive}&embed={embed}");
    };
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(key, _)| key != "interactive" && key != "embed")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    parsed
        .query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("interactive", if interactive { "true" } else { "false" })
        .append_pair("embed", if embed { "true" } else { "false" });
    parsed.into()
}

/// A URL the service reports after the fact (recording, downloads archive).
struct Artifact {
    awaiting: Awaiting,
    url: fn(&TaskResponse) -> Option<&str>,
    what: &'static str,
    hint: &'static str,
    label: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_view_parameters_replace_existing_ones() {
        assert_eq!(
            live_view_url("https://live.smooth.sh/s/abc?token=x&embed=true", true, false),
            "https://live.smooth.sh/s/abc?token=x&interactive=true&embed=false"
        );
        assert_eq!(
            live_view_url("https://live.smooth.sh/s/abc", false, true),
            "https://live.smooth.sh/s/abc?interactive=false&embed=true"
        );
        assert_eq!(live_view_url("not a url", true, true), "not a url?interactive=true&embed=true");
    }
}
