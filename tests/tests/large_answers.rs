//! An answer that arrives in several pieces is read whole, and decoded as one document.

#![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

use smooth_client::prelude::*;
use smooth_mock::{Fault, MockServer};

/// `{"r": [...]}` as a raw HTTP/1.1 answer in three chunked-encoding pieces.
fn in_three_chunks(body: &str) -> Vec<u8> {
    let third = body.len() / 3;
    let mut answer =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for piece in [&body[..third], &body[third..2 * third], &body[2 * third..]] {
        answer.extend_from_slice(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes());
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    answer
}

#[tokio::test]
async fn an_answer_in_several_chunks_is_joined_before_decoding() {
    let profiles: Vec<_> = (0..2000).map(|i| serde_json::json!({"id": format!("profile-{i}")})).collect();
    let body = serde_json::json!({ "r": profiles }).to_string();
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::raw_bytes(in_three_chunks(&body)).on("GET", "/profile"));

    let client = smooth_tests::test_client(&mock.base_url(), mock.api_key());
    let listed = client.list_profiles(ListProfilesRequest::new()).await.unwrap();

    assert_eq!(listed.len(), 2000);
    assert_eq!(listed[0].id, "profile-0");
    assert_eq!(listed[1999].id, "profile-1999");
    assert_eq!(mock.count("GET", "/profile"), 1);
}
