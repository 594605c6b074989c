//! Query strings: decoding and pydantic-style parsing of the few parameters the API has.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::api_error::{Violations, loc};
use crate::fields::{check_range, parse_bool_word};

/// Decoded `name=value` pairs of a query string, in order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name), decode(value))
            })
            .collect();
        Self { pairs }
    }

    /// The last value given for a name (FastAPI takes the last one for scalar parameters).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// An optional integer parameter, range-checked.
    pub(crate) fn integer(&self, name: &str, min: i64, max: i64, violations: &mut Violations) -> Option<i64> {
        let text = self.get(name)?;
        let location = loc(&["query", name]);
        let input = Value::String(text.to_owned());
        match text.trim().parse::<i64>() {
            Ok(number) => {
                check_range(violations, &location, number, min, max, &input);
                Some(number)
            }
            Err(_) => {
                violations.push(
                    &location,
                    "int_parsing",
                    "Input should be a valid integer, unable to parse string as an integer",
                    Some(&input),
                );
                None
            }
        }
    }

    /// An optional boolean parameter.
    pub(crate) fn boolean(&self, name: &str, violations: &mut Violations) -> Option<bool> {
        let text = self.get(name)?;
        let parsed = parse_bool_word(text);
        if parsed.is_none() {
            violations.push(
                &loc(&["query", name]),
                "bool_parsing",
                "Input should be a valid boolean, unable to interpret input",
                Some(&Value::String(text.to_owned())),
            );
        }
        parsed
    }
}

fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::Query;
    use crate::api_error::Violations;

    #[test]
    fn decodes_and_validates() {
        let query = Query::parse(Some("event_t=12&downloads=true&x=a%20b+c&l=0"));
        let mut violations = Violations::default();
        assert_eq!(query.integer("event_t", 0, i64::MAX, &mut violations), Some(12));
        assert_eq!(query.boolean("downloads", &mut violations), Some(true));
        assert_eq!(query.get("x"), Some("a b c"));
        assert!(violations.is_empty());
        assert_eq!(query.integer("l", 1, 128, &mut violations), Some(0));
        assert!(!violations.is_empty());
    }
}
