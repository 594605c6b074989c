//! Starting work: tasks and sessions with their custom tools, and handles to work started
//! elsewhere. The tools stay beside the wire request ([`TaskWithTools`]), never inside it.

use super::engine::{Answerer, Work};
use super::handle::TaskHandle;
use super::session::{DEFAULT_ACTION_TIMEOUT, SessionHandle};
use super::tool::{Tool, ToolSet};
use crate::api::task::TaskRequest;
use crate::client::SmoothClient;
use crate::error::Error;
use crate::types::{Agent, Certificate, Device};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;

/// A task's request and the custom tools that answer its calls: what
/// [`SmoothClient::run`] takes. Made by [`TaskRequest::tool`]; a [`TaskRequest`], a `&str`
/// or a `String` converts into one without tools.
///
/// ```
/// use smooth_client::prelude::*;
/// use serde_json::{json, Value};
/// let echo = Tool::untyped("echo", "Repeats its input", json!({}), |_ctx, input: Value| async move { Ok(input) });
/// let task = TaskRequest::new("Say hi through echo").tool(echo);
/// assert_eq!(task.request().custom_tools.as_ref().map(Vec::len), Some(1));
/// assert_eq!(task.tools().names(), ["echo"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TaskWithTools {
    request: TaskRequest,
    tools: ToolSet,
}

impl TaskWithTools {
    /// Adds another custom tool (one of the same name is replaced).
    pub fn tool(mut self, tool: Tool) -> Self {
        announce(&mut self.request, &tool);
        self.tools.add(tool);
        self
    }

    /// The request that will be sent (the tools' signatures in `custom_tools`).
    pub fn request(&self) -> &TaskRequest {
        &self.request
    }

    /// Changes the request, e.g. with its builder methods.
    pub fn map_request(mut self, change: impl FnOnce(TaskRequest) -> TaskRequest) -> Self {
        self.request = change(self.request);
        self
    }

    /// The tools.
    pub fn tools(&self) -> &ToolSet {
        &self.tools
    }
}

impl From<TaskRequest> for TaskWithTools {
    fn from(request: TaskRequest) -> Self {
        TaskWithTools { request, tools: ToolSet::default() }
    }
}

impl From<&str> for TaskWithTools {
    fn from(task: &str) -> Self {
        TaskRequest::from(task).into()
    }
}

impl From<String> for TaskWithTools {
    fn from(task: String) -> Self {
        TaskRequest::from(task).into()
    }
}

impl TaskRequest {
    /// Attaches a custom tool: its signature goes out in `custom_tools` and the handle
    /// returned by [`SmoothClient::run`] answers its calls. A tool of the same name
    /// replaces the earlier one.
    pub fn tool(self, tool: Tool) -> TaskWithTools {
        TaskWithTools::from(self).tool(tool)
    }
}

/// Puts a tool's signature in `custom_tools`, replacing one of the same name.
fn announce(request: &mut TaskRequest, tool: &Tool) {
    let signatures = request.custom_tools.get_or_insert_with(Vec::new);
    signatures.retain(|signature| signature.name != tool.name());
    signatures.push(tool.signature().clone());
}

/// Lets `tools` answer the tool calls `handle` receives.
fn answer_with(handle: &TaskHandle, tools: ToolSet) {
    let answerer: Answerer = Arc::new(move |family, call_id, name, input| {
        let tools = tools.clone();
        Box::pin(async move { tools.answer(TaskHandle::from_family(family), call_id, &name, input).await })
    });
    handle.core().set_answerer(answerer);
}

impl SmoothClient {
    /// Submits a task and returns a handle to it at once, without waiting for it to start.
    ///
    /// `task` is a [`TaskRequest`], a request with tools ([`TaskRequest::tool`]), or just
    /// the task's text. The tools are announced to the agent and answered by the handle
    /// while anybody waits on it.
    ///
    /// ```no_run
    /// use smooth_client::prelude::*;
    ///
    /// # async fn demo(client: SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let handle = client.run("Find the top story on Hacker News").await?;
    /// println!("watch it at {}", handle.live_url().await?);
    /// let response = handle.result().await?;
    /// println!("{:?}", response.output);
    /// # Ok(()) }
    /// ```
    pub async fn run(&self, task: impl Into<TaskWithTools>) -> Result<TaskHandle, Error> {
        // Boxed: the submission's state (the request, then its HTTP exchange: several KiB)
        // then lives only while it is sent. A caller's future that awaits `run()` and then
        // the handle would otherwise keep room for it as long as it waits, in every one of
        // thousands of tasks.
        Box::pin(self.submit(task.into())).await
    }

    /// [`SmoothClient::run`]'s work.
    async fn submit(&self, task: TaskWithTools) -> Result<TaskHandle, Error> {
        let TaskWithTools { request, tools } = task;
        let calls_tools = request.custom_tools.as_ref().is_some_and(|signatures| !signatures.is_empty());
        let submitted = self.send(request).await?;
        let handle = TaskHandle::new(self.clone(), submitted.id.clone(), Work::Task, Some(submitted));
        if calls_tools {
            handle.core().expect_tool_calls();
        }
        answer_with(&handle, tools);
        Ok(handle)
    }

    /// A handle to a task submitted earlier (by id), to wait on it or watch it. It has no
    /// custom tools: a tool call reaching it is answered with 400.
    pub fn task_handle(&self, task_id: impl Into<String>) -> TaskHandle {
        TaskHandle::new(self.clone(), task_id.into(), Work::Task, None)
    }

    /// Opens a browser session (a task with `task: null`) and returns its handle at once.
    ///
    /// Close it with [`SessionHandle::close`] when done: an open session keeps costing.
    ///
    /// ```no_run
    /// use smooth_client::prelude::*;
    /// use smooth_client::SessionOptions;
    ///
    /// # async fn demo(client: SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let session = client.session(SessionOptions::new().device(Device::Mobile)).await?;
    /// session.goto("https://news.ycombinator.com").await?;
    /// let title = session.evaluate_js("return document.title", None).await?;
    /// let top = session.run_task("Open the top story").await?;
    /// println!("{} / {:?}", title.output, top.output);
    /// session.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn session(&self, options: SessionOptions) -> Result<SessionHandle, Error> {
        let SessionOptions { mut request, tools, action_timeout } = options;
        request.task = None;
        // Boxed for the same reason as in `run`: a session handle is often held for long.
        let submitted = Box::pin(self.send(request)).await?;
        let work = Work::Session { action_timeout };
        let handle = TaskHandle::new(self.clone(), submitted.id.clone(), work, Some(submitted));
        answer_with(&handle, tools);
        Ok(SessionHandle::from_handle(handle))
    }

    /// Drives a session that was opened elsewhere (another process, an earlier run), by id.
    ///
    /// `resume_after` is an event cursor stored earlier ([`SessionHandle::event_cursor`]):
    /// events up to it are not read again. `None` reads the session's events from the start.
    /// Nothing is sent until the first action; an id the service does not know fails that
    /// action with the service's 404.
    ///
    /// ```no_run
    /// use smooth_client::prelude::*;
    ///
    /// # async fn demo(client: SmoothClient, stored_cursor: i64) -> Result<(), Box<dyn std::error::Error>> {
    /// let session = client.attach_session("a1b2c3", Some(stored_cursor));
    /// session.goto("https://example.com").await?;
    /// let cursor_to_store = session.event_cursor();
    /// # let _ = cursor_to_store;
    /// # Ok(()) }
    /// ```
    pub fn attach_session(&self, session_id: impl Into<String>, resume_after: Option<i64>) -> SessionHandle {
        let work = Work::Session { action_timeout: DEFAULT_ACTION_TIMEOUT };
        let handle = TaskHandle::new(self.clone(), session_id.into(), work, None);
        if let Some(event_t) = resume_after {
            handle.core().resume_after(event_t);
        }
        SessionHandle::from_handle(handle)
    }
}

/// The settings of a new session: those of the official SDK's `session()`, plus the
/// action timeout.
///
/// ```
/// use smooth_client::prelude::*;
/// use smooth_client::SessionOptions;
/// let options = SessionOptions::new()
///     .device(Device::DesktopLg)
///     .profile_id("shopping")
///     .allowed_urls(["https://*.example.com/*"])
///     .use_adblock(false)
///     .enable_recording(false);
/// assert_eq!(options.request().task, None);
/// ```
#[derive(Clone, Debug)]
pub struct SessionOptions {
    request: TaskRequest,
    tools: ToolSet,
    action_timeout: Duration,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            request: TaskRequest::session(),
            tools: ToolSet::default(),
            action_timeout: DEFAULT_ACTION_TIMEOUT,
        }
    }
}

impl From<TaskRequest> for SessionOptions {
    /// Any request's settings; its `task` is ignored (a session has none).
    fn from(mut request: TaskRequest) -> Self {
        request.task = None;
        SessionOptions { request, tools: ToolSet::default(), action_timeout: DEFAULT_ACTION_TIMEOUT }
    }
}

impl SessionOptions {
    /// A session with the service's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The request that will open the session.
    pub fn request(&self) -> &TaskRequest {
        &self.request
    }

    fn map(mut self, change: impl FnOnce(TaskRequest) -> TaskRequest) -> Self {
        self.request = change(self.request);
        self
    }

    /// How long each action may take before it fails with [`TaskError::Timeout`](crate::TaskError::Timeout)
    /// (default [`DEFAULT_ACTION_TIMEOUT`]; a [`RunTask::timeout`](crate::RunTask::timeout) overrides it).
    pub fn action_timeout(mut self, timeout: Duration) -> Self {
        self.action_timeout = timeout;
        self
    }

    /// Ids of uploaded files the agent may use.
    pub fn files(self, file_ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.map(|r| r.files(file_ids))
    }

    /// Adds one metadata entry (a string, number or boolean; at most 16 keys), as
    /// [`TaskRequest::metadata`] does.
    ///
    /// ```
    /// use smooth_client::SessionOptions;
    /// let options = SessionOptions::new().metadata("customer", "acme").metadata("attempt", 2);
    /// assert_eq!(options.request().metadata.as_ref().map(|m| m.len()), Some(2));
    /// ```
    pub fn metadata(self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.map(|r| r.metadata(key, value))
    }

    /// The agent.
    pub fn agent(self, agent: Agent) -> Self {
        self.map(|r| r.agent(agent))
    }

    /// The device profile.
    pub fn device(self, device: Device) -> Self {
        self.map(|r| r.device(device))
    }

    /// URL patterns the browser may visit.
    pub fn allowed_urls(self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.map(|r| r.allowed_urls(urls))
    }

    /// Record a video (default true).
    pub fn enable_recording(self, enable: bool) -> Self {
        self.map(|r| r.enable_recording(enable))
    }

    /// The browser profile to use.
    pub fn profile_id(self, profile_id: impl Into<String>) -> Self {
        self.map(|r| r.profile_id(profile_id))
    }

    /// Do not save changes to the profile.
    pub fn profile_read_only(self, read_only: bool) -> Self {
        self.map(|r| r.profile_read_only(read_only))
    }

    /// Stealth browsing (default true).
    pub fn use_stealth(self, enable: bool) -> Self {
        self.map(|r| r.use_stealth(enable))
    }

    /// A proxy; the password is kept secret.
    pub fn proxy(self, server: impl Into<String>, username: Option<String>, password: Option<String>) -> Self {
        self.map(|r| r.proxy(server, username, password))
    }

    /// Adds a client certificate (see [`Certificate::from_p12_path`]).
    pub fn certificate(self, certificate: Certificate) -> Self {
        self.map(|r| r.certificate(certificate))
    }

    /// Block ads (default true).
    pub fn use_adblock(self, enable: bool) -> Self {
        self.map(|r| r.use_adblock(enable))
    }

    /// Solve captchas (default true).
    pub fn use_captcha_solver(self, enable: bool) -> Self {
        self.map(|r| r.use_captcha_solver(enable))
    }

    /// Enables a built-in tool with its settings.
    pub fn additional_tool(mut self, name: impl Into<String>, settings: Value) -> Self {
        self.request.additional_tools.get_or_insert_with(Map::new).insert(name.into(), settings);
        self
    }

    /// Adds a custom tool the agent may call during `run_task`.
    pub fn tool(mut self, tool: Tool) -> Self {
        announce(&mut self.request, &tool);
        self.tools.add(tool);
        self
    }

    /// Experimental switches.
    pub fn experimental_features(mut self, features: Value) -> Self {
        self.request.experimental_features = Some(features);
        self
    }

    /// Ids of uploaded extensions to load.
    pub fn extensions(self, extension_ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.map(|r| r.extensions(extension_ids))
    }

    /// Show the mouse cursor in recordings.
    pub fn show_cursor(self, show: bool) -> Self {
        self.map(|r| r.show_cursor(show))
    }

    /// The page the browser opens first.
    pub fn url(self, url: impl Into<String>) -> Self {
        self.map(|r| r.url(url))
    }
}
