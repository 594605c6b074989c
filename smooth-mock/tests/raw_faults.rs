//! The raw faults: answers no Smooth server gives (redirects, endless or huge bodies,
//! arbitrary bytes), seen from a plain HTTP client and from a raw socket.

use std::time::Duration;

use smooth_mock::{Fault, FaultKind, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn mock() -> MockServer {
    MockServer::start().await.expect("mock starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

#[tokio::test]
async fn a_redirect_names_its_location_and_changes_nothing() {
    let mock = mock().await;
    mock.inject(Fault::redirect(307, "http://127.0.0.1:9/api/v1/task").on("POST", "/task"));
    let response = http()
        .post(format!("{}/task", mock.api_url()))
        .header("apikey", mock.api_key())
        .json(&serde_json::json!({"task": "t"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 307);
    assert_eq!(response.headers()["location"], "http://127.0.0.1:9/api/v1/task");
    assert_eq!(mock.task_count(), 0, "a faulted request has no effect");
    let journal = mock.journal();
    assert_eq!(journal[0].status, Some(307));
    assert!(matches!(journal[0].fault, Some(FaultKind::Redirect { status: 307, .. })));
}

#[tokio::test]
async fn an_endless_body_goes_on_only_as_fast_as_it_is_read() {
    let mock = mock().await;
    mock.inject(Fault::endless_body(200).on("GET", "/profile"));
    let mut response =
        http().get(format!("{}/profile", mock.api_url())).header("apikey", mock.api_key()).send().await.expect("head");
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.content_length().is_none(), "no length: chunked");
    let mut read = 0usize;
    while read < 4 * 1024 * 1024 {
        read += response.chunk().await.expect("reads").expect("never ends").len();
    }
    drop(response);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let streamed = mock.streamed_bytes();
    assert!(streamed >= read as u64, "{streamed} < {read}");
    // Back-pressure: only socket buffers' worth beyond what the client read.
    assert!(streamed < read as u64 + 16 * 1024 * 1024, "streamed {streamed}, read {read}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(mock.streamed_bytes(), streamed, "stops once the client hangs up");
}

#[tokio::test]
async fn a_declared_length_is_announced_whatever_follows() {
    let mock = mock().await;
    let huge = 64 * 1024 * 1024 * 1024;
    mock.inject(Fault::declared_length(500, huge).on("GET", "/task"));
    let response =
        http().get(format!("{}/task", mock.api_url())).header("apikey", mock.api_key()).send().await.expect("head");
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(response.content_length(), Some(huge));
}

#[tokio::test]
async fn raw_bytes_are_the_whole_answer_then_the_connection_closes() {
    let mock = mock().await;
    let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n7\r\n{\"r\": 1\r\n1\r\n}\r\n0\r\n\r\n";
    mock.inject(Fault::raw_bytes(answer.as_slice()).on("GET", "/profile"));
    let mut socket = TcpStream::connect(mock.addr()).await.expect("connects");
    let request =
        format!("GET /api/v1/profile HTTP/1.1\r\nhost: {}\r\napikey: {}\r\n\r\n", mock.addr(), mock.api_key());
    socket.write_all(request.as_bytes()).await.expect("sent");
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut received))
        .await
        .expect("the mock closes the connection")
        .expect("reads");
    assert_eq!(received, answer);

    // A well-behaved client decodes it like any chunked answer.
    mock.inject(Fault::raw_bytes(answer.as_slice()).on("GET", "/profile"));
    let body = http()
        .get(format!("{}/profile", mock.api_url()))
        .header("apikey", mock.api_key())
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("body");
    assert_eq!(body, "{\"r\": 1}");
    assert_eq!(mock.count("GET", "/profile"), 2);
}

#[tokio::test]
async fn any_fault_can_come_late() {
    let mock = mock().await;
    mock.inject(Fault::status(503).after(Duration::from_millis(150)).on("GET", "/profile"));
    let started = std::time::Instant::now();
    let response = http()
        .get(format!("{}/profile", mock.api_url()))
        .header("apikey", mock.api_key())
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 503);
    assert!(started.elapsed() >= Duration::from_millis(150), "answered after {:?}", started.elapsed());
    assert_eq!(mock.journal()[0].fault, Some(FaultKind::Status(503)), "journaled as what it did");
}
