//! Shared set-up of the blocking-client tests: smooth-mock served by a runtime of its own
//! (the test threads themselves stay plain, non-async threads) and a blocking client.
#![allow(dead_code)]

use smooth_client::blocking::SmoothClient;
use smooth_mock::MockServer;
use std::time::Duration;

pub const POLL: Duration = Duration::from_millis(20);

/// A mock on a real socket, kept alive with the runtime that serves it.
pub struct Mock {
    pub server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl std::ops::Deref for Mock {
    type Target = MockServer;
    fn deref(&self) -> &MockServer {
        &self.server
    }
}

pub fn mock() -> Mock {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("mock runtime");
    let server = runtime.block_on(MockServer::start()).expect("mock starts");
    Mock { server, _runtime: runtime }
}

pub fn setup() -> (Mock, SmoothClient) {
    let mock = mock();
    let client = client_for(&mock);
    (mock, client)
}

pub fn client_for(mock: &MockServer) -> SmoothClient {
    SmoothClient::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .poll_interval(POLL)
        .build_blocking()
        .expect("client builds")
}

/// The JSON bodies of the requests matching a method and path pattern.
pub fn bodies(mock: &MockServer, method: &str, path: &str) -> Vec<serde_json::Value> {
    mock.requests(method, path).iter().filter_map(|entry| entry.json().cloned()).collect()
}

/// The names of this process's threads (Linux).
pub fn thread_names() -> Vec<String> {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_owned())
        .collect()
}

/// How many threads of blocking clients (runtime and pool) are alive.
pub fn blocking_threads() -> usize {
    thread_names().iter().filter(|name| name.starts_with("smooth-blocking")).count()
}
