//! Profiles, files, extensions and the deprecated browser-session operations.

mod common;

use common::Api;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use smooth_mock::{JournalBody, PartInfo};

async fn upload(api: &Api, path: &str, form: Form) -> (u16, Value) {
    let response = api
        .http
        .post(api.url(path))
        .header("apikey", api.mock.api_key())
        .multipart(form)
        .send()
        .await
        .expect("upload answered");
    (response.status().as_u16(), response.json().await.expect("JSON answer"))
}

fn file_part(name: &str, bytes: &'static [u8]) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

#[tokio::test]
async fn profiles_lifecycle() {
    let api = Api::start().await;
    let (status, answer) = api.post("/profile", json!({"id": "work"})).await;
    assert_eq!((status, answer), (200, json!({"r": {"id": "work"}})));
    let (status, answer) = api.post("/profile", json!({"id": "work"})).await;
    assert_eq!(status, 409, "{answer}");
    let (status, generated) = api.post("/profile", json!({})).await;
    assert_eq!(status, 200);
    let generated = generated["r"]["id"].as_str().unwrap().to_owned();
    let (status, _) = api.post("/profile", json!({"id": ""})).await;
    assert_eq!(status, 422);

    // A task that uses the profile saves cookies into it.
    let id =
        api.submit(json!({"task": "log in", "url": "https://www.shop.example.com/login", "profile_id": "work"})).await;
    api.wait_finished(&id).await;
    let (status, answer) = api.get("/profile").await;
    assert_eq!(status, 200);
    let profiles = answer["r"].as_array().unwrap();
    assert_eq!(profiles.len(), 2);
    let work = profiles.iter().find(|profile| profile["id"] == "work").unwrap();
    assert_eq!(work["cookie_domains"], json!(["example.com"]));
    assert!(work["last_saved_at"].as_u64().is_some());
    assert!(profiles.iter().any(|profile| profile["id"] == generated.as_str()));

    let (status, answer) = api.delete("/profile/work").await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    let (status, _) = api.delete("/profile/work").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn files_upload_and_delete() {
    let api = Api::start().await;
    let form =
        Form::new().part("file", file_part("statement.pdf", b"%PDF-1.4")).text("file_purpose", "the bank statement");
    let (status, answer) = upload(&api, "/file", form).await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["r"]["id"].as_str().unwrap().to_owned();
    let files = api.mock.uploaded_files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name.as_deref(), Some("statement.pdf"));
    assert_eq!(files[0].purpose.as_deref(), Some("the bank statement"));
    assert_eq!(files[0].size, 8);

    let entry = api.mock.requests("POST", "/file").pop().unwrap();
    let JournalBody::Multipart(parts) = entry.body else {
        panic!("multipart expected: {:?}", entry.body);
    };
    assert_eq!(
        parts[0],
        PartInfo {
            name: "file".to_owned(),
            filename: Some("statement.pdf".to_owned()),
            content_type: None,
            size: 8,
            text: None
        }
    );
    assert_eq!(parts[1].text.as_deref(), Some("the bank statement"));

    let (status, _) = api.delete(&format!("/file/{id}")).await;
    assert_eq!(status, 200);
    let (status, _) = api.delete(&format!("/file/{id}")).await;
    assert_eq!(status, 404);

    let long = Form::new().part("file", file_part("a.txt", b"x")).text("file_purpose", "p".repeat(65));
    let (status, answer) = upload(&api, "/file", long).await;
    assert_eq!((status, &answer["detail"][0]["loc"]), (422, &json!(["body", "file_purpose"])));
    let (status, answer) = upload(&api, "/file", Form::new().text("file_purpose", "x")).await;
    assert_eq!((status, &answer["detail"][0]["type"]), (422, &json!("missing")));
    let (status, _) = api.post("/file", json!({})).await;
    assert_eq!(status, 422, "not multipart at all");
}

#[tokio::test]
async fn extensions_lifecycle_on_both_delete_paths() {
    let api = Api::start().await;
    let (status, answer) = upload(&api, "/extension", Form::new().part("file", file_part("ext.crx", b"x"))).await;
    assert_eq!((status, answer), (400, json!({"detail": "Extension must be a .zip file"})));
    let (status, answer) = upload(&api, "/extension", Form::new()).await;
    assert_eq!(status, 422, "{answer}");

    let mut ids = Vec::new();
    for name in ["one.zip", "two.ZIP"] {
        let (status, answer) = upload(&api, "/extension", Form::new().part("file", file_part(name, b"PK"))).await;
        assert_eq!(status, 200);
        ids.push(answer["r"]["id"].as_str().unwrap().to_owned());
    }
    let (_, answer) = api.get("/extension").await;
    let listed = answer["r"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["file_name"], "one.zip");
    assert!(listed[0]["creation_time"].as_u64().unwrap() > 1_600_000_000);

    let (status, _) = api.delete(&format!("/extension/{}", ids[0])).await;
    assert_eq!(status, 200, "the official SDKs' path");
    let (status, _) = api.delete(&format!("/browser/extension/{}", ids[1])).await;
    assert_eq!(status, 200, "the spec's path");
    let (status, _) = api.delete(&format!("/browser/extension/{}", ids[1])).await;
    assert_eq!(status, 404);
    let (_, answer) = api.get("/extension").await;
    assert_eq!(answer["r"], json!([]));
}

#[tokio::test]
async fn deprecated_browser_sessions() {
    let api = Api::start().await;
    let (status, answer) = api
        .post(
            "/browser/session",
            json!({"profile_id": null, "live_view": true, "device": "desktop", "session_id": null}),
        )
        .await;
    assert_eq!(status, 200);
    let session = &answer["r"];
    let live_id = session["live_id"].as_str().unwrap().to_owned();
    assert!(session["live_url"].as_str().unwrap().starts_with("http://127.0.0.1:"));
    let profile = session["profile_id"].as_str().unwrap();
    let (_, profiles) = api.get("/profile").await;
    assert_eq!(profiles["r"][0]["id"], profile, "a new profile was created");

    let (_, answer) = api.post("/browser/session", json!({"profile_id": "mine", "live_view": false})).await;
    assert_eq!(answer["r"]["profile_id"], "mine");
    assert!(answer["r"]["live_url"].is_null());
    let (status, _) = api.post("/browser/session", json!({"device": "fridge"})).await;
    assert_eq!(status, 422);

    let (status, answer) = api.delete(&format!("/browser/session/{live_id}")).await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    let (status, _) = api.delete(&format!("/browser/session/{live_id}")).await;
    assert_eq!(status, 404);
}
