//! A faithful local Smooth API server, for tests and offline development.
//!
//! `smooth-mock` serves every operation of the Smooth API (`/api/v1`), including the legacy
//! ones the official SDKs still call, with the live service's envelopes, status codes and
//! validation errors. A simulated agent runs tasks (structured output from a JSON schema,
//! custom tool calls), browser sessions (goto, evaluate_js, extract, run_task — which calls
//! the session's custom tools —, close) and everything is deterministic for a given seed.
//!
//! Tests can script what the next task does ([`TaskScript`], including events sent twice
//! with [`TaskScript::repeat_events`]), inject faults on the next
//! requests ([`Fault`]: 5xx, 429 with `Retry-After`, bad JSON, HTML pages, dropped
//! connections, delays, stalls, and raw faults: redirects, endless bodies, huge declared
//! lengths, arbitrary bytes on the wire) and read a journal of every request ([`JournalEntry`]).
//!
//! ```
//! # async fn run() -> std::io::Result<()> {
//! use smooth_mock::{Fault, MockServer, TaskScript};
//! use std::time::Duration;
//!
//! let mock = MockServer::start().await?;
//! mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(20)).fail("boom"));
//! mock.inject(Fault::status(503).times(2).on("GET", "/task/*"));
//! // point a client at mock.base_url() with mock.api_key(), then:
//! assert_eq!(mock.count("POST", "/task"), 0);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]

mod agent;
mod api_error;
mod builder;
mod clock;
mod config;
mod fault;
mod fields;
mod http;
mod journal;
mod path_pattern;
mod request;
mod rng;
mod routes;
mod schema_value;
mod script;
mod server;
mod state;
mod tool_inputs;
mod world;

pub use agent::status::TaskStatus;
pub use builder::MockServerBuilder;
pub use config::{DEFAULT_API_KEY, Speed};
pub use fault::{Fault, FaultKind, RetryAfter};
pub use journal::{JournalBody, JournalEntry, PartInfo};
pub use script::TaskScript;
pub use server::MockServer;
pub use world::UploadedFile;
