//! `POST /task/{id}/event` and the legacy `PUT /task/{id}` (`tool_response`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api_error::{ApiError, Violations, loc, ok};
use crate::fields::Fields;
use crate::request::body::json_object;
use crate::routes::path_id::PathId;
use crate::state::Shared;

/// Answers `{id}`: the client's event id, or a generated one when it sent none.
pub(crate) async fn send(
    State(shared): State<Arc<Shared>>,
    PathId(task_id): PathId,
    body: Bytes,
) -> Result<Response, ApiError> {
    let object = json_object(&body, false)?;
    let mut violations = Violations::default();
    let mut fields = Fields::new(&object, loc(&["body"]), &mut violations);
    let has_name = fields.require("name");
    let has_payload = fields.require("payload");
    let name = fields.string("name");
    let payload = fields.object("payload").map(|payload| Value::Object(payload.clone()));
    let event_id = fields.string("id");
    let (name, payload) = match (has_name && has_payload, name, payload) {
        (true, Some(name), Some(payload)) => violations.finish((name, payload))?,
        _ => return Err(ApiError::unprocessable(violations)),
    };

    let now = shared.now_ms();
    let mut world = shared.world();
    let event_id = match event_id.filter(|id| !id.is_empty()) {
        Some(id) => id,
        None => world.client_event_id(),
    };
    world.task_event(&task_id, &name, event_id.clone(), &payload, now)?;
    Ok(ok(json!({ "id": event_id })))
}

/// The deprecated way to answer a tool call: `{tool_response: {id, code, output}}`.
pub(crate) async fn legacy_tool_response(
    State(shared): State<Arc<Shared>>,
    PathId(task_id): PathId,
    body: Bytes,
) -> Result<Response, ApiError> {
    let object = json_object(&body, false)?;
    let mut violations = Violations::default();
    let mut fields = Fields::new(&object, loc(&["body"]), &mut violations);
    let Some(tool_response) = fields.object("tool_response") else {
        fields.require("tool_response");
        if violations.is_empty() {
            return Err(ApiError::bad_request("Nothing to update: send a tool_response"));
        }
        return Err(ApiError::unprocessable(violations));
    };
    let mut response_fields = Fields::new(tool_response, loc(&["body", "tool_response"]), &mut violations);
    let has_all = response_fields.require_all(&["id", "code", "output"]);
    let event_id = response_fields.string("id");
    let code = response_fields.integer_in("code", 200, i64::MIN, i64::MAX);
    let output = tool_response.get("output").cloned().unwrap_or(Value::Null);
    let event_id = match (has_all, event_id) {
        (true, Some(id)) => violations.finish(id)?,
        _ => return Err(ApiError::unprocessable(violations)),
    };

    let now = shared.now_ms();
    shared.world().legacy_tool_response(&task_id, &event_id, code, output, now)?;
    Ok(ok(Value::Bool(true)))
}
