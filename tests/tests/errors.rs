//! How answers that are not a success become `smooth_client::Error` variants.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::{ApiDetail, ValidationIssue};
use smooth_tests::{Reply, TestServer};

/// Sends a POST (never retried after an answer) and returns the error it ends in.
async fn error_for(reply: Reply) -> (Error, TestServer) {
    let server = TestServer::replying(reply).await;
    let err = server.client().create_profile(ProfileRequest::with_id("p")).await.unwrap_err();
    (err, server)
}

#[tokio::test]
async fn a_401_keeps_status_detail_and_body() {
    let (err, server) = error_for(Reply::detail(401, json!("Invalid API key"))).await;
    match &err {
        Error::Api { status: 401, detail: ApiDetail::Message(message), body, .. } => {
            assert_eq!(message, "Invalid API key");
            assert_eq!(body, r#"{"detail":"Invalid API key"}"#);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("401") && err.to_string().contains("Invalid API key"), "{err}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_404_on_a_get_is_not_retried() {
    let server = TestServer::replying(Reply::detail(404, json!("Task not found"))).await;
    let err = server.client().get_task(GetTaskRequest::new("nope")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 404, detail: ApiDetail::Message(m), .. } if m == "Task not found"),
        "{err:?}"
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_409_says_the_profile_exists() {
    let (err, _server) = error_for(Reply::detail(409, json!("Profile already exists"))).await;
    assert!(matches!(&err, Error::Api { status: 409, detail: ApiDetail::Message(_), .. }), "{err:?}");
}

#[tokio::test]
async fn a_422_lists_the_validation_issues() {
    let (err, _server) = error_for(Reply::detail(
        422,
        json!([{"loc": ["body", "max_steps"], "msg": "Input should be less than or equal to 128", "type": "less_than_equal"}]),
    ))
    .await;
    let Error::Api { status: 422, detail: ApiDetail::Validation(issues), .. } = &err else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(
        issues,
        &vec![ValidationIssue {
            loc: vec![json!("body"), json!("max_steps")],
            msg: "Input should be less than or equal to 128".into(),
            kind: "less_than_equal".into(),
        }]
    );
    assert!(err.to_string().contains("body.max_steps: Input should be"), "{err}");
}

#[tokio::test]
async fn a_429_on_a_post_is_an_api_error_sent_once() {
    let (err, server) = error_for(Reply::detail(429, json!("Concurrent session limit reached"))).await;
    assert!(matches!(&err, Error::Api { status: 429, .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_500_keeps_its_detail() {
    let (err, server) = error_for(Reply::detail(500, json!("Internal error"))).await;
    assert!(matches!(&err, Error::Api { status: 500, detail: ApiDetail::Message(_), .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_detail_of_another_shape_is_kept_as_json() {
    let (err, _server) = error_for(Reply::detail(400, json!({"reason": "closed"}))).await;
    assert!(
        matches!(&err, Error::Api { status: 400, detail: ApiDetail::Other(value), .. } if value["reason"] == "closed"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let (err, _server) = error_for(Reply::raw(502, "text/html", html)).await;
    match &err {
        Error::Api { status: 502, detail: ApiDetail::None, body, .. } => assert_eq!(body, html),
        other => panic!("unexpected {other:?}"),
    }

    let (err, _server) = error_for(Reply::raw(403, "text/plain", "")).await;
    assert!(
        matches!(&err, Error::Api { status: 403, detail: ApiDetail::None, body, .. } if body.is_empty()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_success_that_is_not_json_is_a_decode_error_with_an_excerpt() {
    let (err, _server) = error_for(Reply::raw(200, "text/html", "<html>maintenance</html>")).await;
    match &err {
        Error::Decode { status: 200, excerpt, .. } => assert_eq!(excerpt, "<html>maintenance</html>"),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_success_of_the_wrong_shape_is_a_decode_error() {
    // No envelope.
    let (err, _server) = error_for(Reply::json(200, json!({"id": "p"}))).await;
    assert!(matches!(&err, Error::Decode { status: 200, .. }), "{err:?}");
    // An envelope around the wrong type.
    let (err, _server) = error_for(Reply::ok(json!(42))).await;
    assert!(matches!(&err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_refused() {
    let server = TestServer::replying(Reply::ok(json!({"id": "x".repeat(4096)}))).await;
    let client = server.client_builder().max_response_bytes(1024).build().unwrap();
    let err = client.create_profile(ProfileRequest::new()).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { status: 200, limit: 1024 }), "{err:?}");
}

#[tokio::test]
async fn a_client_without_a_key_or_with_a_bad_url_is_not_built() {
    let err = SmoothClient::builder().base_url("http://127.0.0.1:1/api/").build().unwrap_err();
    assert!(matches!(&err, Error::Config(message) if message.contains("API key")), "{err:?}");
    let err = SmoothClient::builder().api_key("k").base_url("not a url").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let err = SmoothClient::builder().api_key("k").base_url("http://example.com/api/").build().unwrap_err();
    assert!(matches!(&err, Error::Config(message) if message.contains("clear text")), "{err:?}");
}
