//! The one way every test suite of the workspace builds a `SmoothClient` (included with
//! `#[path]` by `smooth-client/tests/common`, `smooth-tests` and `smooth-guarantees`, which
//! cannot share a crate: the client's own tests would depend on a crate built on the
//! client). A test changes only the setting it is about, on the builder this returns.

#![allow(dead_code)]

use smooth_client::{ClientBuilder, SmoothClient};
use std::time::Duration;

/// Long enough that a loaded machine does not fail a test, short enough that a hang fails
/// it in seconds.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Retries per call, so retry paths run.
pub const TEST_RETRIES: u32 = 3;
/// First retry delay: tiny, so retries cost no time.
pub const TEST_RETRY_BASE_DELAY: Duration = Duration::from_millis(2);
/// Longest delay between attempts (caps `Retry-After` too).
pub const TEST_RETRY_MAX_DELAY: Duration = Duration::from_millis(50);
/// How often task handles poll.
pub const TEST_POLL_INTERVAL: Duration = Duration::from_millis(20);

/// A client builder aimed at `base_url` (e.g. `MockServer::base_url()`) with `api_key` and
/// the test timings above.
pub fn test_client_builder(base_url: &str, api_key: &str) -> ClientBuilder {
    SmoothClient::builder()
        .api_key(api_key)
        .base_url(base_url)
        .timeout(TEST_TIMEOUT)
        .retries(TEST_RETRIES)
        .retry_base_delay(TEST_RETRY_BASE_DELAY)
        .retry_max_delay(TEST_RETRY_MAX_DELAY)
        .poll_interval(TEST_POLL_INTERVAL)
}

/// [`test_client_builder`], built.
pub fn test_client(base_url: &str, api_key: &str) -> SmoothClient {
    test_client_builder(base_url, api_key).build().expect("a loopback test client builds")
}
