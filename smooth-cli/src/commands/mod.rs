//! One file per group of commands; each command returns a [`crate::output::Report`].

pub mod account;
pub mod config;
pub mod lifecycle;
pub mod mock;
pub mod session;
pub mod tasks;
