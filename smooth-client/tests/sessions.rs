//! Browser sessions: actions, their answers, closing.

mod common;

use common::{bodies, setup};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::{RunTask, SessionOptions, SessionSecret, Tool, ToolContext, ToolError};
use smooth_mock::{Fault, TaskScript};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[tokio::test]
async fn a_session_takes_actions_and_closes() {
    let (mock, client) = setup().await;
    let session = client.session(SessionOptions::new().device(Device::Mobile)).await.unwrap();
    let submitted = &bodies(&mock, "POST", "/task")[0];
    assert_eq!(submitted["task"], serde_json::Value::Null);
    assert_eq!(submitted["device"], "mobile");

    let goto = session.goto("https://example.com/").await.unwrap();
    assert_eq!(goto.output, serde_json::Value::Null);
    let href = session.evaluate_js("return location.href", None).await.unwrap();
    assert_eq!(href.output, json!("https://example.com/"));
    let echoed = session.evaluate_js("[1, 2]", Some(json!({"x": 1}))).await.unwrap();
    assert_eq!(echoed.output, json!([1, 2]));

    // Each action went out as an event with its own fresh id.
    let events = bodies(&mock, "POST", "/task/*/event");
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["payload"], json!({"name": "goto", "input": {"url": "https://example.com/"}}));
    assert_eq!(events[2]["payload"]["input"]["args"], json!({"x": 1}));
    let ids: std::collections::HashSet<_> = events.iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 3);

    assert!(session.live_url().await.unwrap().contains("interactive=true"));
    let err = session.result().await.unwrap_err();
    assert!(matches!(err, TaskError::SessionOpen { .. }), "{err:?}");

    session.close().await.unwrap();
    assert_eq!(mock.count("DELETE", "/task/*"), 1);
    let response = session.result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Cancelled);
    // Closing again: the service's 404 means "already closed", not a failure.
    session.close().await.unwrap();
}

#[tokio::test]
async fn a_graceful_close_waits_for_its_answer_then_the_end() {
    let (mock, client) = setup().await;
    let session = client.session(SessionOptions::new()).await.unwrap();
    session.goto("https://example.com").await.unwrap();
    session.close_gracefully().await.unwrap();
    assert_eq!(mock.count("DELETE", "/task/*"), 0);
    assert_eq!(bodies(&mock, "POST", "/task/*/event")[1]["payload"], json!({"name": "close"}));
    let response = session.result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    // A forced close after the end is "already closed".
    session.close().await.unwrap();
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Headline {
    title: String,
    points: u32,
}

#[tokio::test]
async fn extraction_is_typed_or_raw() {
    let (mock, client) = setup().await;
    let session = client.session(SessionOptions::new()).await.unwrap();
    let headlines = session.extract_as::<Vec<Headline>>("the top stories").await.unwrap();
    // The mock answers an array schema with at least one item valid for it.
    assert!(!headlines.output.is_empty(), "{:?}", headlines.output);
    assert!(headlines.output.iter().all(|headline| !headline.title.is_empty()), "{:?}", headlines.output);
    let event = &bodies(&mock, "POST", "/task/*/event")[0];
    assert_eq!(event["payload"]["input"]["prompt"], "the top stories");
    assert_eq!(event["payload"]["input"]["schema"]["type"], "array");

    let raw = session.extract(json!({"type": "object", "properties": {"n": {"type": "integer"}}}), "").await.unwrap();
    assert!(raw.output["n"].is_i64(), "{:?}", raw.output);
    assert_eq!(bodies(&mock, "POST", "/task/*/event")[1]["payload"]["input"]["prompt"], serde_json::Value::Null);
    // The answer's bookkeeping is split from its output, not lost (an extraction costs credits).
    assert!(
        raw.credits_used.is_some_and(|c| c > 0) && raw.duration >= 0.0,
        "{:?} credits, {} s",
        raw.credits_used,
        raw.duration
    );
    session.close().await.unwrap();
}

#[tokio::test]
async fn run_task_sends_every_field_and_keeps_secrets_secret() {
    let (mock, client) = setup().await;
    let session = client.session(SessionOptions::new()).await.unwrap();
    let task = RunTask::new("Find my last order")
        .max_steps(12)
        .url("https://shop.example.com")
        .response_model::<Headline>()
        .metadata("customer", "c-42")
        .secret("password", SessionSecret::new("hunter2").allowed_urls(["https://shop.example.com/*"]));
    let answer = session.run_task(task).await.unwrap();
    let headline: Headline = answer.output_as().unwrap();
    let _ = headline.points;
    let input = &bodies(&mock, "POST", "/task/*/event")[0]["payload"]["input"];
    assert_eq!(input["task"], "Find my last order");
    assert_eq!(input["max_steps"], 12);
    assert_eq!(input["url"], "https://shop.example.com");
    assert_eq!(input["metadata"], json!({"customer": "c-42"}));
    assert_eq!(
        input["secrets"]["password"],
        json!({"value": "hunter2", "allowed_urls": ["https://shop.example.com/*"]})
    );
    assert_eq!(input["response_model"]["title"], "Headline");

    let plain = session.run_task("Say hello").await.unwrap();
    assert!(plain.output.as_str().unwrap().contains("Say hello"));
    // A bad step limit is refused before anything is sent.
    let err = session.run_task(RunTask::new("x").max_steps(1)).await.unwrap_err();
    assert!(err.to_string().contains("max_steps"), "{err}");
    assert_eq!(mock.count("POST", "/task/*/event"), 2);
    session.close().await.unwrap();
}

#[tokio::test]
async fn concurrent_actions_each_get_their_own_answer() {
    let (_mock, client) = setup().await;
    let session = client.session(SessionOptions::new()).await.unwrap();
    session.goto("https://example.com/page").await.unwrap();
    let codes: Vec<String> = (0..10).map(|i| format!("[{i}]")).collect();
    let answers = futures_join_all(codes.iter().map(|code| session.evaluate_js(code.clone(), None))).await;
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(answer.unwrap().output, json!([i]));
    }
    session.close().await.unwrap();
}

/// `join_all` without a dependency: spawn-free, polls the futures together.
async fn futures_join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().map(|o| o.expect("every future finished")).collect()
}

#[tokio::test]
async fn refused_actions_carry_the_services_message() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().answer_actions_with(400, "no such element"));
    let session = client.session(SessionOptions::new()).await.unwrap();
    let err = session.goto("https://example.com").await.unwrap_err();
    let TaskError::Action(action) = &err else { panic!("expected an action error, got {err:?}") };
    assert_eq!((action.action.as_str(), action.code, action.message.as_str()), ("goto", 400, "no such element"));
    session.close().await.unwrap();

    mock.script_next_task(TaskScript::new().answer_actions_with(500, "browser crashed"));
    let session = client.session(SessionOptions::new()).await.unwrap();
    let err = session.run_task("anything").await.unwrap_err();
    assert!(matches!(&err, TaskError::Action(a) if a.message == "browser crashed" && a.code == 500), "{err:?}");
    session.close().await.unwrap();

    mock.script_next_task(TaskScript::new().answer_actions_with(418, "teapot"));
    let session = client.session(SessionOptions::new()).await.unwrap();
    let err = session.evaluate_js("1", None).await.unwrap_err();
    assert!(matches!(&err, TaskError::Action(a) if a.code == 418), "{err:?}");
    session.close().await.unwrap();
}

#[tokio::test]
async fn actions_time_out_and_fail_after_the_end() {
    let (_mock, client) = setup().await;
    let session = client.session(SessionOptions::new().action_timeout(Duration::from_millis(1))).await.unwrap();
    let err = session.goto("https://example.com").await.unwrap_err();
    assert!(matches!(err, TaskError::Timeout { .. }), "{err:?}");
    let session = session.with_action_timeout(Duration::from_secs(5));
    session.goto("https://example.com").await.unwrap();
    session.close().await.unwrap();
    session.result().await.unwrap();
    let err = session.goto("https://example.com").await.unwrap_err();
    assert!(matches!(err, TaskError::Ended { .. }), "{err:?}");
}

#[tokio::test]
async fn session_options_reach_the_wire() {
    let (mock, client) = setup().await;
    let options = SessionOptions::new()
        .profile_id("shopping")
        .profile_read_only(true)
        .allowed_urls(["https://*.example.com/*"])
        .files(["file-1"])
        .extensions(["ext-1"])
        .proxy("http://proxy:8080", Some("user".into()), Some("pa55".into()))
        .certificate(smooth_client::types::Certificate::from_p12_bytes(b"p12", Some("pw")))
        .use_stealth(false)
        .use_adblock(false)
        .use_captcha_solver(false)
        .enable_recording(false)
        .show_cursor(true)
        .additional_tool("screenshot", json!({"full_page": true}));
    assert!(!format!("{options:?}").contains("pa55"));
    let session = client.session(options).await.unwrap();
    let body = &bodies(&mock, "POST", "/task")[0];
    assert_eq!(body["profile_id"], "shopping");
    assert_eq!(body["session_id"], "shopping");
    assert_eq!(body["profile_read_only"], true);
    assert_eq!(body["proxy_password"], "pa55");
    assert_eq!(body["certificates"], json!([{"file": "cDEy", "password": "pw"}]));
    assert_eq!(body["use_adblock"], false);
    assert_eq!(body["enable_recording"], false);
    assert_eq!(body["additional_tools"], json!({"screenshot": {"full_page": true}}));
    session.close().await.unwrap();
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Product {
    /// The product's SKU.
    sku: String,
}

#[tokio::test]
async fn a_session_tool_runs_a_sub_task_in_the_same_session() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let research = Tool::new("research", "Researches a product", move |ctx: ToolContext, input: Product| {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            // The agent is paused in this call; the browser takes a nested sub-task.
            let inner = ctx.run_task(format!("Research {}", input.sku)).await.map_err(ToolError::from)?;
            Ok(json!({"sku": input.sku, "notes": inner.output}))
        }
    });
    let session = client.session(SessionOptions::new().tool(research)).await.unwrap();
    assert_eq!(bodies(&mock, "POST", "/task")[0]["custom_tools"][0]["name"], "research");

    let answer = session.run_task("Compare prices").await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let output = answer.output.as_str().expect("a text output");
    assert!(output.contains("Mock agent completed the task: Compare prices"), "{output}");
    assert!(output.contains("Tool research answered 200"), "{output}");
    assert!(output.contains("Mock agent completed the task: Research example"), "the nested answer: {output}");

    // Outer run_task, nested run_task, the tool's answer: all to this session, in that order.
    let events = bodies(&mock, "POST", "/task/*/event");
    let kinds: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["payload"]["input"]["task"].as_str().unwrap_or("-")))
        .collect();
    assert_eq!(
        kinds,
        [("session_action", "Compare prices"), ("session_action", "Research example"), ("tool_call", "-")]
    );
    assert_eq!(events[2]["payload"]["code"], 200);
    let paths: Vec<String> = mock.requests("POST", "/task/*/event").iter().map(|e| e.path.clone()).collect();
    assert!(paths.iter().all(|p| p.ends_with(&format!("/task/{}/event", session.id()))), "{paths:?}");
    session.close().await.unwrap();
}

#[tokio::test]
async fn an_essential_session_tool_failure_fails_only_its_run_task() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let pay = Tool::untyped("pay", "Pays", json!({"amount": "int"}), move |_ctx, input: serde_json::Value| {
        let first = counter.fetch_add(1, Ordering::SeqCst) == 0;
        async move {
            if first {
                return Err(ToolError::new("card declined"));
            }
            Ok(json!({"paid": input["amount"]}))
        }
    });
    let session = client.session(SessionOptions::new().tool(pay)).await.unwrap();
    let err = session.run_task("Pay the bill").await.unwrap_err();
    let TaskError::Action(action) = &err else { panic!("expected an action error, got {err:?}") };
    assert_eq!((action.action.as_str(), action.code), ("run_task", 400));
    assert_eq!(action.message, "Essential tool 'pay' failed: card declined");
    let tool_answers: Vec<i64> = bodies(&mock, "POST", "/task/*/event")
        .iter()
        .filter(|b| b["name"] == "tool_call")
        .map(|b| b["payload"]["code"].as_i64().unwrap())
        .collect();
    assert_eq!(tool_answers, [500]);

    // The session is still open: the next run_task calls the tool again and succeeds.
    let answer = session.run_task("Pay the bill again").await.unwrap();
    assert!(answer.output.as_str().unwrap().contains(r#"Tool pay answered 200: {"paid":1}"#), "{answer:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    session.close().await.unwrap();
}

#[tokio::test]
async fn a_repeated_action_answer_resolves_its_action_once() {
    let (mock, client) = setup().await;
    // Every event comes twice: in the poll that first reports it and again in the next one.
    mock.script_next_task(TaskScript::new().repeat_events(true));
    let session = client.session(SessionOptions::new()).await.unwrap();
    // The second action's event reaches the mock late, so the repeat of the first one's
    // answer arrives while only the second action waits.
    mock.inject(Fault::delay(Duration::from_millis(300)).on("POST", "/task/*/event"));
    let second = tokio::spawn({
        let session = session.clone();
        async move { session.evaluate_js("[2]", None).await }
    });
    common::eventually("the delayed action is sent", || mock.count("POST", "/task/*/event") == 1).await;
    let first = session.evaluate_js("[1]", None).await.unwrap();
    assert_eq!(first.output, json!([1]));
    let polls_after_first = mock.count("GET", "/task/*");
    let second = second.await.unwrap().unwrap();
    assert_eq!(second.output, json!([2]), "the repeated answer of the first action did not resolve the second");
    assert!(mock.count("GET", "/task/*") > polls_after_first, "the repeat was polled for while the second waited");
    assert_eq!(mock.count("POST", "/task/*/event"), 2);
    // A third action after the repeats still gets its own answer.
    assert_eq!(session.evaluate_js("[3]", None).await.unwrap().output, json!([3]));
    session.close().await.unwrap();
}

#[tokio::test]
async fn another_client_attaches_to_an_open_session_and_resumes_after_its_cursor() {
    let (mock, first) = setup().await;
    let session = first.session(SessionOptions::new()).await.unwrap();
    session.goto("https://example.com/a").await.unwrap();
    let cursor = session.event_cursor();
    assert!(cursor > 0, "the goto answer moved the cursor");

    // A second client, as a later process would build it, drives the same session.
    let second = common::client_for(&mock, |builder| builder);
    let before = mock.requests("GET", "/task/*").iter().map(|e| e.seq).max().unwrap_or(0);
    let attached = second.attach_session(session.id(), Some(cursor));
    let href = attached.evaluate_js("return location.href", None).await.unwrap();
    assert_eq!(href.output, json!("https://example.com/a"));
    assert!(attached.event_cursor() > cursor);
    // Every poll since the attach asked only for events after the stored cursor.
    let polls: Vec<i64> = mock
        .requests("GET", "/task/*")
        .iter()
        .filter(|e| e.seq > before)
        .map(|e| e.query_param("event_t").unwrap_or_default().parse().unwrap_or(0))
        .collect();
    assert!(!polls.is_empty());
    assert!(polls.iter().all(|&t| t >= cursor), "polls since the attach: {polls:?}, cursor {cursor}");

    attached.close().await.unwrap();
    // The first client sees the session it opened closed by the second.
    let err = first.task_handle(session.id()).result().await.unwrap_err();
    assert!(matches!(err, TaskError::Cancelled { .. }), "{err:?}");
}
