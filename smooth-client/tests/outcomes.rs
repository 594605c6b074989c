//! The right answer when the first attempt's fate is unknown: the service acted on a
//! request, but the client heard a 5xx or nothing. On smooth-mock with faults that strike
//! after processing.

mod common;

use common::client_for;
use serde_json::{Value, json};
use smooth_client::prelude::*;
use smooth_client::{SmoothClient, Tool};
use smooth_mock::{Fault, MockServer, TaskScript};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

async fn setup() -> (MockServer, SmoothClient) {
    let mock = MockServer::start().await.expect("mock starts");
    let client = client_for(&mock, |builder| builder.retry_base_delay(Duration::from_millis(1)));
    (mock, client)
}

#[tokio::test]
async fn a_delete_whose_first_attempt_deleted_but_answered_503_succeeds() {
    let (mock, client) = setup().await;
    client.create_profile(ProfileRequest::with_id("shop")).await.unwrap();
    mock.inject(Fault::status(503).after_processing().on("DELETE", "/profile/*"));
    // The first attempt deletes and hears 503; the retry hears 404: gone, as asked.
    assert!(client.delete_profile(DeleteProfileRequest::new("shop")).await.unwrap());
    assert_eq!(mock.count("DELETE", "/profile/*"), 2, "retried once");
    assert!(client.list_profiles(ListProfilesRequest::new()).await.unwrap().is_empty());
    // Without an unknown outcome before it, a 404 stays an error: the id was wrong.
    let err = client.delete_profile(DeleteProfileRequest::new("shop")).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn a_cancel_whose_answer_was_lost_on_the_way_still_reports_the_cancel() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Wait forever").await.unwrap();
    mock.inject(Fault::drop_connection().after_processing().on("DELETE", "/task/*"));
    assert!(handle.cancel().await.unwrap(), "the dropped attempt cancelled it");
    assert_eq!(mock.count("DELETE", "/task/*"), 2);
    assert_eq!(mock.task_status(handle.id()), Some(smooth_mock::TaskStatus::Cancelled));
}

#[tokio::test]
async fn cancel_returns_what_the_service_said() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Wait forever").await.unwrap();
    mock.inject(Fault::answer(200, r#"{"r": false}"#).on("DELETE", "/task/*"));
    assert!(!handle.cancel().await.unwrap(), "the service said it did not cancel");
    assert!(handle.cancel().await.unwrap());
}

fn counting_tool(calls: &Arc<AtomicUsize>) -> Tool {
    let calls = Arc::clone(calls);
    Tool::untyped("lookup", "Looks up", json!({"sku": "string"}), move |_ctx, input: Value| {
        calls.fetch_add(1, Ordering::SeqCst);
        async move { Ok(json!({"sku": input["sku"], "price": 3})) }
    })
}

/// Runs a task calling `lookup` once, with `fault` on the tool's answer; returns the result
/// and how often the tool ran.
async fn tool_task_with(fault: Fault) -> (MockServer, Result<TaskResponse, smooth_client::TaskError>, usize) {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("lookup", json!({"sku": "A-1"})));
    mock.inject(fault.on("POST", "/task/*/event"));
    let calls = Arc::new(AtomicUsize::new(0));
    let handle = client.run(TaskRequest::new("Price of A-1").tool(counting_tool(&calls))).await.expect("submitted");
    let result = handle.result_timeout(Duration::from_secs(10)).await;
    (mock, result, calls.load(Ordering::SeqCst))
}

#[tokio::test]
async fn a_tool_answer_applied_but_answered_503_does_not_fail_the_task() {
    let (mock, result, calls) = tool_task_with(Fault::status(503).after_processing()).await;
    let response = result.expect("the task tells: it went on and finished");
    assert_eq!(response.status, TaskStatus::Done);
    assert!(response.output.unwrap().as_str().unwrap().contains("answered 200"));
    assert_eq!(calls, 1, "the tool ran once; only its answer may be sent again");
    // Any second sending carried the same event id: it could answer nothing else.
    let ids: Vec<Value> =
        mock.requests("POST", "/task/*/event").iter().map(|e| e.json().unwrap()["id"].clone()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] == pair[1]), "{ids:?}");
}

#[tokio::test]
async fn a_tool_answer_lost_with_the_connection_after_it_was_applied_does_not_fail_the_task() {
    let (_mock, result, calls) = tool_task_with(Fault::drop_connection().after_processing()).await;
    assert_eq!(result.expect("finished").status, TaskStatus::Done);
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn a_tool_answer_that_did_not_arrive_is_sent_again_while_the_agent_waits() {
    // 503 before processing: the agent still waits for the answer, so it is sent again.
    let (mock, result, calls) = tool_task_with(Fault::status(503)).await;
    let response = result.expect("the second sending arrived");
    assert!(response.output.unwrap().as_str().unwrap().contains("answered 200"));
    assert_eq!(calls, 1);
    assert_eq!(mock.count("POST", "/task/*/event"), 2, "sent again once, under the same id");
}

#[tokio::test]
async fn a_tool_answer_the_service_refuses_fails_the_handle() {
    // A definite refusal (4xx on the first sending) proves the answer is lost.
    let (_mock, result, _calls) = tool_task_with(Fault::status(422)).await;
    let error = result.unwrap_err();
    assert_eq!(error.api_error().and_then(|e| e.status()), Some(422), "{error}");
}

#[tokio::test]
async fn a_429_keeps_its_retry_after_once_retries_run_out() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = client_for(&mock, |builder| builder.retries(0));
    mock.inject(Fault::rate_limited(Duration::from_secs(7)).on("GET", "/profile"));
    let err = client.list_profiles(ListProfilesRequest::new()).await.unwrap_err();
    assert!(matches!(err, smooth_client::Error::Api { status: 429, .. }), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn what_happened_to_a_handle_is_matched_directly() {
    let (_mock, client) = setup().await;
    let err = client.task_handle("no-such-task").result().await.unwrap_err();
    assert!(matches!(err, smooth_client::TaskError::Request(smooth_client::Error::Api { status: 404, .. })), "{err:?}");
}

#[tokio::test]
async fn a_tool_answer_applied_but_answered_503_is_sent_again_and_the_refusal_confirms_it() {
    // The task goes on for a while after the answer: the next poll sees it running, so the
    // handle sends the same answer again; the service refuses it (no call pending with that
    // id), which proves the first one arrived.
    let (mock, client) = setup().await;
    let script =
        TaskScript::new().call_tool("lookup", json!({"sku": "A-1"})).emit_events(3).run_for(Duration::from_millis(400));
    mock.script_next_task(script);
    mock.inject(Fault::status(503).after_processing().on("POST", "/task/*/event"));
    let calls = Arc::new(AtomicUsize::new(0));
    let handle = client.run(TaskRequest::new("Price of A-1").tool(counting_tool(&calls))).await.unwrap();
    let response = handle.result_timeout(Duration::from_secs(10)).await.expect("done");
    assert!(response.output.unwrap().as_str().unwrap().contains("answered 200"));
    let sent = mock.requests("POST", "/task/*/event");
    assert_eq!(sent.len(), 2, "sent again once");
    assert_eq!(sent[1].status, Some(400), "the service no longer waited for that call");
    assert_eq!(sent[0].json().unwrap()["id"], sent[1].json().unwrap()["id"]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
