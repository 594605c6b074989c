//! Blocking task handles: wait on a submitted task, watch it, cancel it.

use crate::TaskWithTools;
use crate::blocking::client::SmoothClient;
use crate::blocking::events::TaskEvents;
use crate::types::TaskResponse;
use crate::{Error, LiveUrlOptions, TaskError};
use std::future::Future;
use std::time::Duration;

impl SmoothClient {
    /// Submits a task and returns a handle to it at once, without waiting for it to start.
    ///
    /// `request` is a [`TaskRequest`](crate::api::task::TaskRequest), one with custom tools
    /// attached ([`TaskWithTools`]; for plain closures: [`Tool::blocking`](crate::Tool::blocking)),
    /// or just the task's text. The handle answers the tools' calls while anybody waits on it.
    ///
    /// ```no_run
    /// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let handle = client.run("Find the top story on Hacker News")?;
    /// println!("watch it at {}", handle.live_url()?);
    /// println!("{:?}", handle.result()?.output);
    /// # Ok(()) }
    /// ```
    pub fn run(&self, request: impl Into<TaskWithTools>) -> Result<TaskHandle, Error> {
        let request = request.into();
        let handle = self.call(move |client| async move { client.run(request).await })?;
        Ok(TaskHandle::wrap(handle, self.clone()))
    }

    /// A handle to a task submitted earlier (by id). It has no custom tools: a tool call
    /// reaching it is answered with 400.
    pub fn task_handle(&self, task_id: impl Into<String>) -> TaskHandle {
        TaskHandle::wrap(self.as_async().task_handle(task_id), self.clone())
    }
}

/// A submitted task; the blocking face of [`crate::TaskHandle`], whose polling rules apply.
/// Cheap to clone and `Send + Sync`: clones share one poller, which runs on the client's
/// runtime thread, so many threads can wait on many handles at once.
///
/// ```no_run
/// # fn demo(handle: smooth_client::blocking::TaskHandle) -> Result<(), smooth_client::TaskError> {
/// use std::time::Duration;
/// match handle.result_timeout(Duration::from_secs(300)) {
///     Ok(done) => println!("{:?}", done.output),
///     Err(smooth_client::TaskError::Timeout { .. }) => { handle.cancel()?; }
///     Err(other) => return Err(other),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct TaskHandle {
    inner: crate::TaskHandle,
    client: SmoothClient,
}

impl TaskHandle {
    pub(crate) fn wrap(inner: crate::TaskHandle, client: SmoothClient) -> Self {
        TaskHandle { inner, client }
    }

    /// Runs a future of the async handle on the runtime, blocking until it is done.
    fn call<T, Fut>(&self, call: impl FnOnce(crate::TaskHandle) -> Fut) -> Result<T, TaskError>
    where
        Fut: Future<Output = Result<T, TaskError>> + Send + 'static,
        T: Send + 'static,
    {
        self.client.wait_on(call(self.inner.clone()))
    }

    /// The task id.
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// The client the handle talks through.
    pub fn client(&self) -> &SmoothClient {
        &self.client
    }

    /// The latest state seen, without asking the service (`None` before the first answer).
    pub fn latest(&self) -> Option<TaskResponse> {
        self.inner.latest()
    }

    /// How many times this handle has polled `GET /task/{id}`.
    pub fn poll_count(&self) -> u64 {
        self.inner.poll_count()
    }

    /// Waits until the task has ended; its final state when it is `done`. See
    /// [`crate::TaskHandle::result`] for the errors.
    pub fn result(&self) -> Result<TaskResponse, TaskError> {
        self.call(move |handle| async move { handle.result().await })
    }

    /// [`TaskHandle::result`], giving up with [`TaskError::Timeout`] after `timeout`.
    pub fn result_timeout(&self, timeout: Duration) -> Result<TaskResponse, TaskError> {
        self.call(move |handle| async move { handle.result_timeout(timeout).await })
    }

    /// The live view URL (`interactive=true&embed=false`), waiting up to 60 s for it.
    pub fn live_url(&self) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.live_url().await })
    }

    /// [`TaskHandle::live_url`] with other options.
    pub fn live_url_with(&self, options: LiveUrlOptions) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.live_url_with(options).await })
    }

    /// The URL of the run's video, waiting up to 30 s for it (see
    /// [`crate::TaskHandle::recording_url`]).
    pub fn recording_url(&self) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.recording_url().await })
    }

    /// [`TaskHandle::recording_url`] with another time limit.
    pub fn recording_url_timeout(&self, timeout: Duration) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.recording_url_timeout(timeout).await })
    }

    /// The URL of the downloads archive, waiting up to 30 s for it (see
    /// [`crate::TaskHandle::downloads_url`]).
    pub fn downloads_url(&self) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.downloads_url().await })
    }

    /// [`TaskHandle::downloads_url`] with another time limit.
    pub fn downloads_url_timeout(&self, timeout: Duration) -> Result<String, TaskError> {
        self.call(move |handle| async move { handle.downloads_url_timeout(timeout).await })
    }

    /// The task's events as they arrive, as an [`Iterator`]; see [`TaskEvents`].
    pub fn events(&self) -> TaskEvents {
        TaskEvents::new(self.client.clone(), || self.inner.events())
    }

    /// Cancels the task; `false` when it had already ended.
    pub fn cancel(&self) -> Result<bool, TaskError> {
        self.call(move |handle| async move { handle.cancel().await })
    }
}
