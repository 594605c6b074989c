//! The deprecated `POST /browser/session` and `DELETE /browser/session/{live_id}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::agent::view::live_url;
use crate::api_error::{ApiError, Violations, loc, ok};
use crate::fields::Fields;
use crate::request::body::json_object;
use crate::request::task_request::DEVICES;
use crate::routes::path_id::PathId;
use crate::state::Shared;

/// `BrowserSessionRequest` → `{profile_id, live_id, live_url}`.
pub(crate) async fn open(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, ApiError> {
    let object = json_object(&body, true)?;
    let mut violations = Violations::default();
    let mut fields = Fields::new(&object, loc(&["body"]), &mut violations);
    let profile_id = fields.string("profile_id").or_else(|| fields.string("session_id"));
    let live_view = fields.boolean("live_view", true);
    fields.literal("device", "desktop", DEVICES);
    for text in ["url", "proxy_server", "proxy_username", "proxy_password"] {
        fields.string(text);
    }
    fields.string_list("extensions");
    fields.boolean("use_stealth", true);
    violations.finish(())?;

    let session = shared.world().open_browser_session(profile_id);
    let live = live_view.then(|| live_url(&shared.origin, &session.live_id));
    Ok(ok(json!({
        "profile_id": session.profile_id,
        "live_id": session.live_id,
        "live_url": live,
    })))
}

pub(crate) async fn close(State(shared): State<Arc<Shared>>, PathId(live_id): PathId) -> Result<Response, ApiError> {
    shared.world().close_browser_session(&live_id)?;
    Ok(ok(Value::Bool(true)))
}
