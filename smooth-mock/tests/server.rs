//! The server itself: addresses, authentication, routing errors, size limit, journal,
//! lifecycle, and the binary's command line.

mod common;

use std::time::Duration;

use common::Api;
use serde_json::json;
use smooth_mock::{DEFAULT_API_KEY, JournalBody, MockServer};

#[tokio::test]
async fn urls_and_key() {
    let mock = MockServer::start().await.unwrap();
    let port = mock.addr().port();
    assert_eq!(mock.base_url(), format!("http://127.0.0.1:{port}/api/"));
    assert_eq!(mock.api_url(), format!("http://127.0.0.1:{port}/api/v1"));
    assert_eq!(mock.api_key(), DEFAULT_API_KEY);
    let custom = MockServer::builder().api_key("cmzr-other").start().await.unwrap();
    assert_eq!(custom.api_key(), "cmzr-other");
}

#[tokio::test]
async fn authentication() {
    let api = Api::start().await;
    let missing = api.http.get(api.url("/profile")).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    assert_eq!(missing.json::<serde_json::Value>().await.unwrap(), json!({"detail": "Missing API key"}));
    let wrong = api.http.get(api.url("/profile")).header("apikey", "cmzr-nope").send().await.unwrap();
    assert_eq!(wrong.status(), 403);
    let posted = api.http.post(api.url("/task")).header("apikey", "x").body("{}").send().await.unwrap();
    assert_eq!(posted.status(), 403);
    assert_eq!(api.mock.task_count(), 0);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let api = Api::start().await;
    let (status, answer) = api.get("/nothing/here").await;
    assert_eq!((status, answer), (404, json!({"detail": "Not Found"})));
    let (status, answer) = api.call(reqwest::Method::PATCH, "/task", None).await;
    assert_eq!((status, answer), (405, json!({"detail": "Method Not Allowed"})));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let api = Api::with(MockServer::builder().max_body_bytes(1024)).await;
    let big = json!({"task": "x".repeat(2048)});
    let (status, answer) = api.post("/task", big).await;
    assert_eq!((status, answer), (413, json!({"detail": "Request body too large"})));
    assert_eq!(api.mock.task_count(), 0);
    assert_eq!(api.mock.journal()[0].body, JournalBody::TooLarge);
    let (status, _) = api.post("/task", json!({"task": "small"})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_journal_records_requests() {
    let api = Api::start().await;
    api.post("/task", json!({"task": "t", "extra": 1})).await;
    let id = api.mock.task_ids()[0].clone();
    api.get(&format!("/task/{id}?event_t=5&downloads=true")).await;
    let journal = api.mock.journal();
    assert_eq!(journal.len(), 2);
    let submit = &journal[0];
    assert_eq!((submit.method.as_str(), submit.path.as_str()), ("POST", "/api/v1/task"));
    assert_eq!(submit.json(), Some(&json!({"task": "t", "extra": 1})));
    assert_eq!(submit.header("APIKEY"), Some(DEFAULT_API_KEY));
    assert_eq!(submit.status, Some(200));
    let poll = &journal[1];
    assert_eq!(poll.query.as_deref(), Some("event_t=5&downloads=true"));
    assert_eq!(poll.query_param("event_t").as_deref(), Some("5"));
    assert_eq!(poll.body, JournalBody::Empty);
    assert!(matches!(poll.status, Some(200 | 202)), "{:?}", poll.status);
    assert!(poll.seq > submit.seq);
    assert_eq!(api.mock.count("GET", "/task/*"), 1);
    assert_eq!(api.mock.count("*", "**"), 2);
    api.mock.clear_journal();
    assert!(api.mock.journal().is_empty());
}

#[tokio::test]
async fn the_journal_is_bounded() {
    let api = Api::with(MockServer::builder().max_journal_entries(3)).await;
    for _ in 0..5 {
        api.get("/profile").await;
    }
    let journal = api.mock.journal();
    assert_eq!(journal.len(), 3);
    assert_eq!(journal[0].seq, 3);
}

#[tokio::test]
async fn shutdown_and_drop_release_the_port() {
    let mock = MockServer::start().await.unwrap();
    let addr = mock.addr();
    mock.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let mock = MockServer::start().await.unwrap();
    let addr = mock.addr();
    drop(mock);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    // The same port can be bound again.
    let again = MockServer::builder().port(addr.port()).start().await.unwrap();
    assert_eq!(again.addr(), addr);
}

#[test]
fn the_binary_rejects_bad_arguments() {
    let binary = env!("CARGO_BIN_EXE_smooth-mock");
    let output = std::process::Command::new(binary).args(["--speed", "slow"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--speed") && stderr.contains("usage:"), "{stderr}");
    let output = std::process::Command::new(binary).arg("--nope").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_binary_prints_what_to_export() {
    use std::io::{BufRead, BufReader};

    let binary = env!("CARGO_BIN_EXE_smooth-mock");
    let mut child = std::process::Command::new(binary)
        .args(["--port", "0", "--api-key", "cmzr-bin"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(stdout).lines().take(3).map(Result::unwrap).collect();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(lines[1].starts_with("export SMOOTH_BASE_URL=http://127.0.0.1:"), "{lines:?}");
    assert!(lines[1].ends_with("/api/"));
    assert_eq!(lines[2], "export CIRCLEMIND_API_KEY=cmzr-bin");
}
