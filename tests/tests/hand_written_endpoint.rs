//! The `Endpoint` trait is the contract and the macro only sugar: an endpoint written by
//! hand, without `#[smooth_endpoint]`, is sent by `SmoothClient::send` like any other.

use serde::Deserialize;
use serde_json::json;
use smooth_client::api::browser::BrowserSessionRequest;
use smooth_client::api::task::GetTaskRequest;
use smooth_client::{Deprecation, Endpoint, EndpointRequest, Error, Method, RequestBody};
use smooth_tests::{Reply, TestServer};

/// `POST /task/{task_id}/note?pin=true`: an operation smooth-client does not wrap, written
/// out by hand.
struct AddNote {
    task_id: String,
    pin: bool,
    text: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Note {
    id: u32,
    text: String,
}

impl Endpoint for AddNote {
    type Response = Note;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/task/{task_id}/note";
    const DEPRECATION: Option<Deprecation> = Some(Deprecation::with_note("notes are going away"));

    fn into_request(self) -> Result<EndpointRequest, Error> {
        if self.text.is_empty() {
            return Err(Error::InvalidInput { field: "text".into(), reason: "must not be empty".into() });
        }
        // By hand, the path parameter must be encoded by hand too.
        let task_id: String = self
            .task_id
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let body = serde_json::to_vec(&json!({ "text": self.text }))
            .map_err(|err| Error::InvalidInput { field: "body".into(), reason: err.to_string() })?;
        Ok(EndpointRequest::new(
            Self::METHOD,
            format!("/task/{task_id}/note"),
            Some(format!("pin={}", self.pin)),
            RequestBody::Json(body),
        ))
    }
}

#[tokio::test]
async fn a_hand_written_endpoint_is_sent_by_send() {
    let server = TestServer::replying(Reply::ok(json!({"id": 7, "text": "remember the milk"}))).await;
    let note = AddNote { task_id: "t 1/2".into(), pin: true, text: "remember the milk".into() };
    let answer = server.client().send(note).await.unwrap();
    assert_eq!(answer, Note { id: 7, text: "remember the milk".into() });

    let sent = server.only_request();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/api/v1/task/t%201%2F2/note");
    assert_eq!(sent.query.as_deref(), Some("pin=true"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("apikey"), Some(smooth_tests::TEST_KEY));
    assert_eq!(sent.json(), json!({"text": "remember the milk"}));
}

#[tokio::test]
async fn a_hand_written_endpoint_can_refuse_its_input() {
    let server = TestServer::replying(Reply::ok(json!({"id": 1, "text": ""}))).await;
    let err = server.client().send(AddNote { task_id: "t".into(), pin: false, text: String::new() }).await;
    assert!(matches!(err, Err(Error::InvalidInput { .. })));
    assert_eq!(server.hits(), 0);
}

#[test]
fn endpoint_data_is_readable_by_tools() {
    assert_eq!(AddNote::DEPRECATION.and_then(|d| d.note()), Some("notes are going away"));
    assert_eq!(<GetTaskRequest as Endpoint>::METHOD, Method::Get);
    assert_eq!(<GetTaskRequest as Endpoint>::PATH, "/task/{task_id}");
    assert_eq!(<GetTaskRequest as Endpoint>::DEPRECATION, None);
    assert_eq!(<BrowserSessionRequest as Endpoint>::METHOD, Method::Post);
    assert_eq!(<BrowserSessionRequest as Endpoint>::PATH, "/browser/session");
    let note = <BrowserSessionRequest as Endpoint>::DEPRECATION.and_then(|d| d.note()).unwrap();
    assert!(note.contains("session task"), "{note}");
}

#[test]
fn a_macro_endpoint_renders_the_same_request_a_hand_written_one_would() {
    let request = GetTaskRequest::new("a/../b?x#y").event_t(5).into_request().unwrap();
    assert_eq!(request.method(), Method::Get);
    assert_eq!(request.path(), "/task/a%2F..%2Fb%3Fx%23y");
    assert_eq!(request.query(), Some("event_t=5"));
    assert!(matches!(request.body(), RequestBody::Empty));
}
