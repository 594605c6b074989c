//! The URLs the mock hands out (live view, recording, downloads) lead somewhere, so a client
//! that opens them gets an answer. Like the live service's pre-signed URLs, they need no key.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::agent::status::TaskStatus;
use crate::routes::path_id::PathId;
use crate::state::Shared;

/// An empty but valid zip archive (just the end-of-central-directory record).
const EMPTY_ZIP: [u8; 22] = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

pub(crate) async fn live(State(shared): State<Arc<Shared>>, PathId(task_id): PathId) -> Response {
    let now = shared.now_ms();
    let mut world = shared.world();
    let live_session = world.task_mut(&task_id, now).is_ok_and(|task| task.status == TaskStatus::Running);
    if !live_session {
        return (StatusCode::NOT_FOUND, "No live browser for this id").into_response();
    }
    let page = format!("<!doctype html><title>smooth-mock live view</title><p>Live view of {task_id}</p>");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

pub(crate) async fn recording(State(shared): State<Arc<Shared>>, PathId(file_name): PathId) -> Response {
    if !finished_task_exists(&shared, file_name.strip_suffix(".mp4")) {
        return (StatusCode::NOT_FOUND, "No recording").into_response();
    }
    ([(header::CONTENT_TYPE, "video/mp4")], Vec::<u8>::new()).into_response()
}

pub(crate) async fn downloads(State(shared): State<Arc<Shared>>, PathId(file_name): PathId) -> Response {
    if !finished_task_exists(&shared, file_name.strip_suffix(".zip")) {
        return (StatusCode::NOT_FOUND, "No downloads").into_response();
    }
    ([(header::CONTENT_TYPE, "application/zip")], EMPTY_ZIP.to_vec()).into_response()
}

fn finished_task_exists(shared: &Shared, task_id: Option<&str>) -> bool {
    let Some(task_id) = task_id else {
        return false;
    };
    let now = shared.now_ms();
    shared.world().task_mut(task_id, now).is_ok_and(|task| task.status.is_finished())
}
