//! Sessions (`task: null`): actions and their answers, graceful and forced close.

mod common;

use std::time::Duration;

use common::Api;
use serde_json::{Value, json};
use smooth_mock::{MockServer, TaskScript};

async fn open_session(api: &Api) -> String {
    let id = api.submit(json!({"task": null, "url": "https://start.example.com/"})).await;
    api.poll(&id, |_, task| task["status"] == "running").await;
    id
}

async fn act(api: &Api, id: &str, event_id: &str, name: &str, payload: Value) -> Value {
    let (status, answer) =
        api.post(&format!("/task/{id}/event"), json!({"name": name, "id": event_id, "payload": payload})).await;
    assert_eq!((status, &answer["r"]["id"]), (200, &json!(event_id)));
    api.wait_answer(id, event_id).await
}

/// Polls with an `event_t` at the timestamp of the answer to `event_id`: the way a client
/// shows it has read that answer.
async fn read_past(api: &Api, id: &str, event_id: &str) {
    let (_, task) = api.get(&format!("/task/{id}")).await;
    let timestamp = common::events(&task["r"])
        .iter()
        .find(|event| event["id"] == event_id)
        .and_then(|event| event["timestamp"].as_u64())
        .expect("the answer is published");
    let (status, _) = api.get(&format!("/task/{id}?event_t={timestamp}")).await;
    assert_eq!(status, 202, "still running when the client reads past the answer");
}

#[tokio::test]
async fn a_session_answers_every_action() {
    let api = Api::start().await;
    let id = open_session(&api).await;

    let title =
        act(&api, &id, "e1", "browser_action", json!({"name": "evaluate_js", "input": {"js": "document.title"}})).await;
    assert_eq!(title["code"], 200);
    assert_eq!(title["output"]["output"], "Mock page: https://start.example.com/");

    let goto =
        act(&api, &id, "e2", "browser_action", json!({"name": "goto", "input": {"url": "https://shop.example.com/"}}))
            .await;
    assert_eq!(goto["code"], 200);
    let keys: Vec<&String> = goto["output"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["credits_used", "duration"]);

    let href = act(
        &api,
        &id,
        "e3",
        "browser_action",
        json!({"name": "exec_js", "input": {"js": "location.href", "args": null}}),
    )
    .await;
    assert_eq!(href["output"]["output"], "https://shop.example.com/");

    let schema = json!({"type": "object", "properties": {"price": {"type": "number", "exclusiveMinimum": 10}}});
    let extracted =
        act(&api, &id, "e4", "browser_action", json!({"name": "extract", "input": {"schema": schema, "prompt": "p"}}))
            .await;
    assert_eq!(extracted["output"]["output"], json!({"price": 11.0}));

    let sub = act(
        &api,
        &id,
        "e5",
        "session_action",
        json!({"name": "run_task", "input": {"task": "add to cart", "max_steps": 8, "response_model": {"type": "object", "properties": {"ok": {"type": "boolean"}}}, "url": null, "metadata": null, "secrets": {"pw": {"value": "s", "allowed_urls": ["*"]}}}}),
    )
    .await;
    assert_eq!(sub["output"]["output"], json!({"ok": true}));
    assert!(sub["output"]["credits_used"].as_u64().unwrap() > 0);

    let failed = act(&api, &id, "e6", "browser_action", json!({"name": "goto", "input": {}})).await;
    assert_eq!(failed["code"], 400);
    assert!(failed["output"].is_string());
    let unknown = act(&api, &id, "e7", "browser_action", json!({"name": "teleport", "input": {}})).await;
    assert_eq!(unknown["code"], 400);

    let closed = act(&api, &id, "e8", "session_action", json!({"name": "close"})).await;
    assert_eq!(closed["code"], 200);
    assert_eq!(closed["output"]["output"], true);
    let (_, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!(answer["r"]["status"], "running", "the close answer arrives while running");
    let (status, _) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "browser_action", "payload": {"name": "goto", "input": {"url": "u"}}}),
        )
        .await;
    assert_eq!(status, 400, "a closing session takes no more actions");

    read_past(&api, &id, "e8").await;
    let done = api.wait_finished(&id).await;
    assert_eq!(done["status"], "done");
    assert!(done["credits_used"].as_u64().unwrap() >= 3);
    let (status, _) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "browser_action", "payload": {"name": "goto", "input": {"url": "u"}}}),
        )
        .await;
    assert_eq!(status, 400, "a finished task takes no events");
}

#[tokio::test]
async fn a_delete_right_after_a_graceful_close_succeeds() {
    // The official SDK's context manager sends DELETE after close(force=False).
    let api = Api::with(MockServer::builder().close_grace(Duration::from_secs(5))).await;
    let id = open_session(&api).await;
    act(&api, &id, "bye", "session_action", json!({"name": "close"})).await;
    let (status, answer) = api.delete(&format!("/task/{id}")).await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    let (status, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!((status, answer["r"]["status"].as_str()), (200, Some("done")), "closed, not cancelled");
    let (status, _) = api.delete(&format!("/task/{id}")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_close_grace_starts_only_once_a_client_reads_past_the_answer() {
    // The official SDKs drop the events of some polls (the first of a new listener): a poll
    // that merely carried the answer to `close` must not start the grace.
    let builder = MockServer::builder().close_grace(Duration::from_millis(20)).close_fallback(Duration::from_secs(600));
    let api = Api::with(builder).await;
    let id = open_session(&api).await;
    act(&api, &id, "bye", "session_action", json!({"name": "close"})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, task) = api.get(&format!("/task/{id}?event_t=0")).await;
    assert_eq!(status, 202, "carried but never read past: still running");
    assert!(common::events(&task["r"]).iter().any(|event| event["id"] == "bye"), "the answer comes again");

    read_past(&api, &id, "bye").await;
    assert_eq!(api.wait_finished(&id).await["status"], "done");
}

#[tokio::test]
async fn a_closed_session_nobody_reads_past_ends_after_the_fallback() {
    let builder = MockServer::builder().close_grace(Duration::from_secs(600)).close_fallback(Duration::from_millis(50));
    let api = Api::with(builder).await;
    let id = open_session(&api).await;
    act(&api, &id, "bye", "session_action", json!({"name": "close"})).await;
    // `wait_finished` polls with no `event_t`, so it never reads past the answer.
    assert_eq!(api.wait_finished(&id).await["status"], "done");
}

#[tokio::test]
async fn delete_cancels_an_open_session() {
    let api = Api::start().await;
    let id = open_session(&api).await;
    let (status, _) = api.delete(&format!("/task/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(api.wait_finished(&id).await["status"], "cancelled");
}

#[tokio::test]
async fn scripted_action_failures() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().answer_actions_with(500, "browser crashed"));
    let id = open_session(&api).await;
    let answer = act(&api, &id, "g", "browser_action", json!({"name": "goto", "input": {"url": "https://x.y"}})).await;
    assert_eq!(answer, json!({"code": 500, "output": "browser crashed"}));
    let closed = act(&api, &id, "c", "session_action", json!({"name": "close"})).await;
    assert_eq!(closed["code"], 200, "close still succeeds");
}

#[tokio::test]
async fn actions_sent_while_waiting_are_answered_once_running() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().wait_for(Duration::from_millis(40)));
    let id = api.submit(json!({"task": null})).await;
    let (status, _) = api
        .post(&format!("/task/{id}/event"), json!({"name": "browser_action", "id": "early", "payload": {"name": "goto", "input": {"url": "https://a.b"}}}))
        .await;
    assert_eq!(status, 200);
    let answer = api.wait_answer(&id, "early").await;
    assert_eq!(answer["code"], 200);
    let (status, answer) = api.post(&format!("/task/{id}/event"), json!({"name": "mystery", "payload": {}})).await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "browser_action", "payload": {"name": "evaluate_js", "input": {"js": "1"}}}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(answer["r"]["id"].as_str().is_some_and(|id| !id.is_empty()), "an id is generated");
}

/// Posts an event without waiting for its answer.
async fn send(api: &Api, id: &str, event_id: &str, name: &str, payload: Value) {
    let (status, answer) =
        api.post(&format!("/task/{id}/event"), json!({"name": name, "id": event_id, "payload": payload})).await;
    assert_eq!(status, 200, "{answer}");
}

/// Polls until the `index`-th tool call (from 0) is published; returns it.
async fn nth_tool_call(api: &Api, id: &str, index: usize) -> Value {
    let calls = |task: &Value| -> Vec<Value> {
        common::events(task).into_iter().filter(|event| event["name"] == "tool_call").collect()
    };
    let task = api.poll(id, |_, task| calls(task).len() > index).await;
    calls(&task).swap_remove(index)
}

async fn answer_tool(api: &Api, id: &str, call: &Value, code: u16, output: Value) {
    send(api, id, call["id"].as_str().expect("a call id"), "tool_call", json!({"code": code, "output": output})).await;
}

fn session_tools() -> Value {
    json!([
        {"name": "lookup", "description": "d", "output": "o", "inputs": {"sku": "string"}},
        {"name": "notify", "description": "d", "output": "o", "inputs": {"type": "object", "properties": {}}}
    ])
}

#[tokio::test]
async fn a_session_run_task_calls_each_tool_and_reports_the_answers() {
    let api = Api::start().await;
    let id = api.submit(json!({"task": null, "custom_tools": session_tools()})).await;
    // Other actions call no tool.
    act(&api, &id, "g", "browser_action", json!({"name": "goto", "input": {"url": "https://a.b"}})).await;

    send(&api, &id, "run", "session_action", json!({"name": "run_task", "input": {"task": "buy"}})).await;
    let first = nth_tool_call(&api, &id, 0).await;
    assert_eq!(first["payload"], json!({"name": "lookup", "input": {"sku": "example"}}));
    // The run_task waits for the answer; meanwhile the browser takes other actions,
    // a nested run_task included (which calls no tool).
    let nested =
        act(&api, &id, "nested", "session_action", json!({"name": "run_task", "input": {"task": "inner"}})).await;
    assert_eq!(nested["code"], 200);
    assert_eq!(nested["output"]["output"], "Mock agent completed the task: inner");
    let (_, task) = api.get(&format!("/task/{id}")).await;
    assert!(!common::events(&task["r"]).iter().any(|event| event["id"] == "run"), "not answered yet");

    answer_tool(&api, &id, &first, 200, json!("12 EUR")).await;
    let second = nth_tool_call(&api, &id, 1).await;
    assert_eq!(second["payload"]["name"], "notify");
    answer_tool(&api, &id, &second, 400, json!("no recipient")).await;
    let answer = api.wait_answer(&id, "run").await;
    assert_eq!(answer["code"], 200);
    let output = answer["output"]["output"].as_str().unwrap();
    assert!(output.contains("Tool lookup answered 200: 12 EUR"), "{output}");
    assert!(output.contains("Tool notify answered 400: no recipient"), "{output}");
    let (status, _) = api.get(&format!("/task/{id}")).await;
    assert_eq!(status, 202, "the session stays open");
}

#[tokio::test]
async fn an_essential_tool_failure_fails_only_that_run_task() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().call_tool("pay", json!({"amount": 3})));
    let id = api.submit(json!({"task": null})).await;
    send(&api, &id, "run", "session_action", json!({"name": "run_task", "input": {"task": "pay"}})).await;
    let call = nth_tool_call(&api, &id, 0).await;
    assert_eq!(call["payload"], json!({"name": "pay", "input": {"amount": 3}}), "scripted calls in sessions");
    answer_tool(&api, &id, &call, 500, json!("card declined")).await;
    let answer = api.wait_answer(&id, "run").await;
    assert_eq!(answer, json!({"code": 400, "output": "Essential tool 'pay' failed: card declined"}));
    // The session goes on; the next run_task calls the tool again.
    send(&api, &id, "again", "session_action", json!({"name": "run_task", "input": {"task": "pay"}})).await;
    let call = nth_tool_call(&api, &id, 1).await;
    answer_tool(&api, &id, &call, 200, json!("paid")).await;
    assert_eq!(api.wait_answer(&id, "again").await["code"], 200);
    let (status, _) = api
        .post(
            &format!("/task/{id}/event"),
            json!({"name": "tool_call", "id": call["id"], "payload": {"code": 200, "output": 1}}),
        )
        .await;
    assert_eq!(status, 400, "a call is answered once");
}

#[tokio::test]
async fn repeated_events_come_once_more_whatever_event_t() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().repeat_events(true));
    let id = open_session(&api).await;
    send(&api, &id, "g", "browser_action", json!({"name": "goto", "input": {"url": "https://a.b"}})).await;
    let events = |task: &Value| common::events(&task["r"]);
    let mut first = Vec::new();
    while first.is_empty() {
        first = events(&api.get(&format!("/task/{id}?event_t=0")).await.1);
    }
    assert_eq!(first.len(), 1);
    let seen = first[0]["timestamp"].as_u64().unwrap();
    assert_eq!(events(&api.get(&format!("/task/{id}?event_t={seen}")).await.1), first, "repeated");
    assert_eq!(events(&api.get(&format!("/task/{id}?event_t={seen}")).await.1), Vec::<Value>::new(), "once");
    // Without the script, nothing repeats.
    let plain = open_session(&api).await;
    act(&api, &plain, "g", "browser_action", json!({"name": "goto", "input": {"url": "https://a.b"}})).await;
    let (_, task) = api.get(&format!("/task/{plain}?event_t=0")).await;
    let seen = events(&task)[0]["timestamp"].as_u64().unwrap();
    assert_eq!(events(&api.get(&format!("/task/{plain}?event_t={seen}")).await.1), Vec::<Value>::new());
}
