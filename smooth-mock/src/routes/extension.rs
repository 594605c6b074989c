//! `POST /extension` (multipart `file`, a .zip), `GET /extension`, and the two delete paths.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api_error::{ApiError, Violations, loc, ok};
use crate::http::multipart::Form;
use crate::routes::path_id::PathId;
use crate::state::Shared;

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    form: Option<Extension<Form>>,
) -> Result<Response, ApiError> {
    let form = form.map(|Extension(form)| form).unwrap_or_default();
    let Some(file) = form.part("file") else {
        let mut violations = Violations::default();
        violations.push(&loc(&["body", "file"]), "missing", "Field required", None);
        return Err(ApiError::unprocessable(violations));
    };
    let file_name = file.filename.clone().unwrap_or_default();
    if !file_name.to_ascii_lowercase().ends_with(".zip") {
        return Err(ApiError::bad_request("Extension must be a .zip file"));
    }
    let now_seconds = shared.now_ms() / 1000;
    let id = shared.world().store_extension(file_name, now_seconds);
    Ok(ok(json!({ "id": id })))
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let world = shared.world();
    let extensions: Vec<Value> = world
        .extensions()
        .iter()
        .map(|extension| {
            json!({
                "id": extension.id,
                "file_name": extension.file_name,
                "creation_time": extension.creation_time,
            })
        })
        .collect();
    ok(Value::Array(extensions))
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    PathId(extension_id): PathId,
) -> Result<Response, ApiError> {
    shared.world().delete_extension(&extension_id)?;
    Ok(ok(Value::Bool(true)))
}
