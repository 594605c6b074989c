//! Where the examples run: the live service when `CIRCLEMIND_API_KEY` is set, otherwise a
//! local smooth-mock started in-process (at its realistic speed).

use smooth_client::SmoothClient;
use std::time::Duration;

/// Keeps the mock (if any) alive for as long as the example runs.
pub struct Backend {
    pub client: SmoothClient,
    _mock: Option<smooth_mock::MockServer>,
}

pub async fn connect() -> Result<Backend, Box<dyn std::error::Error>> {
    if std::env::var_os("CIRCLEMIND_API_KEY").is_some() {
        return Ok(Backend { client: SmoothClient::from_env()?, _mock: None });
    }
    // Realistic speed: tasks take a few seconds, so there is a live view to look at.
    let mock = smooth_mock::MockServer::builder().speed(smooth_mock::Speed::Realistic).start().await?;
    eprintln!("CIRCLEMIND_API_KEY is not set: running against a local mock at {}", mock.base_url());
    let client = SmoothClient::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .poll_interval(Duration::from_millis(100))
        .build()?;
    Ok(Backend { client, _mock: Some(mock) })
}
