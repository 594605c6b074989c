//! Dropping the last clone of a blocking client stops its threads. A binary of its own, so
//! that no other test's client is counted.

mod blocking_support;

use blocking_support::{blocking_threads, client_for, mock};
use serde_json::{Value, json};
use smooth_client::prelude::TaskRequest;
use smooth_client::{Tool, ToolError};
use smooth_mock::TaskScript;
use std::time::Duration;

#[test]
fn the_runtime_thread_is_gone_after_the_last_clone_and_handle_drop() {
    let mock = mock();
    assert_eq!(blocking_threads(), 0);

    let client = client_for(&mock);
    // A new thread takes its name once it runs; wait (bounded) for that.
    eventually("the runtime thread is named", || blocking_threads() == 1);
    // A blocking tool and an upload start threads of the blocking pool too.
    let tool = Tool::blocking_untyped("noop", "Does nothing", json!({}), |_ctx, _input: Value| Ok(json!(null)));
    mock.script_next_task(TaskScript::new().call_tool("noop", json!({})));
    let handle = client.run(TaskRequest::new("Use a tool").tool(tool)).unwrap();
    handle.result().unwrap();
    let clone = client.clone();
    assert!(blocking_threads() >= 2, "the runtime and a pool thread");

    drop(client);
    drop(clone);
    // The handle still uses the runtime, so it keeps running.
    assert!(blocking_threads() >= 1);
    assert!(handle.cancel().is_ok());

    drop(handle);
    assert_eq!(blocking_threads(), 0, "dropping the last user joins every thread of the client");

    // The same when the last clone is dropped inside a tool closure running on the
    // runtime's own pool: it cannot join itself, so the threads end on their own.
    let client = client_for(&mock);
    let captured = std::sync::Mutex::new(Some(client.clone()));
    let tool = Tool::blocking_untyped("forget", "Drops the client", json!({}), move |_ctx, _input: Value| {
        let client = captured.lock().map_err(|_| ToolError::new("poisoned"))?.take();
        drop(client);
        Ok(json!(null))
    });
    mock.script_next_task(TaskScript::new().call_tool("forget", json!({})));
    let handle = client.run(TaskRequest::new("Drop it").tool(tool)).unwrap();
    handle.result().unwrap();
    drop(handle);
    drop(client);
    eventually("every thread of the client has ended", || blocking_threads() == 0);
}

/// Waits (bounded) until `condition` holds.
fn eventually(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting until {what}: {} blocking-client threads", blocking_threads());
}
