//! A task's events as a stream: each exactly once, in order, to the end, on smooth-mock.

mod common;

use common::{POLL, client_for, setup};
use futures_util::StreamExt;
use serde_json::{Value, json};
use smooth_client::prelude::*;
use smooth_client::{SessionOptions, TaskEvents};
use smooth_mock::{MockServer, TaskScript};
use std::time::Duration;

/// Every event of a stream until it ends, failing on an error.
async fn drain(mut events: TaskEvents) -> Vec<TaskEvent> {
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(10), events.next()).await.expect("the stream ends")
    {
        seen.push(event.expect("no error"));
    }
    seen
}

/// The step numbers of the mock's progress events, in the order received.
fn steps(events: &[TaskEvent]) -> Vec<u64> {
    events.iter().filter_map(|event| event.payload["input"]["step"].as_u64()).collect()
}

#[tokio::test]
async fn every_event_arrives_once_in_order_even_those_paged_after_the_end() {
    // Three events per poll and a task that ends long before its 50 events are read: on
    // the old engine the poll that reported the end was the last, and the rest were lost.
    let mock = MockServer::builder().events_per_poll(3).start().await.unwrap();
    let client = client_for(&mock, |builder| builder);
    mock.script_next_task(TaskScript::new().emit_events(50).run_for(Duration::from_millis(5)));
    let handle = client.run("Fifty steps").await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;

    let events = drain(handle.events()).await;
    assert_eq!(steps(&events), (1..=50).collect::<Vec<_>>(), "each event once, in order");
    assert!(events.windows(2).all(|pair| pair[0].timestamp < pair[1].timestamp));
    assert_eq!(handle.event_cursor(), events.last().and_then(|e| e.timestamp).unwrap());
    assert_eq!(handle.latest().unwrap().status, TaskStatus::Done);
    // The handle asked until an answer had no event left: 50 / 3 pages, then one empty.
    let last_poll = mock.requests("GET", "/task/*").into_iter().last().unwrap();
    assert_eq!(last_poll.query_param("event_t"), Some(handle.event_cursor().to_string()));
}

#[tokio::test]
async fn several_subscribers_each_see_every_event_and_a_late_one_gets_the_buffer() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().emit_events(12).run_for(Duration::from_millis(120)));
    let handle = client.run("Twelve steps").await.unwrap();
    let (first, second) = tokio::join!(drain(handle.events()), drain(handle.events()));
    assert_eq!(steps(&first), (1..=12).collect::<Vec<_>>());
    assert_eq!(steps(&second), steps(&first));
    handle.result().await.unwrap();

    // Subscribing after the end replays what the handle kept, then ends without polling.
    let polls = mock.count("GET", "/task/*");
    let late = drain(handle.events()).await;
    assert_eq!(steps(&late), steps(&first));
    assert_eq!(mock.count("GET", "/task/*"), polls, "an ended task is not asked again");
}

#[tokio::test]
async fn the_events_of_the_first_poll_are_streamed() {
    let (mock, client) = setup().await;
    // The task publishes its events at once; the first poll already carries all of them.
    mock.script_next_task(TaskScript::new().emit_events(4).run_for(Duration::from_millis(1)));
    let handle = client.run("Quick").await.unwrap();
    tokio::time::sleep(POLL * 3).await;
    let events = drain(handle.events()).await;
    assert_eq!(steps(&events), vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn a_sessions_stream_carries_the_answers_to_its_actions() {
    let (_mock, client) = setup().await;
    let session = client.session(SessionOptions::new()).await.unwrap();
    let mut events = session.events();
    session.goto("https://example.com").await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), events.next()).await.unwrap().unwrap().unwrap();
    assert_eq!(answer.name, "browser_action");
    assert_eq!(answer.payload["code"], json!(200));
    assert_eq!(session.event_cursor(), answer.timestamp.unwrap());
    session.close().await.unwrap();
    // The stream ends once the closed session's last event has been read.
    let rest: Vec<Value> = drain(events).await.into_iter().map(|e| e.payload).collect();
    assert!(rest.is_empty(), "{rest:?}");
}

#[tokio::test]
async fn a_stream_of_an_unknown_task_yields_the_error_and_ends() {
    let (_mock, client) = setup().await;
    let mut events = client.task_handle("no-such-task").events();
    let error = tokio::time::timeout(Duration::from_secs(5), events.next()).await.unwrap().unwrap().unwrap_err();
    assert_eq!(error.api_error().and_then(|e| e.status()), Some(404), "{error}");
    assert!(events.next().await.is_none());
}
