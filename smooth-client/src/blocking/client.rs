//! The blocking client: the async client plus the runtime its calls run on.

use crate::blocking::runtime::Runtime;
use crate::{ClientBuilder, Endpoint, Error};
use std::fmt;
use std::future::Future;
use std::time::Duration;

/// A blocking client for the Smooth API: the async [`crate::SmoothClient`] run on a tokio
/// runtime this client owns (one background thread), like `reqwest::blocking`.
///
/// Cheap to clone, `Send + Sync`: clones (and the handles made from them) share the
/// connection pool, the request limit and the runtime. The runtime's thread stops when the
/// last clone and the last handle are dropped.
///
/// Calls block the calling thread. From async code (a tokio task or `block_on`) they return
/// [`Error::InvalidInput`] naming the "calling context" instead of stalling the runtime; in
/// `tokio::task::spawn_blocking` and on plain threads they work.
///
/// ```no_run
/// use smooth_client::blocking::SmoothClient;
/// use smooth_client::prelude::{GetTaskRequest, TaskRequest};
///
/// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let client = SmoothClient::from_env()?;
/// let task = client.submit_task(TaskRequest::new("Find the top story on Hacker News"))?;
/// let latest = client.get_task(GetTaskRequest::new(&task.id))?;
/// println!("{} is {:?}", latest.id, latest.status);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SmoothClient {
    inner: crate::SmoothClient,
    runtime: Runtime,
}

impl fmt::Debug for SmoothClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::SmoothClient").field(&self.inner).finish()
    }
}

impl ClientBuilder {
    /// Builds a [blocking client](crate::blocking::SmoothClient) with these settings,
    /// starting its runtime thread. A `reqwest::Client` given with
    /// [`http_client`](ClientBuilder::http_client) should not also be used on another
    /// runtime: each pooled connection is driven by the runtime that opened it.
    ///
    /// ```
    /// let client = smooth_client::blocking::SmoothClient::builder()
    ///     .api_key("cmzr-your-key")
    ///     .timeout(std::time::Duration::from_secs(10))
    ///     .build_blocking()?;
    /// # Ok::<(), smooth_client::Error>(())
    /// ```
    pub fn build_blocking(self) -> Result<SmoothClient, Error> {
        let runtime = Runtime::start()?;
        // The HTTP client is made inside the runtime it will do its I/O on.
        let inner = runtime.enter(|| self.build())?;
        Ok(SmoothClient { inner, runtime })
    }
}

impl SmoothClient {
    /// A client for the live service with the given API key and default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build_blocking()
    }

    /// A client configured from `CIRCLEMIND_API_KEY` and, if set, `SMOOTH_BASE_URL`.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().from_env().build_blocking()
    }

    /// The builder of every setting; finish it with
    /// [`build_blocking`](ClientBuilder::build_blocking).
    pub fn builder() -> ClientBuilder {
        crate::SmoothClient::builder()
    }

    /// A client around a handle that is already running on `runtime`, e.g. inside a tool.
    pub(crate) fn from_parts(inner: crate::SmoothClient, runtime: Runtime) -> Self {
        SmoothClient { inner, runtime }
    }

    /// The async client underneath. Not public: a pooled connection is driven by the runtime
    /// that opened it, so futures of this client polled on another runtime could leave
    /// connections that stall once that runtime stops or idles.
    pub(crate) fn as_async(&self) -> &crate::SmoothClient {
        &self.inner
    }

    /// The versioned API root requests go to, e.g. `https://api.smooth.sh/api/v1`.
    pub fn api_url(&self) -> &str {
        self.inner.api_url()
    }

    /// How often task handles poll.
    pub fn poll_interval(&self) -> Duration {
        self.inner.poll_interval()
    }

    /// How many requests this client and its clones may have on the wire at once.
    pub fn max_concurrent_requests(&self) -> usize {
        self.inner.max_concurrent_requests()
    }

    /// Sends any endpoint, including ones declared in your own crate with
    /// [`#[smooth_endpoint]`](crate::smooth_endpoint), and decodes its answer. Retries follow
    /// [`crate::SmoothClient::send`].
    ///
    /// ```no_run
    /// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), smooth_client::Error> {
    /// use smooth_client::api::task::GetTaskRequest;
    /// let task = client.send(GetTaskRequest::new("task-id"))?;
    /// println!("{:?}", task.status);
    /// # Ok(()) }
    /// ```
    pub fn send<E>(&self, endpoint: E) -> Result<E::Response, Error>
    where
        E: Endpoint,
        E::Response: Send + 'static,
    {
        // Rendered here, as the async `send` does (secret values are collected on the
        // rendering thread), so only the request, not the endpoint, crosses to the runtime.
        let (request, secrets) = crate::secret::collecting(|| endpoint.into_request());
        let request = request?;
        self.call(move |client| async move {
            client.execute_decoded(request, crate::response::decode_envelope::<E::Response>, secrets).await
        })
    }

    /// Runs a future of the async client on the runtime, blocking until it is done.
    pub(crate) fn call<T, E, Fut>(&self, call: impl FnOnce(crate::SmoothClient) -> Fut) -> Result<T, E>
    where
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        self.runtime.run(call(self.inner.clone()))
    }

    /// Makes the runtime current while `f` runs, for code that spawns on it without waiting.
    pub(crate) fn enter<T>(&self, f: impl FnOnce() -> T) -> T {
        self.runtime.enter(f)
    }

    /// Runs any future on the runtime, blocking until it is done.
    pub(crate) fn wait_on<T, E>(&self, future: impl Future<Output = Result<T, E>> + Send + 'static) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        self.runtime.run(future)
    }
}
