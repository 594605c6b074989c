//! Every operation of the Smooth API, one request struct per file, grouped like the API's
//! tags. Each struct is declared with [`crate::smooth_endpoint`]; the call method comes
//! from an extension trait next to it (all of them are in [`crate::prelude`]).

pub mod browser;
pub mod extension;
pub mod file;
pub mod profile;
pub mod task;
mod validate;
