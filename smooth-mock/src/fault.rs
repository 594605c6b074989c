//! Fault injection: answer the next matching requests with a failure instead of the API.

use std::time::{Duration, SystemTime};

use crate::path_pattern;

/// How a `429` says when to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>`.
    Date(SystemTime),
}

/// What a fault does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answers this status with `{"detail": "..."}`.
    Status(u16),
    /// Answers 429 with a `Retry-After` header (or none).
    RateLimited(Option<RetryAfter>),
    /// Answers 200 with a body that is not JSON.
    MalformedJson,
    /// Answers 200 with a JSON envelope cut short (a complete HTTP message, an incomplete
    /// document).
    TruncatedJson,
    /// Answers this status with an HTML error page, as a proxy or load balancer would.
    HtmlError(u16),
    /// Closes the connection without answering.
    DropConnection,
    /// Sends the headers and part of the body, then closes the connection.
    CloseMidBody,
    /// Waits this long, then lets the API answer normally (with its side effects).
    Delay(Duration),
    /// Never answers (the connection stays open until the client gives up or the server
    /// stops).
    Stall,

    // Raw faults: answers no Smooth server gives, which a client must still survive. The
    // request has no effect on the mock's state, like every other fault.
    /// Answers this 3xx status with `Location: <location>` and an empty body.
    Redirect {
        /// The status, e.g. 301, 302, 307 or 308.
        status: u16,
        /// The `Location` header, e.g. a URL on another origin.
        location: String,
    },
    /// Answers this status with a chunked body that never ends, until the client hangs up
    /// or the server stops.
    EndlessBody {
        /// The status code.
        status: u16,
    },
    /// Answers this status with a `Content-Length` of `content_length`, then streams filler
    /// towards it (in practice, until the client hangs up or the server stops).
    DeclaredLength {
        /// The status code.
        status: u16,
        /// The announced length in bytes.
        content_length: u64,
    },
    /// Writes exactly these bytes to the connection as the whole answer, then closes it:
    /// anything, valid HTTP or not (a hand-made chunked answer, a broken status line...).
    RawBytes(Vec<u8>),
    /// Waits `delay`, then does what `fault` does (see [`Fault::after`]).
    Late {
        /// How long the mock waits before the fault acts.
        delay: Duration,
        /// What it then does.
        fault: Box<FaultKind>,
    },

    /// Answers this status and body (as JSON), e.g. an answer the mock never gives on
    /// its own, such as `{"r": false}` to a `DELETE`.
    Answer {
        /// The HTTP status.
        status: u16,
        /// The JSON body.
        body: String,
    },
    /// Lets the API process the request (with its side effects), then throws its answer
    /// away and fails as the inner kind does: a 503, a dropped connection. The client
    /// cannot tell whether the request took effect; it did.
    AfterProcessing(Box<FaultKind>),
}

/// A fault for the next `times` requests matching a method and path pattern.
///
/// ```
/// use std::time::Duration;
/// use smooth_mock::Fault;
///
/// let outage = Fault::status(503).times(3).on("GET", "/task/*");
/// let slow = Fault::delay(Duration::from_millis(200)).on("POST", "/task");
/// let limited = Fault::rate_limited(Duration::from_secs(2)).on("*", "**");
/// # let _ = (outage, slow, limited);
/// ```
///
/// Without [`on`](Self::on) a fault matches every request under `/api/v1`. Patterns are described on
/// [`MockServer::count`](crate::MockServer::count). A request answered by a fault has no
/// effect on the mock's state (no task is created), unless the fault strikes
/// [after processing](Self::after_processing); either way it is journaled, flagged with
/// the fault, so tests can count attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) remaining: usize,
    pub(crate) method: String,
    pub(crate) path: String,
}

impl Fault {
    fn new(kind: FaultKind) -> Self {
        Self { kind, remaining: 1, method: "*".to_owned(), path: "/**".to_owned() }
    }

    /// Answers with this status (e.g. 500, 502, 503, 504) and a JSON `detail`.
    pub fn status(status: u16) -> Self {
        Self::new(FaultKind::Status(status))
    }

    /// Answers 429 with `Retry-After` in whole seconds.
    pub fn rate_limited(retry_after: Duration) -> Self {
        Self::new(FaultKind::RateLimited(Some(RetryAfter::Seconds(retry_after.as_secs()))))
    }

    /// Answers 429 with `Retry-After` as an HTTP date.
    pub fn rate_limited_until(when: SystemTime) -> Self {
        Self::new(FaultKind::RateLimited(Some(RetryAfter::Date(when))))
    }

    /// Answers 429 without `Retry-After` (credits exhausted, session limit reached).
    pub fn rate_limited_without_retry_after() -> Self {
        Self::new(FaultKind::RateLimited(None))
    }

    /// Answers 200 with a body that is not JSON.
    pub fn malformed_json() -> Self {
        Self::new(FaultKind::MalformedJson)
    }

    /// Answers 200 with a truncated JSON body.
    pub fn truncated_json() -> Self {
        Self::new(FaultKind::TruncatedJson)
    }

    /// Answers with an HTML error page and this status.
    pub fn html_error(status: u16) -> Self {
        Self::new(FaultKind::HtmlError(status))
    }

    /// Answers this status with this JSON body.
    ///
    /// ```
    /// use smooth_mock::Fault;
    /// let refused = Fault::answer(200, r#"{"r": false}"#).on("DELETE", "/task/*");
    /// # let _ = refused;
    /// ```
    pub fn answer(status: u16, body: impl Into<String>) -> Self {
        Self::new(FaultKind::Answer { status, body: body.into() })
    }

    /// Closes the connection without answering.
    pub fn drop_connection() -> Self {
        Self::new(FaultKind::DropConnection)
    }

    /// Starts answering, then closes the connection in the middle of the body.
    pub fn close_mid_body() -> Self {
        Self::new(FaultKind::CloseMidBody)
    }

    /// Delays the request, then lets it through.
    pub fn delay(duration: Duration) -> Self {
        Self::new(FaultKind::Delay(duration))
    }

    /// Never answers.
    pub fn stall() -> Self {
        Self::new(FaultKind::Stall)
    }

    // Raw faults.

    /// Answers `status` (a 3xx) with `Location: location`: to test that a client does not
    /// follow a redirect to another origin (and does not take its API key there).
    ///
    /// ```
    /// # use smooth_mock::Fault;
    /// let away = Fault::redirect(307, "http://127.0.0.1:9/api/v1/task").on("POST", "/task");
    /// # let _ = away;
    /// ```
    pub fn redirect(status: u16, location: impl Into<String>) -> Self {
        Self::new(FaultKind::Redirect { status, location: location.into() })
    }

    /// Answers `status` with a chunked body that never ends: to test a client's cap on the
    /// size of an answer. [`MockServer::streamed_bytes`](crate::MockServer::streamed_bytes)
    /// tells how much the mock produced.
    pub fn endless_body(status: u16) -> Self {
        Self::new(FaultKind::EndlessBody { status })
    }

    /// Answers `status` announcing `content_length` bytes (say 64 GiB) in `Content-Length`:
    /// to test that a client refuses an answer by its declared size, before reading it.
    pub fn declared_length(status: u16, content_length: u64) -> Self {
        Self::new(FaultKind::DeclaredLength { status, content_length })
    }

    /// Writes `bytes` to the connection as the answer, then closes it: whatever a test
    /// needs on the wire that a well-behaved server never sends.
    ///
    /// ```
    /// # use smooth_mock::Fault;
    /// let chunked = Fault::raw_bytes(
    ///     "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n7\r\n{\"r\": 1\r\n1\r\n}\r\n0\r\n\r\n",
    /// );
    /// # let _ = chunked;
    /// ```
    pub fn raw_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(FaultKind::RawBytes(bytes.into()))
    }

    /// The same fault, acting only after `delay`: a slow answer of any kind (a slow 200
    /// in raw bytes, a slow 503...). Unlike [`Fault::delay`], the API never answers.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use smooth_mock::Fault;
    /// let slow_outage = Fault::status(503).after(Duration::from_millis(300));
    /// # let _ = slow_outage;
    /// ```
    pub fn after(mut self, delay: Duration) -> Self {
        self.kind = FaultKind::Late { delay, fault: Box::new(self.kind) };
        self
    }

    /// Makes this fault strike after the API has processed the request, replacing its
    /// answer: the outcome the client sees is unknown although the request took effect.
    ///
    /// ```
    /// use smooth_mock::Fault;
    /// // The profile is deleted, but the client hears 503.
    /// let lost_answer = Fault::status(503).after_processing().on("DELETE", "/profile/*");
    /// // The task event is applied, but the connection drops before the answer.
    /// let dropped = Fault::drop_connection().after_processing().on("POST", "/task/*/event");
    /// # let _ = (lost_answer, dropped);
    /// ```
    pub fn after_processing(mut self) -> Self {
        if !matches!(self.kind, FaultKind::AfterProcessing(_)) {
            self.kind = FaultKind::AfterProcessing(Box::new(self.kind));
        }
        self
    }

    /// Applies to the next `times` matching requests (default 1).
    pub fn times(mut self, times: usize) -> Self {
        self.remaining = times;
        self
    }

    /// Applies only to requests with this method (`*` for any) and path pattern.
    pub fn on(mut self, method: &str, path_pattern: &str) -> Self {
        method.clone_into(&mut self.method);
        path_pattern.clone_into(&mut self.path);
        self
    }

    /// What the fault does.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }
}

/// Injected faults, matched in insertion order.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    faults: Vec<Fault>,
}

impl FaultQueue {
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.remaining > 0 {
            self.faults.push(fault);
        }
    }

    /// Uses up one application of the first fault matching the request.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let index =
            self.faults.iter().position(|fault| path_pattern::matches(&fault.method, &fault.path, method, path))?;
        let fault = self.faults.get_mut(index)?;
        fault.remaining = fault.remaining.saturating_sub(1);
        let kind = fault.kind.clone();
        if fault.remaining == 0 {
            self.faults.remove(index);
        }
        Some(kind)
    }

    pub(crate) fn clear(&mut self) {
        self.faults.clear();
    }

    /// Applications left across all faults.
    pub(crate) fn remaining(&self) -> usize {
        self.faults.iter().map(|fault| fault.remaining).sum()
    }
}
