//! Security: path parameters cannot escape their segment, the API key goes only to the
//! configured origin, plain http only to loopback, and answers are read with a size cap.

use std::time::{Duration, Instant};

use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::{Error, SmoothClient};
use smooth_guarantees::{TEST_KEY, client};
use smooth_mock::{Fault, MockServer};

/// Percent-decodes a path segment (strictly: a bad escape is a test failure).
fn decode_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("escape");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

const HOSTILE_IDS: &[&str] = &[
    "a/b",
    "../task/x",
    "../../etc/passwd",
    "x/..",
    "...",
    "?admin=1",
    "id#fragment",
    "100%",
    "%2F",
    "%2e%2e",
    "with space",
    "tab\there",
    "ünïcødé/路径",
    "emoji 🚀",
    "semi;colon",
    "a\\b",
    "line\nbreak",
];

#[tokio::test]
async fn path_parameters_stay_one_percent_encoded_segment() {
    let server = smooth_guarantees::mock().await;
    let client = client(&server.base_url(), TEST_KEY);
    for id in HOSTILE_IDS {
        let _ = client.delete_profile(DeleteProfileRequest::new(*id)).await;
        let _ = client.get_task(GetTaskRequest::new(*id).event_t(5)).await;
        let _ = client.send_task_event(TaskEvent::new(*id, "session_action", json!({"name": "close"}))).await;
    }
    let journal = server.journal();
    assert_eq!(journal.len(), HOSTILE_IDS.len() * 3, "one request per call: {journal:#?}");
    for (i, id) in HOSTILE_IDS.iter().enumerate() {
        let [profile, task, event] = [&journal[i * 3], &journal[i * 3 + 1], &journal[i * 3 + 2]];
        let segment = profile.path.strip_prefix("/api/v1/profile/").expect("profile path");
        assert!(!segment.contains(['/', '?', '#', ' ']), "{id:?} → {}", profile.path);
        assert!(segment.is_ascii(), "{id:?} → {}", profile.path);
        assert_eq!(decode_segment(segment), *id, "{id:?} → {}", profile.path);
        assert_eq!(profile.query, None, "{id:?} leaked into the query");
        assert_eq!(profile.method, "DELETE");

        let task_segment = task.path.strip_prefix("/api/v1/task/").expect("task path");
        assert_eq!(task_segment, segment, "{id:?}: same encoding everywhere");
        assert_eq!(task.query.as_deref(), Some("event_t=5"), "{id:?}: the query is the client's only");

        let event_path = event.path.strip_prefix("/api/v1/task/").and_then(|rest| rest.strip_suffix("/event"));
        assert_eq!(event_path, Some(segment), "{id:?} → {}", event.path);
    }
}

#[tokio::test]
async fn delete_profile_dot_dot_reaches_exactly_one_encoded_path() {
    let mock = MockServer::start().await.expect("mock");
    let client = client(&mock.base_url(), mock.api_key());
    let result = client.delete_profile(DeleteProfileRequest::new("../task/x")).await;
    let journal = mock.journal();
    assert_eq!(journal.len(), 1, "{journal:#?}");
    assert_eq!(journal[0].method, "DELETE");
    assert_eq!(journal[0].path, "/api/v1/profile/..%2Ftask%2Fx");
    assert_eq!(journal[0].query, None);
    // The mock knows no such profile: a 404 naming it, not a task being cancelled.
    assert!(matches!(result, Err(Error::Api { status: 404, .. })), "{result:?}");
    assert_eq!(mock.count("*", "/task/**"), 0);
}

/// A redirect to another port or host is not followed, so the second server never sees
/// the `apikey` header (reqwest only strips standard credential headers on redirects).
#[tokio::test]
async fn the_api_key_never_follows_a_redirect_to_another_origin() {
    let other = smooth_guarantees::mock().await;
    let other_port = other.addr().port();
    for (status, target) in [
        (307, format!("http://127.0.0.1:{other_port}/api/v1/task/x")),
        (308, format!("http://127.0.0.1:{other_port}/api/v1/task")),
        (302, format!("http://localhost:{other_port}/api/v1/task/x")),
        (301, format!("http://[::1]:{other_port}/api/v1/task/x")),
    ] {
        let first = smooth_guarantees::mock().await;
        first.inject(Fault::redirect(status, target.clone()).times(usize::MAX));
        let client = client(&first.base_url(), TEST_KEY);
        let get = client.get_task(GetTaskRequest::new("x")).await;
        let post = client.submit_task(TaskRequest::new("redirected")).await;
        for result in [get.map(drop), post.map(drop)] {
            match result {
                Err(Error::Api { status: got, detail, .. }) => {
                    assert_eq!(got, status);
                    assert!(detail.to_string().contains("not followed"), "{detail}");
                }
                other => panic!("{status} → {target}: expected the redirect to be refused, got {other:?}"),
            }
        }
        assert_eq!(first.journal().len(), 2, "no retry of a refused redirect");
        assert!(first.journal().iter().all(|r| r.header("apikey") == Some(TEST_KEY)));
    }
    // The same origin under another name is another origin too.
    let first = smooth_guarantees::mock().await;
    let port = first.addr().port();
    let renamed = smooth_guarantees::mock().await;
    renamed.inject(Fault::redirect(307, format!("http://localhost:{port}/api/v1/task/x")));
    let _ = client(&renamed.base_url(), TEST_KEY).get_task(GetTaskRequest::new("x")).await;
    let everything: Vec<_> = other.journal().into_iter().chain(first.journal()).collect();
    assert!(everything.is_empty(), "the other origin was reached: {everything:#?}");
    // Control: the configured origin was asked, with the key; only the hop was refused.
    let asked = renamed.journal();
    assert_eq!(asked.len(), 1, "{asked:#?}");
    assert_eq!(asked[0].header("apikey"), Some(TEST_KEY));
}

/// Control for the test above: a same-origin redirect is followed and keeps the key, so
/// the refusal is about the origin, not about redirects.
#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_key() {
    let server = smooth_guarantees::mock().await;
    let client = client(&server.base_url(), TEST_KEY);
    let task = client.submit_task(TaskRequest::new("the real one")).await.expect("submitted");
    server.clear_journal();
    server.inject(Fault::redirect(307, format!("/api/v1/task/{}", task.id)).on("GET", "/task/old"));
    let got = client.get_task(GetTaskRequest::new("old")).await.expect("followed");
    assert_eq!(got.id, task.id);
    let journal = server.journal();
    let new_path = format!("/api/v1/task/{}", task.id);
    assert_eq!(journal.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(), ["/api/v1/task/old", new_path.as_str()]);
    assert!(journal.iter().all(|r| r.header("apikey") == Some(TEST_KEY)));
}

#[test]
fn plain_http_only_for_loopback_unless_opted_in() {
    let build = |base: &str, insecure: bool| {
        SmoothClient::builder().api_key(TEST_KEY).base_url(base).allow_insecure_http(insecure).build()
    };
    for base in
        ["http://127.0.0.1:8787/api/", "http://localhost/api/", "http://LOCALHOST:1/api/", "http://[::1]:9/api/"]
    {
        build(base, false).unwrap_or_else(|e| panic!("{base}: loopback over http must be accepted: {e}"));
    }
    for base in [
        "http://api.smooth.sh/api/",
        "http://10.0.0.1/api/",
        "http://0.0.0.0/api/",
        "http://127.0.0.1.nip.io/api/",
        "http://localhost.evil.example/api/",
        "http://[::ffff:8.8.8.8]/api/",
    ] {
        match build(base, false) {
            Err(Error::Config(message)) => {
                assert!(message.contains("clear text") && message.contains("allow_insecure_http"), "{message}")
            }
            other => panic!("{base}: expected a refusal, got {other:?}"),
        }
        build(base, true).unwrap_or_else(|e| panic!("{base}: the opt-in must allow it: {e}"));
    }
    build("https://api.smooth.sh/api/", false).expect("https is always fine");
}

#[tokio::test]
async fn an_endless_body_is_refused_at_the_cap_without_reading_it_all() {
    let server = smooth_guarantees::mock().await;
    server.inject(Fault::endless_body(200).times(usize::MAX));
    let limit = 256 * 1024;
    let client = SmoothClient::builder()
        .api_key(TEST_KEY)
        .base_url(server.base_url())
        .max_response_bytes(limit)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let started = Instant::now();
    let result =
        tokio::time::timeout(Duration::from_secs(5), client.get_task(GetTaskRequest::new("x"))).await.expect("no hang");
    assert!(matches!(result, Err(Error::ResponseTooLarge { status: 200, limit: l }) if l == limit), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    // Not retried, and the server could only push what fits in the socket buffers beyond the cap.
    assert_eq!(server.journal().len(), 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let streamed = server.streamed_bytes();
    assert!(streamed < 32 * 1024 * 1024, "the server streamed {streamed} bytes");
}

#[tokio::test]
async fn a_huge_declared_length_is_refused_before_reading() {
    let server = smooth_guarantees::mock().await;
    server.inject(Fault::declared_length(500, 64 * 1024 * 1024 * 1024).times(usize::MAX));
    let client = SmoothClient::builder()
        .api_key(TEST_KEY)
        .base_url(server.base_url())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let result = client.list_tasks(ListTasksRequest::new()).await;
    assert!(matches!(result, Err(Error::ResponseTooLarge { status: 500, limit: 1_048_576 })), "{result:?}");
    assert_eq!(server.journal().len(), 1, "a too-large answer is not retried");
}

#[tokio::test]
async fn the_default_cap_is_16_mib() {
    let server = smooth_guarantees::mock().await;
    server.inject(Fault::endless_body(200).times(usize::MAX));
    let client = SmoothClient::builder().api_key(TEST_KEY).base_url(server.base_url()).build().expect("client");
    let result = client.get_task(GetTaskRequest::new("x")).await;
    assert!(matches!(result, Err(Error::ResponseTooLarge { limit: 16_777_216, .. })), "{result:?}");
}
