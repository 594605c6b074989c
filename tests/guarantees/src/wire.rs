//! A small HTTP/1.1 server on a raw socket, for the claims that need full control of the
//! bytes on the wire: a connection closed before or during an answer, an answer that never
//! comes, an endless body, a redirect to a second server that records headers.
//!
//! It answers like a minimal Smooth service (one canned `{"r": …}` per operation) unless a
//! scripted [`Reply`] is queued for the next requests matching a method and path, and it
//! journals every request it read completely.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent, still percent-encoded, e.g. `/api/v1/profile/..%2Ftask%2Fx`.
    pub path: String,
    /// The raw query string.
    pub query: Option<String>,
    /// Every header, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// Whether a scripted reply (a fault) answered it instead of the canned service.
    pub scripted: bool,
}

impl Recorded {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The whole request as text (head and body), to search it for strings.
    pub fn as_text(&self) -> String {
        let mut text = format!("{} {}?{}\n", self.method, self.path, self.query.as_deref().unwrap_or_default());
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push_str(&String::from_utf8_lossy(&self.body));
        text
    }
}

/// What the server does with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete answer.
    Answer {
        /// The status code.
        status: u16,
        /// Extra headers (`content-length` is added).
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Close the connection without answering anything.
    Close,
    /// Send a `200` head announcing a body, half of it, then close.
    CloseMidBody,
    /// Never answer; keep the connection open.
    Stall,
    /// A chunked body that never ends (until the client goes away).
    Endless {
        /// The status code.
        status: u16,
    },
    /// A head announcing `content_length` bytes, then an endless stream of them.
    Declared {
        /// The status code.
        status: u16,
        /// The announced length.
        content_length: u64,
    },
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply::Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// An answer with a raw body and content type.
    pub fn raw(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Answer {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header to an [`Reply::Answer`].
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Answer { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

struct Scripted {
    method: String,
    pattern: String,
    remaining: usize,
    reply: Reply,
}

struct State {
    journal: Mutex<Vec<Recorded>>,
    script: Mutex<VecDeque<Scripted>>,
    handler: Box<Handler>,
    bytes_streamed: AtomicU64,
}

/// The server; it stops (closing every connection) when dropped.
pub struct WireServer {
    addr: SocketAddr,
    state: Arc<State>,
    _connections: tokio::task::JoinHandle<()>,
}

impl Drop for WireServer {
    fn drop(&mut self) {
        self._connections.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl WireServer {
    /// A server answering like a minimal Smooth service, on a free loopback port.
    pub async fn start() -> WireServer {
        Self::start_with(canned).await
    }

    /// A server answering every unscripted request with `handler`.
    pub async fn start_with(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> WireServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        Self::serve(listener, Box::new(handler))
    }

    /// A canned server on a given port (to bring up a server where a client found none).
    pub async fn start_on(port: u16) -> WireServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind the given port");
        Self::serve(listener, Box::new(canned))
    }

    /// A loopback port nothing listens on (connections to it are refused).
    pub async fn unused_port() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        listener.local_addr().expect("local address").port()
    }

    fn serve(listener: TcpListener, handler: Box<Handler>) -> WireServer {
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            journal: Mutex::new(Vec::new()),
            script: Mutex::new(VecDeque::new()),
            handler,
            bytes_streamed: AtomicU64::new(0),
        });
        let accept_state = Arc::clone(&state);
        let connections = tokio::spawn(async move {
            let mut tasks = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                tasks.spawn(connection(stream, Arc::clone(&accept_state)));
                while tasks.try_join_next().is_some() {}
            }
        });
        WireServer { addr, state, _connections: connections }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:4321/api/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// Answers the next `times` requests matching `method` (`*` for any) and `pattern`
    /// with `reply`. Patterns are relative to `/api/v1`; `*` matches one segment.
    pub fn script(&self, method: &str, pattern: &str, times: usize, reply: Reply) {
        lock(&self.state.script).push_back(Scripted {
            method: method.to_owned(),
            pattern: pattern.to_owned(),
            remaining: times,
            reply,
        });
    }

    /// Every request read so far.
    pub fn journal(&self) -> Vec<Recorded> {
        lock(&self.state.journal).clone()
    }

    /// How many requests matched `method` and `pattern`.
    pub fn count(&self, method: &str, pattern: &str) -> usize {
        lock(&self.state.journal).iter().filter(|r| matches(method, pattern, &r.method, &r.path)).count()
    }

    /// Bytes written by [`Reply::Endless`] and [`Reply::Declared`] bodies.
    pub fn bytes_streamed(&self) -> u64 {
        self.state.bytes_streamed.load(Ordering::SeqCst)
    }
}

/// Whether a request matches a method and a path pattern relative to `/api/v1`.
pub fn matches(method_pattern: &str, pattern: &str, method: &str, path: &str) -> bool {
    if method_pattern != "*" && !method_pattern.eq_ignore_ascii_case(method) {
        return false;
    }
    let Some(relative) = path.strip_prefix("/api/v1") else { return false };
    let want: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let got: Vec<&str> = relative.split('/').filter(|s| !s.is_empty()).collect();
    want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| *w == "*" || w == g)
}

/// The answers of a minimal Smooth service.
pub fn canned(request: &Recorded) -> Reply {
    let relative = request.path.strip_prefix("/api/v1").unwrap_or(&request.path);
    let segments: Vec<&str> = relative.split('/').filter(|s| !s.is_empty()).collect();
    let ok = |value: Value| Reply::json(200, &json!({ "r": value }));
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", ["task"]) => ok(json!({"id": "task-1", "status": "waiting"})),
        ("GET", ["task"]) => ok(json!([{"id": "task-1", "status": "done"}])),
        ("GET", ["task", id]) => ok(json!({"id": id, "status": "done", "output": "ok", "events": []})),
        ("DELETE", ["task", _]) | ("DELETE", ["file", _]) | ("DELETE", ["profile", _]) => ok(json!(true)),
        ("DELETE", ["extension", _]) => ok(json!(true)),
        ("POST", ["task", _, "event"]) => {
            let id = request.json().and_then(|body| body.get("id").cloned()).unwrap_or(json!("event-1"));
            ok(json!({ "id": id }))
        }
        ("POST", ["file"]) => ok(json!({"id": "file-1"})),
        ("POST", ["extension"]) => ok(json!({"id": "extension-1"})),
        ("GET", ["extension"]) => ok(json!([])),
        ("GET", ["profile"]) => ok(json!([])),
        ("POST", ["profile"]) => ok(json!({"id": "profile-1"})),
        _ => Reply::json(404, &json!({"detail": "Not Found"})),
    }
}

async fn connection(stream: TcpStream, state: Arc<State>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let Some(request) = read_request(&mut read).await else { return };
        let scripted = {
            let mut script = lock(&state.script);
            let index = script
                .iter()
                .position(|s| s.remaining > 0 && matches(&s.method, &s.pattern, &request.method, &request.path));
            index.and_then(|index| {
                let entry = script.get_mut(index)?;
                entry.remaining -= 1;
                let reply = entry.reply.clone();
                if entry.remaining == 0 {
                    script.remove(index);
                }
                Some(reply)
            })
        };
        let mut request = request;
        request.scripted = scripted.is_some();
        let reply = scripted.unwrap_or_else(|| (state.handler)(&request));
        lock(&state.journal).push(request);
        let keep_open = match reply {
            Reply::Answer { status, headers, body } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n", reason(status), body.len());
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                write.write_all(head.as_bytes()).await.is_ok() && write.write_all(&body).await.is_ok()
            }
            Reply::Close => false,
            Reply::CloseMidBody => {
                let body = br#"{"r": {"id": "task-1", "status": "waiting", "output": null, "events": []}}"#;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let _ = write.write_all(head.as_bytes()).await;
                let _ = write.write_all(&body[..body.len() / 2]).await;
                let _ = write.flush().await;
                false
            }
            Reply::Stall => {
                // Hold the connection until the client gives up (reading sees its close).
                let mut sink = [0u8; 1024];
                while matches!(read.read(&mut sink).await, Ok(n) if n > 0) {}
                false
            }
            Reply::Endless { status } => {
                let head = format!("HTTP/1.1 {status} {}\r\ntransfer-encoding: chunked\r\n\r\n", reason(status));
                if write.write_all(head.as_bytes()).await.is_ok() {
                    let chunk = vec![b'x'; 64 * 1024];
                    let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
                    while write.write_all(&framed).await.is_ok() {
                        state.bytes_streamed.fetch_add(64 * 1024, Ordering::SeqCst);
                    }
                }
                false
            }
            Reply::Declared { status, content_length } => {
                let head = format!("HTTP/1.1 {status} {}\r\ncontent-length: {content_length}\r\n\r\n", reason(status));
                if write.write_all(head.as_bytes()).await.is_ok() {
                    let chunk = vec![b'x'; 64 * 1024];
                    let mut left = content_length;
                    while left > 0 {
                        let n = left.min(chunk.len() as u64);
                        if write.write_all(&chunk[..n as usize]).await.is_err() {
                            break;
                        }
                        state.bytes_streamed.fetch_add(n, Ordering::SeqCst);
                        left -= n;
                    }
                }
                false
            }
        };
        if !keep_open {
            let _ = write.shutdown().await;
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

async fn read_line<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<String> {
    let mut line = Vec::new();
    loop {
        let byte = read.read_u8().await.ok()?;
        if byte == b'\n' {
            break;
        }
        line.push(byte);
        if line.len() > 64 * 1024 {
            return None;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).ok()
}

async fn read_request<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<Recorded> {
    let request_line = read_line(read).await?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(read).await?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let header = |name: &str| headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked")) {
        loop {
            let size_line = read_line(read).await?;
            let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
            if size == 0 {
                // Trailers end with an empty line.
                while !read_line(read).await?.is_empty() {}
                break;
            }
            let mut chunk = vec![0; size];
            read.read_exact(&mut chunk).await.ok()?;
            body.extend_from_slice(&chunk);
            read_line(read).await?;
        }
    } else if let Some(length) = header("content-length") {
        let length: usize = length.parse().ok()?;
        body = vec![0; length];
        read.read_exact(&mut body).await.ok()?;
    }
    Some(Recorded { method, path, query, headers, body, scripted: false })
}

/// `Retry-After` as an HTTP date `seconds` from now.
pub fn http_date_in(seconds: u64) -> String {
    httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(seconds))
}
