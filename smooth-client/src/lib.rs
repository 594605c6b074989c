//! Typed async client for the [Smooth](https://smooth.sh) browser-automation API.
//!
//! Every operation of the API is a request struct declared with [`smooth_endpoint`], the
//! same macro you can use for endpoints this crate does not wrap yet. Bring the call
//! methods into scope with the [`prelude`]:
//!
//! ```no_run
//! use smooth_client::prelude::*;
//!
//! # async fn demo() -> Result<(), smooth_client::Error> {
//! let client = SmoothClient::from_env()?;
//! let task = client.submit_task(TaskRequest::new("Find the top story on Hacker News")).await?;
//! println!("submitted {} ({:?})", task.id, task.status);
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]

// Lets the macro's absolute `::smooth_client::...` paths work inside this crate too.
extern crate self as smooth_client;

pub mod api;
mod client;
mod config;
mod convenience;
mod encode;
mod endpoint;
mod error;
pub mod multipart;
mod output;
mod path;
pub mod prelude;
mod response;
mod retry;
mod secret;
mod task;
pub mod types;

pub use client::SmoothClient;
pub use config::{ClientBuilder, DEFAULT_BASE_URL, DEFAULT_FLEET_THRESHOLD, FleetPolling};
pub use convenience::{Extensions, Files, Profiles};
pub use endpoint::{Deprecation, Endpoint, EndpointRequest, Method, RequestBody};
pub use error::{ApiDetail, Error, RequestOutcome, ValidationIssue};
pub use output::{OutputError, schema_of};
pub use secret::Secret;
/// Makes a request struct an endpoint of the Smooth API and gives [`SmoothClient`] a typed
/// call method for it.
///
/// ```text
/// #[smooth_endpoint(METHOD, "PATH" [, deprecated | deprecated = "note"] [, response = Type]
///                   [, name = method_name] [, multipart] [, validate = path::to::check])]
/// ```
///
/// - `METHOD` is `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. `PATH` starts with `/` and is
///   relative to the versioned root (`https://api.smooth.sh/api/v1`); each `{field}` binds the
///   struct field of that name, sent as one percent-encoded segment.
/// - Other fields go to the JSON body for POST/PUT/PATCH and to the query string for
///   GET/DELETE, through serde, so `#[serde(rename, skip_serializing_if, ...)]` apply. Mark a
///   field `#[smooth(query)]` to send it in the query of a request that has a body.
/// - `multipart` sends the fields as multipart/form-data; a [`multipart::FilePart`] field is
///   a file part, strings and numbers are text parts.
/// - `response` defaults to the struct's name with `Request` replaced by `Response`.
/// - `name` defaults to the struct's name without `Request`, in snake_case.
/// - `deprecated` marks the call method `#[deprecated]`, so callers see the note at their line.
/// - `validate` names a `fn(&Self) -> Result<(), smooth_client::Error>` run before sending.
///
/// The macro implements [`Endpoint`] and generates an extension trait named after the call
/// method (`name` in CamelCase plus `Ext`) with the struct's visibility. Import that trait
/// where you call the method; [`SmoothClient::send`] works for any endpoint without import.
///
/// An endpoint this crate does not wrap, declared in your own crate:
///
/// ```no_run
/// use serde::{Deserialize, Serialize};
/// use smooth_client::{smooth_endpoint, SmoothClient};
///
/// /// `POST /task/{task_id}/label?notify=...`
/// #[smooth_endpoint(POST, "/task/{task_id}/label", deprecated = "labels are going away")]
/// #[derive(Debug, Serialize)]
/// pub struct LabelTaskRequest {
///     pub task_id: String,
///     #[smooth(query)]
///     pub notify: bool,
///     pub label: String,
/// }
///
/// #[derive(Debug, Deserialize)]
/// pub struct LabelTaskResponse {
///     pub labels: Vec<String>,
/// }
///
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// // The generated trait `LabelTaskExt` is in scope here because it sits next to the struct.
/// #[allow(deprecated)]
/// let labels = client
///     .label_task(LabelTaskRequest { task_id: "t-1".into(), notify: true, label: "urgent".into() })
///     .await?;
/// # Ok(()) }
/// ```
pub use smooth_macros::smooth_endpoint;
pub use task::action::{ActionResponse, RunTask, SessionSecret};
pub use task::error::{ActionError, TaskError};
pub use task::events::EVENT_BUFFER;
pub use task::handle::{DEFAULT_ARTIFACT_TIMEOUT, DEFAULT_LIVE_URL_TIMEOUT, LiveUrlOptions, TaskHandle};
pub use task::session::{DEFAULT_ACTION_TIMEOUT, SessionHandle};
pub use task::start::{SessionOptions, TaskWithTools};
pub use task::stream::TaskEvents;
pub use task::tool;
pub use tool::{Tool, ToolContext, ToolError};

/// Re-exported so users can pass a ready-made HTTP client to [`ClientBuilder::http_client`].
pub use reqwest;

/// Support for the code `#[smooth_endpoint]` generates. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::encode::{json_body, query_string};
    pub use crate::multipart::MultipartField;
    pub use crate::path::PathBuilder;
    pub use serde;
    pub use smooth_macros::EndpointAttributes;
}
