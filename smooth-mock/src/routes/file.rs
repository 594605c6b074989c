//! `POST /file` (multipart `file`, optional `file_purpose`) and `DELETE /file/{id}`.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api_error::{ApiError, Violations, loc, ok};
use crate::http::multipart::Form;
use crate::routes::path_id::PathId;
use crate::state::Shared;

const MAX_PURPOSE_CHARS: usize = 64;

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    form: Option<Extension<Form>>,
) -> Result<Response, ApiError> {
    let form = form.map(|Extension(form)| form).unwrap_or_default();
    let mut violations = Violations::default();
    let file = form.part("file");
    if file.is_none() {
        violations.push(&loc(&["body", "file"]), "missing", "Field required", None);
    }
    let purpose = form.part("file_purpose").map(|part| String::from_utf8_lossy(&part.data).into_owned());
    if let Some(purpose) = purpose.as_ref().filter(|purpose| purpose.chars().count() > MAX_PURPOSE_CHARS) {
        violations.push(
            &loc(&["body", "file_purpose"]),
            "string_too_long",
            format!("String should have at most {MAX_PURPOSE_CHARS} characters"),
            Some(&json!(purpose)),
        );
    }
    let file = violations.finish(file)?;
    let (file_name, size) = file.map_or((None, 0), |file| (file.filename.clone(), file.data.len()));
    let id = shared.world().store_file(file_name, purpose, size);
    Ok(ok(json!({ "id": id })))
}

pub(crate) async fn delete(State(shared): State<Arc<Shared>>, PathId(file_id): PathId) -> Result<Response, ApiError> {
    shared.world().delete_file(&file_id)?;
    Ok(ok(Value::Bool(true)))
}
