//! What a command prints: human text, or exactly one JSON object on stdout with `--json`.

use crate::failure::Failure;
use serde_json::{Map, Value, json};

/// A command's successful result.
#[derive(Debug, Default)]
pub struct Report {
    /// One line saying what happened (`message` in JSON).
    pub message: String,
    /// The command's fields (merged into the JSON object, as the official CLI does).
    pub data: Map<String, Value>,
    /// What a person sees instead of the JSON.
    pub human: Vec<String>,
}

impl Report {
    /// A report with a message.
    pub fn new(message: impl Into<String>) -> Self {
        Report { message: message.into(), ..Report::default() }
    }

    /// Adds a JSON field.
    pub fn field(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.data.insert(key.to_owned(), value.into());
        self
    }

    /// The JSON object: `success`, `message`, then the command's fields.
    pub fn into_json(self) -> Value {
        let mut object = Map::new();
        object.insert("success".to_owned(), Value::Bool(true));
        object.insert("message".to_owned(), Value::String(self.message));
        object.extend(self.data);
        Value::Object(object)
    }

    /// Adds a line for people.
    pub fn line(mut self, line: impl Into<String>) -> Self {
        self.human.push(line.into());
        self
    }
}

/// Prints for people or for programs.
#[derive(Clone, Copy, Debug)]
pub struct Printer {
    /// `--json`.
    pub json: bool,
}

impl Printer {
    /// A progress note for people; nothing in JSON mode.
    pub fn note(&self, line: &str) {
        if !self.json {
            println!("{line}");
        }
    }

    /// A warning for people (stderr); nothing in JSON mode.
    pub fn warn(&self, line: &str) {
        if !self.json {
            eprintln!("Warning: {line}");
        }
    }

    /// Prints a success.
    pub fn success(&self, report: Report) {
        if self.json {
            print_json(&report.into_json());
        } else {
            for line in report.human {
                println!("{line}");
            }
        }
    }

    /// Prints a failure: one line on stderr, or the JSON error object on stdout.
    pub fn failure(&self, failure: &Failure) {
        if self.json {
            print_json(&failure_json(failure));
        } else {
            eprintln!("Error: {}", failure.message);
        }
    }
}

/// A failure as JSON: `success: false`, `message`, `error` (the same text, as the official
/// CLI names it), `error_kind`, `exit_code`, and `status` for an API error.
pub fn failure_json(failure: &Failure) -> Value {
    let mut object = json!({
        "success": false,
        "message": failure.message,
        "error": failure.message,
        "error_kind": failure.kind.name(),
        "exit_code": failure.kind.exit_code(),
    });
    if let (Some(status), Some(map)) = (failure.status, object.as_object_mut()) {
        map.insert("status".to_owned(), json!(status));
    }
    object
}

fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(_) => println!("{value}"),
    }
}

/// A JSON value as text for people: strings as they are, the rest as pretty JSON.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_else(|_| other.to_string()),
    }
}
