//! The task engine: handles that wait on tasks and sessions, answer custom tools, and
//! stream events, all fed by one poller per task.
//!
//! From the bottom up: [`state`] (the states and their transitions), [`events`] (the event
//! log), [`fleet`] (one `GET /task` page for many handles), [`engine`] (the shared state
//! and the poller), [`stream`], [`handle`], [`session`], [`tool`] (custom tools: they see the handles) and [`start`] (submitting work with its
//! tools).

pub(crate) mod action;
pub(crate) mod engine;
pub(crate) mod error;
pub(crate) mod events;
pub(crate) mod fleet;
pub(crate) mod handle;
pub(crate) mod session;
pub(crate) mod start;
pub(crate) mod state;
pub(crate) mod stream;
pub mod tool;
