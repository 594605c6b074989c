//! Building a [`SmoothClient`](crate::SmoothClient): key, base URL, timeouts and retries.
//! (`build` is in `client.rs`, which knows the client's insides.)

use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use std::fmt;
use std::time::Duration;

/// The official SDKs' default base URL: the API root without the version.
pub const DEFAULT_BASE_URL: &str = "https://api.smooth.sh/api/";
const DEFAULT_API_VERSION: &str = "v1";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);
const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// From how many live task handles (waiting only for their status) one client starts to
/// learn their statuses from `GET /task` pages: see [`FleetPolling`].
pub const DEFAULT_FLEET_THRESHOLD: usize = 32;
/// The official Python SDK's pool: its `aiohttp.ClientSession` opens at most 100
/// connections (aiohttp's `TCPConnector(limit=100)`; httpx's default is 100 too).
pub(crate) const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 100;
const API_KEY_ENV: &str = "CIRCLEMIND_API_KEY";
const BASE_URL_ENV: &str = "SMOOTH_BASE_URL";

/// Configures a [`SmoothClient`](crate::SmoothClient). Every setting but the API key has a default.
///
/// ```
/// use std::time::Duration;
/// let client = smooth_client::SmoothClient::builder()
///     .api_key("cmzr-example")
///     .base_url("http://127.0.0.1:8787/api/")
///     .timeout(Duration::from_secs(10))
///     .retries(2)
///     .build()?;
/// assert_eq!(client.api_url(), "http://127.0.0.1:8787/api/v1");
/// # Ok::<(), smooth_client::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) api_key: Option<Secret<String>>,
    pub(crate) base_url: String,
    pub(crate) api_version: String,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) poll_interval: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_concurrent_requests: usize,
    pub(crate) allow_insecure_http: bool,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) fleet_polling: FleetPolling,
}

/// Whether the task handles of one client (and its clones) learn their statuses together,
/// from pages of `GET /task`, instead of one `GET /task/{id}` each per poll interval.
///
/// With fleet polling, one page of up to 128 tasks (newest first) tells the status of up to
/// 128 handles: 10,000 live handles cost about a hundred requests per interval instead of
/// 10,000. A handle still fetches its own task when it needs its events (custom tools,
/// sessions, [`events()`](crate::TaskHandle::events) streams, `recording_url` or
/// `downloads_url` after the end), when a page shows its status changed to an end (to read
/// the final answer), and when no page reached it: a task the listing does not show, or
/// one of more than 128 tasks created in the same second (`GET /task` pages by whole
/// seconds, so the rest of such a second cannot be reached; this is detected from the
/// pages, not assumed). A page that fails makes every handle poll itself that interval.
/// The handles one page shows ended read their final answers spread over a quarter of the
/// interval (oldest task first), not in one burst. While fleet polling serves a handle, it
/// runs no tokio task of its own.
///
/// ```
/// use smooth_client::{FleetPolling, SmoothClient};
/// let client = SmoothClient::builder()
///     .api_key("cmzr-example")
///     .fleet_polling(FleetPolling::Off)
///     .build()?;
/// assert_eq!(client.fleet_polling(), FleetPolling::Off);
///
/// let default = SmoothClient::new("cmzr-example")?;
/// assert_eq!(default.fleet_polling(), FleetPolling::AtLeast(smooth_client::DEFAULT_FLEET_THRESHOLD));
/// # Ok::<(), smooth_client::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FleetPolling {
    /// Never: every handle polls its own task.
    Off,
    /// While at least this many handles of the client wait only for their status (the
    /// default is [`DEFAULT_FLEET_THRESHOLD`]; `AtLeast(1)` always pages).
    AtLeast(usize),
}

impl Default for FleetPolling {
    fn default() -> Self {
        FleetPolling::AtLeast(DEFAULT_FLEET_THRESHOLD)
    }
}

impl FleetPolling {
    /// Whether `live` handles waiting for their status are enough to page for them.
    pub(crate) fn applies(self, live: usize) -> bool {
        match self {
            FleetPolling::Off => false,
            FleetPolling::AtLeast(threshold) => live >= threshold.max(1),
        }
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            poll_interval: DEFAULT_POLL_INTERVAL,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            allow_insecure_http: false,
            http: None,
            fleet_polling: FleetPolling::default(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[REDACTED]"))
            .field("base_url", &self.base_url)
            .field("api_version", &self.api_version)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("poll_interval", &self.poll_interval)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("fleet_polling", &self.fleet_polling)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key sent in the `apikey` header (keys look like `cmzr-…`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key.into()));
        self
    }

    /// Reads the key from `CIRCLEMIND_API_KEY` and the base URL from `SMOOTH_BASE_URL`
    /// when they are set; values already given are replaced.
    pub fn from_env(mut self) -> Self {
        if let Ok(key) = std::env::var(API_KEY_ENV) {
            self = self.api_key(key);
        }
        if let Ok(base) = std::env::var(BASE_URL_ENV) {
            self = self.base_url(base);
        }
        self
    }

    /// The API root without the version, like the official SDKs' `base_url`
    /// (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The API version appended to the base URL (default `v1`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// The limit for one HTTP exchange, from sending to the last byte of the answer
    /// (default 30 s, like the official SDKs).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed request may be retried when retrying is safe (default 3;
    /// 0 disables retries).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The first retry delay, doubled on each further attempt (default 500 ms).
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// The longest delay between two attempts, `Retry-After` included (default 30 s).
    pub fn retry_max_delay(mut self, delay: Duration) -> Self {
        self.retry.max_delay = delay;
        self
    }

    /// How often task handles poll for news (default 1 s, like the official SDKs).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// When task handles learn their statuses from `GET /task` pages instead of polling
    /// one by one (default: from [`DEFAULT_FLEET_THRESHOLD`] live handles on); see
    /// [`FleetPolling`].
    pub fn fleet_polling(mut self, fleet: FleetPolling) -> Self {
        self.fleet_polling = fleet;
        self
    }

    /// The largest answer body read (default 16 MiB); a larger one fails with
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How many HTTP requests this client (and its clones) may have on the wire at once
    /// (default 100, the connection limit of the official Python SDK's HTTP pool).
    ///
    /// A request holds a slot from sending until the last byte of its answer is read; one
    /// that finds every slot taken waits its turn, first come first served, before its
    /// [`timeout`](Self::timeout) starts. No slot is held while a call sleeps before a retry,
    /// nor while a task handle waits between polls, so thousands of live handles share a
    /// few connections. Over HTTP/1.1 every request in flight is a connection of its own,
    /// which makes this the bound on sockets and on the memory of a burst of submissions;
    /// the default HTTP client also keeps at most this many idle connections open.
    ///
    /// Zero is refused by [`build`](Self::build).
    ///
    /// ```
    /// let client = smooth_client::SmoothClient::builder()
    ///     .api_key("cmzr-example")
    ///     .max_concurrent_requests(16)
    ///     .build()?;
    /// assert_eq!(client.max_concurrent_requests(), 16);
    ///
    /// let default = smooth_client::SmoothClient::new("cmzr-example")?;
    /// assert_eq!(default.max_concurrent_requests(), 100);
    /// # Ok::<(), smooth_client::Error>(())
    /// ```
    pub fn max_concurrent_requests(mut self, limit: usize) -> Self {
        self.max_concurrent_requests = limit;
        self
    }

    /// Allows plain `http://` to hosts other than loopback. Off by default so the key
    /// never crosses a network in clear text by accident.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Uses a ready-made `reqwest::Client` (for proxies, custom roots, connection pools).
    /// [`max_concurrent_requests`](Self::max_concurrent_requests) still applies to it; its
    /// pool settings and its redirect policy are then yours: the client built by default
    /// refuses to follow a redirect to another host, so the `apikey` header never leaves the
    /// configured one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The versioned API root, validated: `{base}/{version}` without a trailing slash.
    pub(crate) fn api_root(&self) -> Result<reqwest::Url, Error> {
        let base = self.base_url.trim();
        let url = reqwest::Url::parse(base)
            .map_err(|err| Error::Config(format!("base URL {base:?} is not a valid URL: {err}")))?;
        match url.scheme() {
            "https" => {}
            "http" => {
                let host = url.host_str().unwrap_or_default();
                let loopback = host.eq_ignore_ascii_case("localhost")
                    || host
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback());
                if !loopback && !self.allow_insecure_http {
                    return Err(Error::Config(format!(
                        "base URL {base:?} uses plain http to a non-loopback host, which would send the API key in clear text; use https, or call allow_insecure_http(true) if you really mean it"
                    )));
                }
            }
            other => {
                return Err(Error::Config(format!("base URL {base:?} must use http or https, not {other:?}")));
            }
        }
        if url.host().is_none() {
            return Err(Error::Config(format!("base URL {base:?} has no host")));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!("base URL {base:?} must not have a query or fragment")));
        }
        let version = self.api_version.trim().trim_matches('/');
        if version.is_empty() || version.contains(['/', '?', '#']) {
            return Err(Error::Config(format!(
                "API version {:?} must be one path segment like \"v1\"",
                self.api_version
            )));
        }
        let root = format!("{}/{}", url.as_str().trim_end_matches('/'), version);
        reqwest::Url::parse(&root).map_err(|err| Error::Config(format!("API root {root:?} is not a valid URL: {err}")))
    }
}
