//! `POST /task`, `GET /task`, `GET /task/{id}`, `DELETE /task/{id}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::agent::view::{ViewOptions, task_json};
use crate::api_error::{ApiError, Violations, envelope, ok};
use crate::request::body::json_object;
use crate::request::query::Query;
use crate::request::task_request;
use crate::routes::path_id::PathId;
use crate::state::Shared;

pub(crate) async fn submit(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, ApiError> {
    let object = json_object(&body, false)?;
    let spec = task_request::parse(&object)?;
    let now = shared.now_ms();
    let mut world = shared.world();
    let recording_delay = world.timings().recording_delay;
    let task = world.submit(spec, now)?;
    let view = task_json(task, &shared.origin, now, recording_delay, ViewOptions::default());
    Ok(ok(view))
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let mut violations = Violations::default();
    let before = query.integer("t", i64::MIN, i64::MAX, &mut violations);
    let limit = query.integer("l", 1, 128, &mut violations).unwrap_or(32);
    let limit = violations.finish(usize::try_from(limit).unwrap_or(32))?;
    let now = shared.now_ms();
    let mut world = shared.world();
    let recording_delay = world.timings().recording_delay;
    let tasks: Vec<Value> = world
        .list_tasks(now, before, limit)
        .into_iter()
        .map(|task| task_json(task, &shared.origin, now, recording_delay, ViewOptions::default()))
        .collect();
    Ok(ok(Value::Array(tasks)))
}

/// 202 while the task is waiting or running, 200 once it has ended; same envelope.
pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    PathId(task_id): PathId,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let mut violations = Violations::default();
    let event_t = query.integer("event_t", i64::MIN, i64::MAX, &mut violations).unwrap_or(0);
    let downloads = query.boolean("downloads", &mut violations).unwrap_or(false);
    violations.finish(())?;
    let after = u64::try_from(event_t).unwrap_or(0);

    let now = shared.now_ms();
    let mut world = shared.world();
    let recording_delay = world.timings().recording_delay;
    let task = world.task_mut(&task_id, now)?;
    let mut events = task.poll_events(after);
    if let Some(page) = shared.config.events_per_poll {
        events.truncate(page);
    }
    let options = ViewOptions { events: Some(events), downloads };
    let view = task_json(task, &shared.origin, now, recording_delay, options);
    task.note_poll(after, now);
    let status = if task.status.is_finished() { StatusCode::OK } else { StatusCode::ACCEPTED };
    Ok(envelope(status, view))
}

pub(crate) async fn cancel(State(shared): State<Arc<Shared>>, PathId(task_id): PathId) -> Result<Response, ApiError> {
    let now = shared.now_ms();
    shared.world().cancel_task(&task_id, now)?;
    Ok(ok(Value::Bool(true)))
}
