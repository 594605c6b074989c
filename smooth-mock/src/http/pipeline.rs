//! What happens to every request before (and after) the API routes see it: the body is read
//! within the size limit, the request is journaled, an injected fault may answer instead,
//! the API key is checked, then the router answers and the journal records the status.

use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use tower::ServiceExt;

use crate::api_error::ApiError;
use crate::fault::FaultKind;
use crate::http::auth;
use crate::http::fault_response::{self, ConnectionDropped};
use crate::http::multipart::{self, Form};
use crate::http::raw_reply::RawReply;
use crate::journal::{JournalBody, JournalEntry};
use crate::state::Shared;

pub(crate) async fn handle(
    shared: Arc<Shared>,
    router: Router,
    raw_reply: RawReply,
    request: Request<Incoming>,
) -> Result<Response<Body>, ConnectionDropped> {
    // Counted from arrival until the answer (or the decision not to answer) is handed to
    // the connection.
    let _held = shared.hold();
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let limit = shared.config.max_body_bytes;

    let declared_too_large = declared_length(&parts.headers).is_some_and(|length| length > limit);
    let bytes = if declared_too_large {
        None
    } else {
        match Limited::new(body, limit).collect().await {
            Ok(collected) => Some(collected.to_bytes()),
            Err(error) if error.is::<http_body_util::LengthLimitError>() => None,
            // The client went away mid-body: nothing to answer.
            Err(_) => return Err(ConnectionDropped),
        }
    };

    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let form = match &bytes {
        Some(bytes) => multipart::parse(content_type.as_deref(), bytes.clone()).await,
        None => None,
    };
    let entry = JournalEntry {
        seq: 0,
        received_at: SystemTime::now(),
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: header_list(&parts.headers),
        body: describe_body(bytes.as_ref(), form.as_ref()),
        status: None,
        fault: None,
    };
    let seq = shared.journal().record(entry);

    let mut fault = shared.faults().take(&method, &path);
    while let Some(FaultKind::Late { delay, fault: later }) = fault {
        tokio::time::sleep(delay).await;
        fault = Some(*later);
    }
    let strikes_first = |kind: &&FaultKind| !matches!(kind, FaultKind::Delay(_) | FaultKind::AfterProcessing(_));
    if let Some(kind) = fault.as_ref().filter(strikes_first) {
        shared.journal().complete(seq, fault_response::status_of(kind), Some(kind.clone()));
        if let FaultKind::RawBytes(bytes) = kind {
            // The connection's writer sends these in place of the answer below.
            raw_reply.set(bytes.clone());
            return Ok(Response::new(Body::empty()));
        }
        return fault_response::respond(kind, shared.stopping.clone(), &shared.streamed_bytes).await;
    }
    if let Some(FaultKind::Delay(duration)) = &fault {
        tokio::time::sleep(*duration).await;
    }

    let response = match bytes {
        None => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response(),
        Some(bytes) => answer(&shared, router, parts, bytes, form).await,
    };
    if let Some(kind @ FaultKind::AfterProcessing(_)) = &fault {
        // The request took effect; its answer is replaced by the fault's.
        shared.journal().complete(seq, fault_response::status_of(kind), Some(kind.clone()));
        drop(response);
        return fault_response::respond(kind, shared.stopping.clone(), &shared.streamed_bytes).await;
    }
    shared.journal().complete(seq, Some(response.status().as_u16()), fault);
    Ok(response)
}

/// Authenticates API requests and hands them to the router.
async fn answer(
    shared: &Shared,
    router: Router,
    parts: axum::http::request::Parts,
    bytes: Bytes,
    form: Option<Form>,
) -> Response<Body> {
    if parts.uri.path().starts_with("/api/")
        && let Err(error) = auth::check(&parts.headers, &shared.config.api_key)
    {
        return error.into_response();
    }
    let mut request = Request::from_parts(parts, Body::from(bytes));
    if let Some(form) = form {
        request.extensions_mut().insert(form);
    }
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn header_list(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect()
}

fn describe_body(bytes: Option<&Bytes>, form: Option<&Form>) -> JournalBody {
    let Some(bytes) = bytes else {
        return JournalBody::TooLarge;
    };
    if let Some(form) = form {
        return JournalBody::Multipart(form.parts.iter().map(|part| part.info()).collect());
    }
    if bytes.is_empty() {
        return JournalBody::Empty;
    }
    if let Ok(value) = serde_json::from_slice(bytes) {
        return JournalBody::Json(value);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => JournalBody::Text(text.to_owned()),
        Err(_) => JournalBody::Binary(bytes.len()),
    }
}
