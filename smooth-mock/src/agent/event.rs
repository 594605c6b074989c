//! Events a task publishes.

use serde_json::{Value, json};

/// One published event; `timestamp` is in Unix milliseconds.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) payload: Value,
    pub(crate) timestamp: u64,
}

impl Event {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "payload": self.payload,
            "id": self.id,
            "timestamp": self.timestamp,
        })
    }
}
