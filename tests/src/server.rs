//! A small HTTP/1.1 server on 127.0.0.1 that records every request and answers from a
//! script. Hand-rolled on a tokio `TcpListener` so a test controls what happens on the
//! wire: a status, a `Retry-After`, a connection closed without an answer, a slow answer.

use smooth_client::{ClientBuilder, SmoothClient};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The API key every test client sends.
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
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Recorded {
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
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running server. Dropping it stops accepting connections.
pub struct TestServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    accept_loop: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server on a free port of 127.0.0.1 that answers with `handler`.
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        Self::serve(listener, handler)
    }

    /// Answers every request with `reply`.
    pub async fn replying(reply: Reply) -> Self {
        Self::start(move |_| reply.clone()).await
    }

    /// Answers the n-th request with the n-th reply; the last one repeats.
    pub async fn sequence(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty(), "a sequence needs at least one reply");
        let next = AtomicUsize::new(0);
        Self::start(move |_| {
            let n = next.fetch_add(1, Ordering::SeqCst);
            replies[n.min(replies.len() - 1)].clone()
        })
        .await
    }

    /// Serves on a listener bound by the caller (e.g. on a port chosen in advance).
    pub fn serve(listener: TcpListener, handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let journal = Arc::clone(&requests);
        let accept_loop = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, Arc::clone(&handler), Arc::clone(&journal)));
            }
        });
        TestServer { addr, requests, accept_loop }
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give the client (`http://127.0.0.1:PORT/api/`); requests then go
    /// to `/api/v1/...`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.requests).clone()
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        lock(&self.requests).len()
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

    /// A client builder aimed at this server: the test key, tiny retry delays, a short
    /// timeout.
    pub fn client_builder(&self) -> ClientBuilder {
        test_client_builder(&self.base_url())
    }

    /// A client aimed at this server with the settings of [`TestServer::client_builder`].
    pub fn client(&self) -> SmoothClient {
        self.client_builder().build().expect("test client")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

/// The builder settings of every test client, for a server at `base_url`.
pub fn test_client_builder(base_url: &str) -> ClientBuilder {
    SmoothClient::builder()
        .api_key(TEST_KEY)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .retries(3)
        .retry_base_delay(Duration::from_millis(2))
        .retry_max_delay(Duration::from_millis(50))
}

fn lock(requests: &Mutex<Vec<Recorded>>) -> MutexGuard<'_, Vec<Recorded>> {
    requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn serve_connection(stream: TcpStream, handler: Arc<Handler>, journal: Arc<Mutex<Vec<Recorded>>>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let Some((request, close)) = read_request(&mut reader).await else { return };
        lock(&journal).push(request.clone());
        let mut reply = handler(&request);
        while let Reply::Delayed(delay, inner) = reply {
            tokio::time::sleep(delay).await;
            reply = *inner;
        }
        let Reply::Respond { status, headers, body } = reply else {
            // Closing both halves drops the connection without a byte of answer.
            return;
        };
        let mut head = format!("HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n", reason(status), body.len());
        for (name, value) in &headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if close {
            head.push_str("connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&body);
        if write.write_all(&bytes).await.is_err() || close {
            return;
        }
    }
}

/// Reads one request; `None` at end of stream or on garbage. The flag says the client
/// asked to close the connection afterwards.
async fn read_request<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<(Recorded, bool)> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    };
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let body = if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        read_chunked(reader).await?
    } else {
        let length: usize = header("content-length").map(|v| v.parse().ok()).unwrap_or(Some(0))?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await.ok()?;
        body
    };
    let close = header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    Some((Recorded { method, path, query, headers, body }, close))
}

async fn read_chunked<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await.ok()?;
        let size = usize::from_str_radix(line.trim().split(';').next()?, 16).ok()?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                line.clear();
                reader.read_line(&mut line).await.ok()?;
                if line.trim().is_empty() {
                    return Some(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await.ok()?;
        line.clear();
        reader.read_line(&mut line).await.ok()?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
