//! Settings for a server, chosen before it starts.

use std::net::{IpAddr, Ipv4Addr};
use std::ops::RangeInclusive;
use std::time::Duration;

use crate::config::{Config, Speed, millis_range};
use crate::server::MockServer;

/// Configures and starts a [`MockServer`].
///
/// ```
/// # async fn run() -> std::io::Result<()> {
/// use smooth_mock::{MockServer, Speed};
///
/// let mock = MockServer::builder()
///     .api_key("cmzr-test")
///     .speed(Speed::Fast)
///     .seed(42)
///     .start()
///     .await?;
/// assert!(mock.base_url().ends_with("/api/"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    config: Config,
    host: IpAddr,
    port: u16,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self { config: Config::default(), host: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 0 }
    }
}

impl MockServerBuilder {
    /// The key clients must send in the `apikey` header (default
    /// [`DEFAULT_API_KEY`](crate::DEFAULT_API_KEY)).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.config.api_key = key.into();
        self
    }

    /// How fast simulated tasks run (default [`Speed::Fast`]).
    pub fn speed(mut self, speed: Speed) -> Self {
        self.config.speed = speed;
        self
    }

    /// The seed of every generated id, timing and value.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// How many finished tasks are kept (oldest are forgotten first; default 1000).
    pub fn max_finished_tasks(mut self, count: usize) -> Self {
        self.config.max_finished_tasks = count;
        self
    }

    /// How long each task runs (from `running` to `done`), picked per task inside the
    /// range; overrides the [`speed`](Self::speed)'s running time. A fixed duration is a
    /// range of one value. Millisecond grain; a range given backwards is put in order.
    /// Scripts that set [`TaskScript::run_for`](crate::TaskScript::run_for) win.
    ///
    /// ```
    /// # async fn run() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// // Tasks that stay live for 90 to 110 s, as a load test of many handles wants.
    /// let mock = smooth_mock::MockServer::builder()
    ///     .task_duration(Duration::from_secs(90)..=Duration::from_secs(110))
    ///     .max_finished_tasks(20_000)
    ///     .start()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn task_duration(mut self, range: RangeInclusive<Duration>) -> Self {
        self.config.task_duration = Some(millis_range(&range));
        self
    }

    /// How long each task reports `waiting` before it runs, picked per task inside the
    /// range; overrides the [`speed`](Self::speed)'s waiting time (a fixed wait is a range
    /// of one value). Scripts that set [`TaskScript::wait_for`](crate::TaskScript::wait_for) win.
    pub fn task_wait(mut self, range: RangeInclusive<Duration>) -> Self {
        self.config.task_wait = Some(millis_range(&range));
        self
    }

    /// The largest request body accepted; larger ones are answered 413 (default 16 MiB).
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.config.max_body_bytes = bytes;
        self
    }

    /// How many journal entries are kept (oldest go first; default 10 000).
    pub fn max_journal_entries(mut self, count: usize) -> Self {
        self.config.max_journal_entries = count;
        self
    }

    /// How many events each task keeps (oldest go first; default 1000).
    pub fn max_events_per_task(mut self, count: usize) -> Self {
        self.config.max_events_per_task = count;
        self
    }

    /// Pages events: each answer of `GET /task/{id}` carries at most `count` of the events
    /// after `event_t` (the oldest), as a service may; a client reads the rest by polling
    /// again with the last timestamp it saw. Default: all of them.
    pub fn events_per_poll(mut self, count: usize) -> Self {
        self.config.events_per_poll = Some(count.max(1));
        self
    }

    /// How long a gracefully closed session keeps running after a client has read the
    /// answer to `close`, that is polled with an `event_t` at or past the answer's
    /// timestamp (default 250 ms fast, 1.5 s realistic).
    pub fn close_grace(mut self, grace: Duration) -> Self {
        self.config.close_grace = Some(grace);
        self
    }

    /// How long a gracefully closed session keeps running after the answer to `close` was
    /// published when no client ever polls past it (default 5 s fast, 30 s realistic):
    /// long enough for the official SDK, which reads the answer and then sends `DELETE`
    /// without polling again, to find the session still open.
    pub fn close_fallback(mut self, fallback: Duration) -> Self {
        self.config.close_fallback = Some(fallback);
        self
    }

    /// The address to bind (default 127.0.0.1).
    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// The port to bind (default 0: a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds the address and starts serving on the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        MockServer::launch(self.config, self.host, self.port).await
    }
}

// The ways in live beside the builder, so the server module never reaches up to it.
impl MockServer {
    /// Starts a server with default settings on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Self> {
        Self::builder().start().await
    }

    /// Settings for a server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }
}
