//! The client: one place where requests are sent, retried and decoded.

use crate::config::{ClientBuilder, FleetPolling};
use crate::endpoint::{Endpoint, EndpointRequest, Method, RequestBody};
use crate::error::{ApiDetail, Error, RequestOutcome};
use crate::response::{BodyError, api_error, decode_envelope, read_capped};
use crate::retry::{DELETED, RetryPolicy, gone_after_unknown, parse_retry_after, retryable_status};
use crate::secret::{Redactor, Secret};
use bytes::Bytes;
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, RETRY_AFTER, USER_AGENT};
use std::any::Any;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

const SDK_USER_AGENT: HeaderValue = HeaderValue::from_static(concat!("smooth-rust-sdk/", env!("CARGO_PKG_VERSION")));
const API_KEY_HEADER: HeaderName = HeaderName::from_static("apikey");
const JSON_CONTENT_TYPE: HeaderValue = HeaderValue::from_static("application/json");

/// A client for the Smooth API. Cheap to clone: clones share one connection pool and one
/// limit on requests in flight ([`ClientBuilder::max_concurrent_requests`]).
///
/// Every operation is called one way: its request, built with the constructor and setters,
/// passed to the call method named after it (`use smooth_client::prelude::*` brings them
/// all into scope). [`SmoothClient::send`] is the primitive behind those methods.
///
/// ```no_run
/// use smooth_client::prelude::*;
///
/// # async fn demo() -> Result<(), smooth_client::Error> {
/// let client = SmoothClient::new("cmzr-your-key")?;
/// let profiles = client.list_profiles(ListProfilesRequest::new()).await?;
/// println!("{} profiles", profiles.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SmoothClient {
    shared: Arc<ClientState>,
}

/// What every clone of a [`SmoothClient`] shares: the connection pool, the settings and
/// the in-flight limit.
struct ClientState {
    http: reqwest::Client,
    /// Parsed once: each request URL is this with the endpoint's path and query set, so
    /// the scheme and host (and IDNA) are never parsed again.
    api_root: Url,
    /// Marked sensitive, so HTTP/2 never indexes it and reqwest's `Debug` hides it.
    api_key: Secret<HeaderValue>,
    timeout: Duration,
    retry: RetryPolicy,
    poll_interval: Duration,
    max_response_bytes: usize,
    /// One permit per request on the wire; see [`ClientBuilder::max_concurrent_requests`].
    in_flight: Semaphore,
    max_concurrent_requests: usize,
    fleet_polling: FleetPolling,
    /// The task engine's shared status source (its type lives in the engine, above this
    /// file, so it is kept here untyped).
    fleet: OnceLock<Arc<dyn Any + Send + Sync>>,
}

impl fmt::Debug for SmoothClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmoothClient")
            .field("api_root", &self.shared.api_root.as_str())
            .field("api_key", &self.shared.api_key)
            .field("timeout", &self.shared.timeout)
            .field("max_concurrent_requests", &self.shared.max_concurrent_requests)
            .finish_non_exhaustive()
    }
}

impl SmoothClient {
    /// A client for the live service with the given API key and default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from `CIRCLEMIND_API_KEY` and, if set, `SMOOTH_BASE_URL`.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().from_env().build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        let api_root = builder.api_root()?;
        let key = builder.api_key.as_ref().map(|key| key.expose().trim().to_owned()).unwrap_or_default();
        if key.is_empty() {
            return Err(Error::Config(
                "no API key: pass one to SmoothClient::new or the builder, or set CIRCLEMIND_API_KEY".to_owned(),
            ));
        }
        let mut api_key = HeaderValue::from_str(&key)
            .map_err(|_| Error::Config("the API key contains characters not allowed in an HTTP header".to_owned()))?;
        api_key.set_sensitive(true);
        if builder.max_concurrent_requests == 0 {
            return Err(Error::Config(
                "max_concurrent_requests must be at least 1: with 0 no request could ever be sent".to_owned(),
            ));
        }
        // Above tokio's maximum, the limit could never be reached anyway.
        let max_concurrent_requests = builder.max_concurrent_requests.min(Semaphore::MAX_PERMITS);
        let http = match builder.http {
            Some(http) => http,
            None => default_http_client(max_concurrent_requests)?,
        };
        Ok(SmoothClient {
            shared: Arc::new(ClientState {
                http,
                api_root,
                api_key: Secret::new(api_key),
                timeout: builder.timeout,
                retry: builder.retry,
                poll_interval: builder.poll_interval,
                max_response_bytes: builder.max_response_bytes,
                in_flight: Semaphore::new(max_concurrent_requests),
                max_concurrent_requests,
                fleet_polling: builder.fleet_polling,
                fleet: OnceLock::new(),
            }),
        })
    }

    /// The versioned API root requests go to, e.g. `https://api.smooth.sh/api/v1`.
    pub fn api_url(&self) -> &str {
        self.shared.api_root.as_str()
    }

    /// How often task handles poll.
    pub fn poll_interval(&self) -> Duration {
        self.shared.poll_interval
    }

    /// When task handles learn their statuses from `GET /task` pages; see [`FleetPolling`].
    pub fn fleet_polling(&self) -> FleetPolling {
        self.shared.fleet_polling
    }

    /// The slot where the task engine keeps the status source its handles share.
    pub(crate) fn fleet_slot(&self) -> &OnceLock<Arc<dyn Any + Send + Sync>> {
        &self.shared.fleet
    }

    /// How many requests this client and its clones may have on the wire at once.
    pub fn max_concurrent_requests(&self) -> usize {
        self.shared.max_concurrent_requests
    }

    /// Sends any endpoint and decodes its answer: the primitive every generated call
    /// method (`client.get_task(..)`) goes through. Call it yourself in code generic over
    /// [`Endpoint`], or for an `Endpoint` implemented by hand; otherwise use the call method.
    ///
    /// Retries follow one rule: a request is sent again only when that cannot do anything
    /// twice. Every method is retried when the connection could not be made (nothing was
    /// sent); GET, PUT and DELETE are also retried on 429, 500, 502, 503, 504 (honouring
    /// `Retry-After`), timeouts, broken connections and success answers whose body is not
    /// valid JSON (garbled or cut short on the way). A POST whose outcome is unknown is never re-sent: the error says so
    /// ([`Error::outcome_unknown`]).
    ///
    /// One call takes at most `(retries + 1) × timeout` plus the delays between attempts
    /// (each at most `retry_max_delay`), plus, when
    /// [`max_concurrent_requests`](crate::ClientBuilder::max_concurrent_requests) requests are
    /// already on the wire, the wait for one of them to finish before each attempt.
    ///
    /// ```no_run
    /// use smooth_client::{Endpoint, Error, SmoothClient};
    ///
    /// /// Sends a batch of requests of one endpoint, whatever it is.
    /// async fn send_all<E: Endpoint>(client: &SmoothClient, requests: Vec<E>) -> Result<Vec<E::Response>, Error> {
    ///     let mut answers = Vec::with_capacity(requests.len());
    ///     for request in requests {
    ///         answers.push(client.send(request).await?);
    ///     }
    ///     Ok(answers)
    /// }
    /// ```
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        self.send_redacting(endpoint, Vec::new()).await
    }

    /// [`SmoothClient::send`], redacting also `secrets` (values serialized before the
    /// request was built, e.g. into a JSON payload) from the text of error answers.
    pub(crate) async fn send_redacting<E: Endpoint>(
        &self,
        endpoint: E,
        secrets: Vec<String>,
    ) -> Result<E::Response, Error> {
        let (request, mut sent) = crate::secret::collecting(|| endpoint.into_request());
        sent.extend(secrets);
        self.execute_decoded(request?, decode_envelope::<E::Response>, sent).await
    }

    /// Sends a request, retrying when that is safe, and decodes a successful answer with
    /// `decode`. An idempotent request whose answer is not valid JSON is sent again.
    pub(crate) async fn execute_decoded<T>(
        &self,
        request: EndpointRequest,
        decode: impl Fn(u16, &[u8]) -> Result<T, Error>,
        secrets: Vec<String>,
    ) -> Result<T, Error> {
        let api_key = self.shared.api_key.expose().to_str().ok().map(str::to_owned);
        let redactor = Redactor::new(secrets.into_iter().chain(api_key));
        request.body().check()?;
        let (method, path) = (request.method(), request.path());
        let mut attempt: u32 = 0;
        // Whether an earlier attempt may have taken effect (sent, but no answer read).
        let mut outcome_unknown = false;
        loop {
            let (error, not_sent, retry_after) = match self.attempt(&request, &redactor).await {
                Attempt::Done(Err(error))
                    if gone_after_unknown(method == Method::Delete, error.status(), outcome_unknown) =>
                {
                    tracing::debug!(%method, path = %path, "404 after an attempt of unknown outcome: deleted by that attempt");
                    return decode(200, DELETED).map_err(|_| error);
                }
                Attempt::Done(Err(error)) => return Err(error),
                Attempt::Done(Ok((status, bytes))) => {
                    match decode(status, &bytes).map_err(|e| redactor.redact_error(e)) {
                        Ok(value) => return Ok(value),
                        // A body that is not even JSON was garbled on the way (a proxy, a cut
                        // connection): worth another try. Valid JSON of the wrong shape is not.
                        Err(error @ Error::Decode { .. })
                            if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() =>
                        {
                            (error, false, None)
                        }
                        Err(error) => return Err(error),
                    }
                }
                Attempt::Retryable { error, not_sent, retry_after } => (error, not_sent, retry_after),
            };
            outcome_unknown |= error.outcome_unknown();
            let allowed = (not_sent || method.is_idempotent()) && request.body().replayable();
            if !allowed || attempt >= self.shared.retry.max_retries {
                tracing::debug!(%method, path = %path, attempts = attempt + 1, error = %error, "Smooth API request failed");
                return Err(error);
            }
            let delay = self.shared.retry.delay(attempt, retry_after);
            tracing::debug!(%method, path = %path, attempt, ?delay, error = %error, "retrying Smooth API request");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, holding a slot of `in_flight` from before the request is built
    /// (a multipart body may open files) until its body is read.
    async fn attempt(&self, request: &EndpointRequest, redactor: &Redactor) -> Attempt {
        let method = request.method();
        // The semaphore is never closed, so `acquire` cannot fail.
        let permit = self.shared.in_flight.acquire().await.ok();
        // reqwest takes the URL by value: building it here costs what a clone would.
        let url = request_url(&self.shared.api_root, request.path(), request.query());
        tracing::debug!(%method, url = url.as_str(), "sending Smooth API request");
        let mut builder = self
            .shared
            .http
            .request(method.to_reqwest(), url)
            .timeout(self.shared.timeout)
            .header(API_KEY_HEADER, self.shared.api_key.expose().clone())
            .header(USER_AGENT, SDK_USER_AGENT);
        // The body is built afresh for each attempt from the one `RequestBody` the endpoint
        // made: JSON bytes are copied, a multipart form reopens its files.
        builder = match request.body() {
            RequestBody::Empty => builder,
            RequestBody::Json(bytes) => builder.header(CONTENT_TYPE, JSON_CONTENT_TYPE).body(bytes.clone()),
            RequestBody::Multipart(form) => match form.to_reqwest() {
                Ok(form) => builder.multipart(form),
                Err(error) => return Attempt::Done(Err(error)),
            },
        };
        let response = match builder.send().await {
            Ok(response) => response,
            Err(err) => return self.transport_failure(err),
        };
        let status = response.status();
        let retry_after =
            response.headers().get(RETRY_AFTER).and_then(|value| value.to_str().ok()).and_then(parse_retry_after);
        let location = response
            .headers()
            .get(LOCATION)
            .map(|value| crate::error::excerpt(value.as_bytes()))
            .filter(|_| status.is_redirection());
        let bytes = match read_capped(response, self.shared.max_response_bytes).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge(error)) => return Attempt::Done(Err(error)),
            Err(BodyError::Transport(err)) => return self.transport_failure(err),
        };
        drop(permit);
        if status.is_success() {
            return Attempt::Done(Ok((status.as_u16(), bytes)));
        }
        let mut error = api_error(status.as_u16(), &bytes, redactor, retry_after);
        if let (Some(location), Error::Api { detail, .. }) = (location, &mut error) {
            // The redirect policy stopped here: the target is another origin.
            *detail = ApiDetail::Message(format!(
                "redirected to {location}; not followed (it leaves the configured origin), so the API key was not sent there"
            ));
        }
        if retryable_status(status) {
            Attempt::Retryable { error, not_sent: false, retry_after }
        } else {
            Attempt::Done(Err(error))
        }
    }

    fn transport_failure(&self, err: reqwest::Error) -> Attempt {
        // A failed connect means no byte of the request left this machine.
        let not_sent = err.is_connect();
        let outcome = if not_sent { RequestOutcome::NotSent } else { RequestOutcome::Unknown };
        let error = if err.is_timeout() {
            Error::Timeout { timeout: self.shared.timeout, outcome }
        } else {
            Error::Transport { message: transport_error_message(&err), outcome, source: Some(std::sync::Arc::new(err)) }
        };
        Attempt::Retryable { error, not_sent, retry_after: None }
    }
}

impl ClientBuilder {
    /// Builds the client, or explains what is missing or unusable.
    pub fn build(self) -> Result<SmoothClient, Error> {
        SmoothClient::from_builder(self)
    }
}

/// The URL of one request: the parsed API root with `path` (already percent-encoded,
/// relative to the root) appended and `query` set. Only the path and query are parsed.
///
/// `set_path` keeps the semantics of the formatted string this replaces: dot segments are
/// resolved the same way, and a `?` or `#` inside `path` is encoded instead of starting a
/// query or fragment.
fn request_url(root: &Url, path: &str, query: Option<&str>) -> Url {
    let mut url = root.clone();
    let mut full_path = String::with_capacity(root.path().len() + path.len());
    full_path.push_str(root.path());
    full_path.push_str(path);
    url.set_path(&full_path);
    url.set_query(query);
    url
}

/// One attempt's result: final, or a failure that a retry might fix.
enum Attempt {
    Done(Result<(u16, Bytes), Error>),
    Retryable { error: Error, not_sent: bool, retry_after: Option<Duration> },
}

/// reqwest's own message plus its innermost cause ("connection refused"), which is the
/// part a user can act on.
fn transport_error_message(err: &reqwest::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    let mut innermost = None;
    while let Some(cause) = source {
        innermost = Some(cause.to_string());
        source = cause.source();
    }
    if let Some(cause) = innermost
        && !message.contains(&cause)
    {
        message = format!("{message}: {cause}");
    }
    message
}

fn default_http_client(max_concurrent_requests: usize) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        // No more connections than requests may be in flight are kept for reuse (reqwest's
        // own default keeps every one): a burst does not leave surplus sockets behind.
        .pool_max_idle_per_host(max_concurrent_requests)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            // The `apikey` header is not one reqwest strips on redirect, so only follow
            // redirects that stay on the same origin.
            let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
            if !same_origin {
                attempt.stop()
            } else if attempt.previous().len() > 5 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(|err| Error::Config(format!("cannot build the HTTP client: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the client built before: the root and path formatted into one string, parsed.
    fn formatted(root: &str, path: &str, query: Option<&str>) -> String {
        let text = match query {
            Some(query) => format!("{root}{path}?{query}"),
            None => format!("{root}{path}"),
        };
        Url::parse(&text).unwrap().to_string()
    }

    #[test]
    fn request_urls_match_the_formatted_ones() {
        for root in ["http://127.0.0.1:8787/api/v1", "https://api.smooth.sh/api/v1", "https://example.com/v2"] {
            let parsed = Url::parse(root).unwrap();
            for (path, query) in [
                ("/task/t-1", Some("event_t=5")),
                ("/task/a%2F..%2Fb%3Fx%23y", None),
                ("/profile/100%25%20%C3%A9", Some("a=1&b=%20x")),
                ("/task", None),
                ("/task/x/../y", None),
            ] {
                assert_eq!(request_url(&parsed, path, query).as_str(), formatted(root, path, query), "{root} {path}");
            }
        }
    }

    #[test]
    fn a_path_cannot_start_a_query_or_leave_the_root() {
        let root = Url::parse("https://api.smooth.sh/api/v1").unwrap();
        let url = request_url(&root, "/task/a?b#c", None);
        assert_eq!(url.as_str(), "https://api.smooth.sh/api/v1/task/a%3Fb%23c");
        let url = request_url(&root, "//evil.example/x", None);
        assert_eq!(url.host_str(), Some("api.smooth.sh"));
    }
}
