use crate::secret::Secret;
use crate::types::{BrowserSessionResponse, Device};
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `POST /browser/session` (deprecated): opens an interactive browser for 5 minutes.
/// Use a session task instead (`TaskRequest::session()`, then events).
#[smooth_endpoint(
    POST,
    "/browser/session",
    deprecated = "use a session task instead: POST /task with `task: null` (TaskRequest::session()), then send actions with send_task_event",
    name = open_browser_session
)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BrowserSessionRequest {
    /// The profile to use; a new one is created when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
    /// Ask for a live URL (default true).
    #[serde(default = "yes")]
    pub live_view: bool,
    /// The device profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The page to open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A proxy server address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_server: Option<String>,
    /// The proxy user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_username: Option<String>,
    /// The proxy password (secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_password: Option<Secret<String>>,
    /// Ids of extensions to load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

impl Default for BrowserSessionRequest {
    fn default() -> Self {
        BrowserSessionRequest {
            profile_id: None,
            live_view: true,
            device: Some(Device::Desktop),
            url: None,
            proxy_server: None,
            proxy_username: None,
            proxy_password: None,
            extensions: None,
        }
    }
}

impl BrowserSessionRequest {
    /// A live browser with default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use this profile.
    pub fn profile_id(mut self, profile_id: impl Into<String>) -> Self {
        self.profile_id = Some(profile_id.into());
        self
    }

    /// Open this page.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}
