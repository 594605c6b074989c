//! Pydantic-style checks of individual JSON fields, shared by every request validator.
//!
//! Each check records a FastAPI-shaped error (same `type` and `msg` as pydantic v2) and
//! returns the usable value, so a validator reports all mistakes of a request at once.

use serde_json::{Map, Value};

use crate::api_error::Violations;

/// One JSON object under validation, with the `loc` prefix of its errors.
pub(crate) struct Fields<'a, 'v> {
    object: &'a Map<String, Value>,
    prefix: Vec<Value>,
    pub(crate) violations: &'v mut Violations,
}

impl<'a, 'v> Fields<'a, 'v> {
    pub(crate) fn new(object: &'a Map<String, Value>, prefix: Vec<Value>, violations: &'v mut Violations) -> Self {
        Self { object, prefix, violations }
    }

    fn loc(&self, key: &str) -> Vec<Value> {
        let mut loc = self.prefix.clone();
        loc.push(Value::String(key.to_owned()));
        loc
    }

    /// The raw value, treating JSON `null` as absent.
    pub(crate) fn raw(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    /// Records a `missing` error when the key is absent.
    pub(crate) fn require(&mut self, key: &str) -> bool {
        if self.object.contains_key(key) {
            return true;
        }
        let loc = self.loc(key);
        self.violations.push(&loc, "missing", "Field required", None);
        false
    }

    /// Records a `missing` error for each absent key (all of them, not just the first).
    pub(crate) fn require_all(&mut self, keys: &[&str]) -> bool {
        let mut all_present = true;
        for key in keys {
            all_present &= self.require(key);
        }
        all_present
    }

    pub(crate) fn string(&mut self, key: &str) -> Option<String> {
        let value = self.raw(key)?;
        match value {
            Value::String(text) => Some(text.clone()),
            other => {
                let loc = self.loc(key);
                self.violations.push(&loc, "string_type", "Input should be a valid string", Some(other));
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, key: &str, default: bool) -> bool {
        let Some(value) = self.raw(key) else {
            return default;
        };
        if let Some(parsed) = lax_bool(value) {
            return parsed;
        }
        let loc = self.loc(key);
        self.violations.push(&loc, "bool_type", "Input should be a valid boolean", Some(value));
        default
    }

    /// An integer within `min..=max`, accepting what pydantic's lax mode accepts.
    pub(crate) fn integer_in(&mut self, key: &str, default: i64, min: i64, max: i64) -> i64 {
        let Some(value) = self.raw(key) else {
            return default;
        };
        let loc = self.loc(key);
        let parsed = match value {
            Value::Number(number) => number
                .as_i64()
                .or_else(|| number.as_f64().filter(|float| float.fract() == 0.0).map(|float| float as i64)),
            Value::String(text) => match text.trim().parse::<i64>() {
                Ok(number) => Some(number),
                Err(_) => {
                    self.violations.push(
                        &loc,
                        "int_parsing",
                        "Input should be a valid integer, unable to parse string as an integer",
                        Some(value),
                    );
                    return default;
                }
            },
            _ => None,
        };
        let Some(number) = parsed else {
            self.violations.push(&loc, "int_type", "Input should be a valid integer", Some(value));
            return default;
        };
        check_range(self.violations, &loc, number, min, max, value);
        number
    }

    /// One of the allowed literal strings.
    pub(crate) fn literal(&mut self, key: &str, default: &str, allowed: &[&str]) -> String {
        let Some(value) = self.raw(key) else {
            return default.to_owned();
        };
        if let Some(text) = value.as_str().filter(|text| allowed.contains(text)) {
            return text.to_owned();
        }
        let loc = self.loc(key);
        let expected = describe_literals(allowed);
        self.violations.push(&loc, "literal_error", format!("Input should be {expected}"), Some(value));
        default.to_owned()
    }

    pub(crate) fn object(&mut self, key: &str) -> Option<&'a Map<String, Value>> {
        let value = self.raw(key)?;
        match value {
            Value::Object(object) => Some(object),
            other => {
                let loc = self.loc(key);
                self.violations.push(&loc, "dict_type", "Input should be a valid dictionary", Some(other));
                None
            }
        }
    }

    pub(crate) fn list(&mut self, key: &str) -> Option<&'a Vec<Value>> {
        let value = self.raw(key)?;
        match value {
            Value::Array(items) => Some(items),
            other => {
                let loc = self.loc(key);
                self.violations.push(&loc, "list_type", "Input should be a valid list", Some(other));
                None
            }
        }
    }

    /// A list whose items must all be strings.
    pub(crate) fn string_list(&mut self, key: &str) -> Option<Vec<String>> {
        let items = self.list(key)?;
        let mut strings = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) => strings.push(text.to_owned()),
                None => {
                    let mut loc = self.loc(key);
                    loc.push(Value::from(index));
                    self.violations.push(&loc, "string_type", "Input should be a valid string", Some(item));
                }
            }
        }
        Some(strings)
    }

    /// The `loc` of a key, for validators that check nested values themselves.
    pub(crate) fn loc_of(&self, key: &str) -> Vec<Value> {
        self.loc(key)
    }
}

/// Pydantic's lax booleans: JSON booleans, 0/1, and the usual words.
pub(crate) fn lax_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => parse_bool_word(text),
        _ => None,
    }
}

/// The words pydantic accepts as booleans (also used for query parameters).
pub(crate) fn parse_bool_word(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "off" | "f" | "n" => Some(false),
        _ => None,
    }
}

/// Records `greater_than_equal` / `less_than_equal` errors for an out-of-range integer.
pub(crate) fn check_range(violations: &mut Violations, loc: &[Value], number: i64, min: i64, max: i64, input: &Value) {
    if number < min {
        violations.push(
            loc,
            "greater_than_equal",
            format!("Input should be greater than or equal to {min}"),
            Some(input),
        );
    } else if number > max {
        violations.push(loc, "less_than_equal", format!("Input should be less than or equal to {max}"), Some(input));
    }
}

/// `'a', 'b' or 'c'`, the way pydantic lists literal choices.
fn describe_literals(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|choice| format!("'{choice}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_literals;

    #[test]
    fn literals_read_like_pydantic() {
        assert_eq!(describe_literals(&["desktop", "mobile", "desktop-lg"]), "'desktop', 'mobile' or 'desktop-lg'");
        assert_eq!(describe_literals(&["smooth"]), "'smooth'");
    }
}
