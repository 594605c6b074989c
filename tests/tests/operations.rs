//! Decoding of answers the mock's simulation never gives, scripted as smooth-mock faults (`smooth_tests::TestServer`).
//!
//! Every operation's wire format (method, path, query, headers, body) and the decoding of
//! real answers are checked against `smooth-mock` in `operations_on_mock.rs`. The mock
//! answers only what the live service answers today, always with the same fields, so the
//! cases that stay here are the spec-shaped answers it cannot express: every optional field
//! present or absent at will, values of another shape than the mock's (`last_saved_at` as a
//! date string, `downloads_url: ""` on a waiting task), statuses the service may add later,
//! and fields added later, which the client must ignore.

use serde_json::json;
use smooth_client::prelude::*;
use smooth_tests::{Reply, TestServer};

fn task_json(id: &str, status: &str) -> serde_json::Value {
    json!({
        "id": id,
        "status": status,
        "output": null,
        "credits_used": 3,
        "device": "desktop",
        "live_url": "https://live.smooth.sh/t",
        "recording_url": null,
        "downloads_url": "",
        "created_at": 1_700_000_000,
        "events": null,
        "a_field_added_later": {"x": 1}
    })
}

#[tokio::test]
async fn a_task_with_every_field_and_a_field_added_later_decodes() {
    let server = TestServer::replying(Reply::ok(task_json("t-1", "waiting"))).await;
    let task = server.client().submit_task(TaskRequest::new("Find the top story")).await.unwrap();

    assert_eq!(task.id, "t-1");
    assert_eq!(task.status, TaskStatus::Waiting);
    assert_eq!(task.credits_used, Some(3));
    assert_eq!(task.device, Some(Device::Desktop));
    assert_eq!(task.live_url.as_deref(), Some("https://live.smooth.sh/t"));
    assert_eq!(task.recording_url, None, "null means not known yet");
    assert_eq!(task.downloads_url.as_deref(), Some(""), "empty means there is none");
    assert_eq!(task.created_at, Some(1_700_000_000));
    assert_eq!(task.events, None);
    assert_eq!(server.only_request().path, "/api/v1/task");
}

#[tokio::test]
async fn a_status_added_later_is_kept() {
    let server = TestServer::replying(Reply::ok(json!([task_json("t-2", "done"), task_json("t-1", "paused")]))).await;
    let tasks = server.client().list_tasks(ListTasksRequest::new()).await.unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].status, TaskStatus::Done);
    assert_eq!(tasks[1].status, TaskStatus::Other("paused".into()));
    assert!(!tasks[1].status.is_finished());
}

#[tokio::test]
async fn a_profile_decodes_with_its_optional_fields_absent_or_of_another_shape() {
    let server = TestServer::replying(Reply::ok(json!([
        {"id": "bare"},
        {"id": "full", "cookie_domains": ["a.com"], "cookie_count": 4, "profile_size_bytes": 2048,
         "last_saved_at": "2025-01-01T00:00:00Z", "new_field": true}
    ])))
    .await;
    let profiles = server.client().list_profiles(ListProfilesRequest::new()).await.unwrap();
    let bare = &profiles[0];
    assert_eq!(bare.id, "bare");
    assert_eq!(
        (&bare.cookie_domains, bare.cookie_count, bare.profile_size_bytes, &bare.last_saved_at),
        (&None, None, None, &None)
    );
    assert_eq!(profiles[1].cookie_domains.as_deref(), Some(&["a.com".to_owned()][..]));
    assert_eq!(profiles[1].cookie_count, Some(4));
    assert_eq!(profiles[1].profile_size_bytes, Some(2048));
    assert_eq!(profiles[1].last_saved_at, Some(json!("2025-01-01T00:00:00Z")));
    assert_eq!(server.only_request().path, "/api/v1/profile");
}
