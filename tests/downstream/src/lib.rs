//! A crate written the way a user's would be: it depends only on `smooth-client` (plus
//! serde and tokio) and declares an endpoint smooth-client does not wrap, with a path
//! parameter, a query field on a POST and a deprecation note.
//!
//! The generated extension trait, `LabelTaskExt`, sits next to the struct with the
//! struct's visibility; callers in other modules or crates bring it into scope with
//! `use smooth_downstream::LabelTaskExt;` (or a glob import of this crate's items).

#![deny(warnings, missing_docs)]

use serde::{Deserialize, Serialize};
use smooth_client::{Error, SmoothClient, smooth_endpoint};

/// `POST /task/{task_id}/label?notify=...`: puts a label on a task.
#[smooth_endpoint(POST, "/task/{task_id}/label", deprecated = "labels are going away; use task metadata instead")]
#[derive(Clone, Debug, Serialize)]
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

/// The answer to [`LabelTaskRequest`]: every label the task now has.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LabelTaskResponse {
    /// The task's labels.
    pub labels: Vec<String>,
}

/// Labels `task_id` and notifies its watchers: the typed call a user would write.
pub async fn label_and_notify(client: &SmoothClient, task_id: &str, label: &str) -> Result<Vec<String>, Error> {
    let request = LabelTaskRequest { task_id: task_id.to_owned(), notify: true, label: label.to_owned(), colour: None };
    // We call our own deprecated endpoint knowingly.
    #[allow(deprecated)]
    let answer = client.label_task(request).await?;
    Ok(answer.labels)
}
