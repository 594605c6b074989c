//! `smooth mcp` driven by rmcp's own client over stdio, against smooth-mock.

#![allow(clippy::unwrap_used)]

mod common;

use common::Env;
use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};

/// The JSON object a tool answered with.
fn answer(result: &CallToolResult) -> Value {
    let text = &result.content[0].as_text().unwrap().text;
    serde_json::from_str(text).unwrap()
}

fn call(name: &'static str, arguments: Value) -> CallToolRequestParams {
    let Value::Object(arguments) = arguments else { panic!("arguments are an object") };
    CallToolRequestParams::new(name).with_arguments(arguments)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mcp_client_lists_the_tools_and_drives_a_session() {
    let env = Env::start().await;
    let command = tokio::process::Command::from(env.command(&["mcp"]));
    let client = ().serve(TokioChildProcess::new(command).unwrap()).await.unwrap();

    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<_> = tools.iter().map(|tool| tool.name.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        ["close-session", "evaluate-js", "extract", "goto", "live-view", "run", "run-task-once", "start-session"]
    );
    let run_tool = tools.iter().find(|tool| tool.name == "run").unwrap();
    let required: Vec<_> =
        run_tool.input_schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(required, ["session_id", "task"], "the schema says what a call needs");
    assert!(run_tool.description.as_deref().is_some_and(|d| !d.is_empty()));

    let started = client.call_tool(call("start-session", json!({"device": "desktop"}))).await.unwrap();
    assert_ne!(started.is_error, Some(true), "{started:?}");
    let started = answer(&started);
    let id = started["session_id"].as_str().unwrap().to_owned();
    assert_eq!(env.session_ids(), vec![id.clone()], "MCP and the shell share the sessions file");

    let ran = client.call_tool(call("run", json!({"session_id": id, "task": "Find the headline"}))).await.unwrap();
    let ran = answer(&ran);
    assert_eq!(ran["success"], true, "{ran}");
    assert!(ran["result"].as_str().unwrap().contains("Find the headline"), "{ran}");

    let bad = client.call_tool(call("run", json!({"session_id": id, "task": "x", "max_steps": 500}))).await.unwrap();
    assert_eq!(bad.is_error, Some(true));
    assert_eq!(answer(&bad)["error_kind"], "usage");

    let closed = client.call_tool(call("close-session", json!({"session_id": id}))).await.unwrap();
    assert_eq!(answer(&closed)["success"], true, "{closed:?}");
    assert!(env.session_ids().is_empty());

    let once =
        client.call_tool(call("run-task-once", json!({"task": "Open example.com", "max_steps": 4}))).await.unwrap();
    let once = answer(&once);
    assert_eq!(once["task"]["status"], "done", "{once}");
    assert_eq!(env.mock.task_count(), 2);

    client.cancel().await.unwrap();
}
