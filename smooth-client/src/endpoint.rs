//! The contract every endpoint fulfils. `#[smooth_endpoint]` implements it; it can also be
//! implemented by hand.

use crate::error::Error;
use crate::multipart::MultipartBody;
use serde::de::DeserializeOwned;

/// HTTP methods used by Smooth endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as written on the wire, e.g. `"POST"`.
    ///
    /// ```
    /// assert_eq!(smooth_client::Method::Delete.as_str(), "DELETE");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once, which is
    /// what makes a retry after an unknown outcome safe.
    ///
    /// ```
    /// assert!(smooth_client::Method::Get.is_idempotent());
    /// assert!(!smooth_client::Method::Post.is_idempotent());
    /// ```
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Marks an endpoint as deprecated, with the note shown to callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deprecation {
    note: Option<&'static str>,
}

impl Deprecation {
    /// Deprecated, with a note such as "use a session task instead".
    pub const fn with_note(note: &'static str) -> Self {
        Deprecation { note: Some(note) }
    }

    /// Deprecated, without a note.
    pub const fn without_note() -> Self {
        Deprecation { note: None }
    }

    /// The note, if any.
    ///
    /// ```
    /// use smooth_client::{Endpoint, api::browser::BrowserSessionRequest};
    /// let note = BrowserSessionRequest::DEPRECATION.and_then(|d| d.note());
    /// assert!(note.unwrap_or_default().contains("session"));
    /// ```
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }
}

/// A request body.
///
/// `Debug` prints the body's size and field names, never its content: a body may carry
/// a proxy password or certificate.
pub enum RequestBody {
    /// No body (GET and DELETE).
    Empty,
    /// A serialized JSON document.
    Json(Vec<u8>),
    /// A multipart/form-data form.
    Multipart(MultipartBody),
}

impl std::fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Json(bytes) => write!(f, "Json({} bytes)", bytes.len()),
            RequestBody::Multipart(form) => {
                f.debug_tuple("Multipart").field(&form.field_names().collect::<Vec<_>>()).finish()
            }
        }
    }
}

impl RequestBody {
    /// Checks before the first attempt that the body can be sent (upload paths exist).
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self {
            RequestBody::Multipart(form) => form.check(),
            RequestBody::Empty | RequestBody::Json(_) => Ok(()),
        }
    }

    /// Whether the body can be sent again for a retry (a reader can be read only once).
    pub(crate) fn replayable(&self) -> bool {
        match self {
            RequestBody::Multipart(form) => form.replayable(),
            RequestBody::Empty | RequestBody::Json(_) => true,
        }
    }
}

/// A request ready to send: everything but the base URL and the credentials.
#[derive(Debug)]
pub struct EndpointRequest {
    method: Method,
    path: String,
    query: Option<String>,
    body: RequestBody,
}

impl EndpointRequest {
    /// Assembles a request. `path` must already be percent-encoded (see [`Endpoint`]).
    ///
    /// ```
    /// use smooth_client::{EndpointRequest, Method, RequestBody};
    /// let request = EndpointRequest::new(Method::Get, "/profile".into(), None, RequestBody::Empty);
    /// assert_eq!(request.path(), "/profile");
    /// ```
    pub fn new(method: Method, path: String, query: Option<String>, body: RequestBody) -> Self {
        EndpointRequest { method, path, query, body }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The rendered, percent-encoded path, relative to the versioned root (`/task/abc`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The URL-encoded query string without `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The body.
    pub fn body(&self) -> &RequestBody {
        &self.body
    }
}

/// One operation of the Smooth API: its method, path and response as constant data, and
/// how a value of the request type becomes an HTTP request.
///
/// `#[smooth_endpoint]` implements this for you. Implementing it by hand works too:
///
/// ```
/// use smooth_client::{Endpoint, EndpointRequest, Error, Method, RequestBody};
///
/// /// `GET /extension`, written without the macro.
/// struct ListMyExtensions;
///
/// impl Endpoint for ListMyExtensions {
///     type Response = Vec<smooth_client::types::Extension>;
///     const METHOD: Method = Method::Get;
///     const PATH: &'static str = "/extension";
///     const DEPRECATION: Option<smooth_client::Deprecation> = None;
///
///     fn into_request(self) -> Result<EndpointRequest, Error> {
///         Ok(EndpointRequest::new(Self::METHOD, Self::PATH.to_owned(), None, RequestBody::Empty))
///     }
/// }
/// ```
pub trait Endpoint {
    /// What the `r` field of a successful answer decodes into.
    type Response: DeserializeOwned;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template relative to the versioned root, e.g. `/task/{task_id}`.
    const PATH: &'static str;
    /// `Some` when the operation is deprecated.
    const DEPRECATION: Option<Deprecation>;

    /// Renders the path (percent-encoding each parameter), query and body. Fails with
    /// [`Error::InvalidInput`] before anything is sent when the request is unusable.
    fn into_request(self) -> Result<EndpointRequest, Error>;
}
