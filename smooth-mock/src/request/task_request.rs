//! `POST /task` bodies: validated the way the live service validates them, then reduced to
//! the fields the simulated agent needs. Unknown fields are accepted and ignored.

use serde_json::{Map, Value};

use crate::api_error::{ApiError, Violations, loc};
use crate::fields::Fields;

/// Devices the service knows.
pub(crate) const DEVICES: &[&str] = &["desktop", "mobile", "desktop-lg"];
const AGENTS: &[&str] = &["smooth", "smooth-lite"];
const MAX_METADATA_KEYS: usize = 16;
const MAX_METADATA_VALUE_CHARS: usize = 2048;

/// A custom tool the agent may call.
#[derive(Debug, Clone)]
pub(crate) struct ToolSignature {
    pub(crate) name: String,
    pub(crate) inputs: Value,
}

/// What the agent needs from a task submission.
#[derive(Debug, Clone)]
pub(crate) struct TaskSpec {
    /// `None` opens a session.
    pub(crate) task: Option<String>,
    pub(crate) response_model: Option<Value>,
    pub(crate) url: Option<String>,
    pub(crate) max_steps: i64,
    pub(crate) device: String,
    pub(crate) enable_recording: bool,
    pub(crate) profile_id: Option<String>,
    pub(crate) profile_read_only: bool,
    pub(crate) custom_tools: Vec<ToolSignature>,
}

impl TaskSpec {
    pub(crate) fn is_session(&self) -> bool {
        self.task.is_none()
    }
}

/// Validates a task request body, reporting every violation at once.
pub(crate) fn parse(body: &Map<String, Value>) -> Result<TaskSpec, ApiError> {
    let mut violations = Violations::default();
    let mut fields = Fields::new(body, loc(&["body"]), &mut violations);

    let task = fields.string("task");
    let response_model = fields.object("response_model").map(|object| Value::Object(object.clone()));
    let url = fields.string("url");
    check_metadata(&mut fields);
    fields.string_list("files");
    fields.literal("agent", "smooth", AGENTS);
    let max_steps = fields.integer_in("max_steps", 32, 2, 128);
    let device = fields.literal("device", "desktop", DEVICES);
    fields.string_list("allowed_urls");
    let enable_recording = fields.boolean("enable_recording", true);
    // `session_id` is the deprecated alias the official SDK still sends beside `profile_id`.
    let profile_id = fields.string("profile_id").or_else(|| fields.string("session_id"));
    let profile_read_only = fields.boolean("profile_read_only", false);
    for flag in ["stealth_mode", "use_stealth", "use_adblock", "use_captcha_solver", "show_cursor"] {
        fields.boolean(flag, false);
    }
    for text in ["proxy_server", "proxy_username", "proxy_password"] {
        fields.string(text);
    }
    check_certificates(&mut fields);
    fields.object("additional_tools");
    fields.object("experimental_features");
    fields.string_list("extensions");
    let custom_tools = parse_tools(&mut fields);

    violations.finish(TaskSpec {
        task,
        response_model,
        url,
        max_steps,
        device,
        enable_recording,
        profile_id,
        profile_read_only,
        custom_tools,
    })
}

fn check_metadata(fields: &mut Fields<'_, '_>) {
    let Some(metadata) = fields.object("metadata") else {
        return;
    };
    let location = fields.loc_of("metadata");
    if metadata.len() > MAX_METADATA_KEYS {
        fields.violations.push(
            &location,
            "value_error",
            format!("Value error, metadata can have at most {MAX_METADATA_KEYS} keys"),
            None,
        );
    }
    for (key, value) in metadata {
        let mut value_location = location.clone();
        value_location.push(Value::String(key.clone()));
        match value {
            Value::String(text) if text.chars().count() > MAX_METADATA_VALUE_CHARS => {
                fields.violations.push(
                    &value_location,
                    "string_too_long",
                    format!("String should have at most {MAX_METADATA_VALUE_CHARS} characters"),
                    Some(value),
                );
            }
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {}
            other => fields.violations.push(
                &value_location,
                "string_type",
                "Input should be a valid string, number or boolean",
                Some(other),
            ),
        }
    }
}

fn check_certificates(fields: &mut Fields<'_, '_>) {
    let Some(certificates) = fields.list("certificates") else {
        return;
    };
    let location = fields.loc_of("certificates");
    for (index, certificate) in certificates.iter().enumerate() {
        let mut item_location = location.clone();
        item_location.push(Value::from(index));
        let Some(object) = certificate.as_object() else {
            fields.violations.push(
                &item_location,
                "model_type",
                "Input should be a valid dictionary or instance of Certificate",
                Some(certificate),
            );
            continue;
        };
        let mut certificate_fields = Fields::new(object, item_location, fields.violations);
        if certificate_fields.require("file") {
            certificate_fields.string("file");
        }
        certificate_fields.string("password");
    }
}

fn parse_tools(fields: &mut Fields<'_, '_>) -> Vec<ToolSignature> {
    let Some(tools) = fields.list("custom_tools") else {
        return Vec::new();
    };
    let location = fields.loc_of("custom_tools");
    let mut signatures = Vec::with_capacity(tools.len());
    for (index, tool) in tools.iter().enumerate() {
        let mut item_location = location.clone();
        item_location.push(Value::from(index));
        let Some(object) = tool.as_object() else {
            fields.violations.push(
                &item_location,
                "model_type",
                "Input should be a valid dictionary or instance of ToolSignature",
                Some(tool),
            );
            continue;
        };
        let mut tool_fields = Fields::new(object, item_location, fields.violations);
        let has_all = tool_fields.require_all(&["name", "description", "inputs", "output"]);
        let name = tool_fields.string("name");
        tool_fields.string("description");
        let inputs = tool_fields.object("inputs").map(|inputs| Value::Object(inputs.clone()));
        tool_fields.string("output");
        if let (true, Some(name)) = (has_all, name) {
            signatures.push(ToolSignature { name, inputs: inputs.unwrap_or_else(|| Value::Object(Map::new())) });
        }
    }
    signatures
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse;

    #[test]
    fn reports_every_violation() {
        let body = json!({"task": 5, "max_steps": 1, "device": "tv", "agent": "x", "unknown": true});
        let error = parse(body.as_object().unwrap()).unwrap_err();
        assert_eq!(error.status, 422);
        assert_eq!(error.detail.as_array().unwrap().len(), 4);
    }

    #[test]
    fn accepts_the_official_sdk_body() {
        let body = json!({
            "task": "t", "max_steps": 32, "device": "mobile", "session_id": "p1",
            "metadata": {"a": 1, "b": "x", "c": true},
            "custom_tools": [{"name": "n", "description": "d", "inputs": {"q": "string"}, "output": "o"}]
        });
        let spec = parse(body.as_object().unwrap()).unwrap();
        assert_eq!(spec.profile_id.as_deref(), Some("p1"));
        assert_eq!(spec.custom_tools.len(), 1);
    }
}
