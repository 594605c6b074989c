//! Every operation against `smooth-mock`, the faithful local Smooth API: the real client
//! sends each request over a socket, the mock's journal shows what arrived (method, path,
//! query, `apikey` and `User-Agent` headers, content type, JSON fields, multipart parts) and
//! the mock's real answers — its envelopes, 202s, ids, 404s and 409s — must decode into the
//! client's types with the values the mock reports.
//!
//! Answers the mock never gives (statuses and fields added later, every optional field of
//! the spec filled in) are checked with scripted answers in `operations.rs`.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use smooth_client::ApiDetail;
use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;
use smooth_client::types::ToolResponse;
use smooth_mock::{JournalBody, JournalEntry, MockServer, PartInfo, TaskScript};
use smooth_tests::{EXPECTED_USER_AGENT, test_client_builder};
use std::time::{Duration, Instant};

/// A mock on a free port of 127.0.0.1 and a client aimed at it with the mock's key.
async fn start() -> (MockServer, SmoothClient) {
    let mock = MockServer::start().await.unwrap();
    let client = test_client_builder(&mock.base_url(), mock.api_key()).build().unwrap();
    (mock, client)
}

/// The one journaled request matching a method and path pattern.
fn only(mock: &MockServer, method: &str, pattern: &str) -> JournalEntry {
    let mut requests = mock.requests(method, pattern);
    assert_eq!(requests.len(), 1, "expected one {method} {pattern}, journal: {:#?}", mock.journal());
    requests.remove(0)
}

/// Method, path as sent (percent-encoded) and raw query of a journaled request.
fn line(entry: &JournalEntry) -> (&str, &str, Option<&str>) {
    (entry.method.as_str(), entry.path.as_str(), entry.query.as_deref())
}

/// The headers every request carries; bodies also name their content type.
fn assert_headers(mock: &MockServer, entry: &JournalEntry, content_type: Option<&str>) {
    assert_eq!(entry.header("apikey"), Some(mock.api_key()), "{entry:#?}");
    assert_eq!(entry.header("user-agent"), Some(EXPECTED_USER_AGENT), "{entry:#?}");
    match content_type {
        Some(expected) => {
            let actual = entry.header("content-type").unwrap_or_default();
            assert!(actual.starts_with(expected), "content-type {actual:?}, expected {expected:?}");
        }
        None => {
            assert_eq!(entry.header("content-type"), None, "{entry:#?}");
            assert_eq!(entry.body, JournalBody::Empty, "{entry:#?}");
        }
    }
}

/// The multipart parts of a journaled request.
fn parts(entry: &JournalEntry) -> &[PartInfo] {
    match &entry.body {
        JournalBody::Multipart(parts) => parts,
        other => panic!("not a multipart body: {other:?}"),
    }
}

fn part<'a>(entry: &'a JournalEntry, name: &str) -> Option<&'a PartInfo> {
    parts(entry).iter().find(|part| part.name == name)
}

/// Whether `err` is an API error with this status and `detail` message.
fn is_api_error(err: &Error, expected_status: u16, expected_detail: &str) -> bool {
    matches!(err, Error::Api { status, detail: ApiDetail::Message(message), .. }
        if *status == expected_status && message == expected_detail)
}

/// Polls a task (without `event_t` or `downloads`) until it has ended.
async fn wait_finished(client: &SmoothClient, task_id: &str) -> TaskResponse {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let task = client.get_task(GetTaskRequest::new(task_id)).await.unwrap();
        if task.status.is_finished() {
            return task;
        }
        assert!(Instant::now() < deadline, "task {task_id} still {:?}", task.status);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn submit_task_posts_the_task_and_decodes_the_new_task() {
    let (mock, client) = start().await;
    mock.script_next_task(TaskScript::new().wait_for(Duration::from_secs(60)));
    let request = TaskRequest::new("Find the top story").max_steps(16).device(Device::Mobile).profile_id("p-1");
    let task = client.submit_task(request.metadata("who", "me")).await.unwrap();

    assert_eq!(mock.task_ids(), vec![task.id.clone()]);
    assert_eq!(Some(task.status.as_str()), mock.task_status(&task.id).map(|status| status.as_str()));
    assert_eq!(task.status, TaskStatus::Waiting);
    assert_eq!(task.device, Some(Device::Mobile));
    assert_eq!(task.live_url, None, "no live view before the task runs");
    assert_eq!(task.recording_url, None, "null means not known yet");
    assert_eq!(task.downloads_url, None, "not asked for");
    assert!(task.created_at.is_some_and(|seconds| seconds > 1_700_000_000), "{task:?}");

    let sent = only(&mock, "POST", "/task");
    assert_eq!(line(&sent), ("POST", "/api/v1/task", None));
    assert_eq!(sent.status, Some(200));
    assert_headers(&mock, &sent, Some("application/json"));
    assert_eq!(
        sent.json(),
        Some(&json!({
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
        })),
        "None fields are left out; the SDK-only fields are sent"
    );
}

#[tokio::test]
async fn a_session_is_a_task_with_a_null_task() {
    let (mock, client) = start().await;
    let session = client.submit_task(TaskRequest::session()).await.unwrap();
    let body = only(&mock, "POST", "/task").json().cloned().unwrap();
    assert_eq!(body["task"], serde_json::Value::Null);
    assert!(body.as_object().unwrap().contains_key("task"), "`task: null` must be sent, not left out");
    assert!(!session.status.is_finished(), "a session stays open: {session:?}");
    assert!(client.cancel_task(CancelTaskRequest::new(&session.id)).await.unwrap());
}

#[tokio::test]
async fn submit_task_refuses_bad_input_before_sending() {
    let (mock, client) = start().await;
    let err = client.submit_task(TaskRequest::new("x").max_steps(1)).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "max_steps"), "{err:?}");
    assert!(mock.journal().is_empty(), "{:#?}", mock.journal());
}

#[tokio::test]
async fn a_rejected_submission_is_an_api_error() {
    let (mock, client) = start().await;
    mock.script_next_task(TaskScript::new().reject_with(429, "Concurrent session limit reached"));
    let err = client.submit_task(TaskRequest::new("one more")).await.unwrap_err();
    assert!(is_api_error(&err, 429, "Concurrent session limit reached"), "{err:?}");
    assert_eq!(mock.count("POST", "/task"), 1, "a POST /task is never sent twice");
    assert_eq!(mock.task_count(), 0);
}

#[tokio::test]
async fn list_tasks_sends_t_and_l_and_returns_the_newest_first() {
    let (mock, client) = start().await;
    for n in 0..3 {
        // Waiting for a minute, so the statuses compared below cannot move meanwhile.
        mock.script_next_task(TaskScript::new().wait_for(Duration::from_secs(60)));
        client.submit_task(TaskRequest::new(format!("task {n}"))).await.unwrap();
    }
    let newest_first: Vec<String> = mock.task_ids().into_iter().rev().collect();

    let far_future = 4_000_000_000;
    let tasks = client.list_tasks(ListTasksRequest::new().before(far_future).limit(2)).await.unwrap();
    let ids: Vec<&str> = tasks.iter().map(|task| task.id.as_str()).collect();
    assert_eq!(ids, newest_first[..2].iter().map(String::as_str).collect::<Vec<_>>(), "`l` caps the list");
    for task in &tasks {
        assert_eq!(Some(task.status.as_str()), mock.task_status(&task.id).map(|status| status.as_str()));
    }

    let sent = only(&mock, "GET", "/task");
    assert_eq!(line(&sent), ("GET", "/api/v1/task", Some("t=4000000000&l=2")));
    assert_eq!(sent.query_param("t").as_deref(), Some("4000000000"));
    assert_eq!(sent.query_param("l").as_deref(), Some("2"));
    assert_headers(&mock, &sent, None);

    let past = 1_000_000_000;
    assert!(client.list_tasks(ListTasksRequest::new().before(past)).await.unwrap().is_empty(), "`t` filters");
}

#[tokio::test]
async fn list_tasks_without_arguments_sends_no_query() {
    let (mock, client) = start().await;
    assert!(client.list_tasks(ListTasksRequest::new()).await.unwrap().is_empty());
    let task = client.submit_task(TaskRequest::new("one")).await.unwrap();
    let tasks = client.list_tasks(ListTasksRequest::new()).await.unwrap();
    assert_eq!(tasks.iter().map(|task| task.id.as_str()).collect::<Vec<_>>(), vec![task.id.as_str()]);
    let sent = mock.requests("GET", "/task");
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|entry| entry.query.is_none()), "{sent:#?}");
}

#[tokio::test]
async fn get_task_sends_event_t_and_downloads_and_accepts_202_and_200() {
    let (mock, client) = start().await;
    mock.script_next_task(
        TaskScript::new().run_for(Duration::from_millis(40)).emit_events(2).output(json!({"title": "Hello"})),
    );
    let task = client.submit_task(TaskRequest::new("Read the title")).await.unwrap();

    // Poll as a handle does: ask for the events after the last one seen, and the downloads.
    let mut event_t = 1;
    let mut events = Vec::new();
    let mut polls = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    let done = loop {
        let answer = client.get_task(GetTaskRequest::new(&task.id).event_t(event_t).downloads(true)).await.unwrap();
        polls += 1;
        for event in answer.events.clone().unwrap_or_default() {
            event_t = event_t.max(event.timestamp.unwrap());
            events.push(event);
        }
        if answer.status.is_finished() {
            break answer;
        }
        assert!(matches!(answer.status, TaskStatus::Waiting | TaskStatus::Running), "{answer:?}");
        assert_eq!(answer.downloads_url, None, "no downloads before the task has ended");
        if answer.status == TaskStatus::Running {
            assert!(answer.live_url.as_deref().is_some_and(|url| url.contains("/mock/live/")), "{answer:?}");
        }
        assert!(Instant::now() < deadline, "still {:?}", answer.status);
        tokio::time::sleep(Duration::from_millis(5)).await;
    };

    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(mock.task_status(&task.id), Some(smooth_mock::TaskStatus::Done));
    assert_eq!(done.output, Some(json!({"title": "Hello"})));
    assert_eq!(done.live_url, None, "no live view once the task has ended");
    assert!(done.recording_url.as_deref().is_some_and(|url| url.ends_with(".mp4")), "{done:?}");
    assert!(done.downloads_url.as_deref().is_some_and(|url| url.ends_with(".zip")), "{done:?}");
    assert_eq!(events.len(), 2, "each event once: {events:?}");
    for (n, event) in events.iter().enumerate() {
        assert_eq!(event.name, "browser_action");
        assert!(event.id.is_some(), "{event:?}");
        assert_eq!(event.payload, json!({"name": "step", "input": {"step": n + 1, "of": 2}}));
        assert_eq!(event.task_id, "", "events carry no task id");
    }

    let sent = mock.requests("GET", "/task/*");
    assert_eq!(sent.len(), polls, "a 202 is a success, not retried");
    let first = &sent[0];
    assert_eq!(line(first), ("GET", format!("/api/v1/task/{}", task.id).as_str(), Some("event_t=1&downloads=true")));
    assert_eq!(first.query_param("downloads").as_deref(), Some("true"));
    assert_headers(&mock, first, None);
    let statuses: Vec<Option<u16>> = sent.iter().map(|entry| entry.status).collect();
    assert_eq!(statuses.last(), Some(&Some(200)), "{statuses:?}");
    assert!(statuses[..statuses.len() - 1].iter().all(|status| *status == Some(202)), "{statuses:?}");

    // Without `downloads`, `downloads_url` stays null; without `event_t`, every event comes back.
    let again = client.get_task(GetTaskRequest::new(&task.id)).await.unwrap();
    assert_eq!(again.downloads_url, None);
    assert_eq!(again.events.map(|events| events.len()), Some(2));
    assert_eq!(mock.requests("GET", "/task/*").last().unwrap().query, None);
}

#[tokio::test]
async fn get_task_of_an_unknown_task_is_a_404_sent_once() {
    let (mock, client) = start().await;
    let err = client.get_task(GetTaskRequest::new("nope")).await.unwrap_err();
    assert!(matches!(&err, Error::Api { status: 404, .. }), "{err:?}");
    assert_eq!(mock.count("GET", "/task/*"), 1);
}

#[tokio::test]
async fn cancel_task_deletes_the_task() {
    let (mock, client) = start().await;
    mock.script_next_task(TaskScript::new().never_finish());
    let task = client.submit_task(TaskRequest::new("Run forever")).await.unwrap();
    assert!(client.cancel_task(CancelTaskRequest::new(&task.id)).await.unwrap());

    let sent = only(&mock, "DELETE", "/task/*");
    assert_eq!(line(&sent), ("DELETE", format!("/api/v1/task/{}", task.id).as_str(), None));
    assert_headers(&mock, &sent, None);
    assert_eq!(mock.task_status(&task.id), Some(smooth_mock::TaskStatus::Cancelled));
    let cancelled = client.get_task(GetTaskRequest::new(&task.id).downloads(true)).await.unwrap();
    assert_eq!(cancelled.status, TaskStatus::Cancelled);
    assert_eq!(cancelled.downloads_url.as_deref(), Some(""), "a cancelled task downloaded nothing");
}

#[tokio::test]
async fn send_task_event_posts_the_event_without_the_task_id() {
    let (mock, client) = start().await;
    let session = client.submit_task(TaskRequest::session()).await.unwrap();
    let payload = json!({"name": "goto", "input": {"url": "https://example.com"}});
    let event = TaskEvent::new(&session.id, "browser_action", payload.clone()).id("a-1");
    let answer = client.send_task_event(event).await.unwrap();
    assert_eq!(answer.id, "a-1", "the client's event id is echoed");

    let sent = only(&mock, "POST", "/task/*/event");
    assert_eq!(line(&sent), ("POST", format!("/api/v1/task/{}/event", session.id).as_str(), None));
    assert_headers(&mock, &sent, Some("application/json"));
    assert_eq!(sent.json(), Some(&json!({"name": "browser_action", "payload": payload, "id": "a-1"})));

    // Without an id the service chooses one.
    let answer = client.send_task_event(TaskEvent::new(&session.id, "browser_action", payload.clone())).await.unwrap();
    assert!(!answer.id.is_empty() && answer.id != "a-1", "{answer:?}");
    let sent = mock.requests("POST", "/task/*/event");
    assert_eq!(sent[1].json(), Some(&json!({"name": "browser_action", "payload": payload})));

    assert!(client.cancel_task(CancelTaskRequest::new(&session.id)).await.unwrap());
}

#[tokio::test]
async fn create_profile_posts_the_id_or_an_empty_object_and_a_duplicate_is_a_409() {
    let (mock, client) = start().await;
    assert_eq!(client.create_profile(ProfileRequest::with_id("shopping")).await.unwrap().id, "shopping");
    let chosen = client.create_profile(ProfileRequest::new()).await.unwrap().id;
    assert!(!chosen.is_empty() && chosen != "shopping", "{chosen:?}");

    let sent = mock.requests("POST", "/profile");
    assert_eq!(line(&sent[0]), ("POST", "/api/v1/profile", None));
    assert_headers(&mock, &sent[0], Some("application/json"));
    assert_eq!(sent[0].json(), Some(&json!({"id": "shopping"})));
    assert_eq!(sent[1].json(), Some(&json!({})), "no id: the service chooses one");

    let err = client.create_profile(ProfileRequest::with_id("shopping")).await.unwrap_err();
    assert!(is_api_error(&err, 409, "Profile 'shopping' already exists"), "{err:?}");
    assert_eq!(mock.count("POST", "/profile"), 3, "a 409 is final");
}

#[tokio::test]
async fn list_profiles_decodes_the_cookie_summary() {
    let (mock, client) = start().await;
    assert!(client.list_profiles(ListProfilesRequest::new()).await.unwrap().is_empty());
    client.create_profile(ProfileRequest::with_id("fresh")).await.unwrap();

    // A task that used a profile saves its cookies when it ends.
    mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(10)));
    let task =
        client.submit_task(TaskRequest::new("Shop").profile_id("used").url("https://www.shop.example.com/")).await;
    wait_finished(&client, &task.unwrap().id).await;

    let profiles = client.list_profiles(ListProfilesRequest::new()).await.unwrap();
    assert_eq!(profiles.iter().map(|profile| profile.id.as_str()).collect::<Vec<_>>(), vec!["fresh", "used"]);
    assert_eq!(profiles[0].cookie_domains.as_deref(), Some(&[][..]));
    assert_eq!(profiles[0].cookie_count, Some(0));
    assert_eq!(profiles[0].profile_size_bytes, Some(0));
    assert_eq!(profiles[0].last_saved_at, None, "never saved: null");
    assert_eq!(profiles[1].cookie_domains.as_deref(), Some(&["example.com".to_owned()][..]));
    assert_eq!(profiles[1].cookie_count, Some(3));
    assert_eq!(profiles[1].profile_size_bytes, Some(1536));
    assert!(profiles[1].last_saved_at.as_ref().is_some_and(serde_json::Value::is_u64), "{:?}", profiles[1]);

    let sent = mock.requests("GET", "/profile");
    assert_eq!(line(&sent[0]), ("GET", "/api/v1/profile", None));
    assert_headers(&mock, &sent[0], None);
}

#[tokio::test]
async fn delete_profile_deletes_the_profile_and_a_second_delete_is_a_404() {
    let (mock, client) = start().await;
    client.create_profile(ProfileRequest::with_id("p-1")).await.unwrap();
    assert!(client.delete_profile(DeleteProfileRequest::new("p-1")).await.unwrap());

    let sent = only(&mock, "DELETE", "/profile/*");
    assert_eq!(line(&sent), ("DELETE", "/api/v1/profile/p-1", None));
    assert_headers(&mock, &sent, None);
    assert!(client.list_profiles(ListProfilesRequest::new()).await.unwrap().is_empty(), "it is gone");

    let err = client.delete_profile(DeleteProfileRequest::new("p-1")).await.unwrap_err();
    assert!(is_api_error(&err, 404, "Profile not found"), "{err:?}");
    assert_eq!(mock.count("DELETE", "/profile/*"), 2, "a 404 is final");
}

#[tokio::test]
async fn a_path_parameter_stays_one_segment() {
    let (mock, client) = start().await;
    client.create_profile(ProfileRequest::with_id("../task/x")).await.unwrap();
    assert!(client.delete_profile(DeleteProfileRequest::new("../task/x")).await.unwrap(), "the mock found it");
    let err = client.delete_file(DeleteFileRequest::new("a/../b?x#y")).await.unwrap_err();
    assert!(is_api_error(&err, 404, "File not found"), "routed to DELETE /file/{{id}}: {err:?}");

    assert_eq!(line(&only(&mock, "DELETE", "/profile/*")), ("DELETE", "/api/v1/profile/..%2Ftask%2Fx", None));
    assert_eq!(line(&only(&mock, "DELETE", "/file/*")), ("DELETE", "/api/v1/file/a%2F..%2Fb%3Fx%23y", None));
    assert!(client.list_profiles(ListProfilesRequest::new()).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_refused_before_sending() {
    let (mock, client) = start().await;
    for bad in ["", " ", ".", ".."] {
        let err = client.delete_profile(DeleteProfileRequest::new(bad)).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "profile_id"), "{bad:?}: {err:?}");
    }
    assert!(mock.journal().is_empty(), "{:#?}", mock.journal());
}

#[tokio::test]
async fn upload_file_sends_a_multipart_form_with_the_file_name_and_purpose() {
    let (mock, client) = start().await;
    let file = FilePart::bytes(b"hello, smooth".to_vec(), "notes.txt");
    let uploaded = client.upload_file(UploadFileRequest::new(file).purpose("reference")).await.unwrap();

    let stored = mock.uploaded_files();
    assert_eq!(stored.len(), 1);
    assert_eq!(uploaded.id, stored[0].id);
    assert_eq!(stored[0].file_name.as_deref(), Some("notes.txt"));
    assert_eq!(stored[0].purpose.as_deref(), Some("reference"));
    assert_eq!(stored[0].size, 13);

    let sent = only(&mock, "POST", "/file");
    assert_eq!(line(&sent), ("POST", "/api/v1/file", None));
    assert_headers(&mock, &sent, Some("multipart/form-data; boundary="));
    assert_eq!(parts(&sent).len(), 2, "{sent:#?}");
    let file = part(&sent, "file").unwrap();
    assert_eq!((file.filename.as_deref(), file.size), (Some("notes.txt"), 13));
    let purpose = part(&sent, "file_purpose").unwrap();
    assert_eq!((purpose.filename.as_deref(), purpose.text.as_deref()), (None, Some("reference")));
}

#[tokio::test]
async fn upload_file_streams_a_file_from_disk_and_refuses_a_missing_one() {
    let (mock, client) = start().await;
    let dir = std::env::temp_dir().join(format!("smooth-tests-mock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let uploaded = client.upload_file(UploadFileRequest::new(FilePart::path(&path))).await.unwrap();

    let sent = only(&mock, "POST", "/file");
    assert_headers(&mock, &sent, Some("multipart/form-data; boundary="));
    let file = part(&sent, "file").unwrap();
    assert_eq!((file.filename.as_deref(), file.size), (Some("report.csv"), 8));
    assert!(part(&sent, "file_purpose").is_none(), "an absent purpose is not sent: {sent:#?}");
    let stored = mock.uploaded_files();
    assert_eq!((stored[0].id.as_str(), stored[0].purpose.as_deref()), (uploaded.id.as_str(), None));

    let err = client.upload_file(UploadFileRequest::new(FilePart::path(dir.join("missing.csv")))).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(mock.journal().len(), 1, "nothing was sent for the missing file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn upload_file_streams_a_reader() {
    let (mock, client) = start().await;
    let content = vec![7_u8; 70_000];
    let reader = std::io::Cursor::new(content.clone());
    let file = FilePart::reader(reader, "stream.bin");
    let uploaded = client.upload_file(UploadFileRequest::new(file).purpose("data")).await.unwrap();

    let sent = only(&mock, "POST", "/file");
    assert_headers(&mock, &sent, Some("multipart/form-data; boundary="));
    let file = part(&sent, "file").unwrap();
    assert_eq!((file.filename.as_deref(), file.size), (Some("stream.bin"), content.len()));
    assert_eq!(part(&sent, "file_purpose").and_then(|part| part.text.as_deref()), Some("data"));
    let stored = mock.uploaded_files();
    assert_eq!(stored[0].id, uploaded.id);
    assert_eq!((stored[0].file_name.as_deref(), stored[0].size), (Some("stream.bin"), content.len()));
}

#[tokio::test]
async fn delete_file_deletes_the_file_and_a_second_delete_is_a_404() {
    let (mock, client) = start().await;
    let id = client.upload_file(UploadFileRequest::new(FilePart::bytes(&b"x"[..], "x.txt"))).await.unwrap().id;
    assert!(client.delete_file(DeleteFileRequest::new(&id)).await.unwrap());
    assert!(mock.uploaded_files().is_empty(), "it is gone");

    let sent = only(&mock, "DELETE", "/file/*");
    assert_eq!(line(&sent), ("DELETE", format!("/api/v1/file/{id}").as_str(), None));
    assert_headers(&mock, &sent, None);

    let err = client.delete_file(DeleteFileRequest::new(&id)).await.unwrap_err();
    assert!(is_api_error(&err, 404, "File not found"), "{err:?}");
    assert_eq!(mock.count("DELETE", "/file/*"), 2);
}

#[tokio::test]
async fn upload_extension_sends_a_zip_and_refuses_anything_else() {
    let (mock, client) = start().await;
    let zip = FilePart::bytes(b"PK\x03\x04".to_vec(), "adblock.zip").with_mime("application/zip");
    let id = client.upload_extension(UploadExtensionRequest::new(zip)).await.unwrap().id;
    assert!(!id.is_empty());

    let sent = only(&mock, "POST", "/extension");
    assert_eq!(line(&sent), ("POST", "/api/v1/extension", None));
    assert_headers(&mock, &sent, Some("multipart/form-data; boundary="));
    assert_eq!(parts(&sent).len(), 1, "{sent:#?}");
    let file = part(&sent, "file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("adblock.zip"));
    assert_eq!(file.content_type.as_deref(), Some("application/zip"));
    assert_eq!(file.size, 4);

    let not_zip = FilePart::bytes(b"x".to_vec(), "adblock.crx");
    let err = client.upload_extension(UploadExtensionRequest::new(not_zip)).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "file"), "{err:?}");
    assert_eq!(mock.journal().len(), 1, "refused before sending");
}

#[tokio::test]
async fn list_extensions_decodes_the_list() {
    let (mock, client) = start().await;
    assert!(client.list_extensions(ListExtensionsRequest::new()).await.unwrap().is_empty());
    let zip = FilePart::bytes(b"PK\x03\x04".to_vec(), "adblock.zip");
    let id = client.upload_extension(UploadExtensionRequest::new(zip)).await.unwrap().id;

    let extensions = client.list_extensions(ListExtensionsRequest::new()).await.unwrap();
    assert_eq!(extensions.len(), 1);
    assert_eq!((extensions[0].id.as_str(), extensions[0].file_name.as_str()), (id.as_str(), "adblock.zip"));
    assert!(extensions[0].creation_time > 1_700_000_000, "{extensions:?}");

    let sent = mock.requests("GET", "/extension");
    assert_eq!(sent.len(), 2);
    assert_eq!(line(&sent[1]), ("GET", "/api/v1/extension", None));
    assert_headers(&mock, &sent[1], None);
}

#[tokio::test]
async fn delete_extension_uses_the_path_of_the_official_sdks() {
    let (mock, client) = start().await;
    let zip = FilePart::bytes(b"PK\x03\x04".to_vec(), "adblock.zip");
    let id = client.upload_extension(UploadExtensionRequest::new(zip)).await.unwrap().id;
    assert!(client.delete_extension(DeleteExtensionRequest::new(&id)).await.unwrap());
    assert!(client.list_extensions(ListExtensionsRequest::new()).await.unwrap().is_empty(), "it is gone");

    let sent = only(&mock, "DELETE", "/extension/*");
    assert_eq!(line(&sent), ("DELETE", format!("/api/v1/extension/{id}").as_str(), None));
    assert_headers(&mock, &sent, None);

    let err = client.delete_extension(DeleteExtensionRequest::new(&id)).await.unwrap_err();
    assert!(is_api_error(&err, 404, "Extension not found"), "{err:?}");
}

#[tokio::test]
#[allow(deprecated)]
async fn open_and_close_browser_session_use_the_legacy_paths() {
    let (mock, client) = start().await;
    let request = BrowserSessionRequest::new().profile_id("p-1").url("https://a.com");
    let session = client.open_browser_session(request).await.unwrap();
    assert_eq!(session.profile_id, "p-1");
    let live_id = session.live_id.clone().unwrap();
    assert!(session.live_url.as_deref().is_some_and(|url| url.ends_with(&format!("/mock/live/{live_id}"))));
    let profiles = client.list_profiles(ListProfilesRequest::new()).await.unwrap();
    assert_eq!(profiles.iter().map(|profile| profile.id.as_str()).collect::<Vec<_>>(), vec!["p-1"]);

    let sent = only(&mock, "POST", "/browser/session");
    assert_eq!(line(&sent), ("POST", "/api/v1/browser/session", None));
    assert_headers(&mock, &sent, Some("application/json"));
    assert_eq!(
        sent.json(),
        Some(&json!({"profile_id": "p-1", "live_view": true, "device": "desktop", "url": "https://a.com"}))
    );

    let answer = client.close_browser_session(CloseBrowserSessionRequest::new(&live_id)).await.unwrap();
    assert_eq!(answer, json!(true));
    let sent = only(&mock, "DELETE", "/browser/session/*");
    assert_eq!(line(&sent), ("DELETE", format!("/api/v1/browser/session/{live_id}").as_str(), None));
    assert_headers(&mock, &sent, None);

    let err = client.close_browser_session(CloseBrowserSessionRequest::new(&live_id)).await.unwrap_err();
    assert!(is_api_error(&err, 404, "Browser session not found"), "{err:?}");
}

#[tokio::test]
#[allow(deprecated)]
async fn update_task_puts_the_tool_response() {
    let (mock, client) = start().await;
    mock.script_next_task(TaskScript::new().call_tool("lookup", json!({"query": "rust"})));
    let task = client.submit_task(TaskRequest::new("Look it up")).await.unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    let call = loop {
        let answer = client.get_task(GetTaskRequest::new(&task.id)).await.unwrap();
        if let Some(call) = answer.events.unwrap_or_default().into_iter().find(|event| event.name == "tool_call") {
            break call;
        }
        assert!(Instant::now() < deadline, "no tool call yet");
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert_eq!(call.payload, json!({"name": "lookup", "input": {"query": "rust"}}));
    let call_id = call.id.unwrap();

    let request = UpdateTaskRequest::new(task.id.clone(), ToolResponse::new(call_id.clone(), 200, json!("found")));
    assert_eq!(client.update_task(request).await.unwrap(), json!(true));

    let sent = only(&mock, "PUT", "/task/*");
    assert_eq!(line(&sent), ("PUT", format!("/api/v1/task/{}", task.id).as_str(), None));
    assert_headers(&mock, &sent, Some("application/json"));
    assert_eq!(sent.json(), Some(&json!({"tool_response": {"id": call_id, "code": 200, "output": "found"}})));

    let done = wait_finished(&client, &task.id).await;
    assert_eq!(done.status, TaskStatus::Done);
    let output = done.output.unwrap();
    assert!(output.as_str().is_some_and(|text| text.contains("Tool lookup answered 200")), "{output}");
}

#[tokio::test]
async fn a_wrong_key_is_a_403_sent_once() {
    let mock = MockServer::start().await.unwrap();
    let client = test_client_builder(&mock.base_url(), "cmzr-wrong-key").build().unwrap();
    let err = client.list_profiles(ListProfilesRequest::new()).await.unwrap_err();
    assert!(is_api_error(&err, 403, "Invalid API key"), "{err:?}");
    let sent = only(&mock, "GET", "/profile");
    assert_eq!(sent.header("apikey"), Some("cmzr-wrong-key"));
    assert_eq!(sent.status, Some(403));
}

#[tokio::test]
async fn the_generic_send_works_for_every_endpoint() {
    let (mock, client) = start().await;
    mock.script_next_task(TaskScript::new().run_for(Duration::from_millis(10)).fail("boom"));
    let id = client.submit_task(TaskRequest::new("Fail")).await.unwrap().id;
    let deadline = Instant::now() + Duration::from_secs(10);
    let task = loop {
        let task = client.get_task(GetTaskRequest::new(&id)).await.unwrap();
        if task.status.is_finished() {
            break task;
        }
        assert!(Instant::now() < deadline, "still {:?}", task.status);
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert_eq!(task.status, TaskStatus::Failed);
    assert_eq!(task.output, Some(json!("boom")));
    assert!(mock.requests("GET", "/task/*").iter().all(|entry| entry.path == format!("/api/v1/task/{id}")));
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let mock = MockServer::start().await.unwrap();
    let builder = test_client_builder(&mock.base_url(), mock.api_key());
    let client = builder.clone().build().unwrap();
    let debug = format!("{client:?} {builder:?}");
    assert!(!debug.contains(mock.api_key()), "{debug}");
}
