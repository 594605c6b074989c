//! Deterministic example values that are valid for a JSON schema.
//!
//! The simulated agent answers `response_model` and `extract` with these. Supported:
//! objects (all properties, nested), arrays (`items`, `prefixItems`, `minItems`/`maxItems`),
//! strings (common `format`s, `minLength`/`maxLength`), integers and numbers (bounds,
//! exclusive bounds, `multipleOf`), booleans, null, `enum`, `const`, `anyOf`/`oneOf` (first
//! choice), `allOf` (merged), type lists, and `$ref` into the same document (`$defs`,
//! `definitions`, any `#/...` pointer), which is what schemars and pydantic generate.
//! `pattern` is not honoured.

use serde_json::{Map, Value, json};

/// Deeper than this, only required properties and minimal arrays are generated, and `null`
/// is preferred where allowed, so recursive schemas terminate.
const MAX_DEPTH: usize = 12;

/// An example value valid for `schema`.
pub(crate) fn example_for(schema: &Value) -> Value {
    Generator { root: schema }.value(schema, 0, 0)
}

struct Generator<'a> {
    root: &'a Value,
}

impl<'a> Generator<'a> {
    fn value(&self, schema: &'a Value, depth: usize, variant: u64) -> Value {
        let object = match schema {
            Value::Object(object) => object,
            // `true` (and `{}`) accept anything.
            Value::Bool(true) => return json!("example"),
            _ => return Value::Null,
        };
        if depth > MAX_DEPTH * 2 {
            return Value::Null;
        }
        if let Some(reference) = object.get("$ref").and_then(Value::as_str)
            && let Some(target) = self.resolve(reference)
        {
            return self.value(target, depth + 1, variant);
        }
        if let Some(constant) = object.get("const") {
            return constant.clone();
        }
        if let Some(first) = object.get("enum").and_then(Value::as_array).and_then(|choices| choices.first()) {
            return first.clone();
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(choices) = object.get(keyword).and_then(Value::as_array)
                && let Some(choice) = self.pick_choice(choices, depth)
            {
                return self.value(choice, depth + 1, variant);
            }
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let merged = self.merge_all_of(object, parts);
            return self.typed(&merged, depth, variant);
        }
        self.typed(object, depth, variant)
    }

    /// The first choice, or a `null` choice when recursion is getting deep.
    fn pick_choice(&self, choices: &'a [Value], depth: usize) -> Option<&'a Value> {
        if depth > MAX_DEPTH
            && let Some(null_choice) = choices.iter().find(|choice| declared_type(choice) == Some("null"))
        {
            return Some(null_choice);
        }
        choices.first()
    }

    fn typed(&self, object: &Map<String, Value>, depth: usize, variant: u64) -> Value {
        let kind = match object.get("type") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(Value::Array(kinds)) => {
                let names: Vec<&str> = kinds.iter().filter_map(Value::as_str).collect();
                if depth > MAX_DEPTH && names.contains(&"null") {
                    "null"
                } else {
                    names.iter().copied().find(|kind| *kind != "null").unwrap_or("null")
                }
            }
            _ => infer_type(object),
        };
        match kind {
            "object" => self.object(object, depth, variant),
            "array" => self.array(object, depth),
            "string" => string(object, variant),
            "integer" => integer(object, variant),
            "number" => number(object, variant),
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => json!("example"),
        }
    }

    fn object(&self, object: &Map<String, Value>, depth: usize, variant: u64) -> Value {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if depth > MAX_DEPTH && !required.contains(&name.as_str()) {
                    continue;
                }
                out.insert(name.clone(), self.value(property, depth + 1, variant));
            }
        }
        // A required name without a declared property still has to be present.
        for name in required {
            out.entry(name.to_owned()).or_insert_with(|| json!("example"));
        }
        Value::Object(out)
    }

    fn array(&self, object: &Map<String, Value>, depth: usize) -> Value {
        let min_items = object.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max_items = object.get("maxItems").and_then(Value::as_u64);
        let mut items = Vec::new();
        if let Some(prefix) = object.get("prefixItems").and_then(Value::as_array) {
            for (index, schema) in prefix.iter().enumerate() {
                items.push(self.value(schema, depth + 1, index as u64));
            }
        }
        let wanted = if depth > MAX_DEPTH { min_items } else { min_items.max(1) };
        let wanted = max_items.map_or(wanted, |max| wanted.min(max));
        let item_schema = object.get("items").filter(|schema| schema.is_object() || schema.is_boolean());
        let mut index = items.len() as u64;
        while (items.len() as u64) < wanted {
            let Some(schema) = item_schema else {
                items.push(json!("example"));
                index += 1;
                continue;
            };
            items.push(self.value(schema, depth + 1, index));
            index += 1;
        }
        Value::Array(items)
    }

    /// `allOf` as one schema: the parent's own keywords plus every part's, with properties
    /// and `required` unioned.
    fn merge_all_of(&self, parent: &Map<String, Value>, parts: &'a [Value]) -> Map<String, Value> {
        let mut merged = parent.clone();
        merged.remove("allOf");
        let mut properties =
            merged.remove("properties").and_then(|value| value.as_object().cloned()).unwrap_or_default();
        let mut required: Vec<Value> =
            merged.remove("required").and_then(|value| value.as_array().cloned()).unwrap_or_default();
        for part in parts {
            let resolved = match part.get("$ref").and_then(Value::as_str) {
                Some(reference) => self.resolve(reference).unwrap_or(part),
                None => part,
            };
            let Some(part_object) = resolved.as_object() else {
                continue;
            };
            for (key, value) in part_object {
                match key.as_str() {
                    "properties" => {
                        if let Some(more) = value.as_object() {
                            properties.extend(more.clone());
                        }
                    }
                    "required" => {
                        if let Some(more) = value.as_array() {
                            required.extend(more.iter().cloned());
                        }
                    }
                    _ => {
                        merged.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        }
        if !properties.is_empty() {
            merged.insert("properties".to_owned(), Value::Object(properties));
            merged.entry("type".to_owned()).or_insert_with(|| json!("object"));
        }
        if !required.is_empty() {
            merged.insert("required".to_owned(), Value::Array(required));
        }
        merged
    }

    /// Follows a local reference such as `#/$defs/Item` (JSON pointer escapes included).
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        if pointer.is_empty() {
            return Some(self.root);
        }
        let decoded = percent_encoding::percent_decode_str(pointer).decode_utf8().ok()?;
        self.root.pointer(&decoded)
    }
}

fn declared_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn infer_type(object: &Map<String, Value>) -> &'static str {
    if object.contains_key("properties") || object.contains_key("additionalProperties") {
        "object"
    } else if object.contains_key("items") || object.contains_key("prefixItems") {
        "array"
    } else if ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        "number"
    } else if ["minLength", "maxLength", "format", "pattern"].iter().any(|key| object.contains_key(*key)) {
        "string"
    } else {
        "any"
    }
}

fn string(object: &Map<String, Value>, variant: u64) -> Value {
    let format = object.get("format").and_then(Value::as_str).unwrap_or_default();
    let mut text = match format {
        "date-time" => format!("2024-01-{:02}T12:00:00Z", 1 + variant % 28),
        "date" => format!("2024-01-{:02}", 1 + variant % 28),
        "time" => "12:00:00".to_owned(),
        "email" | "idn-email" => format!("user{variant}@example.com"),
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => format!("https://example.com/{variant}"),
        "uuid" => format!("00000000-0000-4000-8000-{variant:012x}"),
        "hostname" | "idn-hostname" => "example.com".to_owned(),
        "ipv4" => "192.0.2.1".to_owned(),
        "ipv6" => "2001:db8::1".to_owned(),
        "duration" => "PT1S".to_owned(),
        _ if variant == 0 => "example".to_owned(),
        _ => format!("example {variant}"),
    };
    let min_length = object.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    while (text.chars().count() as u64) < min_length {
        text.push('x');
    }
    if let Some(max_length) = object.get("maxLength").and_then(Value::as_u64) {
        text = text.chars().take(usize::try_from(max_length).unwrap_or(usize::MAX)).collect();
    }
    Value::String(text)
}

/// A numeric bound: the limit and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// Lower and upper bounds of a numeric schema, handling both the draft-4 boolean form and
/// the numeric form of the exclusive keywords.
fn bounds(object: &Map<String, Value>) -> (Bound, Bound) {
    let side = |inclusive: &str, exclusive: &str| {
        let base = object.get(inclusive).and_then(Value::as_f64);
        match object.get(exclusive) {
            Some(Value::Number(number)) => number.as_f64().map(|limit| (limit, true)),
            Some(Value::Bool(true)) => base.map(|limit| (limit, true)),
            _ => base.map(|limit| (limit, false)),
        }
    };
    (side("minimum", "exclusiveMinimum"), side("maximum", "exclusiveMaximum"))
}

fn integer(object: &Map<String, Value>, variant: u64) -> Value {
    let (low, high) = bounds(object);
    let low = low.map(|(limit, exclusive)| if exclusive { limit.floor() + 1.0 } else { limit.ceil() });
    let high = high.map(|(limit, exclusive)| if exclusive { limit.ceil() - 1.0 } else { limit.floor() });
    let step = object
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|step| *step > 0.0 && step.fract() == 0.0)
        .unwrap_or(1.0);
    let start = match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) if high < 1.0 => high,
        _ => 1.0,
    };
    let mut candidate = (start / step).ceil() * step + variant as f64 * step;
    if high.is_some_and(|high| candidate > high) {
        candidate = (start / step).ceil() * step;
    }
    json!(candidate as i64)
}

fn number(object: &Map<String, Value>, variant: u64) -> Value {
    let (low, high) = bounds(object);
    let base = match (low, high) {
        (Some((low, false)), _) => low,
        (Some((low, true)), Some((high, _))) => (low + high) / 2.0,
        (Some((low, true)), None) => low + 1.0,
        (None, Some((high, exclusive))) if high <= 1.5 => {
            if exclusive {
                high - 1.0
            } else {
                high
            }
        }
        _ => 1.5,
    };
    let step = object.get("multipleOf").and_then(Value::as_f64).filter(|step| *step > 0.0);
    let mut candidate = match step {
        Some(step) => (base / step).ceil() * step,
        None => base,
    };
    let shifted = candidate + variant as f64 * step.unwrap_or(1.0);
    let fits = match high {
        Some((high, true)) => shifted < high,
        Some((high, false)) => shifted <= high,
        None => true,
    };
    if fits {
        candidate = shifted;
    }
    json!(candidate)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::example_for;

    #[test]
    fn follows_refs_and_bounds() {
        let schema = json!({
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}, "minItems": 2},
                "count": {"type": "integer", "minimum": 3, "maximum": 9},
                "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                "kind": {"enum": ["a", "b"]},
                "maybe": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]}
            },
            "required": ["items"],
            "$defs": {"Item": {"type": "object", "properties": {"name": {"type": "string"}, "next": {"$ref": "#/$defs/Item"}}, "required": ["name"]}}
        });
        let value = example_for(&schema);
        assert_eq!(value["items"].as_array().unwrap().len(), 2);
        assert_eq!(value["count"], json!(3));
        assert_eq!(value["ratio"], json!(0.5));
        assert_eq!(value["kind"], json!("a"));
        assert_eq!(value["maybe"], json!("exa"));
        assert_eq!(value["items"][0]["name"], json!("example"));
    }
}
