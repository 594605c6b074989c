//! Structured output: JSON schemas from Rust types, and outputs decoded back into them.

use crate::error::excerpt;
use crate::types::TaskResponse;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A value did not decode into the type asked for.
///
/// `Display` names the type, the place inside the value (`items[2].price`) and what was
/// wrong there, followed by the start of the value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{what} does not match {type_name} at `{path}`: {message}; the value starts with {excerpt}")]
pub struct OutputError {
    /// What was decoded, e.g. "the output of task abc".
    pub what: String,
    /// The Rust type asked for.
    pub type_name: &'static str,
    /// Where in the value decoding failed (`.` for the value itself).
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The first characters of the value, as JSON.
    pub excerpt: String,
}

/// The JSON schema of `T`, as sent in `response_model`, `extract` and tool signatures
/// (without the `$schema` key, like the official SDK's pydantic schemas).
///
/// ```
/// #[derive(schemars::JsonSchema)]
/// struct Story { title: String, points: u32 }
/// let schema = smooth_client::schema_of::<Story>();
/// assert_eq!(schema["properties"]["points"]["type"], "integer");
/// assert_eq!(schema["required"], serde_json::json!(["title", "points"]));
/// ```
pub fn schema_of<T: JsonSchema>() -> Value {
    let mut schema = schemars::schema_for!(T).to_value();
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
    }
    schema
}

/// Decodes `value` into `T`, saying where it did not match. A string holding JSON is
/// decoded too when the string itself does not fit `T` (agents sometimes answer that way).
pub(crate) fn decode<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, OutputError> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(decoded) => Ok(decoded),
        Err(error) => {
            if let Value::String(text) = value
                && let Ok(inner) = serde_json::from_str::<Value>(text)
                && let Ok(decoded) = serde_path_to_error::deserialize::<_, T>(&inner)
            {
                return Ok(decoded);
            }
            Err(OutputError {
                what: what.to_owned(),
                type_name: std::any::type_name::<T>(),
                path: error.path().to_string(),
                message: error.inner().to_string(),
                excerpt: excerpt(value.to_string().as_bytes()),
            })
        }
    }
}

impl TaskResponse {
    /// Decodes the output into `T` (typically the type given to
    /// [`TaskRequest::response_model`](crate::api::task::TaskRequest::response_model)). The error says where the output did not match.
    ///
    /// ```
    /// # use smooth_client::types::TaskResponse;
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Story { title: String, points: u32 }
    ///
    /// let response: TaskResponse = serde_json::from_value(serde_json::json!({
    ///     "id": "t1", "status": "done", "output": {"title": "Rust 2027", "points": "many"}
    /// }))?;
    /// let err = response.output_as::<Story>().unwrap_err();
    /// assert_eq!(err.path, "points");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn output_as<T: DeserializeOwned>(&self) -> Result<T, OutputError> {
        let what = format!("the output of task {}", self.id);
        decode(self.output.as_ref().unwrap_or(&Value::Null), &what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, JsonSchema, PartialEq)]
    struct Item {
        name: String,
        price: f64,
    }

    #[derive(Debug, Deserialize, JsonSchema, PartialEq)]
    struct Basket {
        items: Vec<Item>,
    }

    #[test]
    fn errors_point_at_the_mismatch() {
        let value = serde_json::json!({"items": [{"name": "a", "price": 1.0}, {"name": "b", "price": "x"}]});
        let err = decode::<Basket>(&value, "the output").unwrap_err();
        assert_eq!(err.path, "items[1].price");
        assert!(err.to_string().contains("Basket"), "{err}");
        assert!(err.to_string().contains("invalid type: string \"x\""), "{err}");
    }

    #[test]
    fn json_in_a_string_is_decoded() {
        let value = Value::String(r#"{"items": []}"#.to_owned());
        assert_eq!(decode::<Basket>(&value, "the output").unwrap(), Basket { items: vec![] });
    }

    #[test]
    fn schemas_have_no_dialect_key() {
        let schema = schema_of::<Basket>();
        assert!(schema.get("$schema").is_none());
        assert_eq!(schema["type"], "object");
    }
}
