//! Shared helpers for the reliability and security tests of `smooth-client`.
//!
//! [`wire::WireServer`] is a raw-socket HTTP server for the claims that need control of
//! every byte (closing mid-answer, stalling, endless bodies, redirects between two
//! servers); the claims about the service's behaviour run against `smooth-mock`.

pub mod wire;

use std::time::Duration;

use smooth_client::SmoothClient;

/// The API key the tests use with [`wire::WireServer`].
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

/// A client with the short test timings for `base_url`.
pub fn client(base_url: &str, api_key: &str) -> SmoothClient {
    SmoothClient::builder()
        .api_key(api_key)
        .base_url(base_url)
        .timeout(TIMEOUT)
        .retries(RETRIES)
        .retry_base_delay(BASE_DELAY)
        .retry_max_delay(MAX_DELAY)
        .build()
        .expect("a loopback client builds")
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
