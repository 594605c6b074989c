//! Shared set-up: a mock server on a real socket and a client polling every 20 ms.
#![allow(dead_code)]

use smooth_client::SmoothClient;
use smooth_mock::MockServer;
use std::time::Duration;

pub const POLL: Duration = Duration::from_millis(20);

pub async fn setup() -> (MockServer, SmoothClient) {
    let mock = MockServer::start().await.expect("mock starts");
    let client = client_for(&mock, |builder| builder);
    (mock, client)
}

pub fn client_for(
    mock: &MockServer,
    configure: impl FnOnce(smooth_client::ClientBuilder) -> smooth_client::ClientBuilder,
) -> SmoothClient {
    let builder = SmoothClient::builder().api_key(mock.api_key()).base_url(mock.base_url()).poll_interval(POLL);
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
