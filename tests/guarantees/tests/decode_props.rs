//! Property test: any answer body (arbitrary JSON, arbitrary text, JSON cut short), with a
//! success or an error status, read by the SDK's own read path (a real request to a real
//! server, here smooth-mock answering with the body) into every response type gives a
//! value or an error that names the status, never a panic.

use proptest::prelude::*;
use serde_json::{Map, Value};
use smooth_client::prelude::*;
use smooth_client::{Error, SmoothClient};
use smooth_mock::{Fault, MockServer};
/// Field names of the response types, so generated objects reach deep into decoding.
const KEYS: &[&str] = &[
    "r",
    "id",
    "status",
    "output",
    "credits_used",
    "device",
    "live_url",
    "recording_url",
    "downloads_url",
    "created_at",
    "events",
    "name",
    "payload",
    "timestamp",
    "profile_id",
    "live_id",
    "file_name",
    "creation_time",
    "cookie_domains",
    "cookie_count",
    "profile_size_bytes",
    "last_saved_at",
    "detail",
    "loc",
    "msg",
    "type",
    "code",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec!["done", "running", "waiting", "failed", "cancelled", "mobile", "", "ünï"])
            .prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..10).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
            }),
            prop::collection::vec((".{0,8}", inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One mock server and one client (no retries, so each call is one request) per test
/// thread: the properties run in parallel, each with its own faults.
struct Wire {
    runtime: tokio::runtime::Runtime,
    mock: MockServer,
    client: SmoothClient,
}

thread_local! {
    static WIRE: Wire = start_wire();
}

fn start_wire() -> Wire {
    {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("rt");
        let mock = runtime.block_on(MockServer::start()).expect("mock starts");
        let client = SmoothClient::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .retries(0)
            .build()
            .expect("client");
        Wire { runtime, mock, client }
    }
}

/// Checks one call's result: a success answer decodes or is a decode error; any other
/// status is an API error with that status. Formatting either never panics.
fn check<T: std::fmt::Debug>(what: &str, status: u16, result: Result<T, Error>) -> Result<(), TestCaseError> {
    match result {
        Ok(value) => {
            let _ = format!("{value:?}");
            prop_assert!((200..300).contains(&status), "{what}: a {status} answer decoded into {value:?}");
        }
        Err(error) => {
            let _ = (error.to_string(), format!("{error:?}"), error.outcome_unknown());
            if (200..300).contains(&status) {
                prop_assert!(matches!(error, Error::Decode { .. }), "{what}: {error:?}");
            } else {
                prop_assert_eq!(error.status(), Some(status), "{}: {:?}", what, error);
            }
        }
    }
    Ok(())
}

/// Has the mock answer every typed call with `status` and `body`, through the client.
fn read_everywhere(status: u16, body: &str) -> Result<(), TestCaseError> {
    WIRE.with(|wire| read_with(wire, status, body))
}

fn read_with(Wire { runtime, mock, client }: &Wire, status: u16, body: &str) -> Result<(), TestCaseError> {
    mock.clear_faults();
    runtime.block_on(async {
        let answer = |method: &str, path: &str| mock.inject(Fault::answer(status, body).on(method, path));
        answer("GET", "/task/*");
        check("get_task", status, client.get_task(GetTaskRequest::new("t")).await)?;
        answer("POST", "/task");
        check("submit_task", status, client.submit_task(TaskRequest::new("x")).await)?;
        answer("GET", "/task");
        check("list_tasks", status, client.list_tasks(ListTasksRequest::new()).await)?;
        answer("POST", "/task/*/event");
        let event = TaskEvent::new("t", "browser_action", serde_json::json!({})).id("e");
        check("send_task_event", status, client.send_task_event(event).await)?;
        answer("GET", "/profile");
        check("list_profiles", status, client.list_profiles(ListProfilesRequest::new()).await)?;
        answer("GET", "/extension");
        check("list_extensions", status, client.list_extensions(ListExtensionsRequest::new()).await)?;
        answer("DELETE", "/file/*");
        check("delete_file", status, client.delete_file(DeleteFileRequest::new("f")).await)?;
        prop_assert_eq!(mock.pending_faults(), 0, "every call was answered by the body under test");
        Ok(())
    })
}

fn status() -> impl Strategy<Value = u16> {
    prop::sample::select(vec![200u16, 202, 400, 404, 422, 429, 500, 503])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in json(), status in status()) {
        read_everywhere(status, &value.to_string())?;
        read_everywhere(status, &serde_json::json!({"r": value, "detail": value}).to_string())?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}", status in status()) {
        read_everywhere(status, &text)?;
    }

    #[test]
    fn truncated_json_never_panics(value in json(), cut in 0usize..400, status in status()) {
        let text = serde_json::json!({"r": value}).to_string();
        let cut = text.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0);
        read_everywhere(status, &text[..cut])?;
    }
}
