//! The answers (or non-answers) of injected faults.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use bytes::Bytes;
use tokio::sync::watch;

use crate::fault::{FaultKind, RetryAfter};

/// Returned to hyper to make it close the connection without writing an answer.
#[derive(Debug)]
pub(crate) struct ConnectionDropped;

impl fmt::Display for ConnectionDropped {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("connection closed by an injected fault")
    }
}

impl std::error::Error for ConnectionDropped {}

/// How long a half-sent body waits before the connection is cut.
const MID_BODY_PAUSE: std::time::Duration = std::time::Duration::from_millis(30);

/// A JSON document long enough that cutting it in half is clearly a truncation.
const SAMPLE_ENVELOPE: &str =
    r#"{"r": {"id": "task-truncated", "status": "running", "output": null, "credits_used": 0, "live_url": null}}"#;

/// The answer a fault gives; `Err` closes the connection. `Delay` and `RawBytes` are not
/// handled here (the pipeline and the connection's writer do those). Filler bodies count
/// what they produce into `streamed`.
pub(crate) async fn respond(
    kind: &FaultKind,
    mut stopping: watch::Receiver<bool>,
    streamed: &Arc<AtomicU64>,
) -> Result<Response<Body>, ConnectionDropped> {
    let response = match kind {
        FaultKind::Status(code) => {
            let status = status_or_500(*code);
            let detail = format!("{} (injected by smooth-mock)", status.canonical_reason().unwrap_or("Error"));
            json_response(status, serde_json::json!({ "detail": detail }).to_string())
        }
        FaultKind::RateLimited(retry_after) => {
            let mut response = json_response(
                StatusCode::TOO_MANY_REQUESTS,
                r#"{"detail": "Too many requests (injected by smooth-mock)"}"#.to_owned(),
            );
            if let Some(value) = retry_after.and_then(retry_after_value) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        FaultKind::MalformedJson => json_response(StatusCode::OK, "{\"r\": <not json>".to_owned()),
        FaultKind::Answer { status, body } => json_response(status_or_500(*status), body.clone()),
        FaultKind::TruncatedJson => {
            let cut = SAMPLE_ENVELOPE.len() / 2;
            json_response(StatusCode::OK, SAMPLE_ENVELOPE.get(..cut).unwrap_or_default().to_owned())
        }
        FaultKind::HtmlError(code) => {
            let status = status_or_500(*code);
            let reason = status.canonical_reason().unwrap_or("Error");
            let page = format!(
                "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n",
                code = status.as_u16()
            );
            let mut response = Response::new(Body::from(page));
            *response.status_mut() = status;
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            response
        }
        FaultKind::DropConnection => return Err(ConnectionDropped),
        FaultKind::CloseMidBody => close_mid_body(),
        FaultKind::Stall => {
            // Wait until the server stops (or its handle is dropped), then hang up.
            while !*stopping.borrow_and_update() {
                if stopping.changed().await.is_err() {
                    break;
                }
            }
            return Err(ConnectionDropped);
        }
        FaultKind::Delay(_) | FaultKind::RawBytes(_) | FaultKind::Late { .. } => {
            json_response(StatusCode::INTERNAL_SERVER_ERROR, "{}".to_owned())
        }
        FaultKind::Redirect { status, location } => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = status_or_500(*status);
            if let Ok(value) = HeaderValue::from_str(location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        FaultKind::EndlessBody { status } => filler_response(*status, None, stopping.clone(), Arc::clone(streamed)),
        FaultKind::DeclaredLength { status, content_length } => {
            filler_response(*status, Some(*content_length), stopping.clone(), Arc::clone(streamed))
        }
        // The pipeline has let the API process the request; now fail as the inner fault.
        FaultKind::AfterProcessing(inner) => return Box::pin(respond(inner, stopping, streamed)).await,
    };
    Ok(response)
}

/// Headers announce the full length; half the body is sent, then the stream fails, which
/// makes hyper abort the connection.
fn close_mid_body() -> Response<Body> {
    use futures_util::StreamExt;

    let full = Bytes::from_static(SAMPLE_ENVELOPE.as_bytes());
    let half = full.slice(..full.len() / 2);
    // hyper writes what it has once the body stream is pending, so the pause makes sure the
    // headers and the first half are on the wire before the connection is cut.
    let cut = futures_util::stream::once(async {
        tokio::time::sleep(MID_BODY_PAUSE).await;
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: connection closed mid-body",
        ))
    });
    let chunks = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(half) }).chain(cut);
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    response
}

/// How much filler one chunk of an endless (or huge) body carries.
const FILLER_CHUNK: usize = 64 * 1024;

/// `status` with a body of spaces: chunked and endless, or announcing `declared` bytes in
/// `Content-Length` and streaming towards it. Either ends early when the server stops. The
/// socket's back-pressure paces it: a chunk is made only once the previous one is written.
fn filler_response(
    status: u16,
    declared: Option<u64>,
    stopping: watch::Receiver<bool>,
    streamed: Arc<AtomicU64>,
) -> Response<Body> {
    let chunk = Bytes::from(vec![b' '; FILLER_CHUNK]);
    let left = declared.unwrap_or(u64::MAX);
    let chunks = futures_util::stream::unfold(left, move |left| {
        let (chunk, stopping, streamed) = (chunk.clone(), stopping.clone(), Arc::clone(&streamed));
        async move {
            if left == 0 || *stopping.borrow() {
                return None;
            }
            let size = usize::try_from(left).map_or(FILLER_CHUNK, |left| left.min(FILLER_CHUNK));
            streamed.fetch_add(size as u64, Ordering::Relaxed);
            Some((Ok::<Bytes, std::io::Error>(chunk.slice(..size)), left - size as u64))
        }
    });
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status_or_500(status);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(length) = declared {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}

fn json_response(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn status_or_500(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn retry_after_value(retry_after: RetryAfter) -> Option<HeaderValue> {
    let text = match retry_after {
        RetryAfter::Seconds(seconds) => seconds.to_string(),
        RetryAfter::Date(when) => httpdate::fmt_http_date(when.max(SystemTime::UNIX_EPOCH)),
    };
    HeaderValue::from_str(&text).ok()
}

/// The status a fault answers with, for the journal (`None` when it does not answer).
pub(crate) fn status_of(kind: &FaultKind) -> Option<u16> {
    match kind {
        FaultKind::Status(code) | FaultKind::HtmlError(code) | FaultKind::Answer { status: code, .. } => {
            Some(status_or_500(*code).as_u16())
        }
        FaultKind::RateLimited(_) => Some(429),
        FaultKind::MalformedJson | FaultKind::TruncatedJson | FaultKind::CloseMidBody => Some(200),
        FaultKind::DropConnection | FaultKind::Stall | FaultKind::Delay(_) => None,
        FaultKind::Redirect { status, .. }
        | FaultKind::EndlessBody { status }
        | FaultKind::DeclaredLength { status, .. } => Some(status_or_500(*status).as_u16()),
        // Whatever the bytes say, the mock did not answer in HTTP terms of its own.
        FaultKind::RawBytes(_) => None,
        FaultKind::Late { fault, .. } => status_of(fault),
        FaultKind::AfterProcessing(inner) => status_of(inner),
    }
}
