//! The downstream crate (`tests/downstream`, which depends only on smooth-client) declares
//! its own endpoint; here it is called over a real socket.

use serde_json::json;
use smooth_client::Endpoint;
use smooth_downstream::{LabelTaskExt, LabelTaskRequest, LabelTaskResponse, built_in_requests, label_and_notify};
use smooth_tests::{EXPECTED_USER_AGENT, Reply, TEST_KEY, TestServer};

#[tokio::test]
async fn a_downstream_endpoint_reaches_the_server() {
    let server = TestServer::replying(Reply::ok(json!({"labels": ["urgent", "vip"]}))).await;
    let labels = label_and_notify(&server.client(), "t/1", "vip").await.unwrap();
    assert_eq!(labels, ["urgent", "vip"]);

    let sent = server.only_request();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/api/v1/task/t%2F1/label");
    assert_eq!(sent.query.as_deref(), Some("notify=true"), "`#[smooth(query)]` moves the field to the query");
    assert_eq!(sent.json(), json!({"label": "vip"}), "path and query fields stay out of the body");
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("apikey"), Some(TEST_KEY));
    assert_eq!(sent.header("user-agent"), Some(EXPECTED_USER_AGENT));
}

#[tokio::test]
async fn the_generated_trait_works_from_another_crate() {
    let server = TestServer::replying(Reply::ok(json!({"labels": ["blue"]}))).await;
    let request = LabelTaskRequest::new("t-2", "x").colour("blue");
    #[allow(deprecated)]
    let answer: LabelTaskResponse = server.client().label_task(request).await.unwrap();
    assert_eq!(answer.labels, ["blue"]);
    let sent = server.only_request();
    assert_eq!(sent.query.as_deref(), Some("notify=false"));
    assert_eq!(sent.json(), json!({"label": "x", "colour": "blue"}));
}

#[test]
fn the_downstream_deprecation_is_data() {
    let note = LabelTaskRequest::DEPRECATION.and_then(|d| d.note());
    assert_eq!(note, Some("labels are going away; use task metadata instead"));
    assert_eq!(LabelTaskRequest::PATH, "/task/{task_id}/label");
}

#[test]
fn a_downstream_crate_builds_every_built_in_request_with_constructors() {
    let (paths, task, session) = built_in_requests();
    let expected = [
        ("get_task", "GET /task/t-1"),
        ("cancel_task", "DELETE /task/t-1"),
        ("list_tasks", "GET /task"),
        ("send_task_event", "POST /task/t-1/event"),
        ("create_profile", "POST /profile"),
        ("list_profiles", "GET /profile"),
        ("delete_profile", "DELETE /profile/shopping"),
        ("upload_file", "POST /file"),
        ("delete_file", "DELETE /file/f-1"),
        ("upload_extension", "POST /extension"),
        ("list_extensions", "GET /extension"),
        ("delete_extension", "DELETE /extension/x-1"),
        ("update_task", "PUT /task/t-1"),
    ];
    let paths: Vec<(&str, &str)> = paths.iter().map(|(name, path)| (*name, path.as_str())).collect();
    assert_eq!(paths, expected);
    let body = serde_json::to_value(&task).unwrap();
    assert_eq!(body["max_steps"], 8);
    assert_eq!(body["device"], "mobile");
    assert_eq!(body["metadata"], json!({"customer": "acme"}));
    assert_eq!(body["custom_tools"][0]["name"], "lookup");
    assert_eq!(body["certificates"][0]["file"], "MII=");
    assert_eq!(session.request().metadata.as_ref().and_then(|m| m.get("customer")), Some(&json!("acme")));
    assert_eq!(session.request().profile_id.as_deref(), Some("shopping"));
}
