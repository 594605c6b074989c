//! Fault injection: every kind, matching, counting, and no side effects.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::Api;
use serde_json::json;
use smooth_mock::{Fault, FaultKind};

#[tokio::test]
async fn status_faults_apply_the_given_number_of_times() {
    let api = Api::start().await;
    api.mock.inject(Fault::status(503).times(2).on("POST", "/task"));
    assert_eq!(api.mock.pending_faults(), 2);
    for _ in 0..2 {
        let (status, answer) = api.post("/task", json!({"task": "t"})).await;
        assert_eq!(status, 503);
        assert!(answer["detail"].as_str().unwrap().contains("Service Unavailable"));
    }
    assert_eq!(api.mock.task_count(), 0, "a faulted request has no side effect");
    let (status, _) = api.post("/task", json!({"task": "t"})).await;
    assert_eq!(status, 200);
    assert_eq!(api.mock.task_count(), 1);

    assert_eq!(api.mock.count("POST", "/task"), 3, "faulted attempts are journaled");
    let journal = api.mock.requests("POST", "/task");
    assert_eq!(journal[0].fault, Some(FaultKind::Status(503)));
    assert!(journal[0].answered_by_fault());
    assert_eq!(journal[0].status, Some(503));
    assert_eq!(journal[2].fault, None);
    assert_eq!(journal[2].status, Some(200));
}

#[tokio::test]
async fn every_gateway_status() {
    let api = Api::start().await;
    for code in [500, 502, 503, 504] {
        api.mock.inject(Fault::status(code).on("GET", "/profile"));
        let (status, _) = api.get("/profile").await;
        assert_eq!(status, code);
    }
    let (status, _) = api.get("/profile").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn patterns_match_methods_and_segments() {
    let api = Api::start().await;
    api.mock.inject(Fault::status(500).times(5).on("GET", "/task/*"));
    let (status, _) = api.get("/task").await;
    assert_eq!(status, 200, "the list is not /task/*");
    let (status, _) = api.delete("/task/x").await;
    assert_eq!(status, 404, "another method");
    let (status, _) = api.get("/task/a%2Fb").await;
    assert_eq!(status, 500, "an encoded slash stays in one segment");
    api.mock.clear_faults();
    assert_eq!(api.mock.pending_faults(), 0);
    api.mock.inject(Fault::status(502).on("*", "**"));
    let (status, _) = api.delete("/profile/x").await;
    assert_eq!(status, 502);
}

#[tokio::test]
async fn rate_limits_carry_retry_after() {
    let api = Api::start().await;
    api.mock.inject(Fault::rate_limited(Duration::from_secs(3)).on("GET", "/extension"));
    let response = api.http.get(api.url("/extension")).header("apikey", api.mock.api_key()).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3");

    let when = SystemTime::now() + Duration::from_secs(60);
    api.mock.inject(Fault::rate_limited_until(when).on("GET", "/extension"));
    let response = api.http.get(api.url("/extension")).header("apikey", api.mock.api_key()).send().await.unwrap();
    let date = response.headers()["retry-after"].to_str().unwrap().to_owned();
    assert_eq!(date, httpdate::fmt_http_date(when));

    api.mock.inject(Fault::rate_limited_without_retry_after());
    let response = api.http.get(api.url("/extension")).header("apikey", api.mock.api_key()).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn broken_bodies() {
    let api = Api::start().await;
    api.mock.inject(Fault::malformed_json().on("GET", "/profile"));
    api.mock.inject(Fault::truncated_json().on("GET", "/profile"));
    api.mock.inject(Fault::html_error(502).on("GET", "/profile"));

    let malformed = api.http.get(api.url("/profile")).header("apikey", api.mock.api_key()).send().await.unwrap();
    assert_eq!(malformed.status(), 200);
    assert!(serde_json::from_str::<serde_json::Value>(&malformed.text().await.unwrap()).is_err());

    let truncated = api.http.get(api.url("/profile")).header("apikey", api.mock.api_key()).send().await.unwrap();
    assert_eq!(truncated.status(), 200);
    let text = truncated.text().await.unwrap();
    assert!(text.starts_with("{\"r\""), "{text}");
    let error = serde_json::from_str::<serde_json::Value>(&text).unwrap_err();
    assert!(error.is_eof(), "truncated, not malformed: {error}");

    let html = api.http.get(api.url("/profile")).header("apikey", api.mock.api_key()).send().await.unwrap();
    assert_eq!(html.status(), 502);
    assert_eq!(html.headers()["content-type"], "text/html");
    assert!(html.text().await.unwrap().contains("<h1>502 Bad Gateway</h1>"));
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let api = Api::start().await;
    api.mock.inject(Fault::drop_connection().on("POST", "/task"));
    let result =
        api.http.post(api.url("/task")).header("apikey", api.mock.api_key()).body(r#"{"task": "t"}"#).send().await;
    let error = result.expect_err("no answer at all");
    assert!(error.status().is_none());
    assert!(error.is_request() || error.is_connect() || error.to_string().contains("connection"), "{error:?}");
    assert_eq!(api.mock.task_count(), 0);
    let entry = &api.mock.requests("POST", "/task")[0];
    assert_eq!((entry.status, entry.fault.clone()), (None, Some(FaultKind::DropConnection)));

    // The server is fine afterwards.
    let (status, _) = api.post("/task", json!({"task": "t"})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_connection_closed_mid_body() {
    let api = Api::start().await;
    api.mock.inject(Fault::close_mid_body().on("GET", "/task/*"));
    let response =
        api.http.get(api.url("/task/x")).header("apikey", api.mock.api_key()).send().await.expect("the headers arrive");
    assert_eq!(response.status(), 200);
    let error = response.bytes().await.expect_err("the body is cut");
    assert!(error.is_body() || error.is_decode() || error.is_request(), "{error:?}");
}

#[tokio::test]
async fn delays_and_stalls() {
    let api = Api::start().await;
    api.mock.inject(Fault::delay(Duration::from_millis(150)).on("POST", "/task"));
    let started = Instant::now();
    let (status, _) = api.post("/task", json!({"task": "t"})).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(api.mock.task_count(), 1, "a delayed request still takes effect");
    let entry = &api.mock.requests("POST", "/task")[0];
    assert_eq!(entry.fault, Some(FaultKind::Delay(Duration::from_millis(150))));
    assert!(!entry.answered_by_fault());

    api.mock.inject(Fault::stall().on("GET", "/profile"));
    let result = api
        .http
        .get(api.url("/profile"))
        .header("apikey", api.mock.api_key())
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(result.expect_err("never answered").is_timeout());
    assert_eq!(api.mock.count("GET", "/profile"), 1);
}

#[tokio::test]
async fn shutdown_ends_a_stalled_request() {
    let api = Api::start().await;
    api.mock.inject(Fault::stall());
    let url = api.url("/profile");
    let key = api.mock.api_key().to_owned();
    let http = api.http.clone();
    let pending = tokio::spawn(async move { http.get(url).header("apikey", key).send().await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    api.mock.shutdown().await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(pending.await.unwrap().is_err());
}
