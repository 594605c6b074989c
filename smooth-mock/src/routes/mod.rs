//! The API routes, one file per group of the spec's tags. Paths are relative to `/api/v1`.

mod artifacts;
mod browser_session;
mod extension;
mod file;
mod path_id;
mod profile;
mod task;
mod task_event;

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};

use crate::api_error::ApiError;
use crate::state::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/task", post(task::submit).get(task::list))
        .route("/task/{task_id}", get(task::get).delete(task::cancel).put(task_event::legacy_tool_response))
        .route("/task/{task_id}/event", post(task_event::send))
        .route("/profile", post(profile::create).get(profile::list))
        .route("/profile/{profile_id}", delete(profile::delete))
        .route("/file", post(file::upload))
        .route("/file/{file_id}", delete(file::delete))
        .route("/extension", post(extension::upload).get(extension::list))
        // The spec names the first path; the official SDKs call the second.
        .route("/browser/extension/{extension_id}", delete(extension::delete))
        .route("/extension/{extension_id}", delete(extension::delete))
        .route("/browser/session", post(browser_session::open))
        .route("/browser/session/{live_id}", delete(browser_session::close))
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest("/api/v1", api)
        .route("/mock/live/{task_id}", get(artifacts::live))
        .route("/mock/recordings/{file_name}", get(artifacts::recording))
        .route("/mock/downloads/{file_name}", get(artifacts::downloads))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(shared)
}

async fn not_found() -> Response {
    ApiError::not_found("Not Found").into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(axum::http::StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response()
}
