//! The client's limit on requests in flight, over real sockets on 127.0.0.1: a tiny HTTP/1.1
//! server counts the requests it holds open at once.

use smooth_client::SmoothClient;
use smooth_client::api::profile::ListProfilesRequest;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// How a request to the counting server is answered.
#[derive(Clone, Copy)]
enum Answer {
    /// `{"r": []}` after holding the request this long.
    Held(Duration),
    /// At once: 503 to the first request, `{"r": []}` to every other.
    FailFirst,
}

#[derive(Default)]
struct Counts {
    open: AtomicUsize,
    peak: AtomicUsize,
    served: AtomicUsize,
}

/// Starts the server; returns the base URL for the client and its counts.
async fn counting_server(answer: Answer) -> (String, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/api/", listener.local_addr().expect("address"));
    let counts = Arc::new(Counts::default());
    let shared = Arc::clone(&counts);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, Arc::clone(&shared), answer));
        }
    });
    (base, counts)
}

/// Serves one keep-alive connection: bodiless requests, one at a time.
async fn serve(mut stream: TcpStream, counts: Arc<Counts>, answer: Answer) {
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        buffer.drain(..head_end);

        let open = counts.open.fetch_add(1, Ordering::SeqCst) + 1;
        counts.peak.fetch_max(open, Ordering::SeqCst);
        if let Answer::Held(hold) = answer {
            tokio::time::sleep(hold).await;
        }
        let first = counts.served.fetch_add(1, Ordering::SeqCst) == 0;
        let (status, body) = match answer {
            Answer::FailFirst if first => ("503 Service Unavailable", r#"{"detail": "busy"}"#),
            _ => ("200 OK", r#"{"r": []}"#),
        };
        // Stop counting before the answer goes out: the client frees its slot only after
        // reading the answer, so the next request cannot arrive while this one still counts.
        counts.open.fetch_sub(1, Ordering::SeqCst);
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn client(base: &str, limit: Option<usize>) -> SmoothClient {
    let mut builder = SmoothClient::builder().api_key("cmzr-test").base_url(base).retries(0);
    if let Some(limit) = limit {
        builder = builder.max_concurrent_requests(limit);
    }
    builder.build().expect("client")
}

/// Sends `calls` list requests at once, every one from its own tokio task.
async fn burst(client: &SmoothClient, calls: usize) {
    let mut tasks = JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        tasks.spawn(async move { client.send(ListProfilesRequest::new()).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_limit_is_in_flight() {
    let (base, counts) = counting_server(Answer::Held(Duration::from_millis(20))).await;
    let client = client(&base, Some(4));
    assert_eq!(client.max_concurrent_requests(), 4);
    burst(&client, 50).await;
    assert_eq!(counts.served.load(Ordering::SeqCst), 50);
    // Exactly 4: never more, and the limit is used rather than serialising everything.
    assert_eq!(counts.peak.load(Ordering::SeqCst), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_one_limit() {
    let (base, counts) = counting_server(Answer::Held(Duration::from_millis(20))).await;
    let client = client(&base, Some(3));
    let other = client.clone();
    tokio::join!(burst(&client, 20), burst(&other, 20));
    assert_eq!(counts.served.load(Ordering::SeqCst), 40);
    assert_eq!(counts.peak.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_limit_is_100() {
    let (base, counts) = counting_server(Answer::Held(Duration::from_millis(500))).await;
    let client = client(&base, None);
    assert_eq!(client.max_concurrent_requests(), 100);
    burst(&client, 150).await;
    assert_eq!(counts.served.load(Ordering::SeqCst), 150);
    assert_eq!(counts.peak.load(Ordering::SeqCst), 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_slot_is_held_while_waiting_to_retry() {
    let (base, counts) = counting_server(Answer::FailFirst).await;
    // One slot, and a retry delay of 1-2 s (no `Retry-After`: the backoff with jitter).
    let client = SmoothClient::builder()
        .api_key("cmzr-test")
        .base_url(&base)
        .max_concurrent_requests(1)
        .retries(1)
        .retry_base_delay(Duration::from_secs(2))
        .retry_max_delay(Duration::from_secs(2))
        .build()
        .expect("client");
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.send(ListProfilesRequest::new()).await }
    });
    while counts.served.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The first call now sleeps before its retry; the only slot is free meanwhile.
    tokio::time::timeout(Duration::from_millis(800), client.send(ListProfilesRequest::new()))
        .await
        .expect("the second call is not stuck behind the sleeping retry")
        .expect("request");
    assert_eq!(counts.served.load(Ordering::SeqCst), 2, "the first call has not retried yet");
    first.await.expect("task").expect("the retry succeeds");
    assert_eq!(counts.served.load(Ordering::SeqCst), 3);
    assert_eq!(counts.peak.load(Ordering::SeqCst), 1);
}

#[test]
fn zero_is_refused() {
    let error = SmoothClient::builder()
        .api_key("cmzr-test")
        .max_concurrent_requests(0)
        .build()
        .expect_err("a limit of 0 is refused");
    assert!(error.to_string().contains("max_concurrent_requests"), "{error}");
}
