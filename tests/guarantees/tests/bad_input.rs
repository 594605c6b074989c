//! Bad input is refused with a clear error before anything is sent: the server's journal
//! stays empty. Each refusal has a positive control just inside the limit that does reach
//! the server, so the tests can fail.

use serde_json::json;
use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;
use smooth_client::{Error, SmoothClient};
use smooth_guarantees::{TEST_KEY, client};
use smooth_mock::MockServer;

fn expect_invalid(result: Result<impl std::fmt::Debug, Error>, field: &str, what: &str) {
    match result {
        Err(Error::InvalidInput { field: got, reason }) => {
            assert_eq!(got, field, "{what}: wrong field ({reason})");
            assert!(!reason.is_empty(), "{what}: no reason given");
        }
        other => panic!("{what}: expected InvalidInput on `{field}`, got {other:?}"),
    }
}

async fn server_and_client() -> (MockServer, SmoothClient) {
    let server = smooth_guarantees::mock().await;
    let client = client(&server.base_url(), TEST_KEY);
    (server, client)
}

#[tokio::test]
async fn empty_blank_and_dot_ids_are_refused() {
    let (server, client) = server_and_client().await;
    for id in ["", " ", "   ", "\t", "\n", ".", ".."] {
        expect_invalid(client.get_task(GetTaskRequest::new(id)).await, "task_id", &format!("get_task({id:?})"));
        expect_invalid(client.cancel_task(CancelTaskRequest::new(id)).await, "task_id", &format!("cancel({id:?})"));
        let event = TaskEvent::new(id, "session_action", json!({"name": "close"}));
        expect_invalid(client.send_task_event(event).await, "task_id", &format!("event({id:?})"));
        expect_invalid(client.delete_file(DeleteFileRequest::new(id)).await, "file_id", &format!("file({id:?})"));
        expect_invalid(
            client.delete_profile(DeleteProfileRequest::new(id)).await,
            "profile_id",
            &format!("profile({id:?})"),
        );
        expect_invalid(
            client.delete_extension(DeleteExtensionRequest::new(id)).await,
            "extension_id",
            &format!("extension({id:?})"),
        );
    }
    assert!(server.journal().is_empty(), "sent: {:?}", server.journal());
    // Control: a real id is sent (the mock knows no such task: a 404).
    let _ = client.get_task(GetTaskRequest::new("task-1")).await;
    assert_eq!(server.count("GET", "/task/*"), 1);
}

#[tokio::test]
async fn max_steps_outside_2_to_128_is_refused() {
    let (server, client) = server_and_client().await;
    for steps in [0, 1, 129, 1000, u32::MAX] {
        expect_invalid(
            client.submit_task(TaskRequest::new("t").max_steps(steps)).await,
            "max_steps",
            &format!("max_steps {steps}"),
        );
        expect_invalid(
            client.submit_task(TaskRequest::session().max_steps(steps)).await,
            "max_steps",
            &format!("session max_steps {steps}"),
        );
    }
    assert!(server.journal().is_empty());
    for steps in [2, 128] {
        client.submit_task(TaskRequest::new("t").max_steps(steps)).await.expect("inside the range");
    }
    assert_eq!(server.count("POST", "/task"), 2);
}

#[tokio::test]
async fn metadata_over_the_limits_is_refused() {
    let (server, client) = server_and_client().await;
    let seventeen_keys = (0..17).fold(TaskRequest::new("t"), |request, i| request.metadata(format!("k{i}"), i));
    expect_invalid(client.submit_task(seventeen_keys).await, "metadata", "17 keys");
    let long_value = TaskRequest::new("t").metadata("k", "é".repeat(2049));
    expect_invalid(client.submit_task(long_value).await, "metadata", "a 2049-character value");
    let nested = TaskRequest::new("t").metadata("k", json!({"nested": true}));
    expect_invalid(client.submit_task(nested).await, "metadata", "an object value");
    assert!(server.journal().is_empty());

    let sixteen_keys = (0..16).fold(TaskRequest::new("t"), |request, i| request.metadata(format!("k{i}"), i));
    client.submit_task(sixteen_keys).await.expect("16 keys are allowed");
    client.submit_task(TaskRequest::new("t").metadata("k", "é".repeat(2048))).await.expect("2048 characters");
    assert_eq!(server.count("POST", "/task"), 2);
}

#[tokio::test]
async fn upload_inputs_are_checked_before_sending() {
    let (server, client) = server_and_client().await;
    let purpose = "p".repeat(65);
    expect_invalid(
        client.upload_file(UploadFileRequest::new(FilePart::bytes(&b"x"[..], "x.txt")).purpose(purpose)).await,
        "file_purpose",
        "a 65-character purpose",
    );
    for name in ["extension.tar.gz", "extension", "zip", "extension.zip.exe"] {
        expect_invalid(
            client.upload_extension(UploadExtensionRequest::new(FilePart::bytes(&b"PK"[..], name))).await,
            "file",
            &format!("extension named {name:?}"),
        );
    }
    let missing = std::env::temp_dir().join("smooth-guarantees-does-not-exist").join("report.pdf");
    expect_invalid(client.upload_file(UploadFileRequest::new(FilePart::path(&missing))).await, "file", "missing path");
    expect_invalid(
        client.upload_extension(UploadExtensionRequest::new(FilePart::path(missing.with_extension("zip")))).await,
        "file",
        "missing .zip path",
    );
    expect_invalid(
        client.upload_file(UploadFileRequest::new(FilePart::path(std::env::temp_dir()))).await,
        "file",
        "a directory",
    );
    assert!(server.journal().is_empty(), "sent: {:?}", server.journal());

    let purpose = "p".repeat(64);
    client
        .upload_file(UploadFileRequest::new(FilePart::bytes(&b"x"[..], "x.txt")).purpose(purpose))
        .await
        .expect("64 characters are allowed");
    client
        .upload_extension(UploadExtensionRequest::new(FilePart::bytes(&b"PK"[..], "Extension.ZIP")))
        .await
        .expect("a .zip in any case");
    assert_eq!(server.journal().len(), 2);
}

#[tokio::test]
async fn list_limit_outside_1_to_128_is_refused() {
    let (server, client) = server_and_client().await;
    for limit in [0, 129] {
        expect_invalid(client.list_tasks(ListTasksRequest::new().limit(limit)).await, "l", &format!("limit {limit}"));
    }
    assert!(server.journal().is_empty());
}

#[test]
fn base_urls_that_are_not_http_are_refused() {
    for base in ["ftp://example.com/api/", "file:///etc/passwd", "ws://127.0.0.1/api/", "not a url", "", "//x/"] {
        match SmoothClient::builder().api_key(TEST_KEY).base_url(base).build() {
            Err(Error::Config(message)) => assert!(message.contains("base URL"), "{base:?}: {message}"),
            other => panic!("{base:?}: expected a configuration error, got {other:?}"),
        }
    }
    for key in ["", "   ", "bad\nkey"] {
        let result = SmoothClient::builder().api_key(key).base_url("http://127.0.0.1:1/api/").build();
        assert!(matches!(result, Err(Error::Config(_))), "key {key:?}: {result:?}");
    }
}
