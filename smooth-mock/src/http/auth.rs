//! The `apikey` header check.

use axum::http::{HeaderMap, StatusCode};

use crate::api_error::ApiError;

/// 401 when the header is missing, 403 when the key is wrong.
pub(crate) fn check(headers: &HeaderMap, expected: &str) -> Result<(), ApiError> {
    match headers.get("apikey") {
        None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "Missing API key")),
        Some(key) if key.as_bytes() == expected.as_bytes() => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::FORBIDDEN, "Invalid API key")),
    }
}
