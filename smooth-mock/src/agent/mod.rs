//! The simulated agent: tasks, their plans, custom tool calls and browser sessions.
//!
//! Nothing here runs in the background. A task's state is advanced lazily, whenever a
//! request looks at it, to where its plan says it should be by now; so the mock needs no
//! timer tasks, never leaks work, and behaves the same for the same seed and timing.

pub(crate) mod actions;
pub(crate) mod event;
pub(crate) mod outcome;
pub(crate) mod plan;
pub(crate) mod session;
pub(crate) mod status;
pub(crate) mod task;
pub(crate) mod view;
