//! Task, event and browser-session models.

use crate::Secret;
use crate::api::task::TaskEvent;
use crate::types::{Device, TaskStatus};
use serde::{Deserialize, Serialize};

/// A task as the service reports it (`GET /task/{id}`, `POST /task`, `GET /task`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskResponse {
    /// The task id.
    pub id: String,
    /// Where the task is in its life.
    pub status: TaskStatus,
    /// The agent's result: text, or a value matching the task's `response_model`.
    #[serde(default)]
    pub output: Option<serde_json::Value>,
    /// Credits charged so far.
    #[serde(default)]
    pub credits_used: Option<i64>,
    /// The browser's device profile.
    #[serde(default)]
    pub device: Option<Device>,
    /// The live view, only while the task is waiting or running.
    #[serde(default)]
    pub live_url: Option<String>,
    /// `None`: not known yet; `Some("")`: there is none (recording disabled).
    #[serde(default)]
    pub recording_url: Option<String>,
    /// `None`: not known yet or not asked for; `Some("")`: nothing was downloaded.
    #[serde(default)]
    pub downloads_url: Option<String>,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Events newer than the `event_t` asked for, oldest first.
    #[serde(default)]
    pub events: Option<Vec<TaskEvent>>,
}

/// A custom tool as announced to the agent in `custom_tools`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolSignature {
    /// The name the agent calls it by.
    pub name: String,
    /// What it does, for the agent.
    pub description: String,
    /// A JSON schema of its input object.
    pub inputs: serde_json::Value,
    /// What it returns, for the agent.
    pub output: String,
}

/// A client certificate: a base64-encoded `.p12` file and its password, both secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    /// Base64 of the `.p12` file.
    pub file: Secret<String>,
    /// The file's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret<String>>,
}

/// The answer to `POST /task/{id}/event`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskEventResponse {
    /// The event id.
    pub id: String,
}

/// A tool answer in the legacy `PUT /task/{id}` form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolResponse {
    /// The id of the `tool_call` event answered.
    pub id: String,
    /// 200 success, 400 the tool failed, 500 an essential tool failed.
    pub code: u16,
    /// The tool's output or error message.
    pub output: serde_json::Value,
}

/// The answer to the deprecated `POST /browser/session`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrowserSessionResponse {
    /// The browser profile used.
    pub profile_id: String,
    /// The live session id.
    #[serde(default)]
    pub live_id: Option<String>,
    /// The live view URL.
    #[serde(default)]
    pub live_url: Option<String>,
}
