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
mod endpoint;
mod error;
pub mod multipart;
mod path;
pub mod prelude;
mod response;
mod retry;
mod secret;
pub mod types;

pub use client::SmoothClient;
pub use config::{ClientBuilder, DEFAULT_BASE_URL};
pub use endpoint::{Deprecation, Endpoint, EndpointRequest, Method, RequestBody};
pub use error::{ApiDetail, Error, RequestOutcome, ValidationIssue};
pub use secret::Secret;
pub use smooth_macros::smooth_endpoint;

/// Re-exported so users can pass a ready-made HTTP client to [`ClientBuilder::http_client`].
pub use reqwest;

/// Support for the code `#[smooth_endpoint]` generates. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::multipart::MultipartField;
    pub use crate::path::PathBuilder;
    pub use serde;
    pub use smooth_macros::EndpointAttributes;

    /// The query string of a serialized helper, or `None` when it is empty.
    pub fn query_string<T: serde::Serialize>(query: &T) -> Result<Option<String>, crate::Error> {
        let encoded = serde_urlencoded::to_string(query).map_err(|err| crate::Error::InvalidInput {
            field: "query".to_owned(),
            reason: format!("cannot encode the query string: {err}"),
        })?;
        Ok((!encoded.is_empty()).then_some(encoded))
    }

    /// The JSON body of a serialized helper.
    pub fn json_body<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, crate::Error> {
        serde_json::to_vec(body).map_err(|err| crate::Error::InvalidInput {
            field: "body".to_owned(),
            reason: format!("cannot encode the JSON body: {err}"),
        })
    }
}
