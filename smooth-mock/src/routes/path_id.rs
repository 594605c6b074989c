//! The id in a route's path, percent-decoded (an id containing `/` arrives as `%2F` and is
//! one segment), with FastAPI-shaped errors instead of axum's plain-text ones.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::api_error::ApiError;

/// The single path parameter of a route.
pub(crate) struct PathId(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}
