//! Checks of what the user typed, before anything is sent.

use crate::failure::Failure;
use serde_json::{Map, Value};

/// Parses the JSON given to `flag`.
pub fn json(flag: &str, text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|error| Failure::usage(format!("invalid JSON in {flag}: {error}")))
}

/// Parses a JSON schema given to `flag`: it must be a JSON object.
pub fn schema(flag: &str, text: &str) -> Result<Value, Failure> {
    let value = json(flag, text)?;
    if !value.is_object() {
        return Err(Failure::usage(format!("{flag} must be a JSON object (a JSON schema)")));
    }
    Ok(value)
}

/// Parses `--metadata`: a JSON object whose values are strings, numbers or booleans.
pub fn metadata(text: &str) -> Result<Map<String, Value>, Failure> {
    let Value::Object(map) = json("--metadata", text)? else {
        return Err(Failure::usage("--metadata must be a JSON object"));
    };
    if let Some((key, _)) =
        map.iter().find(|(_, value)| !(value.is_string() || value.is_number() || value.is_boolean()))
    {
        return Err(Failure::usage(format!("--metadata value of {key:?} must be a string, number or boolean")));
    }
    Ok(map)
}

/// Splits a comma-separated list, dropping blanks.
pub fn list(text: Option<&str>) -> Vec<String> {
    text.map(|text| text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}
