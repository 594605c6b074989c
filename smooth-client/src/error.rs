//! The one error type of the crate.

use serde::Deserialize;
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong talking to the Smooth API. Match on the variant to decide
/// what to do; `Display` gives a one-line explanation fit for a log. Cheap to clone.
///
/// The secret values the client sent with a request (API key, proxy password, certificate
/// contents, session secrets) are replaced by `[redacted]` in any answer text an error
/// keeps (`body`, `detail`, `excerpt`), so that a service echoing the request cannot leak
/// them through `Display` or `Debug`.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a non-success status. `Display` shows the detail, or the
    /// start of the body when it has none (an HTML error page, plain text), and for a 5xx
    /// that the request's outcome is unknown ([`Error::outcome_unknown`]).
    #[error("Smooth API error {status}: {}{}", api_error_text(detail, body), unknown_outcome_note(*status))]
    Api {
        /// The HTTP status, e.g. 404.
        status: u16,
        /// The `detail` of the answer: a message, or the list of validation issues of a 422.
        detail: ApiDetail,
        /// The body, as received (capped at the client's response size limit), with the
        /// secrets the client sent redacted.
        body: String,
        /// The service's `Retry-After`, when it gave one (a 429 whose retries ran out, a 503).
        retry_after: Option<Duration>,
    },
    /// The request could not be completed at the transport level.
    #[error("could not reach the Smooth API: {message} ({outcome})")]
    Transport {
        /// What went wrong, e.g. "connection refused".
        message: String,
        /// Whether the server may have acted on the request.
        outcome: RequestOutcome,
        /// The underlying error.
        #[source]
        source: Option<std::sync::Arc<reqwest::Error>>,
    },
    /// No complete answer arrived within the configured timeout.
    #[error("the Smooth API did not answer within {timeout:?} ({outcome})")]
    Timeout {
        /// The timeout that expired.
        timeout: Duration,
        /// Whether the server may have acted on the request.
        outcome: RequestOutcome,
    },
    /// The answer did not have the expected shape.
    #[error("could not decode the Smooth API answer (status {status}): {message}; body starts with {excerpt:?}")]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What did not match.
        message: String,
        /// The first characters of the body.
        excerpt: String,
    },
    /// The answer was larger than the configured limit and was not read further.
    #[error("the Smooth API answer (status {status}) exceeds the {limit}-byte response limit")]
    ResponseTooLarge {
        /// The HTTP status of the answer.
        status: u16,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The request was refused before anything was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The offending field or argument.
        field: String,
        /// What is wrong with it and how to fix it.
        reason: String,
    },
    /// The client could not be built.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// Whether a failed request may have been acted on by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestOutcome {
    /// The request never left this machine (e.g. the connection was refused): nothing happened.
    NotSent,
    /// The request may have reached the server: it may or may not have taken effect.
    Unknown,
}

impl fmt::Display for RequestOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestOutcome::NotSent => "the request was not sent",
            RequestOutcome::Unknown => "the request may have reached the server; its outcome is unknown",
        })
    }
}

/// The `detail` of an error answer.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ApiDetail {
    /// `{"detail": "message"}`.
    Message(String),
    /// A 422 answer's list of validation issues.
    Validation(Vec<ValidationIssue>),
    /// A `detail` of another shape.
    Other(serde_json::Value),
    /// No `detail`: an empty, plain-text or HTML body (see the error's `body`).
    None,
}

impl ApiDetail {
    /// Reads the detail out of an error body; any text is accepted (a body that is not a
    /// JSON object with `detail` gives [`ApiDetail::None`]).
    ///
    /// ```
    /// use smooth_client::ApiDetail;
    /// assert_eq!(ApiDetail::from_body(r#"{"detail":"Task not found"}"#).to_string(), "Task not found");
    /// assert_eq!(ApiDetail::from_body("<html>Bad gateway</html>"), ApiDetail::None);
    /// ```
    pub fn from_body(body: &str) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            detail: serde_json::Value,
        }
        let Ok(Envelope { detail }) = serde_json::from_str::<Envelope>(body) else {
            return ApiDetail::None;
        };
        match detail {
            serde_json::Value::String(message) => ApiDetail::Message(message),
            serde_json::Value::Array(_) => match serde_json::from_value::<Vec<ValidationIssue>>(detail.clone()) {
                Ok(issues) => ApiDetail::Validation(issues),
                Err(_) => ApiDetail::Other(detail),
            },
            other => ApiDetail::Other(other),
        }
    }
}

impl fmt::Display for ApiDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiDetail::Message(message) => f.write_str(message),
            ApiDetail::Validation(issues) => {
                for (i, issue) in issues.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{issue}")?;
                }
                Ok(())
            }
            ApiDetail::Other(value) => write!(f, "{value}"),
            ApiDetail::None => f.write_str("(no detail)"),
        }
    }
}

/// One entry of a 422 answer (FastAPI style).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ValidationIssue {
    /// Where the problem is, e.g. `["body", "max_steps"]`.
    #[serde(default)]
    pub loc: Vec<serde_json::Value>,
    /// What is wrong.
    #[serde(default)]
    pub msg: String,
    /// A machine-readable kind.
    #[serde(default, rename = "type")]
    pub kind: String,
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc: Vec<String> = self
            .loc
            .iter()
            .map(|part| match part {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        write!(f, "{}: {}", loc.join("."), self.msg)
    }
}

impl Error {
    /// The HTTP status of an [`Error::Api`], [`Error::Decode`] or [`Error::ResponseTooLarge`].
    ///
    /// ```
    /// let err = smooth_client::Error::Config("no key".into());
    /// assert_eq!(err.status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// Whether the server may have acted on a request that failed this way, so that sending
    /// a non-idempotent request (`POST /task`, `POST /task/{id}/event`, an upload) again
    /// could do it twice: check for a task or an answer before re-sending.
    ///
    /// True for a connection that broke or timed out after the request may have left this
    /// machine, for a 5xx answer (a gateway's 502/504 or a 500 can come after the service
    /// acted), and for a success status whose body could not be read or decoded (the
    /// service acted, but its answer was lost). False when nothing was sent, and for 4xx
    /// answers, which the service gives without acting.
    ///
    /// ```
    /// let err = smooth_client::Error::Api { status: 502, detail: smooth_client::ApiDetail::None, body: String::new(), retry_after: None };
    /// assert!(err.outcome_unknown());
    /// let err = smooth_client::Error::Api { status: 404, detail: smooth_client::ApiDetail::None, body: String::new(), retry_after: None };
    /// assert!(!err.outcome_unknown());
    /// ```
    pub fn outcome_unknown(&self) -> bool {
        self.outcome_unknown_inner()
    }

    /// How long the service asked to wait before trying again (`Retry-After` of a 429 or
    /// 503 whose retries ran out), when it said.
    ///
    /// ```
    /// use std::time::Duration;
    /// let err = smooth_client::Error::Api {
    ///     status: 429,
    ///     detail: smooth_client::ApiDetail::None,
    ///     body: String::new(),
    ///     retry_after: Some(Duration::from_secs(30)),
    /// };
    /// assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    fn outcome_unknown_inner(&self) -> bool {
        match self {
            Error::Transport { outcome, .. } | Error::Timeout { outcome, .. } => *outcome == RequestOutcome::Unknown,
            Error::Api { status, .. } => *status >= 500,
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => {
                (200..300).contains(status) || *status >= 500
            }
            Error::InvalidInput { .. } | Error::Config(_) => false,
        }
    }
}

/// For a 5xx answer: the service may have acted on the request before failing.
fn unknown_outcome_note(status: u16) -> String {
    if status >= 500 { format!(" ({})", RequestOutcome::Unknown) } else { String::new() }
}

/// The detail of an error answer, or the start of its body when it has no detail.
fn api_error_text(detail: &ApiDetail, body: &str) -> String {
    match detail {
        ApiDetail::None if body.trim().is_empty() => "(empty body)".to_owned(),
        ApiDetail::None => format!("body starts with {:?}", excerpt(body.trim().as_bytes())),
        detail => {
            let text = detail.to_string();
            excerpt(text.as_bytes())
        }
    }
}

/// The first characters of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_read_in_every_shape() {
        assert_eq!(ApiDetail::from_body(r#"{"detail":"Task not found"}"#), ApiDetail::Message("Task not found".into()));
        let validation = ApiDetail::from_body(
            r#"{"detail":[{"loc":["body","max_steps"],"msg":"must be <= 128","type":"less_than_equal"}]}"#,
        );
        assert_eq!(validation.to_string(), "body.max_steps: must be <= 128");
        assert_eq!(ApiDetail::from_body("<html>502</html>"), ApiDetail::None);
        assert_eq!(ApiDetail::from_body(""), ApiDetail::None);
    }

    #[test]
    fn api_errors_show_the_status_and_an_excerpt() {
        let html = format!("<html><body>502 Bad Gateway{}</body></html>", " ".repeat(1000));
        let err =
            Error::Api { status: 502, detail: ApiDetail::from_body(&html), body: html.clone(), retry_after: None };
        let text = err.to_string();
        assert!(text.contains("502") && text.contains("<html><body>502 Bad Gateway"), "{text}");
        assert!(text.len() < 400, "{text}");
        let err = Error::Api { status: 503, detail: ApiDetail::None, body: String::new(), retry_after: None };
        assert_eq!(
            err.to_string(),
            "Smooth API error 503: (empty body) (the request may have reached the server; its outcome is unknown)",
            "a 5xx says in words what outcome_unknown() says"
        );
        let body = r#"{"detail":"Task not found"}"#;
        let err =
            Error::Api { status: 404, detail: ApiDetail::from_body(body), body: body.to_owned(), retry_after: None };
        assert_eq!(err.to_string(), "Smooth API error 404: Task not found");
    }

    #[test]
    fn excerpts_are_short() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), 201);
    }
}
