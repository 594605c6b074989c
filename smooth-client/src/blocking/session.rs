//! Blocking browser sessions: a browser that stays open and takes one action at a time.

use crate::blocking::client::SmoothClient;
use crate::blocking::events::TaskEvents;
use crate::blocking::handle::TaskHandle;
use crate::types::TaskResponse;
use crate::{ActionResponse, Error, LiveUrlOptions, RunTask, SessionOptions, TaskError};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;
use std::time::Duration;

impl SmoothClient {
    /// Opens a browser session (a task with `task: null`) and returns its handle at once.
    /// Close it with [`SessionHandle::close`] when done: an open session keeps costing.
    ///
    /// ```no_run
    /// use smooth_client::SessionOptions;
    /// use smooth_client::types::Device;
    ///
    /// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let session = client.session(SessionOptions::new().device(Device::Mobile))?;
    /// session.goto("https://news.ycombinator.com")?;
    /// let title = session.evaluate_js("return document.title", None)?;
    /// let top = session.run_task("Open the top story")?;
    /// println!("{} / {:?}", title.output, top.output);
    /// session.close()?;
    /// # Ok(()) }
    /// ```
    pub fn session(&self, options: SessionOptions) -> Result<SessionHandle, Error> {
        let session = self.call(move |client| async move { client.session(options).await })?;
        Ok(SessionHandle::wrap(session, self.clone()))
    }

    /// Drives a session opened elsewhere, by id, reading its events after `resume_after`
    /// (see [`crate::SmoothClient::attach_session`]).
    pub fn attach_session(&self, session_id: impl Into<String>, resume_after: Option<i64>) -> SessionHandle {
        SessionHandle::wrap(self.as_async().attach_session(session_id, resume_after), self.clone())
    }
}

/// An open browser session; the blocking face of [`crate::SessionHandle`], whose rules for
/// answers and timeouts apply. Cheap to clone and `Send + Sync`.
#[derive(Clone, Debug)]
pub struct SessionHandle {
    inner: crate::SessionHandle,
    client: SmoothClient,
}

impl SessionHandle {
    pub(crate) fn wrap(inner: crate::SessionHandle, client: SmoothClient) -> Self {
        SessionHandle { inner, client }
    }

    /// Runs a future of the async handle on the runtime, blocking until it is done.
    fn call<T, Fut>(&self, call: impl FnOnce(crate::SessionHandle) -> Fut) -> Result<T, TaskError>
    where
        Fut: Future<Output = Result<T, TaskError>> + Send + 'static,
        T: Send + 'static,
    {
        self.client.wait_on(call(self.inner.clone()))
    }

    /// The session's task id.
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// The timestamp of the last event this handle has read; store it for
    /// [`SmoothClient::attach_session`].
    pub fn event_cursor(&self) -> i64 {
        self.inner.event_cursor()
    }

    /// The underlying task handle (polling statistics, the latest state).
    pub fn task_handle(&self) -> TaskHandle {
        TaskHandle::wrap(self.inner.task_handle().clone(), self.client.clone())
    }

    /// This handle with another action timeout (other clones keep theirs).
    pub fn with_action_timeout(self, timeout: Duration) -> Self {
        SessionHandle { inner: self.inner.with_action_timeout(timeout), client: self.client }
    }

    /// The session's events as they arrive (action answers, tool calls), as an
    /// [`Iterator`]; see [`TaskEvents`].
    pub fn events(&self) -> TaskEvents {
        TaskEvents::new(self.client.clone(), || self.inner.events())
    }

    /// Opens `url` in the browser.
    pub fn goto(&self, url: impl Into<String>) -> Result<ActionResponse, TaskError> {
        let url = url.into();
        self.call(move |session| async move { session.goto(url).await })
    }

    /// Runs JavaScript in the page and returns its value; `args` are passed to the code.
    pub fn evaluate_js(&self, code: impl Into<String>, args: Option<Value>) -> Result<ActionResponse, TaskError> {
        let code = code.into();
        self.call(move |session| async move { session.evaluate_js(code, args).await })
    }

    /// Extracts data following `schema` from the current page; `prompt` (may be empty)
    /// says what to look for.
    pub fn extract(&self, schema: Value, prompt: impl Into<String>) -> Result<ActionResponse, TaskError> {
        let prompt = prompt.into();
        self.call(move |session| async move { session.extract(schema, prompt).await })
    }

    /// Extracts a `T` from the current page, the schema coming from `T`.
    ///
    /// ```no_run
    /// # fn demo(session: smooth_client::blocking::SessionHandle) -> Result<(), smooth_client::TaskError> {
    /// #[derive(serde::Deserialize, schemars::JsonSchema)]
    /// struct Headline { title: String, points: u32 }
    /// let top = session.extract_as::<Vec<Headline>>("the five top stories")?;
    /// println!("{} stories for {:?} credits", top.output.len(), top.credits_used);
    /// # Ok(()) }
    /// ```
    pub fn extract_as<T: DeserializeOwned + JsonSchema + Send + 'static>(
        &self,
        prompt: impl Into<String>,
    ) -> Result<ActionResponse<T>, TaskError> {
        let prompt = prompt.into();
        self.call(move |session| async move { session.extract_as::<T>(prompt).await })
    }

    /// Runs a sub-task in this browser and waits for its answer.
    pub fn run_task(&self, task: impl Into<RunTask>) -> Result<ActionResponse, TaskError> {
        let task = task.into();
        self.call(move |session| async move { session.run_task(task).await })
    }

    /// The live view URL (`interactive=true&embed=false`).
    pub fn live_url(&self) -> Result<String, TaskError> {
        self.call(|session| async move { session.live_url().await })
    }

    /// The live view URL with other options.
    pub fn live_url_with(&self, options: LiveUrlOptions) -> Result<String, TaskError> {
        self.call(move |session| async move { session.live_url_with(options).await })
    }

    /// The recording URL, once the session has been closed.
    pub fn recording_url(&self) -> Result<String, TaskError> {
        self.call(|session| async move { session.recording_url().await })
    }

    /// The downloads URL.
    pub fn downloads_url(&self) -> Result<String, TaskError> {
        self.call(|session| async move { session.downloads_url().await })
    }

    /// Closes the session at once with `DELETE /task/{id}`; closing twice is not an error.
    pub fn close(&self) -> Result<(), TaskError> {
        self.call(|session| async move { session.close().await })
    }

    /// Closes the session with the `close` action and waits for its answer.
    pub fn close_gracefully(&self) -> Result<(), TaskError> {
        self.call(|session| async move { session.close_gracefully().await })
    }

    /// The session's final state once it has been closed through a handle of it;
    /// [`TaskError::SessionOpen`] while it is open.
    pub fn result(&self) -> Result<TaskResponse, TaskError> {
        self.call(|session| async move { session.result().await })
    }
}
