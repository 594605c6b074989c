//! Every operation over a real socket: method, path, query, headers and body as the spec
//! and SMOOTH-API.md say, and the decoding of the spec's response shapes.

use serde_json::json;
use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;
use smooth_client::types::{Extension, ProfileResponse, ToolResponse};
use smooth_tests::{EXPECTED_USER_AGENT, Recorded, Reply, TEST_KEY, TestServer};

/// The headers every request carries; JSON bodies also name their content type.
fn assert_headers(request: &Recorded, content_type: Option<&str>) {
    assert_eq!(request.header("apikey"), Some(TEST_KEY), "{request:#?}");
    assert_eq!(request.header("user-agent"), Some(EXPECTED_USER_AGENT), "{request:#?}");
    match content_type {
        Some(expected) => {
            let actual = request.header("content-type").unwrap_or_default();
            assert!(actual.starts_with(expected), "content-type {actual:?}, expected {expected:?}");
        }
        None => {
            assert_eq!(request.header("content-type"), None, "{request:#?}");
            assert!(request.body.is_empty(), "unexpected body {:?}", request.text());
        }
    }
}

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
async fn submit_task_posts_the_task_and_decodes_a_waiting_task() {
    let server = TestServer::replying(Reply::ok(task_json("t-1", "waiting"))).await;
    let request = TaskRequest::new("Find the top story").max_steps(16).device(Device::Mobile).profile_id("p-1");
    let task = server.client().submit_task(request.metadata("who", "me")).await.unwrap();

    assert_eq!(task.id, "t-1");
    assert_eq!(task.status, TaskStatus::Waiting);
    assert_eq!(task.credits_used, Some(3));
    assert_eq!(task.device, Some(Device::Desktop));
    assert_eq!(task.recording_url, None, "null means not known yet");
    assert_eq!(task.downloads_url.as_deref(), Some(""), "empty means there is none");
    assert_eq!(task.created_at, Some(1_700_000_000));

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("POST", "/api/v1/task", None));
    assert_headers(&sent, Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({
            "task": "Find the top story",
            "metadata": {"who": "me"},
            "agent": "smooth",
            "max_steps": 16,
            "device": "mobile",
            "enable_recording": true,
            "profile_id": "p-1",
            "profile_read_only": false,
            "stealth_mode": false,
            "use_stealth": true,
            "use_captcha_solver": true,
            "session_id": "p-1",
            "use_adblock": true,
            "show_cursor": false
        }),
        "None fields are left out; the SDK-only fields are sent"
    );
}

#[tokio::test]
async fn a_session_is_a_task_with_a_null_task() {
    let server = TestServer::replying(Reply::ok(task_json("s-1", "waiting"))).await;
    server.client().submit_task(TaskRequest::session()).await.unwrap();
    let body = server.only_request().json();
    assert_eq!(body["task"], serde_json::Value::Null);
    assert!(body.as_object().unwrap().contains_key("task"), "`task: null` must be sent, not left out");
}

#[tokio::test]
async fn submit_task_refuses_bad_input_before_sending() {
    let server = TestServer::replying(Reply::ok(task_json("t-1", "waiting"))).await;
    let err = server.client().submit_task(TaskRequest::new("x").max_steps(1)).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "max_steps"), "{err:?}");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn list_tasks_sends_t_and_l_and_decodes_statuses_added_later() {
    let server = TestServer::replying(Reply::ok(json!([task_json("t-2", "done"), task_json("t-1", "paused")]))).await;
    let tasks = server.client().list_tasks(ListTasksRequest::new().before(1_700_000_500).limit(10)).await.unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].status, TaskStatus::Done);
    assert_eq!(tasks[1].status, TaskStatus::Other("paused".into()));

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/api/v1/task"));
    assert_eq!(sent.query.as_deref(), Some("t=1700000500&l=10"));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn list_tasks_without_arguments_sends_no_query() {
    let server = TestServer::replying(Reply::ok(json!([]))).await;
    assert!(server.client().list_tasks(ListTasksRequest::new()).await.unwrap().is_empty());
    assert_eq!(server.only_request().query, None);
}

#[tokio::test]
async fn get_task_sends_event_t_and_downloads_and_accepts_202_and_200() {
    let mut running = task_json("t-1", "running");
    running["events"] = json!([{
        "name": "browser_action",
        "id": "a-1",
        "timestamp": 1_700_000_000_123_i64,
        "payload": {"code": 200, "output": {"credits_used": 1, "duration": 0.5}}
    }]);
    let mut done = task_json("t-1", "done");
    done["output"] = json!({"title": "Hello"});
    done["recording_url"] = json!("https://rec/1.mp4");
    done["live_url"] = json!(null);
    let server =
        TestServer::sequence(vec![Reply::json(202, json!({"r": running})), Reply::json(200, json!({"r": done}))]).await;
    let client = server.client();

    let first = client.get_task(GetTaskRequest::new("t-1").event_t(1_700_000_000_000).downloads(true)).await.unwrap();
    assert_eq!(first.status, TaskStatus::Running);
    let events = first.events.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].name, "browser_action");
    assert_eq!(events[0].id.as_deref(), Some("a-1"));
    assert_eq!(events[0].timestamp, Some(1_700_000_000_123));
    assert_eq!(events[0].payload["code"], 200);
    assert_eq!(events[0].task_id, "", "events carry no task id");

    let second = client.get_task(GetTaskRequest::new("t-1")).await.unwrap();
    assert!(second.status.is_finished());
    assert_eq!(second.output, Some(json!({"title": "Hello"})));
    assert_eq!(second.recording_url.as_deref(), Some("https://rec/1.mp4"));
    assert_eq!(second.live_url, None);

    let sent = server.requests();
    assert_eq!(sent.len(), 2, "a 202 is a success, not retried");
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("GET", "/api/v1/task/t-1"));
    assert_eq!(sent[0].query.as_deref(), Some("event_t=1700000000000&downloads=true"));
    assert_eq!(sent[1].query, None);
    assert_headers(&sent[0], None);
}

#[tokio::test]
async fn cancel_task_deletes_the_task() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    assert!(server.client().cancel_task(CancelTaskRequest::new("t-1")).await.unwrap());
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("DELETE", "/api/v1/task/t-1", None));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn send_task_event_posts_the_event_without_the_task_id() {
    let server = TestServer::replying(Reply::ok(json!({"id": "a-1"}))).await;
    let payload = json!({"name": "goto", "input": {"url": "https://example.com"}});
    let event = TaskEvent::new("t-1", "browser_action", payload.clone()).id("a-1");
    let answer = server.client().send_task_event(event).await.unwrap();
    assert_eq!(answer.id, "a-1");

    let sent = server.only_request();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()),
        ("POST", "/api/v1/task/t-1/event", None)
    );
    assert_headers(&sent, Some("application/json"));
    assert_eq!(sent.json(), json!({"name": "browser_action", "payload": payload, "id": "a-1"}));
}

#[tokio::test]
async fn create_profile_posts_the_id_or_an_empty_object() {
    let server = TestServer::replying(Reply::ok(json!({"id": "shopping"}))).await;
    let client = server.client();
    assert_eq!(client.create_profile(ProfileRequest::with_id("shopping")).await.unwrap().id, "shopping");
    client.create_profile(ProfileRequest::new()).await.unwrap();

    let sent = server.requests();
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("POST", "/api/v1/profile"));
    assert_headers(&sent[0], Some("application/json"));
    assert_eq!(sent[0].json(), json!({"id": "shopping"}));
    assert_eq!(sent[1].json(), json!({}), "no id: the service chooses one");
}

#[tokio::test]
async fn list_profiles_decodes_the_optional_fields() {
    let server = TestServer::replying(Reply::ok(json!([
        {"id": "bare"},
        {"id": "full", "cookie_domains": ["a.com"], "cookie_count": 4, "profile_size_bytes": 2048,
         "last_saved_at": "2025-01-01T00:00:00Z", "new_field": true}
    ])))
    .await;
    let profiles = server.client().list_profiles(ListProfilesRequest::new()).await.unwrap();
    assert_eq!(
        profiles[0],
        ProfileResponse {
            id: "bare".into(),
            cookie_domains: None,
            cookie_count: None,
            profile_size_bytes: None,
            last_saved_at: None
        }
    );
    assert_eq!(profiles[1].cookie_domains.as_deref(), Some(&["a.com".to_owned()][..]));
    assert_eq!(profiles[1].cookie_count, Some(4));
    assert_eq!(profiles[1].profile_size_bytes, Some(2048));

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("GET", "/api/v1/profile", None));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn delete_profile_deletes_the_profile() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    assert!(server.client().delete_profile(DeleteProfileRequest::new("p-1")).await.unwrap());
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", "/api/v1/profile/p-1"));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn a_path_parameter_stays_one_segment() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    let client = server.client();
    client.delete_profile(DeleteProfileRequest::new("../task/x")).await.unwrap();
    client.delete_file(DeleteFileRequest::new("a/../b?x#y")).await.unwrap();
    let sent = server.requests();
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("DELETE", "/api/v1/profile/..%2Ftask%2Fx"));
    assert_eq!(sent[0].query, None);
    assert_eq!(sent[1].path, "/api/v1/file/a%2F..%2Fb%3Fx%23y");
    assert_eq!(sent[1].query, None);
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_refused_before_sending() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    let client = server.client();
    for bad in ["", " ", ".", ".."] {
        let err = client.delete_profile(DeleteProfileRequest::new(bad)).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "profile_id"), "{bad:?}: {err:?}");
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn upload_file_sends_a_multipart_form_with_the_file_name() {
    let server = TestServer::replying(Reply::ok(json!({"id": "f-1"}))).await;
    let file = FilePart::bytes(b"hello, smooth".to_vec(), "notes.txt");
    let uploaded = server.client().upload_file(UploadFileRequest::new(file).purpose("reference")).await.unwrap();
    assert_eq!(uploaded.id, "f-1");

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("POST", "/api/v1/file", None));
    assert_headers(&sent, Some("multipart/form-data; boundary="));
    let body = sent.text();
    assert!(body.contains("name=\"file\"; filename=\"notes.txt\""), "{body}");
    assert!(body.contains("hello, smooth"), "{body}");
    assert!(body.contains("name=\"file_purpose\"\r\n\r\nreference\r\n"), "{body}");
}

#[tokio::test]
async fn upload_file_streams_a_file_from_disk_and_refuses_a_missing_one() {
    let server = TestServer::replying(Reply::ok(json!({"id": "f-2"}))).await;
    let dir = std::env::temp_dir().join(format!("smooth-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let client = server.client();
    client.upload_file(UploadFileRequest::new(FilePart::path(&path))).await.unwrap();
    let body = server.only_request().text();
    assert!(body.contains("filename=\"report.csv\"") && body.contains("a,b\n1,2\n"), "{body}");
    assert!(!body.contains("file_purpose"), "an absent purpose is not sent: {body}");

    let err = client.upload_file(UploadFileRequest::new(FilePart::path(dir.join("missing.csv")))).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn delete_file_deletes_the_file() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    assert!(server.client().delete_file(DeleteFileRequest::new("f-1")).await.unwrap());
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", "/api/v1/file/f-1"));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn upload_extension_sends_a_zip_and_refuses_anything_else() {
    let server = TestServer::replying(Reply::ok(json!({"id": "e-1"}))).await;
    let client = server.client();
    let zip = FilePart::bytes(b"PK\x03\x04".to_vec(), "adblock.zip").with_mime("application/zip");
    assert_eq!(client.upload_extension(UploadExtensionRequest::new(zip)).await.unwrap().id, "e-1");

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v1/extension"));
    assert_headers(&sent, Some("multipart/form-data; boundary="));
    let body = sent.text();
    assert!(body.contains("name=\"file\"; filename=\"adblock.zip\""), "{body}");
    assert!(body.contains("Content-Type: application/zip"), "{body}");

    let not_zip = FilePart::bytes(b"x".to_vec(), "adblock.crx");
    let err = client.upload_extension(UploadExtensionRequest::new(not_zip)).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "file"), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn list_extensions_decodes_the_list() {
    let server = TestServer::replying(Reply::ok(json!([
        {"id": "e-1", "file_name": "adblock.zip", "creation_time": 1_700_000_000}
    ])))
    .await;
    let extensions = server.client().list_extensions(ListExtensionsRequest::new()).await.unwrap();
    assert_eq!(
        extensions,
        vec![Extension { id: "e-1".into(), file_name: "adblock.zip".into(), creation_time: 1_700_000_000 }]
    );
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("GET", "/api/v1/extension", None));
    assert_headers(&sent, None);
}

#[tokio::test]
async fn delete_extension_uses_the_path_of_the_official_sdks() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    assert!(server.client().delete_extension(DeleteExtensionRequest::new("e-1")).await.unwrap());
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", "/api/v1/extension/e-1"));
    assert_headers(&sent, None);
}

#[tokio::test]
#[allow(deprecated)]
async fn open_browser_session_posts_the_legacy_request() {
    let server = TestServer::replying(Reply::ok(json!({
        "profile_id": "p-1", "live_id": "l-1", "live_url": "https://live/l-1"
    })))
    .await;
    let session =
        server.client().open_browser_session(BrowserSessionRequest::new().profile_id("p-1").url("https://a.com")).await;
    let session = session.unwrap();
    assert_eq!(session.profile_id, "p-1");
    assert_eq!(session.live_id.as_deref(), Some("l-1"));
    assert_eq!(session.live_url.as_deref(), Some("https://live/l-1"));

    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v1/browser/session"));
    assert_headers(&sent, Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({"profile_id": "p-1", "live_view": true, "device": "desktop", "url": "https://a.com"})
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn close_browser_session_deletes_the_live_session() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    let answer = server.client().close_browser_session(CloseBrowserSessionRequest::new("l-1")).await.unwrap();
    assert_eq!(answer, json!(true));
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", "/api/v1/browser/session/l-1"));
    assert_headers(&sent, None);
}

#[tokio::test]
#[allow(deprecated)]
async fn update_task_puts_the_tool_response() {
    let server = TestServer::replying(Reply::ok(json!({"ok": true}))).await;
    let request = UpdateTaskRequest {
        task_id: "t-1".into(),
        tool_response: ToolResponse { id: "call-1".into(), code: 200, output: json!("done") },
    };
    assert_eq!(server.client().update_task(request).await.unwrap(), json!({"ok": true}));
    let sent = server.only_request();
    assert_eq!((sent.method.as_str(), sent.path.as_str(), sent.query.as_deref()), ("PUT", "/api/v1/task/t-1", None));
    assert_headers(&sent, Some("application/json"));
    assert_eq!(sent.json(), json!({"tool_response": {"id": "call-1", "code": 200, "output": "done"}}));
}

#[tokio::test]
async fn the_generic_send_works_for_every_endpoint() {
    let server = TestServer::replying(Reply::ok(task_json("t-9", "failed"))).await;
    let task = server.client().send(GetTaskRequest::new("t-9")).await.unwrap();
    assert_eq!(task.status, TaskStatus::Failed);
    assert_eq!(server.only_request().path, "/api/v1/task/t-9");
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let server = TestServer::replying(Reply::ok(json!(true))).await;
    let client = server.client();
    let debug = format!("{client:?} {:?}", server.client_builder());
    assert!(!debug.contains(TEST_KEY), "{debug}");
}
