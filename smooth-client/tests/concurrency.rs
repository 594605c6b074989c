//! The client's limit on requests in flight, over real sockets on 127.0.0.1: smooth-mock
//! holds each request for a while and counts how many it holds at once.

mod common;

use smooth_client::prelude::*;
use smooth_mock::{Fault, MockServer};
use std::time::Duration;
use tokio::task::JoinSet;

/// A mock that holds every `GET /profile` for `hold` before answering it.
async fn holding_mock(hold: Duration) -> MockServer {
    let mock = MockServer::start().await.expect("mock starts");
    mock.inject(Fault::delay(hold).times(usize::MAX).on("GET", "/profile"));
    mock
}

fn served(mock: &MockServer) -> usize {
    mock.count("GET", "/profile")
}

fn client(mock: &MockServer, limit: Option<usize>) -> SmoothClient {
    common::client_for(mock, |builder| {
        let builder = builder.retries(0);
        match limit {
            Some(limit) => builder.max_concurrent_requests(limit),
            None => builder,
        }
    })
}

/// Sends `calls` list requests at once, every one from its own tokio task.
async fn burst(client: &SmoothClient, calls: usize) {
    let mut tasks = JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        tasks.spawn(async move { client.list_profiles(ListProfilesRequest::new()).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_limit_is_in_flight() {
    let mock = holding_mock(Duration::from_millis(20)).await;
    let client = client(&mock, Some(4));
    assert_eq!(client.max_concurrent_requests(), 4);
    burst(&client, 50).await;
    assert_eq!(served(&mock), 50);
    // Exactly 4: never more, and the limit is used rather than serialising everything.
    assert_eq!(mock.peak_concurrent_requests(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_one_limit() {
    let mock = holding_mock(Duration::from_millis(20)).await;
    let client = client(&mock, Some(3));
    let other = client.clone();
    tokio::join!(burst(&client, 20), burst(&other, 20));
    assert_eq!(served(&mock), 40);
    assert_eq!(mock.peak_concurrent_requests(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_limit_is_100() {
    let mock = holding_mock(Duration::from_millis(500)).await;
    let client = client(&mock, None);
    assert_eq!(client.max_concurrent_requests(), 100);
    burst(&client, 150).await;
    assert_eq!(served(&mock), 150);
    assert_eq!(mock.peak_concurrent_requests(), 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_slot_is_held_while_waiting_to_retry() {
    let mock = MockServer::start().await.expect("mock starts");
    mock.inject(Fault::status(503).on("GET", "/profile"));
    // One slot, and a retry delay of 1-2 s (no `Retry-After`: the backoff with jitter).
    let client = common::client_for(&mock, |builder| {
        builder
            .max_concurrent_requests(1)
            .retries(1)
            .retry_base_delay(Duration::from_secs(2))
            .retry_max_delay(Duration::from_secs(2))
    });
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.list_profiles(ListProfilesRequest::new()).await }
    });
    while served(&mock) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The first call now sleeps before its retry; the only slot is free meanwhile.
    tokio::time::timeout(Duration::from_millis(800), client.list_profiles(ListProfilesRequest::new()))
        .await
        .expect("the second call is not stuck behind the sleeping retry")
        .expect("request");
    assert_eq!(served(&mock), 2, "the first call has not retried yet");
    first.await.expect("task").expect("the retry succeeds");
    assert_eq!(served(&mock), 3);
    assert_eq!(mock.peak_concurrent_requests(), 1);
}

#[test]
fn zero_is_refused() {
    let error = SmoothClient::builder()
        .api_key("cmzr-test")
        .max_concurrent_requests(0)
        .build()
        .expect_err("a limit of 0 is refused");
    assert!(error.to_string().contains("max_concurrent_requests"), "{error}");
}
