//! A blocking client, for code that is not async: scripts, CLIs, test harnesses.
//!
//! The same API as the async client without `.await`, like `reqwest::blocking`: a
//! [`SmoothClient`] runs the async [`crate::SmoothClient`] on a tokio runtime it owns (one
//! background thread, plus tokio's blocking pool for tool closures and file reads). Enable
//! it with the `blocking` feature.
//!
//! - The client is `Clone + Send + Sync`; [`TaskHandle`] and [`SessionHandle`] are `Send +
//!   Sync`, so threads can share them. Every handle's poller runs on the runtime thread,
//!   so threads waiting on many handles share one thread of polling.
//! - Dropping the last clone of the client, and every handle made from it, stops the
//!   runtime thread and joins it, so that drop blocks briefly (also in async code). A tool
//!   closure still running then is waited for up to 10 s; after that its thread is left to
//!   finish on its own. When the last clone is dropped on one of the runtime's own threads
//!   (inside a tool closure), the threads end by themselves instead of being joined.
//! - Called from async code (inside a tokio task or `block_on`), every blocking call
//!   returns [`Error::InvalidInput`](crate::Error::InvalidInput) naming the "calling
//!   context" instead of stalling that runtime. In `tokio::task::spawn_blocking` and on
//!   plain threads the calls work.
//! - Custom tools are plain closures: [`Tool::blocking`](crate::Tool::blocking) (typed
//!   through `JsonSchema`) and [`Tool::blocking_untyped`](crate::Tool::blocking_untyped).
//!   Each call runs on a thread of the blocking pool, so a tool that blocks for minutes
//!   does not stall the polling of other handles.
//! - A task's events come as an [`Iterator`]: [`TaskHandle::events`],
//!   [`SessionHandle::events`].
//! - Requests, answers, errors, typed output ([`TaskRequest::response_model`] and
//!   [`TaskResponse::output_as`](crate::types::TaskResponse::output_as)) are the async
//!   client's own types. Your own `#[smooth_endpoint]` endpoints go through
//!   [`SmoothClient::send`].
//!
//! ```no_run
//! use smooth_client::blocking::SmoothClient;
//! use smooth_client::prelude::TaskRequest;
//!
//! #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
//! struct Story { title: String, points: u32 }
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let client = SmoothClient::from_env()?;
//!     let task = client.run(TaskRequest::new("The top story on Hacker News").response_model::<Story>())?;
//!     let story: Story = task.result()?.output_as()?;
//!     println!("{story:?}");
//!     Ok(())
//! }
//! ```
//!
//! [`TaskRequest::response_model`]: crate::api::task::TaskRequest::response_model

mod client;
mod context;
mod events;
mod handle;
mod operations;
mod runtime;
mod session;
mod tool;

pub use client::SmoothClient;
pub use events::TaskEvents;
pub use handle::TaskHandle;
pub use session::SessionHandle;
pub use tool::ToolContext;
