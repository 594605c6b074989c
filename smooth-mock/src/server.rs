//! The handle a test holds: where the server listens, and how to script, fault and inspect it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::agent::status::TaskStatus;
use crate::config::Config;
use crate::fault::Fault;
use crate::http::accept;
use crate::journal::JournalEntry;
use crate::routes;
use crate::script::TaskScript;
use crate::state::Shared;
use crate::world::UploadedFile;

/// A running mock of the Smooth API, listening on a local port.
///
/// Dropping the handle stops the server (the port is released at once; in-flight requests
/// get a moment to finish); [`shutdown`](Self::shutdown) stops it and waits.
///
/// ```
/// # async fn run() -> std::io::Result<()> {
/// use smooth_mock::MockServer;
///
/// let mock = MockServer::start().await?;
/// let url = format!("{}task", mock.api_url() + "/");
/// let answer = reqwest::Client::new()
///     .get(url)
///     .header("apikey", mock.api_key())
///     .send()
///     .await
///     .map_err(std::io::Error::other)?;
/// assert_eq!(answer.status(), 200);
/// mock.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    serving: Option<JoinHandle<()>>,
}

impl MockServer {
    pub(crate) async fn launch(config: Config, host: IpAddr, port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::new(host, port)).await?;
        let addr = listener.local_addr()?;
        let origin = format!("http://{}", reachable(addr));
        let (stop, stopping) = watch::channel(false);
        let shared = Arc::new(Shared::new(config, origin, stopping.clone()));
        let router = routes::router(Arc::clone(&shared));
        let serving = tokio::spawn(accept::serve(listener, Arc::clone(&shared), router, stopping));
        Ok(Self { shared, addr, stop, serving: Some(serving) })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:40123/api/`: the root without the
    /// API version, as the official SDKs' base URL (`SMOOTH_BASE_URL`) is.
    pub fn base_url(&self) -> String {
        format!("{}/api/", self.shared.origin)
    }

    /// The versioned root, e.g. `http://127.0.0.1:40123/api/v1` (no trailing slash).
    pub fn api_url(&self) -> String {
        format!("{}/api/v1", self.shared.origin)
    }

    /// The key clients must send in the `apikey` header.
    pub fn api_key(&self) -> &str {
        &self.shared.config.api_key
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    // --- Scripting -------------------------------------------------------------------

    /// Queues a script for the next task submitted with `POST /task`.
    pub fn script_next_task(&self, script: TaskScript) {
        self.shared.world().push_script(script);
    }

    /// Scripts queued and not used yet.
    pub fn pending_scripts(&self) -> usize {
        self.shared.world().pending_scripts()
    }

    /// Forgets the queued scripts.
    pub fn clear_scripts(&self) {
        self.shared.world().clear_scripts();
    }

    // --- Faults ----------------------------------------------------------------------

    /// Injects a fault for the next matching requests.
    pub fn inject(&self, fault: Fault) {
        self.shared.faults().push(fault);
    }

    /// Fault applications not used yet (summed over all injected faults).
    pub fn pending_faults(&self) -> usize {
        self.shared.faults().remaining()
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// The most requests the mock has held at once: from arrival until their answer was
    /// handed to the connection (a [`Fault::delay`] holds a request for its delay). For
    /// testing a client's limit on requests in flight.
    pub fn peak_concurrent_requests(&self) -> usize {
        self.shared.peak_in_flight.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// How many bytes of body the [`Fault::endless_body`] and [`Fault::declared_length`]
    /// answers have produced so far. A chunk is produced only once the previous one went
    /// into the socket, so this is at most the socket buffers ahead of what the client
    /// read: a client that stops reading at its cap keeps it small.
    pub fn streamed_bytes(&self) -> u64 {
        self.shared.streamed_bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    // --- Journal ---------------------------------------------------------------------

    /// Every request received so far (up to the journal's capacity), oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.shared.journal().snapshot()
    }

    /// How many journaled requests match a method and path pattern, faulted ones included.
    ///
    /// The method may be `*`. The path is matched as sent (percent-encoded), relative to
    /// `/api/v1` unless the pattern starts with `/api/` or `/mock/`; `*` matches one segment
    /// and `**` any number of segments: `count("GET", "/task/*")` counts polls,
    /// `count("*", "**")` every API request.
    pub fn count(&self, method: &str, path_pattern: &str) -> usize {
        self.shared.journal().count(method, path_pattern)
    }

    /// The journaled requests matching a method and path pattern (see [`count`](Self::count)).
    pub fn requests(&self, method: &str, path_pattern: &str) -> Vec<JournalEntry> {
        self.journal().into_iter().filter(|entry| entry.matches(method, path_pattern)).collect()
    }

    /// Empties the journal.
    pub fn clear_journal(&self) {
        self.shared.journal().clear();
    }

    // --- State -----------------------------------------------------------------------

    /// The ids of the tasks the mock remembers, oldest first.
    pub fn task_ids(&self) -> Vec<String> {
        self.shared.world().task_ids()
    }

    /// How many tasks the mock remembers.
    pub fn task_count(&self) -> usize {
        self.shared.world().task_count()
    }

    /// A task's current status, or `None` when the id is unknown (or forgotten).
    pub fn task_status(&self, task_id: &str) -> Option<TaskStatus> {
        let now = self.shared.now_ms();
        self.shared.world().task_mut(task_id, now).ok().map(|task| task.status)
    }

    /// The files uploaded and not deleted, oldest first.
    pub fn uploaded_files(&self) -> Vec<UploadedFile> {
        self.shared.world().files().to_vec()
    }

    // --- Lifecycle -------------------------------------------------------------------

    /// Stops accepting connections, lets in-flight requests finish (up to 2 s), and waits
    /// until every connection task has ended.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(serving) = self.serving.take() {
            let _ = serving.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // The accept loop sees this at once, closes the listener and ends its connections.
        let _ = self.stop.send(true);
    }
}

/// The address clients should use: an unspecified bind address is reached via loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port()),
        _ => addr,
    }
}
