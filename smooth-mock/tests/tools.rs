//! Custom tools: the agent's `tool_call` events and the client's answers.

mod common;

use common::Api;
use serde_json::json;
use smooth_mock::TaskScript;

fn tools() -> serde_json::Value {
    json!([
        {"name": "weather", "description": "d", "output": "o",
         "inputs": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 3}}}},
        {"name": "add", "description": "d", "output": "o", "inputs": {"a": "int", "b": "number"}}
    ])
}

#[tokio::test]
async fn each_tool_is_called_once_and_answers_reach_the_output() {
    let api = Api::start().await;
    let id = api.submit(json!({"task": "plan", "custom_tools": tools()})).await;

    let call = api.wait_event(&id, "tool_call").await;
    assert_eq!(call["payload"], json!({"name": "weather", "input": {"city": "example", "days": 3}}));
    let call_id = call["id"].as_str().unwrap();
    // The task waits for the answer.
    let (_, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!(answer["r"]["status"], "running");
    let (status, answer) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "tool_call", "id": call_id, "payload": {"code": 200, "output": "sunny"}}),
        )
        .await;
    assert_eq!((status, answer), (200, json!({"r": {"id": call_id}})));

    let second = api
        .poll(&id, |_, task| common::events(task).iter().filter(|event| event["name"] == "tool_call").count() == 2)
        .await;
    let calls = common::events(&second);
    assert_eq!(calls.len(), 2, "the client's answer is not echoed: {calls:?}");
    assert_eq!(calls[1]["payload"], json!({"name": "add", "input": {"a": 1, "b": 1.5}}));
    let (status, _) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "tool_call", "id": calls[1]["id"], "payload": {"code": 400, "output": "cannot add"}}),
        )
        .await;
    assert_eq!(status, 200);

    let done = api.wait_finished(&id).await;
    assert_eq!(done["status"], "done", "a 400 answer lets the agent go on");
    let output = done["output"].as_str().unwrap();
    assert!(output.contains("Tool weather answered 200: sunny"), "{output}");
    assert!(output.contains("Tool add answered 400: cannot add"), "{output}");
}

#[tokio::test]
async fn a_500_answer_fails_the_task() {
    let api = Api::start().await;
    let id = api.submit(json!({"task": "plan", "custom_tools": tools()})).await;
    let call = api.wait_event(&id, "tool_call").await;
    api.post(
        &format!("/task/{id}/event"),
        json!({"name": "tool_call", "id": call["id"], "payload": {"code": 500, "output": "database offline"}}),
    )
    .await;
    let failed = api.wait_finished(&id).await;
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["output"], "Essential tool 'weather' failed: database offline");
}

#[tokio::test]
async fn the_legacy_put_answers_a_tool_call() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().call_tool("lookup", json!({"query": "rust"})));
    let id = api.submit(json!({"task": "t"})).await;
    let call = api.wait_event(&id, "tool_call").await;
    assert_eq!(call["payload"], json!({"name": "lookup", "input": {"query": "rust"}}));
    let (status, answer) = api
        .put(&format!("/task/{id}"), json!({"tool_response": {"id": call["id"], "code": 200, "output": "\"found\""}}))
        .await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    let done = api.wait_finished(&id).await;
    assert!(done["output"].as_str().unwrap().contains("Tool lookup answered 200: \"found\""));

    let (status, answer) = api.put(&format!("/task/{id}"), json!({"tool_response": {"id": "x"}})).await;
    assert_eq!(status, 422, "{answer}");
}

#[tokio::test]
async fn wrong_answers_are_refused() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().call_tool("lookup", json!({})));
    let id = api.submit(json!({"task": "t"})).await;
    api.wait_event(&id, "tool_call").await;
    let (status, answer) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "tool_call", "id": "nope", "payload": {"code": 200, "output": 1}}),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    let (status, _) = api.post(&format!("/task/{id}/event"), json!({"name": "tool_call"})).await;
    assert_eq!(status, 422, "payload is required");
    let (status, _) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "browser_action", "payload": {"name": "goto", "input": {"url": "u"}}}),
        )
        .await;
    assert_eq!(status, 400, "actions go to sessions only");
    let (status, _) = api.post("/task/unknown/event", json!({"name": "tool_call", "payload": {}})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn scripted_events_and_calls_keep_their_order() {
    let api = Api::start().await;
    api.mock.script_next_task(
        TaskScript::new()
            .emit_event("browser_action", json!({"name": "note", "input": {}}))
            .call_tool("first", json!({"n": 1})),
    );
    let id = api.submit(json!({"task": "t", "custom_tools": tools()})).await;
    let call = api.wait_event(&id, "tool_call").await;
    assert_eq!(call["payload"]["name"], "first", "scripted calls replace the default ones");
    let (_, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!(answer["r"]["events"][0]["payload"]["name"], "note");
    api.post(
        &format!("/task/{id}/event"),
        json!({"name": "tool_call", "id": call["id"], "payload": {"code": 200, "output": null}}),
    )
    .await;
    assert_eq!(api.wait_finished(&id).await["status"], "done");
}
