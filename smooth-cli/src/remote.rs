//! The one place that calls `smooth-client`: commands and the MCP server go through here,
//! so a change of the client's API touches this file only.

use crate::failure::Failure;
use crate::settings::Settings;
use serde_json::{Map, Value, json};
use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;
use std::path::Path;

/// A connection to the Smooth API.
#[derive(Clone)]
pub struct Remote {
    client: SmoothClient,
}

/// What a new session is opened with.
#[derive(Debug, Default)]
pub struct NewSession {
    /// `mobile`, `desktop` or `desktop-lg`.
    pub device: String,
    /// The profile to use.
    pub profile_id: Option<String>,
    /// Do not save changes to the profile.
    pub profile_read_only: bool,
    /// Uploaded file ids.
    pub files: Vec<String>,
    /// URL patterns the browser may visit.
    pub allowed_urls: Vec<String>,
    /// `(server, username, password)`.
    pub proxy: Option<(String, Option<String>, Option<String>)>,
    /// Solve captchas.
    pub captcha_solver: bool,
}

/// A session just opened.
pub struct StartedSession {
    /// Its id.
    pub id: String,
    /// The live view URL for a person (`embed=false`), when it could be had.
    pub live_url: Option<String>,
    /// The embeddable live view URL the sessions file keeps.
    pub live_url_embed: Option<String>,
    /// The event cursor to store.
    pub event_cursor: i64,
}

/// What `run` asks for.
#[derive(Debug)]
pub struct TaskSpec {
    /// What the agent should do.
    pub task: String,
    /// A page to open first.
    pub url: Option<String>,
    /// Metadata as key/value pairs.
    pub metadata: Map<String, Value>,
    /// A JSON schema for the output.
    pub response_model: Option<Value>,
    /// Maximum steps.
    pub max_steps: u32,
}

/// An action's answer: its output and what it cost.
pub struct ActionOutcome {
    /// The output.
    pub output: Value,
    /// Credits used.
    pub credits_used: Option<i64>,
}

impl Remote {
    /// A client for the resolved settings.
    pub fn connect(settings: &Settings) -> Result<Remote, Failure> {
        let mut builder = SmoothClient::builder().api_key(settings.api_key.clone());
        if let Some(url) = &settings.base_url {
            builder = builder.base_url(url.clone());
        }
        Ok(Remote { client: builder.build()? })
    }

    /// Creates a profile; its id.
    pub async fn create_profile(&self, id: Option<&str>) -> Result<String, Failure> {
        let request = match id {
            Some(id) => ProfileRequest::with_id(id),
            None => ProfileRequest::new(),
        };
        Ok(self.client.create_profile(request).await?.id)
    }

    /// Every profile, as the API describes it.
    pub async fn list_profiles(&self) -> Result<Vec<Value>, Failure> {
        let profiles = self.client.list_profiles(ListProfilesRequest::new()).await?;
        Ok(profiles.into_iter().map(|profile| serde_json::to_value(profile).unwrap_or(Value::Null)).collect())
    }

    /// Deletes a profile.
    pub async fn delete_profile(&self, id: &str) -> Result<(), Failure> {
        self.client.delete_profile(DeleteProfileRequest::new(id)).await?;
        Ok(())
    }

    /// Uploads a file from disk; its id.
    pub async fn upload_file(&self, path: &Path, name: Option<&str>, purpose: Option<&str>) -> Result<String, Failure> {
        let mut part = FilePart::path(path);
        if let Some(name) = name {
            part = part.with_file_name(name);
        }
        let mut request = UploadFileRequest::new(part);
        if let Some(purpose) = purpose {
            request = request.purpose(purpose);
        }
        Ok(self.client.upload_file(request).await?.id)
    }

    /// Deletes an uploaded file.
    pub async fn delete_file(&self, id: &str) -> Result<(), Failure> {
        self.client.delete_file(DeleteFileRequest::new(id)).await?;
        Ok(())
    }

    /// Opens a session with the official CLI's defaults (recording, stealth, adblock, cursor,
    /// the screenshot tool) and asks for its live view URLs.
    pub async fn start_session(&self, new: NewSession) -> Result<StartedSession, Failure> {
        let device: Device = serde_json::from_value(json!(new.device))
            .map_err(|_| Failure::usage(format!("unknown device {:?}", new.device)))?;
        let mut options = SessionOptions::new()
            .device(device)
            .enable_recording(true)
            .use_stealth(true)
            .use_adblock(true)
            .show_cursor(true)
            .use_captcha_solver(new.captcha_solver)
            .profile_read_only(new.profile_read_only)
            .additional_tool("screenshot", json!({"full_page": false}));
        if let Some(profile) = new.profile_id {
            options = options.profile_id(profile);
        }
        if !new.files.is_empty() {
            options = options.files(new.files);
        }
        if !new.allowed_urls.is_empty() {
            options = options.allowed_urls(new.allowed_urls);
        }
        if let Some((server, username, password)) = new.proxy {
            options = options.proxy(server, username, password);
        }
        let session = self.client.session(options).await?;
        let live = LiveUrlOptions::new().interactive(true);
        let live_url = session.live_url_with(live.clone().embed(false)).await.ok();
        let live_url_embed = session.live_url_with(live.embed(true)).await.ok();
        Ok(StartedSession {
            id: session.id().to_owned(),
            live_url,
            live_url_embed,
            event_cursor: session.event_cursor(),
        })
    }

    /// A session opened elsewhere, resuming after `cursor`.
    pub fn attach(&self, id: &str, cursor: Option<i64>) -> Session {
        Session { handle: self.client.attach_session(id, cursor) }
    }

    /// Recent tasks, newest first.
    pub async fn list_tasks(&self, limit: u32) -> Result<Vec<Value>, Failure> {
        let tasks = self.client.list_tasks(ListTasksRequest::new().limit(limit)).await?;
        Ok(tasks.into_iter().map(describe_task).collect())
    }

    /// One task as it is now, or once finished with `wait`; the task's own failure is
    /// reported as [`crate::failure::Kind::TaskFailed`] only by the caller, from `status`.
    pub async fn task(&self, id: &str, wait: bool) -> Result<Value, Failure> {
        if wait {
            let handle = self.client.task_handle(id);
            return match handle.result().await {
                Ok(response) => Ok(describe_task(response)),
                Err(error) => match error.response() {
                    Some(response) => Ok(describe_task(response.clone())),
                    None => Err(error.into()),
                },
            };
        }
        Ok(describe_task(self.client.get_task(GetTaskRequest::new(id)).await?))
    }

    /// The status of a task (`None` when the service does not know it).
    pub async fn task_status(&self, id: &str) -> Result<Option<String>, Failure> {
        match self.client.get_task(GetTaskRequest::new(id)).await {
            Ok(task) => Ok(Some(task.status.to_string())),
            Err(error) if error.status() == Some(404) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Runs one task in a fresh browser and waits for it.
    pub async fn run_task_once(&self, spec: TaskSpec) -> Result<Value, Failure> {
        let mut request = TaskRequest::new(spec.task).max_steps(spec.max_steps);
        if let Some(url) = spec.url {
            request = request.url(url);
        }
        if let Some(schema) = spec.response_model {
            request = request.response_model_schema(schema);
        }
        for (key, value) in spec.metadata {
            request = request.metadata(key, value);
        }
        let handle = self.client.run(request).await?;
        let response = handle.result().await?;
        Ok(describe_task(response))
    }
}

/// A session driven from this process.
pub struct Session {
    handle: SessionHandle,
}

impl Session {
    /// The timestamp of the last event read, to store.
    pub fn event_cursor(&self) -> i64 {
        self.handle.event_cursor()
    }

    /// The session's events from now on, each as one line for people.
    pub fn event_lines(&self) -> impl futures_util::Stream<Item = String> + use<> {
        use futures_util::StreamExt;
        self.handle.events().map(|event| match event {
            Ok(event) => describe_event(&event),
            Err(error) => format!("(events: {error})"),
        })
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) -> Result<ActionOutcome, Failure> {
        outcome(self.handle.goto(url).await)
    }

    /// Runs a task in the session.
    pub async fn run(&self, spec: TaskSpec) -> Result<ActionOutcome, Failure> {
        let mut run = RunTask::new(spec.task).max_steps(spec.max_steps);
        if let Some(url) = spec.url {
            run = run.url(url);
        }
        if let Some(schema) = spec.response_model {
            run = run.response_model_schema(schema);
        }
        for (key, value) in spec.metadata {
            run = run.metadata(key, value);
        }
        outcome(self.handle.run_task(run).await)
    }

    /// Extracts data following `schema`.
    pub async fn extract(&self, schema: Value, prompt: &str) -> Result<ActionOutcome, Failure> {
        outcome(self.handle.extract(schema, prompt).await)
    }

    /// Runs JavaScript in the page.
    pub async fn evaluate_js(&self, code: &str, args: Option<Value>) -> Result<ActionOutcome, Failure> {
        outcome(self.handle.evaluate_js(code, args).await)
    }

    /// The interactive live view URL for a person.
    pub async fn live_url(&self) -> Result<String, Failure> {
        Ok(self.handle.live_url_with(LiveUrlOptions::new().interactive(true).embed(false)).await?)
    }

    /// The downloads URL; `None` when the service says nothing was downloaded.
    pub async fn downloads_url(&self) -> Result<Option<String>, Failure> {
        match self.handle.downloads_url().await {
            Ok(url) => Ok(Some(url)),
            Err(TaskError::Unavailable { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Closes the session: at once with `force`, else gracefully.
    pub async fn close(&self, force: bool) -> Result<(), Failure> {
        let closed = if force { self.handle.close().await } else { self.handle.close_gracefully().await };
        Ok(closed?)
    }
}

fn outcome(result: Result<ActionResponse, TaskError>) -> Result<ActionOutcome, Failure> {
    let answer = result?;
    Ok(ActionOutcome { output: answer.output, credits_used: answer.credits_used })
}

/// One event as a line: its kind, the action or tool it is about, and the answer's code.
fn describe_event(event: &smooth_client::types::TaskEvent) -> String {
    let payload = &event.payload;
    let mut line = format!("· {}", event.name);
    if let Some(what) = payload.get("name").and_then(Value::as_str) {
        line.push(' ');
        line.push_str(what);
    }
    if let Some(code) = payload.get("code").and_then(Value::as_i64) {
        line.push_str(&format!(" -> {code}"));
    }
    line
}

/// A task as JSON, without its events (they are not reliable in listings).
fn describe_task(mut task: TaskResponse) -> Value {
    task.events = None;
    let mut value = serde_json::to_value(task).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.retain(|_, field| !field.is_null());
    }
    value
}
