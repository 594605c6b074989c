//! The fault matrix: every operation kind × every fault `smooth-mock` can inject, plus a
//! refused connection, over real sockets on 127.0.0.1.
//!
//! One test per fault kind; each iterates over the eight operation kinds (concurrently,
//! each against its own mock). For every cell it checks the documented outcome:
//! - idempotent requests (GET, PUT, DELETE) succeed after a retry, and the journal shows exactly
//!   the attempts made; a fault that persists exhausts the budget with a clear error;
//! - `POST /task`, `POST /task/{id}/event` and uploads are received exactly once, and the
//!   error says whether the outcome is unknown;
//! - every error names what happened (status, excerpt of the body) and arrives within the
//!   documented bound: never a panic, never a hang.

use std::time::{Duration, Instant, SystemTime};

use serde_json::json;
use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;
use smooth_client::{Error, RequestOutcome};
use smooth_guarantees::{MAX_DELAY, RETRIES, TIMEOUT, call_bound, client, forward_later};
use smooth_mock::{Fault, MockServer, TaskScript};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Submit,
    Get,
    Event,
    Cancel,
    List,
    Upload,
    Delete,
    /// The legacy tool answer, `PUT /task/{id}`.
    Put,
}

const OPS: [Op; 8] = [Op::Submit, Op::Get, Op::Event, Op::Cancel, Op::List, Op::Upload, Op::Delete, Op::Put];

impl Op {
    fn method(self) -> &'static str {
        match self {
            Op::Submit | Op::Event | Op::Upload => "POST",
            Op::Get | Op::List => "GET",
            Op::Cancel | Op::Delete => "DELETE",
            Op::Put => "PUT",
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            Op::Submit | Op::List => "/task",
            Op::Get | Op::Cancel | Op::Put => "/task/*",
            Op::Event => "/task/*/event",
            Op::Upload => "/file",
            Op::Delete => "/file/*",
        }
    }

    fn idempotent(self) -> bool {
        matches!(self, Op::Get | Op::List | Op::Cancel | Op::Delete | Op::Put)
    }

    /// Creates what the operation acts on (a running task, an open session, a file).
    async fn prepare(self, mock: &MockServer, client: &SmoothClient) -> String {
        match self {
            Op::Get | Op::Cancel => {
                mock.script_next_task(TaskScript::new().never_finish());
                client.submit_task(TaskRequest::new("matrix task")).await.expect("submit").id
            }
            Op::Event => client.submit_task(TaskRequest::session()).await.expect("open a session").id,
            Op::Delete => {
                client
                    .upload_file(UploadFileRequest::new(FilePart::bytes(&b"x"[..], "x.txt")))
                    .await
                    .expect("upload")
                    .id
            }
            Op::Put => {
                // A task waiting for the answer to one tool call: "task-id call-id".
                mock.script_next_task(TaskScript::new().call_tool("lookup", json!({})));
                let request = TaskRequest::new("matrix task").custom_tool(
                    smooth_client::types::ToolSignature::new("lookup", "Looks up", json!({})).output("a value"),
                );
                let id = client.submit_task(request).await.expect("submit").id;
                for _ in 0..200 {
                    let task = client.get_task(GetTaskRequest::new(&id).event_t(0)).await.expect("poll");
                    if let Some(call) = task.events.unwrap_or_default().into_iter().find(|e| e.name == "tool_call") {
                        return format!("{id} {}", call.id.unwrap_or_default());
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                panic!("the tool was never called")
            }
            Op::Submit | Op::List | Op::Upload => String::new(),
        }
    }

    async fn call(self, client: &SmoothClient, id: &str) -> Result<(), Error> {
        match self {
            Op::Submit => client.submit_task(TaskRequest::new("matrix task")).await.map(drop),
            Op::Get => client.get_task(GetTaskRequest::new(id)).await.map(drop),
            Op::Event => {
                let goto = json!({"name": "goto", "input": {"url": "https://example.com"}});
                client.send_task_event(TaskEvent::new(id, "browser_action", goto).id("matrix-event-1")).await.map(drop)
            }
            Op::Cancel => client.cancel_task(CancelTaskRequest::new(id)).await.map(drop),
            Op::List => client.list_tasks(ListTasksRequest::new()).await.map(drop),
            Op::Upload => {
                client.upload_file(UploadFileRequest::new(FilePart::bytes(&b"hello"[..], "hello.txt"))).await.map(drop)
            }
            Op::Delete => client.delete_file(DeleteFileRequest::new(id)).await.map(drop),
            Op::Put => {
                let (task_id, call_id) = id.split_once(' ').unwrap_or((id, "call-1"));
                let answer = smooth_client::types::ToolResponse::new(call_id, 200, json!(1));
                #[allow(deprecated)]
                let sent = client.update_task(UpdateTaskRequest::new(task_id, answer)).await;
                sent.map(drop)
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    DropBeforeAnswer,
    CloseMidBody,
    Status(u16),
    RetryAfterSeconds,
    RetryAfterDate,
    MalformedJson,
    TruncatedJson,
    HtmlPage,
    Stall,
}

impl Kind {
    fn fault(self) -> Fault {
        match self {
            Kind::DropBeforeAnswer => Fault::drop_connection(),
            Kind::CloseMidBody => Fault::close_mid_body(),
            Kind::Status(status) => Fault::status(status),
            Kind::RetryAfterSeconds => Fault::rate_limited(Duration::from_secs(1)),
            Kind::RetryAfterDate => Fault::rate_limited_until(SystemTime::now() + Duration::from_secs(3)),
            Kind::MalformedJson => Fault::malformed_json(),
            Kind::TruncatedJson => Fault::truncated_json(),
            Kind::HtmlPage => Fault::html_error(502),
            Kind::Stall => Fault::stall(),
        }
    }

    fn retry_after(self) -> bool {
        matches!(self, Kind::RetryAfterSeconds | Kind::RetryAfterDate)
    }

    /// Checks that `error` is the variant this fault must produce, carrying what it must.
    fn check_error(self, error: &Error) -> Result<(), String> {
        let text = error.to_string();
        let ok = match (self, error) {
            (Kind::DropBeforeAnswer | Kind::CloseMidBody, Error::Transport { outcome, .. }) => {
                *outcome == RequestOutcome::Unknown && error.outcome_unknown()
            }
            (Kind::Status(expected), Error::Api { status, .. }) => {
                *status == expected && text.contains(&expected.to_string()) && text.contains("injected by smooth-mock")
            }
            (Kind::RetryAfterSeconds | Kind::RetryAfterDate, Error::Api { status: 429, .. }) => {
                text.contains("429") && text.contains("Too many requests") && !error.outcome_unknown()
            }
            (Kind::MalformedJson | Kind::TruncatedJson, Error::Decode { status: 200, excerpt, .. }) => {
                !excerpt.is_empty() && text.contains(&format!("{excerpt:?}")) && error.outcome_unknown()
            }
            (Kind::HtmlPage, Error::Api { status: 502, .. }) => text.contains("502") && text.contains("<html>"),
            (Kind::Stall, Error::Timeout { timeout, outcome }) => {
                *timeout == TIMEOUT && *outcome == RequestOutcome::Unknown && error.outcome_unknown()
            }
            _ => false,
        };
        let server_error = matches!(self, Kind::Status(_) | Kind::HtmlPage);
        if !ok || (server_error && !error.outcome_unknown()) {
            return Err(format!("unexpected error for {self:?}: {error:?} / {text}"));
        }
        if text.chars().count() > 600 {
            return Err(format!("error message too long for {self:?}: {text}"));
        }
        Ok(())
    }
}

/// One cell: the fault once, then the service recovers.
async fn transient(op: Op, kind: Kind) -> Result<(), String> {
    let mock = MockServer::start().await.map_err(|e| e.to_string())?;
    let client = client(&mock.base_url(), mock.api_key());
    let id = op.prepare(&mock, &client).await;
    mock.clear_journal();
    mock.inject(kind.fault().on(op.method(), op.pattern()));
    let started = Instant::now();
    let result = tokio::time::timeout(call_bound(), op.call(&client, &id))
        .await
        .map_err(|_| format!("{op:?} × {kind:?}: hung past {:?}", call_bound()))?;
    let elapsed = started.elapsed();
    let attempts = mock.count(op.method(), op.pattern());
    let other = mock.count("*", "**") - attempts;
    if other != 0 {
        return Err(format!("{op:?} × {kind:?}: {other} unrelated requests"));
    }
    if op.idempotent() {
        result.map_err(|e| format!("{op:?} × {kind:?}: should succeed after a retry, got {e:?}"))?;
        if attempts != 2 {
            return Err(format!("{op:?} × {kind:?}: expected 2 attempts, journal has {attempts}"));
        }
        if kind.retry_after() && elapsed < MAX_DELAY - Duration::from_millis(20) {
            return Err(format!("{op:?} × {kind:?}: Retry-After not honoured (retried after {elapsed:?})"));
        }
        if matches!(kind, Kind::Stall) && elapsed < TIMEOUT {
            return Err(format!("{op:?} × {kind:?}: answered in {elapsed:?}, before the timeout"));
        }
    } else {
        let error = match result {
            Ok(()) => return Err(format!("{op:?} × {kind:?}: a faulted POST must fail, not be re-sent")),
            Err(error) => error,
        };
        kind.check_error(&error).map_err(|e| format!("{op:?}: {e}"))?;
        if attempts != 1 {
            return Err(format!("{op:?} × {kind:?}: a POST was received {attempts} times"));
        }
        if matches!(kind, Kind::Stall) && elapsed > TIMEOUT + Duration::from_millis(300) {
            return Err(format!("{op:?} × {kind:?}: took {elapsed:?}, timeout is {TIMEOUT:?}"));
        }
    }
    Ok(())
}

/// One cell for idempotent operations: the fault never stops; the budget runs out.
async fn persistent(op: Op, kind: Kind) -> Result<(), String> {
    let mock = MockServer::start().await.map_err(|e| e.to_string())?;
    let client = client(&mock.base_url(), mock.api_key());
    let id = op.prepare(&mock, &client).await;
    mock.clear_journal();
    mock.inject(kind.fault().times(100).on(op.method(), op.pattern()));
    let result = tokio::time::timeout(call_bound(), op.call(&client, &id))
        .await
        .map_err(|_| format!("{op:?} × persistent {kind:?}: hung past {:?}", call_bound()))?;
    let error = match result {
        Ok(()) => return Err(format!("{op:?} × persistent {kind:?}: succeeded through a permanent fault")),
        Err(error) => error,
    };
    kind.check_error(&error).map_err(|e| format!("{op:?} persistent: {e}"))?;
    let attempts = mock.count(op.method(), op.pattern());
    if attempts != RETRIES as usize + 1 {
        return Err(format!("{op:?} × persistent {kind:?}: {attempts} attempts, budget is 1 + {RETRIES}"));
    }
    Ok(())
}

async fn matrix_row(kind: Kind) {
    let mut cells = tokio::task::JoinSet::new();
    for op in OPS {
        cells.spawn(transient(op, kind));
        if op.idempotent() {
            cells.spawn(persistent(op, kind));
        }
    }
    let mut failures = Vec::new();
    while let Some(cell) = cells.join_next().await {
        match cell {
            Ok(Ok(())) => {}
            Ok(Err(failure)) => failures.push(failure),
            Err(panic) => failures.push(format!("a cell panicked: {panic}")),
        }
    }
    assert!(failures.is_empty(), "{kind:?}:\n{}", failures.join("\n"));
}

macro_rules! rows {
    ($($name:ident => $kind:expr,)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            matrix_row($kind).await;
        }
    )*};
}

rows! {
    closed_before_any_answer => Kind::DropBeforeAnswer,
    closed_mid_body => Kind::CloseMidBody,
    status_500 => Kind::Status(500),
    status_502 => Kind::Status(502),
    status_503 => Kind::Status(503),
    status_504 => Kind::Status(504),
    status_429_retry_after_seconds => Kind::RetryAfterSeconds,
    status_429_retry_after_http_date => Kind::RetryAfterDate,
    malformed_json => Kind::MalformedJson,
    truncated_json => Kind::TruncatedJson,
    html_error_page => Kind::HtmlPage,
    stall_past_the_timeout => Kind::Stall,
}

/// Connection refused, then the service comes back: every operation, POSTs included,
/// succeeds, and the service saw exactly one request (the refused attempt never reached it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_refused_then_recovering() {
    let mut failures = Vec::new();
    for op in OPS {
        let mock = MockServer::start().await.expect("mock");
        let direct = client(&mock.base_url(), mock.api_key());
        let id = op.prepare(&mock, &direct).await;
        mock.clear_journal();
        let port = smooth_guarantees::unused_port().await;
        let proxy = forward_later(port, mock.addr(), Duration::from_millis(40));
        let late = SmoothClient::builder()
            .api_key(mock.api_key())
            .base_url(format!("http://127.0.0.1:{port}/api/"))
            .timeout(TIMEOUT)
            .retries(RETRIES)
            .retry_base_delay(Duration::from_millis(100))
            .build()
            .expect("client");
        let started = Instant::now();
        let result = tokio::time::timeout(Duration::from_secs(5), op.call(&late, &id)).await;
        proxy.abort();
        match result {
            Ok(Ok(())) => {}
            other => failures.push(format!("{op:?}: {other:?}")),
        }
        if started.elapsed() < Duration::from_millis(40) {
            failures.push(format!("{op:?}: succeeded before the service was up?"));
        }
        let attempts = mock.count("*", "**");
        if attempts != 1 {
            failures.push(format!("{op:?}: the service saw {attempts} requests, expected 1"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Connection refused for good: every operation fails with a transport error that says the
/// request was not sent, after the retry budget, within the bound.
#[tokio::test]
async fn connection_refused_for_good() {
    let port = smooth_guarantees::unused_port().await;
    let client = client(&format!("http://127.0.0.1:{port}/api/"), "cmzr-key");
    for op in OPS {
        let started = Instant::now();
        let result = tokio::time::timeout(call_bound(), op.call(&client, "some-id")).await;
        let error = match result {
            Ok(Err(error)) => error,
            other => panic!("{op:?}: expected an error, got {other:?}"),
        };
        assert!(
            matches!(&error, Error::Transport { outcome: RequestOutcome::NotSent, .. }) && !error.outcome_unknown(),
            "{op:?}: {error:?}"
        );
        let text = error.to_string();
        assert!(text.contains("not sent") && text.to_lowercase().contains("refused"), "{op:?}: {text}");
        // All retries were made: at least the sum of the minimal (half) jittered delays.
        let min_delays: Duration = (0..RETRIES).map(|n| BASE_DELAY_HALF * 2u32.pow(n)).sum();
        assert!(started.elapsed() >= min_delays, "{op:?}: gave up after {:?}", started.elapsed());
    }
}

const BASE_DELAY_HALF: Duration = Duration::from_millis(5);

/// Uncapped, the wait before a retry is the server's `Retry-After`, in seconds or as a date.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    for as_date in [false, true] {
        // Built just before use: an HTTP date counts from now, to the second.
        let fault = if as_date {
            Fault::rate_limited_until(SystemTime::now() + Duration::from_secs(2))
        } else {
            Fault::rate_limited(Duration::from_secs(1))
        };
        let mock = MockServer::start().await.expect("mock");
        let client = SmoothClient::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .retry_base_delay(Duration::from_millis(1))
            .build()
            .expect("client");
        mock.inject(fault.on("GET", "/task"));
        let started = Instant::now();
        client.list_tasks(ListTasksRequest::new()).await.expect("succeeds after waiting");
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(3), "waited {waited:?}");
        assert_eq!(mock.count("GET", "/task"), 2);
    }
}

/// Valid JSON of the wrong shape is a permanent mismatch, not a transient fault: reported at
/// once (with an excerpt), not retried.
#[tokio::test]
async fn a_well_formed_answer_of_the_wrong_shape_is_not_retried() {
    let server = smooth_guarantees::mock().await;
    let body = json!({"r": {"unexpected": 1}}).to_string();
    let answer =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
    server.inject(Fault::raw_bytes(answer).times(usize::MAX));
    let client = client(&server.base_url(), smooth_guarantees::TEST_KEY);
    let error = client.get_task(GetTaskRequest::new("x")).await.expect_err("wrong shape");
    assert!(
        matches!(&error, Error::Decode { status: 200, excerpt, .. } if excerpt.contains("unexpected")),
        "{error:?}"
    );
    assert_eq!(server.journal().len(), 1);
}
