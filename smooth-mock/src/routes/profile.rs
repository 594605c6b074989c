//! `POST /profile`, `GET /profile`, `DELETE /profile/{id}`.

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

/// `{id?}` → `{id}`; 409 when the id exists.
pub(crate) async fn create(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, ApiError> {
    let object = json_object(&body, true)?;
    let mut violations = Violations::default();
    let mut fields = Fields::new(&object, loc(&["body"]), &mut violations);
    let id = fields.string("id");
    if id.as_deref() == Some("") {
        let location = fields.loc_of("id");
        fields.violations.push(
            &location,
            "string_too_short",
            "String should have at least 1 character",
            Some(&json!("")),
        );
    }
    let id = violations.finish(id)?;
    let id = shared.world().create_profile(id)?;
    Ok(ok(json!({ "id": id })))
}

/// Profiles with their cookie summary (`cookie_domains`, `cookie_count`,
/// `profile_size_bytes`, `last_saved_at`).
pub(crate) async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let world = shared.world();
    let profiles: Vec<Value> = world
        .profiles()
        .iter()
        .map(|profile| {
            let cookie_count = profile.cookie_domains.len() * 3;
            json!({
                "id": profile.id,
                "cookie_domains": profile.cookie_domains,
                "cookie_count": cookie_count,
                "profile_size_bytes": cookie_count * 512,
                "last_saved_at": profile.last_saved_at,
            })
        })
        .collect();
    ok(Value::Array(profiles))
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    PathId(profile_id): PathId,
) -> Result<Response, ApiError> {
    shared.world().delete_profile(&profile_id)?;
    Ok(ok(Value::Bool(true)))
}
