//! Shared set-up: a mock server on a real socket and a client polling every 20 ms.
#![allow(dead_code)]

#[path = "../../../tests/support/test_client.rs"]
mod test_client;

use smooth_client::SmoothClient;
use smooth_mock::MockServer;
use std::time::Duration;

pub const POLL: Duration = Duration::from_millis(20);

pub async fn setup() -> (MockServer, SmoothClient) {
    let mock = MockServer::start().await.expect("mock starts");
    let client = client_for(&mock, |builder| builder);
    (mock, client)
}

/// A client for `mock` from the workspace's one test-client helper, polling every
/// [`POLL`], with `configure` applied on top.
pub fn client_for(
    mock: &MockServer,
    configure: impl FnOnce(smooth_client::ClientBuilder) -> smooth_client::ClientBuilder,
) -> SmoothClient {
    let builder = test_client::test_client_builder(&mock.base_url(), mock.api_key()).poll_interval(POLL);
    configure(builder).build().expect("client builds")
}

/// The JSON bodies of the requests matching a method and path pattern.
pub fn bodies(mock: &MockServer, method: &str, path: &str) -> Vec<serde_json::Value> {
    mock.requests(method, path).iter().filter_map(|entry| entry.json().cloned()).collect()
}

/// Waits (bounded) until `condition` holds.
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}
