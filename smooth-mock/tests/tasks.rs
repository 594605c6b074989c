//! Tasks: submission, polling (202/200), listing, cancelling, URLs, outputs, event cursor.

mod common;

use std::time::Duration;

use common::{Api, events};
use serde_json::json;
use smooth_mock::{TaskScript, TaskStatus};

#[tokio::test]
async fn a_task_runs_to_done() {
    let api = Api::start().await;
    let (status, answer) = api.post("/task", json!({"task": "find the title", "url": "https://example.com"})).await;
    assert_eq!(status, 200);
    let task = &answer["r"];
    assert_eq!(task["status"], "waiting");
    assert_eq!(task["device"], "desktop");
    assert!(task["created_at"].as_u64().unwrap() > 1_600_000_000);
    let id = task["id"].as_str().unwrap();

    let done = api.wait_finished(id).await;
    assert_eq!(done["status"], "done");
    assert!(done["output"].as_str().unwrap().contains("find the title"));
    assert!(done["credits_used"].as_u64().unwrap() >= 1);
    assert!(done["live_url"].is_null());
    assert!(done["recording_url"].as_str().unwrap().ends_with(".mp4"));
    assert!(done["downloads_url"].is_null(), "not asked for");
    assert_eq!(api.mock.task_status(id), Some(TaskStatus::Done));
}

#[tokio::test]
async fn polling_answers_202_while_running_with_a_live_url() {
    let api = Api::start().await;
    api.mock
        .script_next_task(TaskScript::new().wait_for(Duration::from_millis(30)).run_for(Duration::from_millis(200)));
    let id = api.submit(json!({"task": "slow"})).await;
    let (status, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!((status, answer["r"]["status"].as_str()), (202, Some("waiting")));
    assert!(answer["r"]["live_url"].is_null());
    let running = api.poll(&id, |_, task| task["status"] == "running").await;
    let live = running["live_url"].as_str().unwrap().to_owned();
    assert!(live.starts_with("http://127.0.0.1:"), "{live}");
    assert!(running["recording_url"].is_null(), "unknown while running");
    let (status, page) = (api.http.get(&live).send().await.unwrap().status(), ());
    assert_eq!(status, 200, "{page:?}");
    let done = api.wait_finished(&id).await;
    assert!(done["live_url"].is_null());
}

#[tokio::test]
async fn recording_and_downloads_urls() {
    let api = Api::start().await;
    let id = api.submit(json!({"task": "t"})).await;
    api.wait_finished(&id).await;
    let (_, answer) = api.get(&format!("/task/{id}?downloads=true")).await;
    let downloads = answer["r"]["downloads_url"].as_str().unwrap();
    assert!(downloads.ends_with(".zip"));
    let archive = api.http.get(downloads).send().await.unwrap();
    assert_eq!(archive.status(), 200);
    assert_eq!(&archive.bytes().await.unwrap()[..4], b"PK\x05\x06");

    let unrecorded = api.submit(json!({"task": "t", "enable_recording": false})).await;
    let (_, answer) = api.get(&format!("/task/{unrecorded}")).await;
    assert_eq!(answer["r"]["recording_url"], "", "known from the start");

    api.mock.script_next_task(TaskScript::new().downloads(false).recording(false));
    let nothing = api.submit(json!({"task": "t"})).await;
    api.wait_finished(&nothing).await;
    let (_, answer) = api.get(&format!("/task/{nothing}?downloads=1")).await;
    assert_eq!(answer["r"]["downloads_url"], "");
    assert_eq!(answer["r"]["recording_url"], "");

    api.mock.script_next_task(TaskScript::new().fail("boom"));
    let failed = api.submit(json!({"task": "t"})).await;
    api.wait_finished(&failed).await;
    let (_, answer) = api.get(&format!("/task/{failed}?downloads=true")).await;
    assert_eq!(answer["r"]["downloads_url"], "", "a failed task downloaded nothing");
}

#[tokio::test]
async fn structured_output_follows_the_response_model() {
    let api = Api::start().await;
    let schema = json!({
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
            "score": {"type": "number", "minimum": 0, "maximum": 1}
        },
        "required": ["title", "items"],
        "$defs": {"Item": {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}, "n": {"type": "integer"}}}}
    });
    let id = api.submit(json!({"task": "t", "response_model": schema})).await;
    let done = api.wait_finished(&id).await;
    assert_eq!(done["output"], json!({"title": "example", "items": [{"kind": "a", "n": 1}], "score": 0.0}));
}

#[tokio::test]
async fn scripted_failure_output_and_credits() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().fail("the site was down"));
    api.mock.script_next_task(TaskScript::new().output(json!({"answer": 42})).credits_used(7));
    assert_eq!(api.mock.pending_scripts(), 2);
    let failed = api.submit(json!({"task": "a"})).await;
    let done = api.submit(json!({"task": "b"})).await;
    let failed = api.wait_finished(&failed).await;
    assert_eq!((failed["status"].as_str(), failed["output"].as_str()), (Some("failed"), Some("the site was down")));
    let done = api.wait_finished(&done).await;
    assert_eq!(done["output"], json!({"answer": 42}));
    assert_eq!(done["credits_used"], 7);
}

#[tokio::test]
async fn a_scripted_rejection_creates_no_task() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().reject_with(429, "Out of credits"));
    let (status, answer) = api.post("/task", json!({"task": "t"})).await;
    assert_eq!((status, answer), (429, json!({"detail": "Out of credits"})));
    assert_eq!(api.mock.task_count(), 0);
}

#[tokio::test]
async fn event_t_returns_only_newer_events() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().emit_events(4).run_for(Duration::from_millis(20)));
    let id = api.submit(json!({"task": "t"})).await;
    let done = api.wait_finished(&id).await;
    let all = events(&done);
    assert_eq!(all.len(), 4);
    let stamps: Vec<u64> = all.iter().map(|event| event["timestamp"].as_u64().unwrap()).collect();
    assert!(stamps.windows(2).all(|pair| pair[0] < pair[1]), "strictly increasing: {stamps:?}");
    assert!(stamps[0] > 1_600_000_000_000, "milliseconds");
    assert_eq!(all[0]["payload"], json!({"name": "step", "input": {"step": 1, "of": 4}}));

    let (_, answer) = api.get(&format!("/task/{id}?event_t={}", stamps[1])).await;
    let newer = events(&answer["r"]);
    assert_eq!(newer, all[2..].to_vec());
    let (_, answer) = api.get(&format!("/task/{id}?event_t={}", stamps[3])).await;
    assert_eq!(events(&answer["r"]), Vec::<serde_json::Value>::new());
}

#[tokio::test]
async fn listing_is_newest_first_with_a_limit_and_cursor() {
    let api = Api::start().await;
    let first = api.submit(json!({"task": "1"})).await;
    let second = api.submit(json!({"task": "2"})).await;
    let third = api.submit(json!({"task": "3"})).await;
    let (status, answer) = api.get("/task?l=2").await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = answer["r"].as_array().unwrap().iter().map(|task| task["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [third.as_str(), second.as_str()]);
    let (_, answer) = api.get("/task").await;
    assert_eq!(answer["r"].as_array().unwrap().len(), 3);
    assert!(answer["r"].as_array().unwrap().iter().any(|task| task["id"] == first));
    let (_, answer) = api.get("/task?t=1000").await;
    assert_eq!(answer["r"], json!([]), "nothing was created before 1970-01-01T00:16:40");
    for bad in ["/task?l=0", "/task?l=129", "/task?l=x", "/task?t=soon"] {
        let (status, answer) = api.get(bad).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(answer["detail"][0]["loc"][0], "query");
    }
}

/// `t` is "created before", in whole seconds: the tasks of second `s` are left out by
/// `t = s` and listed, newest first, by `t = s + 1`; `l` reaches 128 and no further.
#[tokio::test]
async fn listing_pages_by_whole_seconds_created_before_t() {
    let api = Api::start().await;
    let mut tasks = Vec::new();
    for index in 0..140 {
        let (status, answer) = api.post("/task", json!({"task": format!("{index}")})).await;
        assert_eq!(status, 200);
        tasks.push((answer["r"]["id"].as_str().unwrap().to_owned(), answer["r"]["created_at"].as_i64().unwrap()));
    }
    let ids = |page: &serde_json::Value| -> Vec<String> {
        page["r"].as_array().unwrap().iter().map(|task| task["id"].as_str().unwrap().to_owned()).collect()
    };
    let newest_first = |filter: &dyn Fn(i64) -> bool| -> Vec<String> {
        tasks.iter().rev().filter(|(_, created)| filter(*created)).take(128).map(|(id, _)| id.clone()).collect()
    };
    let (_, page) = api.get("/task?l=128").await;
    assert_eq!(ids(&page), newest_first(&|_| true), "l=128 is allowed, caps the page, newest first");

    let newest_second = tasks.last().unwrap().1;
    let (_, page) = api.get(&format!("/task?l=128&t={}", newest_second + 1)).await;
    assert_eq!(ids(&page), newest_first(&|_| true), "t = s + 1 starts at the newest task of second s");
    let (_, page) = api.get(&format!("/task?l=128&t={newest_second}")).await;
    assert_eq!(ids(&page), newest_first(&|created| created < newest_second), "t = s leaves second s out");
    let first_second = tasks[0].1;
    let (_, page) = api.get(&format!("/task?l=5&t={}", first_second + 1)).await;
    let oldest_second: Vec<String> = newest_first(&|created| created <= first_second).into_iter().take(5).collect();
    assert_eq!(ids(&page), oldest_second, "l caps a page of an earlier second too");
}

#[tokio::test]
async fn cancelling_a_running_task() {
    let api = Api::start().await;
    api.mock.script_next_task(TaskScript::new().never_finish());
    let id = api.submit(json!({"task": "forever"})).await;
    api.poll(&id, |_, task| task["status"] == "running").await;
    let (status, answer) = api.delete(&format!("/task/{id}")).await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    let (status, answer) = api.get(&format!("/task/{id}")).await;
    assert_eq!((status, answer["r"]["status"].as_str()), (200, Some("cancelled")));
    let (status, _) = api.delete(&format!("/task/{id}")).await;
    assert_eq!(status, 404, "already finished");
    let (status, answer) = api.delete("/task/nope").await;
    assert_eq!((status, answer), (404, json!({"detail": "Task not found"})));
}

#[tokio::test]
async fn percent_encoded_ids_are_one_segment() {
    let api = Api::start().await;
    let (status, answer) = api.get("/task/a%2Fb").await;
    assert_eq!((status, answer), (404, json!({"detail": "Task not found"})));
    // Profiles take client-chosen ids, so a `/` can really occur.
    let (status, _) = api.post("/profile", json!({"id": "team/alice smith"})).await;
    assert_eq!(status, 200);
    let (status, answer) = api.delete("/profile/team%2Falice%20smith").await;
    assert_eq!((status, answer), (200, json!({"r": true})));
    assert_eq!(api.mock.requests("DELETE", "/profile/*").len(), 1);
    let (status, _) = api.delete("/profile/team/alice").await;
    assert_eq!(status, 404, "two segments do not reach the route");
}

#[tokio::test]
async fn validation_errors_are_fastapi_lists() {
    let api = Api::start().await;
    let too_many: serde_json::Map<String, serde_json::Value> =
        (0..17).map(|index| (format!("k{index}"), json!(index))).collect();
    let cases = [
        (json!({"task": "t", "max_steps": 1}), "max_steps", "greater_than_equal"),
        (json!({"task": "t", "max_steps": 129}), "max_steps", "less_than_equal"),
        (json!({"task": "t", "device": "tv"}), "device", "literal_error"),
        (json!({"task": "t", "agent": "other"}), "agent", "literal_error"),
        (json!({"task": "t", "metadata": too_many}), "metadata", "value_error"),
        (json!({"task": "t", "metadata": {"k": "x".repeat(2049)}}), "metadata", "string_too_long"),
        (json!({"task": "t", "metadata": {"k": {"nested": 1}}}), "metadata", "string_type"),
        (json!({"task": 5}), "task", "string_type"),
        (json!({"task": "t", "custom_tools": [{"name": "x"}]}), "custom_tools", "missing"),
    ];
    for (body, field, kind) in cases {
        let (status, answer) = api.post("/task", body.clone()).await;
        assert_eq!(status, 422, "{body}");
        let error = &answer["detail"][0];
        assert_eq!(error["loc"][0], "body");
        assert_eq!(error["loc"][1], field, "{answer}");
        assert_eq!(error["type"], kind, "{answer}");
        assert!(error["msg"].is_string());
    }
    let (status, answer) = api.post("/task", json!({"task": "t", "max_steps": 0, "device": "x"})).await;
    assert_eq!((status, answer["detail"].as_array().unwrap().len()), (422, 2), "every mistake at once");

    let response = api
        .http
        .post(api.url("/task"))
        .header("apikey", api.mock.api_key())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["detail"][0]["type"], "json_invalid");
    assert_eq!(api.mock.task_count(), 0);
}

#[tokio::test]
async fn unknown_fields_and_official_sdk_extras_are_accepted() {
    let api = Api::start().await;
    let id = api
        .submit(json!({
            "task": "t", "use_stealth": true, "use_captcha_solver": true, "stealth_mode": false,
            "session_id": null, "profile_id": null, "brand_new_field": {"x": 1},
            "max_steps": "64", "device": "desktop-lg", "certificates": [{"file": "AAAA", "password": "p"}]
        }))
        .await;
    let done = api.wait_finished(&id).await;
    assert_eq!(done["device"], "desktop-lg");
}

#[tokio::test]
async fn same_seed_same_ids_and_outputs() {
    let run = || async {
        let api = Api::with(smooth_mock::MockServer::builder().seed(99)).await;
        let id = api.submit(json!({"task": "t"})).await;
        let done = api.wait_finished(&id).await;
        (id, done["credits_used"].clone(), done["output"].clone())
    };
    assert_eq!(run().await, run().await);
}

#[tokio::test]
async fn finished_tasks_are_forgotten_beyond_the_limit() {
    let api = Api::with(smooth_mock::MockServer::builder().max_finished_tasks(2)).await;
    let mut ids = Vec::new();
    for index in 0..4 {
        let id = api.submit(json!({"task": format!("t{index}")})).await;
        api.wait_finished(&id).await;
        ids.push(id);
    }
    assert_eq!(api.mock.task_count(), 2);
    assert_eq!(api.mock.task_ids(), ids[2..].to_vec());
    let (status, _) = api.get(&format!("/task/{}", ids[0])).await;
    assert_eq!(status, 404);
}
