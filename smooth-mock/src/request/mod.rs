//! Parsing and validation of request bodies and query strings into the mock's own types.

pub(crate) mod body;
pub(crate) mod query;
pub(crate) mod task_request;
