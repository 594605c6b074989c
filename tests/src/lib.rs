//! Shared helpers for the smooth-rs integration tests.
