//! Input checks shared by several endpoints, run before anything is sent.

use crate::error::Error;

pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Error {
    Error::InvalidInput { field: field.to_owned(), reason: reason.into() }
}

/// `max_steps` must lie in 2..=128, as the service checks.
pub(crate) fn max_steps(value: u32) -> Result<(), Error> {
    if (2..=128).contains(&value) {
        Ok(())
    } else {
        Err(invalid("max_steps", format!("must be between 2 and 128, got {value}")))
    }
}

/// At most 16 keys; values are strings, numbers or booleans of at most 2048 characters.
pub(crate) fn metadata(metadata: &serde_json::Map<String, serde_json::Value>) -> Result<(), Error> {
    if metadata.len() > 16 {
        return Err(invalid("metadata", format!("at most 16 keys are allowed, got {}", metadata.len())));
    }
    for (key, value) in metadata {
        let length = match value {
            serde_json::Value::String(s) => s.chars().count(),
            serde_json::Value::Number(n) => n.to_string().len(),
            serde_json::Value::Bool(_) => 0,
            _ => return Err(invalid("metadata", format!("value of `{key}` must be a string, number or boolean"))),
        };
        if length > 2048 {
            return Err(invalid(
                "metadata",
                format!("value of `{key}` is {length} characters long; the limit is 2048"),
            ));
        }
    }
    Ok(())
}
