//! An answer that arrives in several pieces is read whole, and decoded as one document.

#![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

use smooth_client::prelude::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one `GET /profile` answer in three chunked-encoding pieces, pausing between them
/// so the client's reader sees them as separate chunks.
async fn serve_in_pieces(listener: TcpListener, body: String) {
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut request = vec![0u8; 8192];
    let _ = socket.read(&mut request).await.unwrap();
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        .await
        .unwrap();
    let third = body.len() / 3;
    for piece in [&body[..third], &body[third..2 * third], &body[2 * third..]] {
        socket.write_all(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes()).await.unwrap();
        socket.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    socket.write_all(b"0\r\n\r\n").await.unwrap();
}

#[tokio::test]
async fn an_answer_in_several_chunks_is_joined_before_decoding() {
    let profiles: Vec<_> = (0..2000).map(|i| serde_json::json!({"id": format!("profile-{i}")})).collect();
    let body = serde_json::json!({ "r": profiles }).to_string();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/", listener.local_addr().unwrap());
    let server = tokio::spawn(serve_in_pieces(listener, body));

    let client = SmoothClient::builder().api_key("cmzr-test").base_url(base).retries(0).build().unwrap();
    let listed = client.list_profiles(ListProfilesRequest::new()).await.unwrap();

    assert_eq!(listed.len(), 2000);
    assert_eq!(listed[0].id, "profile-0");
    assert_eq!(listed[1999].id, "profile-1999");
    server.await.unwrap();
}
