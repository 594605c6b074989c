//! The blocking client against smooth-mock over real sockets: the flows of the async tests,
//! many threads at once, blocking tools, and calls made from async code.

mod blocking_support;

use blocking_support::{bodies, setup};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use smooth_client::blocking::{SessionHandle, SmoothClient, TaskHandle, ToolContext};
use smooth_client::multipart::FilePart;
use smooth_client::prelude::{
    DeleteExtensionRequest, DeleteFileRequest, DeleteProfileRequest, GetTaskRequest, ListExtensionsRequest,
    ListProfilesRequest, ProfileRequest, TaskRequest, TaskStatus, UploadExtensionRequest, UploadFileRequest,
};
use smooth_client::types::ProfileResponse;
use smooth_client::{Error, SessionOptions, TaskError, Tool, ToolError, smooth_endpoint};
use smooth_mock::TaskScript;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

#[derive(Debug, Deserialize, JsonSchema)]
struct Story {
    title: String,
    #[allow(dead_code)]
    points: u32,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Lookup {
    /// The product's SKU.
    sku: String,
}

#[test]
fn clients_and_handles_can_be_shared_between_threads() {
    fn shared<T: Clone + Send + Sync + 'static>() {}
    shared::<SmoothClient>();
    shared::<TaskHandle>();
    shared::<SessionHandle>();
    shared::<ToolContext>();
    fn sent<T: Send + 'static>() {}
    sent::<smooth_client::blocking::TaskEvents>();
}

#[test]
fn a_task_runs_to_its_result() {
    let (mock, client) = setup();
    let handle = client.run(TaskRequest::new("Find the top story").max_steps(8)).unwrap();
    let response = handle.result().unwrap();
    assert_eq!(response.status, TaskStatus::Done);
    assert!(response.output.is_some());
    assert_eq!(bodies(&mock, "POST", "/task")[0]["max_steps"], 8);
    assert!(mock.count("GET", "/task/*") >= 1);
    // Once done, there is no live view; the recording is known.
    assert!(matches!(handle.live_url(), Err(TaskError::Ended { .. })));
    assert!(!handle.recording_url().unwrap().is_empty());
    assert!(!handle.cancel().unwrap(), "cancelling a finished task answers 404");

    // A task that runs until cancelled: watched live, then cancelled.
    mock.script_next_task(TaskScript::new().never_finish());
    let running = client.run("Run until cancelled").unwrap();
    assert!(running.live_url().unwrap().contains("interactive=true"));
    assert!(running.cancel().unwrap());
    assert!(matches!(running.result(), Err(TaskError::Cancelled { .. })));
}

#[test]
fn events_arrive_through_an_iterator_each_once_in_order() {
    let (mock, client) = setup();
    mock.script_next_task(TaskScript::new().emit_events(12).run_for(Duration::from_millis(120)));
    let handle = client.run("Twelve steps").unwrap();
    // Two readers on two threads each see every event.
    let other = handle.clone();
    let reader = std::thread::spawn(move || other.events().collect::<Result<Vec<_>, _>>());
    let events: Vec<_> = handle.events().collect::<Result<_, _>>().unwrap();
    let steps = |events: &[smooth_client::types::TaskEvent]| -> Vec<u64> {
        events.iter().filter_map(|event| event.payload["input"]["step"].as_u64()).collect()
    };
    assert_eq!(steps(&events), (1..=12).collect::<Vec<_>>());
    assert_eq!(steps(&reader.join().unwrap().unwrap()), steps(&events));
    assert_eq!(handle.latest().unwrap().status, TaskStatus::Done);

    // From async code: the calling-context error once, then the end.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut events = handle.events();
    let first = runtime.block_on(async { events.next() });
    assert!(matches!(&first, Some(Err(TaskError::Request(e))) if is_calling_context_error(e)), "{first:?}");
    assert!(events.next().is_none());
}

#[test]
fn typed_output_round_trips_through_the_schema() {
    let (mock, client) = setup();
    let response = client.run(TaskRequest::new("Top story").response_model::<Story>()).unwrap().result().unwrap();
    assert_eq!(bodies(&mock, "POST", "/task")[0]["response_model"]["properties"]["points"]["type"], "integer");
    let story: Story = response.output_as().unwrap();
    assert!(!story.title.is_empty(), "{story:?}");

    mock.script_next_task(TaskScript::new().output(json!({"title": "x", "points": "lots"})));
    let response = client.run(TaskRequest::new("Top story").response_model::<Story>()).unwrap().result().unwrap();
    assert_eq!(response.output_as::<Story>().unwrap_err().path, "points");
}

#[test]
fn a_session_goes_evaluates_extracts_and_closes() {
    let (mock, client) = setup();
    let session = client.session(SessionOptions::new()).unwrap();
    assert_eq!(bodies(&mock, "POST", "/task")[0]["task"], Value::Null);

    session.goto("https://example.com/").unwrap();
    let href = session.evaluate_js("return location.href", None).unwrap();
    assert_eq!(href.output, json!("https://example.com/"));
    let raw = session.extract(json!({"type": "object", "properties": {"n": {"type": "integer"}}}), "a number").unwrap();
    assert!(raw.output["n"].is_i64(), "{:?}", raw.output);
    let stories = session.extract_as::<Vec<Story>>("the top stories").unwrap();
    assert!(!stories.output.is_empty());

    let events = bodies(&mock, "POST", "/task/*/event");
    let names: Vec<&str> = events.iter().map(|e| e["payload"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["goto", "evaluate_js", "extract", "extract"]);

    assert!(matches!(session.result(), Err(TaskError::SessionOpen { .. })));
    session.close().unwrap();
    assert_eq!(mock.count("DELETE", "/task/*"), 1);
    assert_eq!(session.result().unwrap().status, TaskStatus::Cancelled);
}

#[test]
fn a_blocking_tool_is_called_exactly_once_and_answered() {
    let (mock, client) = setup();
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let tool = Tool::blocking("lookup_price", "The price of a product", move |ctx: ToolContext, input: Lookup| {
        counted.fetch_add(1, Ordering::SeqCst);
        assert_eq!(ctx.tool_name(), "lookup_price");
        Ok(json!({"sku": input.sku, "price": 12.5}))
    })
    .output_description("The price in euros");
    mock.script_next_task(TaskScript::new().call_tool("lookup_price", json!({"sku": "A-1"})));
    let handle = client.run(TaskRequest::new("Price of A-1").tool(tool)).unwrap();
    handle.result().unwrap();

    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let answers: Vec<Value> =
        bodies(&mock, "POST", "/task/*/event").into_iter().filter(|b| b["name"] == "tool_call").collect();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["payload"], json!({"code": 200, "output": {"sku": "A-1", "price": 12.5}}));
    let signature = &bodies(&mock, "POST", "/task")[0]["custom_tools"][0];
    assert_eq!(signature["inputs"]["properties"]["sku"]["type"], "string");
    assert_eq!(signature["output"], "The price in euros");
}

#[test]
fn a_failing_or_panicking_blocking_tool_is_answered_like_an_async_one() {
    let (mock, client) = setup();
    mock.script_next_task(TaskScript::new().call_tool("check", json!({})));
    let recoverable = Tool::blocking_untyped("check", "Checks", json!({}), |_ctx, _input: Value| {
        Err::<Value, _>(ToolError::recoverable("out of stock"))
    });
    client.run(TaskRequest::new("Check").tool(recoverable)).unwrap().result().unwrap();

    mock.script_next_task(TaskScript::new().call_tool("explode", json!({})));
    let panicking = Tool::blocking_untyped("explode", "Panics", json!({}), |_ctx, _input: Value| -> Result<Value, _> {
        panic!("boom")
    });
    let err = client.run(TaskRequest::new("Explode").tool(panicking)).unwrap().result().unwrap_err();
    assert!(matches!(&err, TaskError::ToolFailed { tool, .. } if tool == "explode"), "{err:?}");

    let answers: Vec<Value> = bodies(&mock, "POST", "/task/*/event")
        .into_iter()
        .filter(|b| b["name"] == "tool_call")
        .map(|b| b["payload"].clone())
        .collect();
    assert_eq!(
        answers,
        [json!({"code": 400, "output": "out of stock"}), json!({"code": 500, "output": "the tool panicked"})]
    );
}

#[test]
fn a_blocking_tool_drives_its_session_with_blocking_calls() {
    let (mock, client) = setup();
    let browse = Tool::blocking("browse", "Opens a page", |ctx: ToolContext, input: Value| {
        let url = input["url"].as_str().unwrap_or("https://example.com/").to_owned();
        ctx.session().goto(url.clone()).map_err(|err| ToolError::new(err.to_string()))?;
        Ok(json!({"opened": url}))
    });
    let session = client.session(SessionOptions::new().tool(browse)).unwrap();
    let answer = session.run_task("Browse").unwrap();
    assert!(answer.output.as_str().unwrap().contains("answered 200"), "{answer:?}");
    // The tool's own blocking `goto` went out, between the sub-task and the tool's answer.
    let payloads: Vec<Value> = bodies(&mock, "POST", "/task/*/event").iter().map(|b| b["payload"].clone()).collect();
    assert_eq!(payloads[0]["name"], "run_task");
    assert_eq!(payloads[1], json!({"name": "goto", "input": {"url": "https://example.com/"}}));
    assert_eq!(payloads[2], json!({"code": 200, "output": {"opened": "https://example.com/"}}));
    session.close().unwrap();
}

#[test]
fn uploads_send_bytes_paths_and_extensions() {
    let (mock, client) = setup();
    let from_bytes = client
        .upload_file(UploadFileRequest::from_bytes(b"a,b\n1,2\n".to_vec(), "table.csv").purpose("the table"))
        .unwrap()
        .id;
    let dir = std::env::temp_dir().join(format!("smooth-blocking-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.txt");
    std::fs::write(&path, "remember the milk").unwrap();
    let from_path = client.upload_file(UploadFileRequest::from_path(&path)).unwrap().id;
    assert_ne!(from_bytes, from_path);
    let uploaded = format!("{:?}", mock.uploaded_files());
    assert!(uploaded.contains("table.csv") && uploaded.contains("notes.txt"), "{uploaded}");
    assert!(client.delete_file(DeleteFileRequest::new(&from_bytes)).unwrap());

    let extension = client
        .upload_extension(UploadExtensionRequest::new(FilePart::bytes(b"PK\x05\x06".to_vec(), "blocker.zip")))
        .unwrap()
        .id;
    assert!(client.list_extensions(ListExtensionsRequest::new()).unwrap().iter().any(|e| e.id == extension));
    assert!(client.delete_extension(DeleteExtensionRequest::new(&extension)).unwrap());

    let missing = client.upload_file(UploadFileRequest::from_path(dir.join("missing.pdf"))).unwrap_err();
    assert!(missing.to_string().contains("missing.pdf"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_operation_is_a_method() {
    let (mock, client) = setup();
    let profile = client.create_profile(ProfileRequest::with_id("shopping")).unwrap();
    assert_eq!(profile.id, "shopping");
    assert!(client.list_profiles(ListProfilesRequest::new()).unwrap().iter().any(|p| p.id == "shopping"));
    assert_eq!(client.list_profiles(ListProfilesRequest::new()).unwrap().len(), 1);
    let task = client.submit_task(TaskRequest::new("Submit only")).unwrap();
    assert_eq!(client.get_task(GetTaskRequest::new(&task.id)).unwrap().id, task.id);
    assert!(client.delete_profile(DeleteProfileRequest::new("shopping")).unwrap());
    assert_eq!(mock.count("DELETE", "/profile/*"), 1);
}

/// An endpoint declared in the user's crate, as the async client's users declare theirs.
#[smooth_endpoint(GET, "/profile", response = Vec<ProfileResponse>, name = all_profiles)]
#[derive(Debug, Serialize)]
struct AllProfilesRequest {}

#[test]
fn a_users_own_endpoint_goes_through_send() {
    let (mock, client) = setup();
    client.create_profile(ProfileRequest::with_id("mine")).unwrap();
    let profiles = client.send(AllProfilesRequest {}).unwrap();
    assert_eq!(profiles.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["mine"]);
    assert_eq!(mock.count("GET", "/profile"), 1);
}

#[test]
fn errors_reach_the_caller() {
    let (mock, client) = setup();
    let err = client.get_task(GetTaskRequest::new("no-such-task")).unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");

    mock.script_next_task(TaskScript::new().fail("the page would not load"));
    let err = client.run("Fail").unwrap().result().unwrap_err();
    assert!(matches!(&err, TaskError::Failed { .. }), "{err:?}");
    assert!(err.to_string().contains("the page would not load"), "{err}");

    let refused = SmoothClient::builder().base_url("http://127.0.0.1:9/api/").build_blocking().unwrap_err();
    assert!(matches!(refused, Error::Config(_)), "{refused}");
}

#[test]
fn a_hundred_handles_waited_on_from_eight_threads_all_finish() {
    let (mock, client) = setup();
    let handles: Vec<TaskHandle> = (0..100).map(|i| client.run(format!("Task {i}")).unwrap()).collect();
    let mut shares: Vec<Vec<TaskHandle>> = vec![Vec::new(); 8];
    for (i, handle) in handles.into_iter().enumerate() {
        shares[i % 8].push(handle);
    }
    let waiters: Vec<_> = shares
        .into_iter()
        .map(|share| std::thread::spawn(move || share.iter().map(|h| h.result().map(|r| r.status)).collect::<Vec<_>>()))
        .collect();
    let statuses: Vec<_> = waiters.into_iter().flat_map(|waiter| waiter.join().unwrap()).collect();
    assert_eq!(statuses.len(), 100);
    assert!(statuses.iter().all(|s| matches!(s, Ok(TaskStatus::Done))), "{statuses:?}");
    assert_eq!(mock.task_count(), 100);
}

#[test]
fn a_blocked_tool_does_not_stall_other_handles() {
    let (mock, client) = setup();
    let (entered_tx, entered) = mpsc::channel::<()>();
    let (release, released) = mpsc::channel::<()>();
    let released = std::sync::Mutex::new(released);
    let returned = Arc::new(AtomicUsize::new(0));
    let returned_in_tool = Arc::clone(&returned);
    let slow = Tool::blocking_untyped("slow", "Waits for a signal", json!({}), move |_ctx, _input: Value| {
        let _ = entered_tx.send(());
        released.lock().unwrap().recv().map_err(|err| ToolError::new(err.to_string()))?;
        returned_in_tool.fetch_add(1, Ordering::SeqCst);
        Ok(json!("released"))
    });
    mock.script_next_task(TaskScript::new().call_tool("slow", json!({})));
    let blocked = client.run(TaskRequest::new("Blocked").tool(slow)).unwrap();
    let waiter = std::thread::spawn(move || blocked.result());
    entered.recv_timeout(Duration::from_secs(30)).expect("the tool is called");

    // The tool is blocked now; another task still gets polled to its end.
    let other = client.run("Meanwhile").unwrap();
    assert_eq!(other.result_timeout(Duration::from_secs(30)).unwrap().status, TaskStatus::Done);
    assert_eq!(returned.load(Ordering::SeqCst), 0, "the tool was still blocked");

    release.send(()).unwrap();
    assert_eq!(waiter.join().unwrap().unwrap().status, TaskStatus::Done);
    assert_eq!(returned.load(Ordering::SeqCst), 1);
}

fn is_calling_context_error(error: &Error) -> bool {
    matches!(error, Error::InvalidInput { field, reason } if field == "calling context" && reason.contains("async"))
}

#[test]
fn calls_from_async_code_are_refused_and_spawn_blocking_works() {
    let (mock, client) = setup();
    let task = client.submit_task(TaskRequest::new("Look me up")).unwrap();
    let handle = client.task_handle(&task.id);

    for runtime in [
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap(),
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap(),
    ] {
        // Straight inside `block_on`, and inside a task: refused, with no request sent.
        let before = mock.count("GET", "/task/*");
        let in_block_on = runtime.block_on(async { client.get_task(GetTaskRequest::new(&task.id)) }).unwrap_err();
        assert!(is_calling_context_error(&in_block_on), "{in_block_on}");
        let (in_task_client, in_task_handle) = (client.clone(), handle.clone());
        let (in_task, waited) = runtime
            .block_on(runtime.spawn(async move {
                (in_task_client.list_profiles(ListProfilesRequest::new()), in_task_handle.result())
            }))
            .unwrap();
        assert!(is_calling_context_error(&in_task.unwrap_err()));
        assert!(matches!(waited, Err(TaskError::Request(ref e)) if is_calling_context_error(e)), "{waited:?}");
        assert_eq!(mock.count("GET", "/task/*"), before);

        // In spawn_blocking the call blocks a thread meant for it, and works.
        let (blocking_client, id) = (client.clone(), task.id.clone());
        let got = runtime
            .block_on(runtime.spawn_blocking(move || blocking_client.get_task(GetTaskRequest::new(id))))
            .unwrap()
            .unwrap();
        assert_eq!(got.id, task.id);
    }
    // The refusals left the client working.
    assert_eq!(handle.result().unwrap().status, TaskStatus::Done);
}
