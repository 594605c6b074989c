//! Shared helpers for the reliability and security tests of `smooth-client`. Every test
//! runs against `smooth-mock`: its API for the service's behaviour, its faults (including
//! the raw ones: redirects, endless bodies, huge declared lengths, raw bytes) for the
//! claims that need control of the wire.

#[path = "../../support/test_client.rs"]
mod test_client;

use std::time::Duration;

use smooth_client::SmoothClient;
use smooth_mock::MockServer;

pub use test_client::test_client_builder;

/// The API key of the mock [`mock`] starts (and of clients aimed at it).
pub const TEST_KEY: &str = "cmzr-guarantees-key-7f3a9c";

/// Short timings so a whole matrix runs in seconds.
pub const TIMEOUT: Duration = Duration::from_millis(400);
/// Retries allowed per call.
pub const RETRIES: u32 = 3;
/// First retry delay.
pub const BASE_DELAY: Duration = Duration::from_millis(10);
/// Longest delay between attempts (caps `Retry-After` too).
pub const MAX_DELAY: Duration = Duration::from_millis(250);

/// The documented upper bound of one call: every attempt times out, every delay is the cap.
pub fn call_bound() -> Duration {
    TIMEOUT * (RETRIES + 1) + MAX_DELAY * RETRIES + Duration::from_millis(500)
}

/// A client with the short test timings for `base_url`: the workspace's test client with
/// this suite's timeout and retry settings.
pub fn client(base_url: &str, api_key: &str) -> SmoothClient {
    test_client_builder(base_url, api_key)
        .timeout(TIMEOUT)
        .retries(RETRIES)
        .retry_base_delay(BASE_DELAY)
        .retry_max_delay(MAX_DELAY)
        .build()
        .expect("a loopback client builds")
}

/// A fresh smooth-mock on a free port of 127.0.0.1 that expects [`TEST_KEY`].
pub async fn mock() -> MockServer {
    MockServer::builder().api_key(TEST_KEY).start().await.expect("smooth-mock starts")
}

/// A port on 127.0.0.1 that nothing listens on (yet): connecting to it is refused.
pub async fn unused_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// After `after`, listens on `port` and forwards every connection to `target`: until then
/// connections to `port` are refused. Models a service that comes back up.
pub fn forward_later(port: u16, target: std::net::SocketAddr, after: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        let Ok(listener) = tokio::net::TcpListener::bind(("127.0.0.1", port)).await else { return };
        let mut connections = tokio::task::JoinSet::new();
        while let Ok((mut inbound, _)) = listener.accept().await {
            connections.spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    })
}
