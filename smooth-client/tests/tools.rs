//! Custom tools: every call answered exactly once, with the right code.

mod common;

use common::{bodies, setup};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use smooth_client::ToolContext;
use smooth_client::prelude::*;
use smooth_mock::TaskScript;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, Deserialize, JsonSchema)]
struct Lookup {
    /// The product's SKU.
    sku: String,
}

fn price_tool(calls: Arc<AtomicUsize>) -> Tool {
    Tool::new("lookup_price", "The price of a product", move |_ctx: ToolContext, input: Lookup| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(json!({"sku": input.sku, "price": 12.5}))
        }
    })
    .output_description("The price in euros")
}

/// The answers the client sent to tool calls: (code, output).
fn tool_answers(mock: &smooth_mock::MockServer) -> Vec<(i64, Value)> {
    bodies(mock, "POST", "/task/*/event")
        .into_iter()
        .filter(|b| b["name"] == "tool_call")
        .map(|b| (b["payload"]["code"].as_i64().expect("a code"), b["payload"]["output"].clone()))
        .collect()
}

#[tokio::test]
async fn a_typed_tool_is_announced_called_and_answered_once() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    mock.script_next_task(TaskScript::new().call_tool("lookup_price", json!({"sku": "A-1"})));
    let request = TaskRequest::new("Price of A-1").tool(price_tool(Arc::clone(&calls)));
    let handle = client.run(request).await.unwrap();
    let response = handle.result().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tool_answers(&mock), vec![(200, json!({"sku": "A-1", "price": 12.5}))]);
    assert!(response.output.unwrap().as_str().unwrap().contains("lookup_price"));
    let signature = &bodies(&mock, "POST", "/task")[0]["custom_tools"][0];
    assert_eq!(signature["name"], "lookup_price");
    assert_eq!(signature["output"], "The price in euros");
    assert_eq!(signature["inputs"]["properties"]["sku"]["type"], "string");
    // The code itself never reaches the wire.
    assert!(bodies(&mock, "POST", "/task")[0].get("tools").is_none());
}

#[tokio::test]
async fn a_tool_call_in_the_very_first_poll_is_not_dropped() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    mock.script_next_task(TaskScript::new().call_tool("lookup_price", json!({"sku": "B-2"})));
    let handle = client.run(TaskRequest::new("Price of B-2").tool(price_tool(Arc::clone(&calls)))).await.unwrap();
    // Let the call be published before anybody polls.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(mock.count("GET", "/task/*"), 0);
    handle.result().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tool_answers(&mock).len(), 1);
}

#[tokio::test]
async fn a_recoverable_error_is_answered_400_and_the_task_goes_on() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("check", json!({})));
    let tool = Tool::untyped("check", "Checks", json!({}), |_ctx, _input: Value| async move {
        Err::<Value, _>(ToolError::recoverable("out of stock"))
    });
    let response = client.run(TaskRequest::new("Check").tool(tool)).await.unwrap().result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    assert_eq!(tool_answers(&mock), vec![(400, json!("out of stock"))]);
}

#[tokio::test]
async fn an_essential_tools_error_fails_the_task_with_500() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("pay", json!({})));
    let tool = Tool::untyped("pay", "Pays", json!({}), |_ctx, _input: Value| async move {
        // Any error converts with `?`.
        let parsed: u32 = "not a number".parse()?;
        Ok(parsed)
    });
    let err = client.run(TaskRequest::new("Pay").tool(tool)).await.unwrap().result().await.unwrap_err();
    let TaskError::ToolFailed { tool, message, response } = &err else { panic!("expected ToolFailed, got {err:?}") };
    assert_eq!(tool, "pay");
    assert!(message.contains("invalid digit"), "{message}");
    assert_eq!(response.as_ref().map(|r| r.status.clone()), Some(TaskStatus::Failed));
    let answers = tool_answers(&mock);
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].0, 500);
}

#[tokio::test]
async fn a_panicking_tool_is_answered_500() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("explode", json!({})));
    let tool = Tool::untyped("explode", "Explodes", json!({}), |_ctx, input: Value| async move {
        if input.is_object() {
            panic!("boom");
        }
        Ok(input)
    });
    let err = client.run(TaskRequest::new("Explode").tool(tool)).await.unwrap().result().await.unwrap_err();
    assert!(matches!(&err, TaskError::ToolFailed { message, .. } if message.contains("panicked")), "{err:?}");
    assert_eq!(tool_answers(&mock)[0].0, 500);
}

#[tokio::test]
async fn a_non_essential_tools_error_is_400_with_its_error_message() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("weather", json!({})).call_tool("news", json!({})));
    let weather = Tool::untyped("weather", "Weather", json!({}), |_ctx, _input: Value| async move {
        Err::<Value, _>(ToolError::new("API key expired (internal detail)"))
    })
    .essential(false)
    .error_message("The weather service is unavailable");
    let news = Tool::untyped("news", "News", json!({}), |_ctx, _input: Value| async move {
        Err::<Value, _>(ToolError::new("feed down"))
    })
    .essential(false);
    let request = TaskRequest::new("Plan my day").tool(weather).tool(news);
    let response = client.run(request).await.unwrap().result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    assert_eq!(
        tool_answers(&mock),
        vec![(400, json!("The weather service is unavailable")), (400, json!("feed down"))]
    );
}

#[tokio::test]
async fn an_unknown_tool_or_bad_input_is_answered_400() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    mock.script_next_task(
        TaskScript::new().call_tool("mystery", json!({})).call_tool("lookup_price", json!({"sku": 7})),
    );
    let handle = client.run(TaskRequest::new("Confuse").tool(price_tool(Arc::clone(&calls)))).await.unwrap();
    assert_eq!(handle.result().await.unwrap().status, TaskStatus::Done);
    let answers = tool_answers(&mock);
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0].0, 400);
    assert!(answers[0].1.as_str().unwrap().contains("unknown tool `mystery`"), "{:?}", answers[0]);
    assert_eq!(answers[1].0, 400);
    assert!(answers[1].1.as_str().unwrap().contains("sku"), "{:?}", answers[1]);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_slow_tool_does_not_stop_polling() {
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("slow", json!({})));
    let tool = Tool::untyped("slow", "Slow", json!({}), |_ctx, _input: Value| async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        Ok("finally")
    });
    let handle = client.run(TaskRequest::new("Be patient").tool(tool)).await.unwrap();
    let polls_before = mock.count("GET", "/task/*");
    let result = tokio::spawn({
        let handle = handle.clone();
        async move { handle.result().await }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(mock.count("GET", "/task/*") >= polls_before + 3, "polling went on while the tool ran");
    assert_eq!(result.await.unwrap().unwrap().status, TaskStatus::Done);
    assert_eq!(tool_answers(&mock), vec![(200, json!("finally"))]);
}

#[tokio::test]
async fn a_tool_context_reaches_the_same_task() {
    // From a one-shot task, the context's `run_task` goes to the same task, which (not being
    // a session) refuses it with 400; the session case is in sessions.rs.
    let (mock, client) = setup().await;
    mock.script_next_task(TaskScript::new().call_tool("research", json!({"sku": "C-3"})));
    let tool = Tool::new("research", "Researches", |ctx: ToolContext, input: Lookup| async move {
        assert_eq!(ctx.tool_name(), "research");
        assert!(!ctx.call_id().is_empty());
        match ctx.run_task(format!("Research {}", input.sku)).await {
            Ok(answer) => Ok(answer.output),
            Err(err) => Err(ToolError::recoverable(format!("sub-task refused: {err}"))),
        }
    });
    let handle = client.run(TaskRequest::new("Research C-3").tool(tool)).await.unwrap();
    handle.result().await.unwrap();
    let events = bodies(&mock, "POST", "/task/*/event");
    let run_task = events.iter().find(|e| e["name"] == "session_action").expect("the sub-task was sent");
    assert_eq!(run_task["payload"]["input"]["task"], "Research C-3");
    let event_paths: Vec<String> = mock.requests("POST", "/task/*/event").iter().map(|e| e.path.clone()).collect();
    assert!(event_paths.iter().all(|p| p.contains(handle.id())), "{event_paths:?}");
    let answers = tool_answers(&mock);
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].0, 400);
    assert!(answers[0].1.as_str().unwrap().contains("sub-task refused"), "{answers:?}");
}

#[tokio::test]
async fn a_repeated_tool_call_is_run_and_answered_once() {
    let (mock, client) = setup().await;
    let calls = Arc::new(AtomicUsize::new(0));
    // Every event comes twice: in the poll that first reports it and again in the next one.
    mock.script_next_task(TaskScript::new().repeat_events(true).call_tool("lookup_price", json!({"sku": "R-1"})));
    let handle = client.run(TaskRequest::new("Price of R-1").tool(price_tool(Arc::clone(&calls)))).await.unwrap();
    let response = handle.result().await.unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the tool ran once");
    let answers: Vec<Value> =
        bodies(&mock, "POST", "/task/*/event").into_iter().filter(|b| b["name"] == "tool_call").collect();
    assert_eq!(answers.len(), 1, "{answers:?}");
    let call_id = answers[0]["id"].as_str().expect("the call's id");
    let for_call = bodies(&mock, "POST", "/task/*/event").iter().filter(|b| b["id"] == call_id).count();
    assert_eq!(for_call, 1, "the call {call_id} was answered exactly once");
    assert_eq!(answers[0]["payload"], json!({"code": 200, "output": {"sku": "R-1", "price": 12.5}}));
    // The repeat was polled for: at least one poll answered after the one carrying the call.
    assert!(mock.count("GET", "/task/*") >= 2);
}
