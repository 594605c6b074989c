//! The retry rules, checked by counting what reaches a local server: idempotent requests
//! are retried on 429/502/503/504 and broken connections, honouring `Retry-After`; a
//! `POST /task` is sent again only when the first attempt never reached the server.
//!
//! The cases `tests/guarantees/tests/fault_matrix.rs` checks against `smooth-mock` with the
//! same assertions or stronger ones are not repeated here: a GET retried after a dropped
//! connection, a `POST /task` met by a 503 or a dropped connection (received once, outcome
//! unknown), and a `POST /task` retried while the connection is refused until the service
//! comes up (`connection_refused_then_recovering`).

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use smooth_client::RequestOutcome;
use smooth_client::prelude::*;
use smooth_tests::{Reply, TEST_KEY, TestServer, test_client_builder};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

fn task(status: &str) -> serde_json::Value {
    json!({"id": "t-1", "status": status})
}

#[tokio::test]
async fn a_get_is_retried_on_every_retryable_status() {
    for status in [429, 502, 503, 504] {
        let server =
            TestServer::sequence(vec![Reply::detail(status, json!("try again")), Reply::ok(task("running"))]).await;
        let answer = server.client().get_task(GetTaskRequest::new("t-1")).await;
        assert_eq!(answer.unwrap().status, TaskStatus::Running, "after a {status}");
        let sent = server.requests();
        assert_eq!(sent.len(), 2, "after a {status}");
        assert_eq!(sent[0], sent[1], "the retry is the same request");
    }
}

#[tokio::test]
async fn a_get_gives_up_after_the_configured_retries() {
    let server = TestServer::replying(Reply::detail(503, json!("down"))).await;
    let client = server.client_builder().retries(2).build().unwrap();
    let err = client.get_task(GetTaskRequest::new("t-1")).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    assert_eq!(server.hits(), 3, "one attempt and two retries");

    let server = TestServer::replying(Reply::detail(503, json!("down"))).await;
    let client = server.client_builder().retries(0).build().unwrap();
    client.get_task(GetTaskRequest::new("t-1")).await.unwrap_err();
    assert_eq!(server.hits(), 1, "retries(0) disables retries");
}

#[tokio::test]
async fn a_4xx_other_than_429_is_never_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = TestServer::replying(Reply::detail(status, json!("no"))).await;
        let err = server.client().get_task(GetTaskRequest::new("t-1")).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.hits(), 1, "a {status} is final");
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = TestServer::sequence(vec![
        Reply::detail(503, json!("busy")).with_header("Retry-After", "1"),
        Reply::ok(task("running")),
    ])
    .await;
    // Base delay 2 ms, cap 5 s: only `Retry-After` can make the client wait a second.
    let client = server.client_builder().retry_max_delay(Duration::from_secs(5)).build().unwrap();
    let started = Instant::now();
    client.get_task(GetTaskRequest::new("t-1")).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn retry_after_is_capped_by_the_maximum_delay() {
    let server = TestServer::sequence(vec![
        Reply::detail(429, json!("slow down")).with_header("Retry-After", "120"),
        Reply::ok(task("running")),
    ])
    .await;
    let started = Instant::now();
    server.client().get_task(GetTaskRequest::new("t-1")).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "waited {:?}", started.elapsed());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn delete_and_put_are_retried_too() {
    let server = TestServer::sequence(vec![Reply::detail(503, json!("busy")), Reply::ok(json!(true))]).await;
    assert!(server.client().cancel_task(CancelTaskRequest::new("t-1")).await.unwrap());
    assert_eq!(server.hits(), 2, "DELETE is idempotent");

    let server = TestServer::sequence(vec![Reply::Drop, Reply::ok(json!(true))]).await;
    let request = UpdateTaskRequest::new("t-1", ToolResponse::new("c", 200, json!(1)));
    #[allow(deprecated)]
    let answer = server.client().update_task(request).await;
    answer.unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2, "PUT is idempotent");
    assert_eq!(sent[0].body, sent[1].body, "the body is sent again whole");
}

#[tokio::test]
async fn submit_task_is_never_sent_twice_after_a_429_or_a_502() {
    for status in [429, 502, 500, 504] {
        let server = TestServer::sequence(vec![
            Reply::detail(status, json!("no")).with_header("Retry-After", "0"),
            Reply::ok(task("waiting")),
        ])
        .await;
        let err = server.client().submit_task(TaskRequest::new("buy one thing")).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.hits(), 1, "after a {status}");
    }
}

#[tokio::test]
async fn submit_task_is_never_sent_twice_after_a_timeout() {
    let server = TestServer::sequence(vec![
        Reply::ok(task("waiting")).after(Duration::from_millis(600)),
        Reply::ok(task("waiting")),
    ])
    .await;
    let client = server.client_builder().timeout(Duration::from_millis(150)).build().unwrap();
    let err = client.submit_task(TaskRequest::new("buy one thing")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { outcome: RequestOutcome::Unknown, .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_get_is_retried_after_a_timeout() {
    let server = TestServer::sequence(vec![
        Reply::ok(task("running")).after(Duration::from_millis(600)),
        Reply::ok(task("done")),
    ])
    .await;
    let client = server.client_builder().timeout(Duration::from_millis(150)).build().unwrap();
    assert_eq!(client.get_task(GetTaskRequest::new("t-1")).await.unwrap().status, TaskStatus::Done);
    assert_eq!(server.hits(), 2);
}

/// A port on 127.0.0.1 that nothing listens on (yet): connecting to it is refused.
async fn free_port() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

#[tokio::test]
async fn a_refused_connection_is_reported_as_not_sent() {
    let addr = free_port().await;
    let client = test_client_builder(&format!("http://{addr}/api/"), TEST_KEY).retries(0).build().unwrap();
    let err = client.submit_task(TaskRequest::new("buy one thing")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { outcome: RequestOutcome::NotSent, .. }), "{err:?}");
    assert!(!err.outcome_unknown());
}
