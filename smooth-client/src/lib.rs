//! Typed async client for the [Smooth](https://smooth.sh) browser-automation API.
//!
//! Every operation of the API is a request struct declared with [`smooth_endpoint`], the
//! same macro you can use for endpoints this crate does not wrap yet. There is one way to
//! call any of them: build the request with its constructor (required fields) and setters
//! (optional ones), and pass it to the call method named after the operation. The
//! [`prelude`] brings the request types and their call methods into scope:
//!
//! ```no_run
//! use smooth_client::prelude::*;
//!
//! # async fn demo() -> Result<(), smooth_client::Error> {
//! let client = SmoothClient::from_env()?;
//! let task = client.submit_task(TaskRequest::new("Find the top story on Hacker News")).await?;
//! let task = client.get_task(GetTaskRequest::new(&task.id)).await?;
//! println!("{} is {:?}", task.id, task.status);
//! # Ok(()) }
//! ```
//!
//! Request and answer types are `#[non_exhaustive]`: fields the service adds later do not
//! break your build. [`SmoothClient::send`] is the primitive behind every call method, for
//! code generic over [`Endpoint`]. Workflows over several calls are methods of the client
//! too: [`SmoothClient::run`] (a task handle that waits for the result),
//! [`SmoothClient::session`] (an interactive browser) and their `attach` forms.
//!
//! Cargo features, all off by default: `blocking` (the same API without async, in
//! `smooth_client::blocking`) and `http2` (HTTP/2 negotiated over TLS; without it every
//! request goes over HTTP/1.1 on kept-alive connections).

#![forbid(unsafe_code)]

// Lets the macro's absolute `::smooth_client::...` paths work inside this crate too.
extern crate self as smooth_client;

pub mod api;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod config;
mod encode;
mod endpoint;
mod error;
mod generated;
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
/// where you call the method, as the [`prelude`] does for the built-in ones. The macro works
/// on `#[non_exhaustive]` structs; give yours a constructor, as smooth-client's requests have.
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
/// #[non_exhaustive]
/// pub struct LabelTaskRequest {
///     pub task_id: String,
///     #[smooth(query)]
///     pub notify: bool,
///     pub label: String,
/// }
///
/// impl LabelTaskRequest {
///     pub fn new(task_id: impl Into<String>, label: impl Into<String>) -> Self {
///         LabelTaskRequest { task_id: task_id.into(), notify: true, label: label.into() }
///     }
/// }
///
/// #[derive(Debug, Deserialize)]
/// #[non_exhaustive]
/// pub struct LabelTaskResponse {
///     pub labels: Vec<String>,
/// }
///
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// // The generated trait `LabelTaskExt` is in scope here because it sits next to the struct.
/// #[allow(deprecated)]
/// let labels = client.label_task(LabelTaskRequest::new("t-1", "urgent")).await?;
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

/// The reqwest types that appear in this crate's API, re-exported so you need no
/// reqwest dependency of your own to use them: [`http::Client`] (and its builder, for
/// proxies, custom roots and pool settings) for [`ClientBuilder::http_client`], and
/// [`http::Error`], the source of [`Error::Transport`]. They are reqwest 0.12's types:
/// a crate that depends on reqwest itself must use the same major version to pass its
/// own client.
///
/// ```
/// use smooth_client::{SmoothClient, http};
/// let pool = http::Client::builder().pool_max_idle_per_host(4).build().expect("TLS backend");
/// let client = SmoothClient::builder().api_key("cmzr-your-key").http_client(pool).build()?;
/// # Ok::<(), smooth_client::Error>(())
/// ```
pub mod http {
    pub use reqwest::{Certificate, Client, ClientBuilder, Error, Proxy, redirect};
}

/// Support for the code `#[smooth_endpoint]` generates. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::encode::{JsonObjectBuilder, QueryBuilder, empty_json_body, json_body, query_string};
    pub use crate::generated::{Client, call};
    pub use crate::multipart::MultipartField;
    pub use crate::path::PathBuilder;
    pub use serde;
    pub use smooth_macros::EndpointAttributes;
}
