//! One-shot tasks through `client.run`, against smooth-mock over a real socket.

mod common;

use common::{POLL, bodies, client_for, eventually, setup};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::{LiveUrlOptions, TaskError};
use smooth_mock::{Fault, TaskScript};
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_task_runs_to_its_result() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().output(json!("42 stories")).credits_used(3));
    let handle = client.run("Count the stories").await.unwrap();
    assert!(!handle.id().is_empty());
    let response = handle.result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    assert_eq!(response.output, Some(json!("42 stories")));
    assert_eq!(response.credits_used, Some(3));
    assert_eq!(bodies(&mock, "POST", "/task")[0]["task"], "Count the stories");
    // The task has ended: the poller is gone and asks nothing more.
    let polls = mock.count("GET", "/task/*");
    tokio::time::sleep(POLL * 5).await;
    assert_eq!(mock.count("GET", "/task/*"), polls);
    // A second call answers from what is known.
    assert_eq!(handle.result().await.unwrap().id, response.id);
    assert_eq!(mock.count("GET", "/task/*"), polls);
}

#[tokio::test]
async fn a_failed_task_is_a_distinct_error_with_its_response() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().fail("the site was down"));
    let handle = client.run(TaskRequest::new("Buy a ticket")).await.unwrap();
    let err = handle.result().await.unwrap_err();
    let TaskError::Failed { response } = &err else { panic!("expected Failed, got {err:?}") };
    assert_eq!(response.status, TaskStatus::Failed);
    assert_eq!(response.output, Some(json!("the site was down")));
    assert!(err.to_string().contains("the site was down"), "{err}");
    assert_eq!(err.response().map(|r| r.id.as_str()), Some(handle.id()));
}

#[tokio::test]
async fn a_cancelled_task_reports_cancelled() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Wait forever").await.unwrap();
    let waiter = {
        let handle = handle.clone();
        tokio::spawn(async move { handle.result().await })
    };
    tokio::time::sleep(POLL * 2).await;
    assert!(handle.cancel().await.unwrap());
    let err = waiter.await.unwrap().unwrap_err();
    assert!(matches!(&err, TaskError::Cancelled { response } if response.status == TaskStatus::Cancelled), "{err:?}");
    // Cancelling an ended task is not an error: the service's 404 means "already ended".
    assert!(!handle.cancel().await.unwrap());
}

#[tokio::test]
async fn result_timeout_gives_up_and_polling_stops() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Wait forever").await.unwrap();
    let started = Instant::now();
    let err = handle.result_timeout(Duration::from_millis(150)).await.unwrap_err();
    assert!(matches!(err, TaskError::Timeout { after, .. } if after == Duration::from_millis(150)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // Nobody waits any more: the poller stops instead of polling for nothing.
    polls_stop(&mock).await;
    let polls = mock.count("GET", "/task/*");
    tokio::time::sleep(POLL * 5).await;
    assert_eq!(mock.count("GET", "/task/*"), polls);
    handle.cancel().await.unwrap();
}

#[tokio::test]
async fn dropping_every_handle_stops_the_poller() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Wait forever").await.unwrap();
    let id = handle.id().to_owned();
    let waiter = {
        let handle = handle.clone();
        tokio::spawn(async move { handle.result().await })
    };
    eventually("polling starts", || mock.count("GET", "/task/*") >= 2).await;
    waiter.abort();
    let _ = waiter.await;
    drop(handle);
    tokio::time::sleep(POLL * 2).await;
    let polls = mock.count("GET", "/task/*");
    tokio::time::sleep(POLL * 6).await;
    assert_eq!(mock.count("GET", "/task/*"), polls, "a dropped handle must not poll");
    client.task_handle(id).cancel().await.unwrap();
}

#[tokio::test]
async fn many_waiters_share_one_poller() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(200)));
    let handle = client.run("Share").await.unwrap();
    let waiters: Vec<_> = (0..20)
        .map(|_| {
            let handle = handle.clone();
            tokio::spawn(async move { handle.result().await.map(|r| r.status) })
        })
        .collect();
    for waiter in waiters {
        assert_eq!(waiter.await.unwrap().unwrap(), TaskStatus::Done);
    }
    // ~200 ms of running at one poll per 20 ms: about 10 polls, not 20 waiters' worth.
    let polls = mock.count("GET", "/task/*");
    assert!(polls <= 20, "{polls} polls for one task");
}

#[tokio::test]
async fn the_live_url_has_view_options_and_ends_with_the_task() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Watch me").await.unwrap();
    let url = handle.live_url().await.unwrap();
    assert!(url.ends_with("interactive=true&embed=false"), "{url}");
    let url = handle.live_url_with(LiveUrlOptions::new().interactive(false).embed(true)).await.unwrap();
    assert!(url.ends_with("interactive=false&embed=true"), "{url}");
    handle.cancel().await.unwrap();
    let _ = handle.result().await;
    let err = handle.live_url().await.unwrap_err();
    assert!(matches!(&err, TaskError::Ended { what: "the live view", .. }), "{err:?}");
}

#[tokio::test]
async fn recording_and_downloads_urls_wait_and_explain_absence() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().downloads(true));
    let handle = client.run("Download the report").await.unwrap();
    let recording = handle.recording_url().await.unwrap();
    assert!(recording.ends_with(".mp4"), "{recording}");
    let downloads = handle.downloads_url().await.unwrap();
    assert!(downloads.ends_with(".zip"), "{downloads}");
    assert!(mock.requests("GET", "/task/*").iter().any(|e| e.query_param("downloads").as_deref() == Some("true")));

    mock.script_next_task(TaskScript::new().recording(false).downloads(false));
    let handle = client.run("Nothing to keep").await.unwrap();
    let err = handle.recording_url().await.unwrap_err();
    assert!(matches!(&err, TaskError::Unavailable { what: "a recording", .. }), "{err:?}");
    let err = handle.downloads_url().await.unwrap_err();
    assert!(matches!(&err, TaskError::Unavailable { what: "a downloads archive", .. }), "{err:?}");

    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Still running").await.unwrap();
    let err = handle.downloads_url_timeout(Duration::from_millis(100)).await.unwrap_err();
    assert!(matches!(err, TaskError::Timeout { .. }), "{err:?}");
    handle.cancel().await.unwrap();
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Story {
    title: String,
    points: u32,
}

#[tokio::test]
async fn structured_output_round_trips_through_the_schema() {
    let (mock, client) = setup().await;
    let handle = client.run(TaskRequest::new("Top story").response_model::<Story>()).await.unwrap();
    let response = handle.result().await.unwrap();
    let schema = &bodies(&mock, "POST", "/task")[0]["response_model"];
    assert_eq!(schema["properties"]["points"]["type"], "integer");
    let story: Story = response.output_as().unwrap();
    assert!(!story.title.is_empty());

    mock.script_next_task(TaskScript::new().output(json!({"title": "x", "points": "lots"})));
    let response =
        client.run(TaskRequest::new("Top story").response_model::<Story>()).await.unwrap().result().await.unwrap();
    let err = response.output_as::<Story>().unwrap_err();
    assert_eq!(err.path, "points");
    assert!(err.to_string().contains("Story") && err.to_string().contains("lots"), "{err}");

    // A raw schema still works.
    let raw = json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]});
    let response = client
        .run(TaskRequest::new("A number").response_model_schema(raw.clone()))
        .await
        .unwrap()
        .result()
        .await
        .unwrap();
    assert!(response.output.unwrap()["n"].is_i64());
    assert_eq!(bodies(&mock, "POST", "/task")[2]["response_model"], raw);
}

#[tokio::test]
async fn transport_errors_while_polling_are_retried_with_backoff() {
    let (mock, _) = setup().await;
    let client = client_for(&mock, |b| b.retries(0));
    mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(50)));
    let handle = client.run("Survive a blip").await.unwrap();
    mock.inject(Fault::drop_connection().times(3).on("GET", "/task/*"));
    let started = Instant::now();
    assert_eq!(handle.result().await.unwrap().status, TaskStatus::Done);
    // Backoff of 1, 2 and 4 poll intervals.
    assert!(started.elapsed() >= POLL * 7, "{:?}", started.elapsed());
    assert_eq!(mock.requests("GET", "/task/*").iter().filter(|e| e.answered_by_fault()).count(), 3);
}

#[tokio::test]
async fn after_five_retries_every_waiter_gets_the_transport_error() {
    let (mock, _) = setup().await;
    let client = client_for(&mock, |b| b.retries(0));
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Lose the network").await.unwrap();
    mock.inject(Fault::drop_connection().times(6).on("GET", "/task/*"));
    let (result, live) = tokio::join!(handle.result(), handle.live_url());
    for err in [result.unwrap_err(), live.unwrap_err()] {
        let api = err.api_error().unwrap_or_else(|| panic!("expected an API error, got {err:?}"));
        assert!(matches!(api, Error::Transport { .. }), "{api:?}");
    }
    assert_eq!(mock.requests("GET", "/task/*").iter().filter(|e| e.answered_by_fault()).count(), 6);
    // Asking again starts a fresh poller.
    assert!(handle.live_url().await.is_ok());
    handle.cancel().await.unwrap();
}

#[tokio::test]
async fn an_api_error_while_polling_reaches_every_waiter_at_once() {
    let (mock, _) = setup().await;
    let client = client_for(&mock, |b| b.retries(0));
    mock.script_next_task(TaskScript::new().never_finish());
    let handle = client.run("Vanish").await.unwrap();
    mock.inject(Fault::status(404).on("GET", "/task/*"));
    let (a, b) = tokio::join!(handle.result(), handle.result_timeout(Duration::from_secs(5)));
    for err in [a.unwrap_err(), b.unwrap_err()] {
        assert_eq!(err.api_error().and_then(Error::status), Some(404), "{err:?}");
    }
    assert_eq!(mock.count("GET", "/task/*"), 1);
    handle.cancel().await.unwrap();
}

#[tokio::test]
async fn polls_follow_the_interval() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(300)));
    let handle = client.run("Take 300 ms").await.unwrap();
    let started = Instant::now();
    handle.result().await.unwrap();
    let elapsed = started.elapsed();
    let polls = mock.count("GET", "/task/*") as u32;
    // One poll per interval, plus the first one and slack for the scheduler.
    let bound = elapsed.as_millis() as u32 / POLL.as_millis() as u32 + 2;
    assert!(polls <= bound, "{polls} polls in {elapsed:?}");
}

/// Waits until the mock's journal shows no new `GET /task/*` for a few poll intervals.
async fn polls_stop(mock: &smooth_mock::MockServer) {
    let mut before = mock.count("GET", "/task/*");
    for _ in 0..50 {
        tokio::time::sleep(POLL * 3).await;
        let now = mock.count("GET", "/task/*");
        if now == before {
            return;
        }
        before = now;
    }
    panic!("the poller never stopped: {before} polls");
}
