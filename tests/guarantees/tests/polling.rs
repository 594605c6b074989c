//! Task handles under faults: transient poll failures are survived without losing or
//! repeating an event or a tool call; a poll that keeps failing reaches every waiter
//! (`result()`, a session action in flight) as an error within the documented bound.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use smooth_client::prelude::*;
use smooth_client::{Error, SessionOptions, TaskError, Tool};
use smooth_guarantees::call_bound;
use smooth_mock::{Fault, MockServer, TaskScript};

const POLL: Duration = Duration::from_millis(10);

fn client(mock: &MockServer) -> SmoothClient {
    smooth_guarantees::test_client_builder(&mock.base_url(), mock.api_key())
        .timeout(smooth_guarantees::TIMEOUT)
        .retries(smooth_guarantees::RETRIES)
        .retry_base_delay(smooth_guarantees::BASE_DELAY)
        .retry_max_delay(smooth_guarantees::MAX_DELAY)
        .poll_interval(POLL)
        .build()
        .expect("client")
}

/// The handle's own bound for a poll that keeps failing at the transport level: six sends
/// (each within `call_bound`) separated by 1 + 2 + 4 + 8 + 16 poll intervals.
fn handle_bound() -> Duration {
    call_bound() * 6 + POLL * 31 + Duration::from_secs(1)
}

fn recording_tool(calls: Arc<Mutex<Vec<Value>>>) -> Tool {
    Tool::untyped("lookup", "Looks things up", json!({"q": "integer"}), move |_ctx, input: Value| {
        let calls = Arc::clone(&calls);
        async move {
            calls.lock().expect("not poisoned").push(input.clone());
            Ok(json!({"found": input}))
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_poll_failures_lose_no_event_and_answer_each_tool_call_once() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock);
    let calls = Arc::new(Mutex::new(Vec::new()));
    mock.script_next_task(
        TaskScript::new()
            .run_for(Duration::from_millis(150))
            .call_tool("lookup", json!({"q": 0}))
            .emit_events(2)
            .call_tool("lookup", json!({"q": 1}))
            .call_tool("lookup", json!({"q": 2}))
            .output(json!("all looked up")),
    );
    // 3 × 503 (absorbed by the client's retries), then 6 dropped connections (more than one
    // call's budget: the handle's own transport retry takes over), then a slow tool answer.
    mock.inject(Fault::status(503).times(3).on("GET", "/task/*"));
    mock.inject(Fault::drop_connection().times(6).on("GET", "/task/*"));
    mock.inject(Fault::delay(Duration::from_millis(100)).on("POST", "/task/*/event"));

    let handle = client.run(TaskRequest::new("look three things up").tool(recording_tool(Arc::clone(&calls)))).await;
    let handle = handle.expect("submitted");
    let result = handle.result_timeout(Duration::from_secs(15)).await.expect("the task completes");
    assert_eq!(result.status, TaskStatus::Done);
    assert_eq!(result.output, Some(json!("all looked up")));

    // Each tool call ran once, in order, and was answered exactly once.
    assert_eq!(*calls.lock().unwrap(), vec![json!({"q": 0}), json!({"q": 1}), json!({"q": 2})]);
    let answers = mock.requests("POST", "/task/*/event");
    let mut ids: Vec<String> =
        answers.iter().filter_map(|r| r.json().and_then(|b| b["id"].as_str().map(str::to_owned))).collect();
    assert_eq!(answers.len(), 3, "{answers:#?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "one answer per call id: {answers:#?}");
    assert!(answers.iter().all(|r| r.json().is_some_and(|b| b["name"] == "tool_call" && b["payload"]["code"] == 200)));
    // The faults were all used: the journal shows the 9 failed polls.
    assert_eq!(mock.pending_faults(), 0);
    assert_eq!(mock.requests("GET", "/task/*").iter().filter(|r| r.answered_by_fault()).count(), 9);
    assert_eq!(mock.count("POST", "/task"), 1, "submitted once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_failing_with_a_service_error_ends_result_within_one_call() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock);
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("never ends").await.expect("submitted");
    mock.inject(Fault::status(503).times(1000).on("GET", "/task/*"));
    let started = Instant::now();
    let outcome = tokio::time::timeout(call_bound() + Duration::from_secs(1), handle.result()).await;
    let error = outcome.expect("result() returned within the bound").expect_err("polling failed");
    assert!(
        matches!(error.api_error(), Some(Error::Api { status: 503, .. })),
        "the service's error reaches the waiter: {error:?}"
    );
    assert!(error.to_string().contains("503"), "{error}");
    let polls = mock.count("GET", "/task/*");
    assert_eq!(polls, 1 + smooth_guarantees::RETRIES as usize, "one call's budget, then stop: {polls}");
    assert!(started.elapsed() < call_bound(), "{:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_failing_at_the_transport_level_ends_result_within_the_documented_bound() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock);
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("never ends").await.expect("submitted");
    mock.inject(Fault::drop_connection().times(10_000).on("GET", "/task/*"));
    let started = Instant::now();
    let outcome = tokio::time::timeout(handle_bound(), handle.result()).await;
    let error = outcome.expect("result() returned within the bound").expect_err("polling failed");
    assert!(matches!(error.api_error(), Some(Error::Transport { .. })), "{error:?}");
    // Six sends of 1 + RETRIES attempts each.
    assert_eq!(mock.count("GET", "/task/*"), 6 * (1 + smooth_guarantees::RETRIES as usize));
    assert!(started.elapsed() >= POLL * 31, "the handle backed off: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_action_in_flight_gets_the_polling_error_not_silence() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock);
    let session = client.session(SessionOptions::new()).await.expect("session");
    mock.inject(Fault::status(502).times(1000).on("GET", "/task/*"));
    let outcome =
        tokio::time::timeout(call_bound() + Duration::from_secs(1), session.goto("https://example.com")).await;
    let error = outcome.expect("the action returned within the bound").expect_err("polling died");
    assert!(matches!(error.api_error(), Some(Error::Api { status: 502, .. })), "{error:?}");
    assert_eq!(mock.count("POST", "/task/*/event"), 1, "the action was sent once");
    // The session is still usable once the service recovers.
    mock.clear_faults();
    let answer = tokio::time::timeout(Duration::from_secs(5), session.goto("https://example.org")).await;
    answer.expect("no hang").expect("the next action works");
    let _ = session.close().await;
}

/// A tool whose answer cannot be delivered (every `POST /task/{id}/event` fails with a
/// 5xx: the outcome of each is unknown, so the same answer is sent again after each poll
/// while the agent waits) must not leave `result()` waiting forever: after 5 re-sendings
/// the handle fails with the service's error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tool_answer_that_cannot_be_delivered_fails_the_handle() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock);
    let calls = Arc::new(Mutex::new(Vec::new()));
    mock.script_next_task(TaskScript::new().call_tool("lookup", json!({"q": 7})));
    mock.inject(Fault::status(500).times(100).on("POST", "/task/*/event"));
    let handle =
        client.run(TaskRequest::new("look up").tool(recording_tool(Arc::clone(&calls)))).await.expect("submitted");
    let outcome = handle.result_timeout(Duration::from_secs(5)).await;
    assert!(
        matches!(outcome, Err(TaskError::Request(Error::Api { status: 500, .. }))),
        "expected the service's 500, got {outcome:?}"
    );
    assert_eq!(mock.count("POST", "/task/*/event"), 6, "sent once, then again 5 times under the same id");
    assert_eq!(calls.lock().unwrap().len(), 1, "the tool itself ran once");
}
