//! A crate written the way a user's would be: it depends only on `smooth-client` (plus
//! serde and tokio) and declares an endpoint smooth-client does not wrap, with a path
//! parameter, a query field on a POST and a deprecation note.
//!
//! Its request and answer are `#[non_exhaustive]` like smooth-client's own, so they can
//! grow without a breaking release: the request has a constructor for its required fields
//! and setters for the optional ones.
//!
//! The generated extension trait, `LabelTaskExt`, sits next to the struct with the
//! struct's visibility; callers in other modules or crates bring it into scope with
//! `use smooth_downstream::LabelTaskExt;` (or a glob import of this crate's items).

#![deny(warnings, missing_docs)]

use serde::{Deserialize, Serialize};
use smooth_client::prelude::*;
use smooth_client::smooth_endpoint;

/// `POST /task/{task_id}/label?notify=...`: puts a label on a task.
#[smooth_endpoint(POST, "/task/{task_id}/label", deprecated = "labels are going away; use task metadata instead")]
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct LabelTaskRequest {
    /// The task to label (a path parameter).
    pub task_id: String,
    /// Whether to notify the task's watchers (sent in the query string).
    #[smooth(query)]
    pub notify: bool,
    /// The label (sent in the JSON body).
    pub label: String,
    /// A colour for the label, left out of the body when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

impl LabelTaskRequest {
    /// Puts `label` on `task_id`, without notifying anybody.
    pub fn new(task_id: impl Into<String>, label: impl Into<String>) -> Self {
        LabelTaskRequest { task_id: task_id.into(), notify: false, label: label.into(), colour: None }
    }

    /// Whether to notify the task's watchers.
    pub fn notify(mut self, notify: bool) -> Self {
        self.notify = notify;
        self
    }

    /// The label's colour.
    pub fn colour(mut self, colour: impl Into<String>) -> Self {
        self.colour = Some(colour.into());
        self
    }
}

/// The answer to [`LabelTaskRequest`]: every label the task now has.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct LabelTaskResponse {
    /// The task's labels.
    pub labels: Vec<String>,
}

/// Labels `task_id` and notifies its watchers: the typed call a user would write.
pub async fn label_and_notify(client: &SmoothClient, task_id: &str, label: &str) -> Result<Vec<String>, Error> {
    // We call our own deprecated endpoint knowingly.
    #[allow(deprecated)]
    let answer = client.label_task(LabelTaskRequest::new(task_id, label).notify(true)).await?;
    Ok(answer.labels)
}

/// Every built-in request a typical program builds, made with its constructor and setters
/// only (struct literals of smooth-client's types do not compile outside it). Returned in
/// a list so a test can check what each would send.
pub fn built_in_requests() -> (Vec<(&'static str, String)>, TaskRequest, SessionOptions) {
    let paths = vec![
        ("get_task", path_of(GetTaskRequest::new("t-1").event_t(5).downloads(true))),
        ("cancel_task", path_of(CancelTaskRequest::new("t-1"))),
        ("list_tasks", path_of(ListTasksRequest::new().limit(3).before(1_700_000_000))),
        ("send_task_event", path_of(TaskEvent::new("t-1", "session_action", serde_json::json!({})).id("e-1"))),
        ("create_profile", path_of(ProfileRequest::with_id("shopping"))),
        ("list_profiles", path_of(ListProfilesRequest::new())),
        ("delete_profile", path_of(DeleteProfileRequest::new("shopping"))),
        ("upload_file", path_of(UploadFileRequest::from_bytes(b"a,b".to_vec(), "t.csv").purpose("a table"))),
        ("delete_file", path_of(DeleteFileRequest::new("f-1"))),
        ("upload_extension", path_of(UploadExtensionRequest::from_bytes(b"PK".to_vec(), "x.zip"))),
        ("list_extensions", path_of(ListExtensionsRequest::new())),
        ("delete_extension", path_of(DeleteExtensionRequest::new("x-1"))),
        (
            "update_task",
            path_of(UpdateTaskRequest::new("t-1", ToolResponse::new("call-1", 200, serde_json::json!("ok")))),
        ),
    ];
    let task = TaskRequest::new("Find the top story")
        .max_steps(8)
        .device(Device::Mobile)
        .metadata("customer", "acme")
        .custom_tool(ToolSignature::new("lookup", "Looks a word up", serde_json::json!({"type": "object"})))
        .certificate(Certificate::from_base64("MII=", Some("pw")));
    let session = SessionOptions::new().metadata("customer", "acme").profile_id("shopping");
    (paths, task, session)
}

fn path_of(endpoint: impl Endpoint) -> String {
    match endpoint.into_request() {
        Ok(request) => format!("{} {}", request.method(), request.path()),
        Err(error) => format!("invalid: {error}"),
    }
}
