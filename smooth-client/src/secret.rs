//! A wrapper that keeps secrets out of `Debug`, `Display` and logs.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;

/// A value that must never be printed: API keys, proxy passwords, certificate contents,
/// session secrets. `Debug` and `Display` show `[REDACTED]`; the value is sent on the wire
/// as it is (serialization is transparent) and read only through [`Secret::expose`].
///
/// ```
/// use smooth_client::Secret;
/// let password = Secret::new("hunter2".to_owned());
/// assert_eq!(format!("{password:?}"), "Secret([REDACTED])");
/// assert_eq!(password.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value. Call it only where the value is used, never to print it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        note_sent(&self.0);
        self.0.serialize(serializer)
    }
}

thread_local! {
    /// The secret values serialized on this thread while [`collecting`] runs.
    static SENT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Notes a secret value being serialized, when somebody collects them.
fn note_sent<T: Serialize>(value: &T) {
    let collecting = SENT.with(|sent| sent.borrow().is_some());
    if !collecting {
        return;
    }
    if let Ok(serde_json::Value::String(text)) = serde_json::to_value(value) {
        SENT.with(|sent| {
            if let Some(values) = sent.borrow_mut().as_mut() {
                values.push(text);
            }
        });
    }
}

/// Runs `build` (which serializes a request) and returns the secret values it serialized,
/// so that the answer's text can be redacted of them.
pub(crate) fn collecting<R>(build: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = SENT.with(|sent| sent.borrow_mut().replace(Vec::new()));
    let result = build();
    let values = SENT.with(|sent| std::mem::replace(&mut *sent.borrow_mut(), outer)).unwrap_or_default();
    (result, values)
}

/// Replaces the secret values a request carried by `[redacted]` in the text of its answer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Redactor {
    values: Vec<String>,
}

impl Redactor {
    /// Redacts these values, as sent and as escaped inside a JSON string. Values shorter
    /// than 4 characters are left alone: redacting them would garble ordinary text.
    pub(crate) fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut all = Vec::new();
        for value in values.into_iter().filter(|value| value.chars().count() >= 4) {
            let escaped = serde_json::to_string(&value).unwrap_or_default();
            let escaped = escaped.trim_matches('"').to_owned();
            if escaped != value {
                all.push(escaped);
            }
            all.push(value);
        }
        // Longest first, so a value containing another is redacted whole.
        all.sort_by_key(|value| std::cmp::Reverse(value.len()));
        all.dedup();
        Redactor { values: all }
    }

    /// An error whose answer text (a decode error's excerpt) is redacted.
    pub(crate) fn redact_error(&self, error: crate::error::Error) -> crate::error::Error {
        match error {
            crate::error::Error::Decode { status, message, excerpt } => {
                crate::error::Error::Decode { status, message: self.redact(&message), excerpt: self.redact(&excerpt) }
            }
            other => other,
        }
    }

    /// A JSON value with the secrets redacted from its strings.
    pub(crate) fn redact_value(&self, value: serde_json::Value) -> serde_json::Value {
        if self.values.is_empty() {
            return value;
        }
        let text = value.to_string();
        let redacted = self.redact(&text);
        if redacted == text { value } else { serde_json::from_str(&redacted).unwrap_or(serde_json::Value::Null) }
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for value in &self.values {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), "[redacted]");
            }
        }
        text
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}
