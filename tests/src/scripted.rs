//! Answers the real service could give but `smooth-mock`'s simulation never does (a
//! particular error body, a `Retry-After` on a 503, a task in an odd state), scripted on
//! smooth-mock: each [`Reply`] becomes a [`Fault`] the mock answers with, and what arrived
//! is read back from the mock's journal as [`Recorded`] requests.

use smooth_client::{ClientBuilder, SmoothClient};
use smooth_mock::{Fault, JournalBody, JournalEntry, MockServer};
use std::net::SocketAddr;
use std::time::Duration;

use crate::test_client::test_client_builder;

/// The API key every scripted test client sends (and the mock expects).
pub const TEST_KEY: &str = "cmzr-test-key";

/// The `User-Agent` the SDK must send: its name and the workspace version.
pub const EXPECTED_USER_AGENT: &str = concat!("smooth-rust-sdk/", env!("CARGO_PKG_VERSION"));

/// One request as it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target up to `?`, exactly as sent (still percent-encoded).
    pub path: String,
    /// The raw query string without `?`, if the target had one.
    pub query: Option<String>,
    /// Header names in lower case, values as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The body: JSON re-serialized compactly, text as sent, nothing for other kinds.
    pub body: Vec<u8>,
}

impl Recorded {
    fn from_journal(entry: JournalEntry) -> Self {
        let body = match &entry.body {
            JournalBody::Json(value) => value.to_string().into_bytes(),
            JournalBody::Text(text) => text.clone().into_bytes(),
            _ => Vec::new(),
        };
        Recorded { method: entry.method, path: entry.path, query: entry.query, headers: entry.headers, body }
    }

    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    /// When the body is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("body is not JSON ({err}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How the server answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An HTTP answer.
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers (`content-length` is added).
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Reads the request, then closes the connection without answering.
    Drop,
    /// Waits, then gives the inner reply.
    Delayed(Duration, Box<Reply>),
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// 200 with the success envelope `{"r": payload}`.
    pub fn ok(payload: serde_json::Value) -> Self {
        Reply::json(200, serde_json::json!({ "r": payload }))
    }

    /// `status` with `{"detail": detail}`.
    pub fn detail(status: u16, detail: serde_json::Value) -> Self {
        Reply::json(status, serde_json::json!({ "detail": detail }))
    }

    /// `status` with a body of another content type (HTML, plain text, nothing).
    pub fn raw(status: u16, content_type: &str, body: &str) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header to an answer.
    pub fn with_header(self, name: &str, value: &str) -> Self {
        match self {
            Reply::Respond { status, mut headers, body } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Respond { status, headers, body }
            }
            Reply::Delayed(delay, inner) => Reply::Delayed(delay, Box::new(inner.with_header(name, value))),
            Reply::Drop => Reply::Drop,
        }
    }

    /// The same reply after `delay`.
    pub fn after(self, delay: Duration) -> Self {
        Reply::Delayed(delay, Box::new(self))
    }

    /// The mock fault that gives this reply.
    fn into_fault(self) -> Fault {
        match self {
            Reply::Respond { status, headers, body } => Fault::raw_bytes(http_answer(status, &headers, &body)),
            Reply::Drop => Fault::drop_connection(),
            Reply::Delayed(delay, inner) => inner.into_fault().after(delay),
        }
    }
}

/// A complete HTTP/1.1 answer; the mock closes the connection after it.
fn http_answer(status: u16, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut answer = format!("HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (name, value) in headers {
        answer.push_str(&format!("{name}: {value}\r\n"));
    }
    answer.push_str("\r\n");
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(body);
    answer
}

/// smooth-mock answering every request from a script of [`Reply`]s.
pub struct TestServer {
    mock: MockServer,
}

impl TestServer {
    /// Answers every request with `reply`.
    pub async fn replying(reply: Reply) -> Self {
        Self::sequence(vec![reply]).await
    }

    /// Answers the n-th request with the n-th reply; the last one repeats.
    pub async fn sequence(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty(), "a sequence needs at least one reply");
        let mock = MockServer::builder().api_key(TEST_KEY).start().await.expect("smooth-mock starts");
        let last = replies.len() - 1;
        for (index, reply) in replies.into_iter().enumerate() {
            let times = if index == last { usize::MAX } else { 1 };
            mock.inject(reply.into_fault().times(times));
        }
        TestServer { mock }
    }

    /// The mock underneath.
    pub fn mock(&self) -> &MockServer {
        &self.mock
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.mock.addr()
    }

    /// The base URL to give the client (`http://127.0.0.1:PORT/api/`); requests then go
    /// to `/api/v1/...`.
    pub fn base_url(&self) -> String {
        self.mock.base_url()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.mock.journal().into_iter().map(Recorded::from_journal).collect()
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        self.mock.journal().len()
    }

    /// The one request that arrived.
    ///
    /// # Panics
    /// When there were none or several.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
        requests.into_iter().next().expect("one request")
    }

    /// A client builder aimed at this server: [`test_client_builder`] with [`TEST_KEY`].
    pub fn client_builder(&self) -> ClientBuilder {
        test_client_builder(&self.base_url(), TEST_KEY)
    }

    /// A client aimed at this server with the settings of [`TestServer::client_builder`].
    pub fn client(&self) -> SmoothClient {
        self.client_builder().build().expect("test client")
    }
}
