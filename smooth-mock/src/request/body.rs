//! JSON bodies, rejected the way FastAPI rejects them.

use serde_json::{Map, Value, json};

use crate::api_error::{ApiError, Violations, loc};

/// Parses a JSON object body; an absent body counts as `{}` when `empty_is_object`.
pub(crate) fn json_object(bytes: &[u8], empty_is_object: bool) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        if empty_is_object {
            return Ok(Map::new());
        }
        let mut violations = Violations::default();
        violations.push(&loc(&["body"]), "missing", "Field required", None);
        return Err(ApiError::unprocessable(violations));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        let mut violations = Violations::default();
        let position = json!(error.column());
        violations.push(&[json!("body"), position], "json_invalid", "JSON decode error", Some(&json!({})));
        ApiError::unprocessable(violations)
    })?;
    match value {
        Value::Object(object) => Ok(object),
        other => {
            let mut violations = Violations::default();
            violations.push(
                &loc(&["body"]),
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
                Some(&other),
            );
            Err(ApiError::unprocessable(violations))
        }
    }
}
