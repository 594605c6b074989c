//! Profiles, files, extensions and certificates through their request constructors.

mod common;

use common::setup;
use smooth_client::prelude::*;

#[tokio::test]
async fn profiles_are_created_listed_and_deleted() {
    let (_mock, client) = setup().await;
    let named = client.create_profile(ProfileRequest::with_id("shopping")).await.unwrap();
    assert_eq!(named.id, "shopping");
    let picked = client.create_profile(ProfileRequest::new()).await.unwrap();
    assert!(!picked.id.is_empty());
    let err = client.create_profile(ProfileRequest::with_id("shopping")).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    let ids: Vec<String> =
        client.list_profiles(ListProfilesRequest::new()).await.unwrap().into_iter().map(|p| p.id).collect();
    assert!(ids.contains(&"shopping".to_owned()) && ids.contains(&picked.id), "{ids:?}");
    assert!(client.delete_profile(DeleteProfileRequest::new("shopping")).await.unwrap());
    assert!(!client.list_profiles(ListProfilesRequest::new()).await.unwrap().iter().any(|p| p.id == "shopping"));
}

#[tokio::test]
async fn files_upload_from_bytes_paths_and_readers() {
    let (mock, client) = setup().await;
    let from_bytes = client
        .upload_file(UploadFileRequest::from_bytes(b"a,b\n1,2\n".to_vec(), "table.csv").purpose("the table"))
        .await
        .unwrap()
        .id;
    let dir = std::env::temp_dir().join(format!("smooth-handles-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("invoice.txt");
    std::fs::write(&path, b"pay me").unwrap();
    let from_path = client.upload_file(UploadFileRequest::from_path(&path)).await.unwrap().id;
    let reader = std::io::Cursor::new(b"streamed".to_vec());
    let from_reader = client.upload_file(UploadFileRequest::from_reader(reader, "stream.txt")).await.unwrap().id;
    let uploaded = mock.uploaded_files();
    assert_eq!(uploaded.len(), 3, "{uploaded:?}");
    let names = format!("{uploaded:?}");
    assert!(names.contains("table.csv") && names.contains("invoice.txt") && names.contains("stream.txt"), "{names}");
    assert!(names.contains("the table"), "{names}");
    for id in [from_bytes, from_path, from_reader] {
        assert!(client.delete_file(DeleteFileRequest::new(&id)).await.unwrap());
    }
    let err = client.upload_file(UploadFileRequest::from_path(dir.join("missing.pdf"))).await.unwrap_err();
    assert!(err.to_string().contains("missing.pdf"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn extensions_are_uploaded_listed_and_deleted() {
    let (_mock, client) = setup().await;
    let id = client
        .upload_extension(UploadExtensionRequest::from_bytes(b"PK\x05\x06".to_vec(), "blocker.zip"))
        .await
        .unwrap()
        .id;
    let listed = client.list_extensions(ListExtensionsRequest::new()).await.unwrap();
    assert!(listed.iter().any(|e| e.id == id && e.file_name == "blocker.zip"), "{listed:?}");
    assert!(client.delete_extension(DeleteExtensionRequest::new(&id)).await.unwrap());
    let err = client
        .upload_extension(UploadExtensionRequest::new(FilePart::bytes(b"x".to_vec(), "blocker.crx")))
        .await
        .unwrap_err();
    assert!(err.to_string().contains(".zip"), "{err}");
}

#[test]
fn certificates_are_base64_and_secret() {
    let dir = std::env::temp_dir().join(format!("smooth-handles-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("client.p12");
    std::fs::write(&path, b"foobar").unwrap();
    let cert = Certificate::from_p12_path(&path, Some("pw")).unwrap();
    assert_eq!(cert.file.expose(), "Zm9vYmFy");
    let debug = format!("{cert:?}");
    assert!(!debug.contains("Zm9vYmFy") && !debug.contains("pw\""), "{debug}");
    assert_eq!(serde_json::to_value(&cert).unwrap(), serde_json::json!({"file": "Zm9vYmFy", "password": "pw"}));
    assert!(Certificate::from_p12_path(dir.join("none.p12"), None).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
