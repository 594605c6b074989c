//! The downstream crate (`tests/downstream`, which depends only on smooth-client) declares
//! its own endpoint; here it is called over a real socket.

use serde_json::json;
use smooth_client::Endpoint;
use smooth_downstream::{LabelTaskExt, LabelTaskRequest, LabelTaskResponse, label_and_notify};
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
    let request =
        LabelTaskRequest { task_id: "t-2".into(), notify: false, label: "x".into(), colour: Some("blue".into()) };
    #[allow(deprecated)]
    let answer = server.client().label_task(request).await.unwrap();
    assert_eq!(answer, LabelTaskResponse { labels: vec!["blue".into()] });
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
