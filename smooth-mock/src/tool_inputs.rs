//! Arguments the simulated agent passes when it calls a custom tool.
//!
//! A tool's `inputs` is normally a JSON schema object, but the official SDK also accepts a
//! flat map `{param: "type"}` (or `{param: {schema}}`); either way the keys of the generated
//! input are the tool's parameter names, because the SDK passes them as keyword arguments.

use serde_json::{Map, Value, json};

use crate::schema_value::example_for;

/// An argument object for a tool with the given `inputs` declaration.
pub(crate) fn arguments_for(inputs: &Value) -> Value {
    let Some(declaration) = inputs.as_object() else {
        return Value::Object(Map::new());
    };
    if is_json_schema(declaration) {
        return match example_for(inputs) {
            Value::Object(arguments) => Value::Object(arguments),
            _ => Value::Object(Map::new()),
        };
    }
    let arguments = declaration
        .iter()
        .map(|(name, kind)| {
            let value = match kind {
                Value::String(type_name) => example_for_type_name(type_name),
                Value::Object(_) => example_for(kind),
                _ => json!("example"),
            };
            (name.clone(), value)
        })
        .collect();
    Value::Object(arguments)
}

fn is_json_schema(declaration: &Map<String, Value>) -> bool {
    declaration.get("properties").is_some_and(Value::is_object)
        || declaration.get("type").and_then(Value::as_str) == Some("object")
        || declaration.contains_key("$ref")
}

/// A value for a loosely written type name such as `"string"`, `"int"` or `"list[str]"`.
fn example_for_type_name(type_name: &str) -> Value {
    let lowered = type_name.trim().to_ascii_lowercase();
    let head = lowered.split(['[', '|', ' ', '<']).next().unwrap_or_default();
    match head {
        "integer" | "int" | "i32" | "i64" | "u32" | "u64" => json!(1),
        "number" | "float" | "double" | "f32" | "f64" => json!(1.5),
        "boolean" | "bool" => json!(true),
        "array" | "list" | "tuple" | "vec" => json!([]),
        "object" | "dict" | "map" => json!({}),
        "null" | "none" => Value::Null,
        _ => json!("example"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::arguments_for;

    #[test]
    fn both_declaration_forms() {
        let schema = json!({"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}});
        assert_eq!(arguments_for(&schema), json!({"city": "example", "days": 1}));
        let flat = json!({"city": "string", "days": "int", "detail": {"type": "boolean"}});
        assert_eq!(arguments_for(&flat), json!({"city": "example", "days": 1, "detail": true}));
    }
}
