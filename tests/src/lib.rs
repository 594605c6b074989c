//! Shared helpers for the smooth-rs integration tests and benchmark.
//!
//! [`server`] is a small HTTP/1.1 server on 127.0.0.1 that records every request and
//! answers from a script; the tests drive the real client against it over real sockets.

pub mod server;

pub use server::{EXPECTED_USER_AGENT, Recorded, Reply, TEST_KEY, TestServer, test_client_builder};

/// The README's Rust examples, compiled as doctests so the README stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
