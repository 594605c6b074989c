//! The HTTP layer: the accept loop, and the pipeline every request goes through before the
//! API routes (body limit, journal, authentication, faults).

pub(crate) mod accept;
mod auth;
mod fault_response;
pub(crate) mod multipart;
mod pipeline;
mod raw_reply;
