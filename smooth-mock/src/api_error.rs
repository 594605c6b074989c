//! Error answers in the live service's shapes: `{"detail": "..."}`, and for 422 a
//! FastAPI-style list of validation errors.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answer: a status and the value of `detail`.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) detail: Value,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, detail: Value::String(detail.into()) }
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub(crate) fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    pub(crate) fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }

    /// A 422 carrying the collected validation errors.
    pub(crate) fn unprocessable(errors: Violations) -> Self {
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, detail: Value::Array(errors.into_list()) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({ "detail": self.detail }))).into_response()
    }
}

/// Validation errors collected over a whole request, so one answer reports every mistake (as
/// FastAPI does).
#[derive(Debug, Default)]
pub(crate) struct Violations {
    errors: Vec<Value>,
}

impl Violations {
    /// Records one error. `loc` is the path to the bad value, e.g. `["body", "max_steps"]`.
    pub(crate) fn push(&mut self, loc: &[Value], kind: &str, msg: impl Into<String>, input: Option<&Value>) {
        let mut error = json!({ "type": kind, "loc": loc, "msg": msg.into() });
        if let (Some(input), Some(object)) = (input, error.as_object_mut()) {
            object.insert("input".to_owned(), input.clone());
        }
        self.errors.push(error);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub(crate) fn into_list(self) -> Vec<Value> {
        self.errors
    }

    /// `Ok(value)` when nothing was recorded, otherwise the 422 answer.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, ApiError> {
        if self.is_empty() { Ok(value) } else { Err(ApiError::unprocessable(self)) }
    }
}

/// Builds a `loc` entry list from string segments.
pub(crate) fn loc(segments: &[&str]) -> Vec<Value> {
    segments.iter().map(|segment| Value::String((*segment).to_owned())).collect()
}

/// A successful answer: `{"r": payload}` with the given status (200 or 202).
pub(crate) fn envelope(status: StatusCode, payload: Value) -> Response {
    (status, axum::Json(json!({ "r": payload }))).into_response()
}

/// A 200 answer `{"r": payload}`.
pub(crate) fn ok(payload: Value) -> Response {
    envelope(StatusCode::OK, payload)
}
