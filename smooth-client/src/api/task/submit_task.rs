use crate::api::validate;
use crate::error::Error;
use crate::output::schema_of;
use crate::secret::Secret;
use crate::types::{Agent, Certificate, Device, TaskResponse, ToolSignature};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `POST /task`: starts a task, or a session when `task` is `None`.
///
/// Every field of the spec's `TaskRequest` plus those the official SDKs send
/// (`use_stealth`, `use_captcha_solver`, `session_id`). Build one with [`TaskRequest::new`]
/// and the setters; `max_steps` and `metadata` are checked before anything is sent.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let task = client
///     .submit_task(TaskRequest::new("Find the cheapest flight to Lisbon").max_steps(16).device(Device::Mobile))
///     .await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/task", name = submit_task, validate = Self::check)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskRequest {
    /// What the agent should do; `None` opens an interactive session.
    pub task: Option<String>,
    /// A JSON schema the output must follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_model: Option<serde_json::Value>,
    /// The page to start from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Variables for the task: at most 16 keys; strings, numbers or booleans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Ids of uploaded files the agent may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
    /// Which agent runs the task.
    #[serde(default)]
    pub agent: Agent,
    /// The step limit, 2..=128 (default 32).
    #[serde(default = "default_max_steps")]
    pub max_steps: u32,
    /// The browser's device profile.
    #[serde(default)]
    pub device: Device,
    /// URL patterns the agent may visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_urls: Option<Vec<String>>,
    /// Record a video of the run (default true).
    #[serde(default = "yes")]
    pub enable_recording: bool,
    /// The browser profile to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
    /// Do not save changes to the profile.
    #[serde(default)]
    pub profile_read_only: bool,
    /// Deprecated by the service and ignored; see `use_stealth`.
    #[serde(default)]
    pub stealth_mode: bool,
    /// Stealth browsing (default true).
    #[serde(default = "yes")]
    pub use_stealth: bool,
    /// Solve captchas (default true).
    #[serde(default = "yes")]
    pub use_captcha_solver: bool,
    /// The deprecated name of `profile_id`, sent alongside it as the official SDKs do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// A proxy server address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_server: Option<String>,
    /// The proxy user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_username: Option<String>,
    /// The proxy password (secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_password: Option<Secret<String>>,
    /// Client certificates (secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<Certificate>>,
    /// Block ads (default true).
    #[serde(default = "some_yes", skip_serializing_if = "Option::is_none")]
    pub use_adblock: Option<bool>,
    /// Built-in tools to enable, with their settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_tools: Option<serde_json::Map<String, serde_json::Value>>,
    /// Custom tools the agent may call back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_tools: Option<Vec<ToolSignature>>,
    /// Experimental switches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experimental_features: Option<serde_json::Value>,
    /// Ids of uploaded extensions to load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<String>>,
    /// Show the mouse cursor in recordings.
    #[serde(default)]
    pub show_cursor: bool,
}

fn default_max_steps() -> u32 {
    32
}

fn yes() -> bool {
    true
}

fn some_yes() -> Option<bool> {
    Some(true)
}

impl Default for TaskRequest {
    fn default() -> Self {
        TaskRequest {
            task: None,
            response_model: None,
            url: None,
            metadata: None,
            files: None,
            agent: Agent::default(),
            max_steps: default_max_steps(),
            device: Device::default(),
            allowed_urls: None,
            enable_recording: true,
            profile_id: None,
            profile_read_only: false,
            stealth_mode: false,
            use_stealth: true,
            use_captcha_solver: true,
            session_id: None,
            proxy_server: None,
            proxy_username: None,
            proxy_password: None,
            certificates: None,
            use_adblock: Some(true),
            additional_tools: None,
            custom_tools: None,
            experimental_features: None,
            extensions: None,
            show_cursor: false,
        }
    }
}

impl From<&str> for TaskRequest {
    fn from(task: &str) -> Self {
        TaskRequest::new(task)
    }
}

impl From<String> for TaskRequest {
    fn from(task: String) -> Self {
        TaskRequest::new(task)
    }
}

impl TaskRequest {
    /// A one-shot task described in plain language.
    pub fn new(task: impl Into<String>) -> Self {
        TaskRequest { task: Some(task.into()), ..Self::default() }
    }

    /// An interactive session: a task with `task: null` that waits for actions.
    pub fn session() -> Self {
        Self::default()
    }

    /// The page to start from.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The step limit (2..=128).
    pub fn max_steps(mut self, max_steps: u32) -> Self {
        self.max_steps = max_steps;
        self
    }

    /// The device profile.
    pub fn device(mut self, device: Device) -> Self {
        self.device = device;
        self
    }

    /// The agent.
    pub fn agent(mut self, agent: Agent) -> Self {
        self.agent = agent;
        self
    }

    /// A JSON schema the output must follow.
    pub fn response_model_schema(mut self, schema: serde_json::Value) -> Self {
        self.response_model = Some(schema);
        self
    }

    /// Asks for output following the JSON schema of `T`; decode it with
    /// [`TaskResponse::output_as`]. [`TaskRequest::response_model_schema`] takes a raw schema.
    ///
    /// ```
    /// use smooth_client::prelude::*;
    ///
    /// #[derive(serde::Deserialize, schemars::JsonSchema)]
    /// struct Story { title: String, points: u32 }
    ///
    /// let request = TaskRequest::new("The top story on Hacker News").response_model::<Story>();
    /// assert_eq!(request.response_model.unwrap()["title"], "Story");
    /// ```
    pub fn response_model<T: JsonSchema>(self) -> Self {
        self.response_model_schema(schema_of::<T>())
    }

    /// Adds one metadata entry (a string, number or boolean).
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.metadata.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }

    /// Ids of uploaded files the agent may use.
    pub fn files(mut self, file_ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.files = Some(file_ids.into_iter().map(Into::into).collect());
        self
    }

    /// URL patterns the agent may visit.
    pub fn allowed_urls(mut self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.allowed_urls = Some(urls.into_iter().map(Into::into).collect());
        self
    }

    /// Record a video of the run.
    pub fn enable_recording(mut self, enable: bool) -> Self {
        self.enable_recording = enable;
        self
    }

    /// The browser profile to use (also sent as the deprecated `session_id`).
    pub fn profile_id(mut self, profile_id: impl Into<String>) -> Self {
        let profile_id = profile_id.into();
        self.session_id = Some(profile_id.clone());
        self.profile_id = Some(profile_id);
        self
    }

    /// Do not save changes to the profile.
    pub fn profile_read_only(mut self, read_only: bool) -> Self {
        self.profile_read_only = read_only;
        self
    }

    /// Stealth browsing.
    pub fn use_stealth(mut self, enable: bool) -> Self {
        self.use_stealth = enable;
        self
    }

    /// Captcha solving.
    pub fn use_captcha_solver(mut self, enable: bool) -> Self {
        self.use_captcha_solver = enable;
        self
    }

    /// Ad blocking.
    pub fn use_adblock(mut self, enable: bool) -> Self {
        self.use_adblock = Some(enable);
        self
    }

    /// A proxy; the password is kept secret.
    pub fn proxy(mut self, server: impl Into<String>, username: Option<String>, password: Option<String>) -> Self {
        self.proxy_server = Some(server.into());
        self.proxy_username = username;
        self.proxy_password = password.map(Secret::new);
        self
    }

    /// Adds a client certificate.
    pub fn certificate(mut self, certificate: Certificate) -> Self {
        self.certificates.get_or_insert_with(Vec::new).push(certificate);
        self
    }

    /// Ids of uploaded extensions to load.
    pub fn extensions(mut self, extension_ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.extensions = Some(extension_ids.into_iter().map(Into::into).collect());
        self
    }

    /// Announces a custom tool's signature (see the task handles for tools with code).
    pub fn custom_tool(mut self, signature: ToolSignature) -> Self {
        self.custom_tools.get_or_insert_with(Vec::new).push(signature);
        self
    }

    /// Show the mouse cursor in recordings.
    pub fn show_cursor(mut self, show: bool) -> Self {
        self.show_cursor = show;
        self
    }

    /// Checks what the service would refuse, before sending.
    pub fn check(&self) -> Result<(), Error> {
        validate::max_steps(self.max_steps)?;
        if let Some(metadata) = &self.metadata {
            validate::metadata(metadata)?;
        }
        Ok(())
    }
}
