//! Shared helpers for the smooth-rs integration tests and benchmark.
//!
//! [`scripted`] scripts answers on `smooth-mock` (one [`Reply`] per request) for the
//! answers its simulation never gives; the tests drive the real client against it over
//! real sockets. [`test_client`] is the one way the test suites build a client.

pub mod scripted;
#[path = "../support/test_client.rs"]
pub mod test_client;

pub use scripted::{EXPECTED_USER_AGENT, Recorded, Reply, TEST_KEY, TestServer};
pub use test_client::{test_client, test_client_builder};

/// The README's Rust examples, compiled as doctests so the README stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
