//! No secret is ever printed: not in `Debug` or `Display` of the client, builder, requests
//! or handles, not in error messages of failed calls (service errors, transport errors,
//! timeouts, undecodable answers), and not in `tracing` output at TRACE level (reqwest's
//! `log` records included).
//!
//! Its own test binary: it installs a global subscriber that captures everything.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::types::Certificate;
use smooth_client::{Endpoint, RunTask, SessionOptions, SessionSecret};
use smooth_mock::{Fault, MockServer};

const API_KEY: &str = "cmzr-SECRET-api-key-0a1b2c3d4e";
const PROXY_PASSWORD: &str = "SECRET-proxy-password-5f6g";
const CERT_FILE: &str = "U0VDUkVULWNlcnRpZmljYXRlLWNvbnRlbnRz";
const CERT_PASSWORD: &str = "SECRET-certificate-password-7h8i";
const SESSION_SECRET: &str = "SECRET-session-secret-9j0k";
const ALL: [&str; 5] = [API_KEY, PROXY_PASSWORD, CERT_FILE, CERT_PASSWORD, SESSION_SECRET];

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn builder(base_url: &str) -> smooth_client::ClientBuilder {
    SmoothClient::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(300))
        .retries(1)
        .retry_base_delay(Duration::from_millis(5))
        .poll_interval(Duration::from_millis(10))
}

fn task_with_every_secret() -> TaskRequest {
    TaskRequest::new("log in with the secrets")
        .proxy("http://proxy.example:3128", Some("proxy-user".into()), Some(PROXY_PASSWORD.into()))
        .certificate(Certificate::from_base64(CERT_FILE, Some(CERT_PASSWORD)))
}

/// Every decimal rendering of the secrets' bytes, as `Debug` of a `Vec<u8>` would print them.
fn as_byte_list(secret: &str) -> String {
    secret.bytes().map(|b| b.to_string()).collect::<Vec<_>>().join(", ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_debug_display_errors_or_logs() {
    let logs = Capture::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let mock = MockServer::builder().api_key(API_KEY).start().await.expect("mock");
    let client_builder = builder(&mock.base_url());
    let client = client_builder.clone().build().expect("client");
    let mut printed: Vec<String> = vec![format!("{client_builder:?}"), format!("{client:?}")];

    // A task with every secret set, run to its end.
    let request = task_with_every_secret();
    printed.push(format!("{request:?}"));
    let handle = client.run(request).await.expect("submitted");
    printed.push(format!("{handle:?}"));
    let result = handle.result_timeout(Duration::from_secs(10)).await.expect("done");
    printed.push(format!("{result:?}"));

    // A session, with a secret in a sub-task.
    let options = SessionOptions::new().proxy("http://proxy.example:3128", None, Some(PROXY_PASSWORD.into()));
    printed.push(format!("{options:?}"));
    let session = client.session(options).await.expect("session");
    let run = RunTask::new("use the secret").secret("password", SessionSecret::new(SESSION_SECRET));
    printed.push(format!("{run:?}"));
    printed.push(format!("{:?}", SessionSecret::new(SESSION_SECRET)));
    match session.run_task(run).await {
        Ok(answer) => printed.push(format!("{answer:?}")),
        Err(error) => printed.extend([format!("{error}"), format!("{error:?}")]),
    }
    printed.push(format!("{session:?}"));
    let _ = session.close().await;

    // Failures of every kind, with the same secrets set.
    let mut errors = Vec::new();
    for fault in [Fault::status(500), Fault::html_error(502), Fault::malformed_json(), Fault::drop_connection()] {
        mock.inject(fault.on("POST", "/task"));
        errors.push(client.submit_task(task_with_every_secret()).await.expect_err("faulted"));
    }
    mock.inject(Fault::stall().times(2).on("GET", "/task/*"));
    errors.push(client.get_task(GetTaskRequest::new("any")).await.expect_err("stalled"));
    let refused =
        builder(&format!("http://127.0.0.1:{}/api/", smooth_guarantees::unused_port().await)).build().expect("c");
    errors.push(refused.submit_task(task_with_every_secret()).await.expect_err("refused"));
    let wrong_key = MockServer::builder().api_key("cmzr-other").start().await.expect("mock");
    let rejected = builder(&wrong_key.base_url()).build().expect("client");
    errors.push(rejected.submit_task(task_with_every_secret()).await.expect_err("401"));
    let failing =
        builder(&format!("http://127.0.0.1:{}/api/", smooth_guarantees::unused_port().await)).build().expect("c");
    let handle_error = failing.task_handle("t").result_timeout(Duration::from_secs(10)).await.expect_err("no server");
    printed.extend([format!("{handle_error}"), format!("{handle_error:?}")]);
    for error in &errors {
        printed.extend([format!("{error}"), format!("{error:?}")]);
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            printed.extend([format!("{cause}"), format!("{cause:?}")]);
            source = cause.source();
        }
    }
    let kinds: Vec<_> = errors.iter().map(|e| format!("{e:?}").chars().take(9).collect::<String>()).collect();
    assert_eq!(kinds.len(), 7, "{kinds:?}");

    // Positive control: the secrets did go on the wire, where they belong.
    let sent = mock.requests("POST", "/task");
    assert!(sent.iter().all(|r| r.header("apikey") == Some(API_KEY)));
    let body = sent[0].json().map(ToString::to_string).unwrap_or_default();
    for secret in [PROXY_PASSWORD, CERT_FILE, CERT_PASSWORD] {
        assert!(body.contains(secret), "{secret} was not sent: {body}");
    }
    let events = mock.requests("POST", "/task/*/event");
    assert!(events.iter().any(|r| r.json().is_some_and(|b| b.to_string().contains(SESSION_SECRET))), "{events:?}");

    let logs = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(logs.contains("sending Smooth API request"), "the capture works: {logs}");
    assert!(logs.len() > 1000, "TRACE output was captured: {} bytes", logs.len());
    printed.push(logs);
    for text in &printed {
        for secret in ALL {
            assert!(!text.contains(secret), "secret {secret:?} printed in: {text}");
            assert!(!text.contains(&as_byte_list(secret)), "secret {secret:?} printed as bytes in: {text}");
        }
    }
    // The value really is there in the first place, and the check above can fail.
    assert!(format!("{:?}", json!({"k": API_KEY})).contains(API_KEY));
}

/// The rendered request (what `Endpoint::into_request` gives, e.g. for logging by a
/// middleware) must not print its body either: `RequestBody`'s `Debug` shows sizes and
/// field names only.
#[test]
fn a_rendered_request_does_not_print_its_secrets() {
    let rendered = task_with_every_secret().into_request().expect("valid");
    let debug = format!("{rendered:?}");
    for secret in [PROXY_PASSWORD, CERT_FILE, CERT_PASSWORD] {
        assert!(!debug.contains(secret) && !debug.contains(&as_byte_list(secret)), "{secret} in {debug}");
    }
}

/// A service that echoes the request in its error answer (the API's 422 carries an
/// `input` per validation error, which can be the whole body) cannot make the client print
/// the secrets it sent: the client knows them, and redacts them from the answer text it
/// keeps (`body`, `detail`, a decode error's excerpt, an action's message).
#[tokio::test]
async fn answers_echoing_the_request_are_redacted_of_the_secrets_sent() {
    let mock = MockServer::builder().api_key(API_KEY).start().await.expect("mock");
    let client = builder(&mock.base_url()).build().expect("client");
    let echo = json!({"detail": [{
        "type": "value_error", "loc": ["body"], "msg": "Value error, bad proxy",
        "input": {"proxy_password": PROXY_PASSWORD, "certificates": [{"file": CERT_FILE, "password": CERT_PASSWORD}],
                  "apikey": API_KEY, "quoted": format!("\"{PROXY_PASSWORD}\"")}
    }]});
    mock.inject(Fault::answer(422, echo.to_string()).on("POST", "/task"));
    let validation = client.submit_task(task_with_every_secret()).await.expect_err("422");
    assert_eq!(validation.status(), Some(422));
    mock.inject(Fault::answer(200, format!("not json, {CERT_FILE}")).on("POST", "/task"));
    let undecodable = client.submit_task(task_with_every_secret()).await.expect_err("not json");

    mock.script_next_task(smooth_mock::TaskScript::new().answer_actions_with(400, format!("wrong: {SESSION_SECRET}")));
    let session = client.session(SessionOptions::new()).await.expect("session");
    let run = RunTask::new("use the secret").secret("password", SessionSecret::new(SESSION_SECRET));
    let refused = session.run_task(run).await.expect_err("refused");
    let _ = session.close().await;

    let printed = [
        format!("{validation}"),
        format!("{validation:?}"),
        format!("{undecodable}"),
        format!("{undecodable:?}"),
        format!("{refused}"),
        format!("{refused:?}"),
    ];
    assert!(printed[1].contains("[redacted]"), "the echo was kept, redacted: {}", printed[1]);
    assert!(printed[4].contains("wrong: [redacted]"), "{}", printed[4]);
    for text in &printed {
        for secret in ALL {
            assert!(!text.contains(secret), "secret {secret:?} printed in: {text}");
        }
    }
}
