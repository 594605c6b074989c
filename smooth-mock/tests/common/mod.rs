//! Helpers shared by the integration tests: a mock plus a real HTTP client.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;
use smooth_mock::{MockServer, MockServerBuilder};

pub struct Api {
    pub mock: MockServer,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn start() -> Self {
        Self::with(MockServer::builder()).await
    }

    pub async fn with(builder: MockServerBuilder) -> Self {
        let mock = builder.start().await.expect("mock starts");
        Self { mock, http: reqwest::Client::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.mock.api_url())
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, self.url(path)).header("apikey", self.mock.api_key());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request succeeds");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, None).await
    }

    /// Submits a task body and returns its id.
    pub async fn submit(&self, body: Value) -> String {
        let (status, answer) = self.post("/task", body).await;
        assert_eq!(status, 200, "{answer}");
        answer["r"]["id"].as_str().expect("id").to_owned()
    }

    /// Polls until the task has ended; returns the final `r`.
    pub async fn wait_finished(&self, id: &str) -> Value {
        self.poll(id, |_, task| task["status"] != "waiting" && task["status"] != "running").await
    }

    /// Polls (with event_t=0) until `done(status, task)` holds; returns that `r`.
    pub async fn poll(&self, id: &str, done: impl Fn(u16, &Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, answer) = self.get(&format!("/task/{id}")).await;
            assert!(status == 200 || status == 202, "{status} {answer}");
            let task = answer["r"].clone();
            let finished = task["status"] != "waiting" && task["status"] != "running";
            assert_eq!(status == 200, finished, "200 exactly when finished: {task}");
            if done(status, &task) {
                return task;
            }
            assert!(Instant::now() < deadline, "timed out polling {id}: {task}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Polls until an event with this name is published; returns it.
    pub async fn wait_event(&self, id: &str, name: &str) -> Value {
        let task = self.poll(id, |_, task| events(task).iter().any(|event| event["name"] == name)).await;
        events(&task).into_iter().find(|event| event["name"] == name).expect("event")
    }

    /// Polls until the answer to the event `event_id` is published; returns its payload.
    pub async fn wait_answer(&self, id: &str, event_id: &str) -> Value {
        let task = self.poll(id, |_, task| events(task).iter().any(|event| event["id"] == event_id)).await;
        events(&task).into_iter().find(|event| event["id"] == event_id).expect("answer")["payload"].clone()
    }
}

pub fn events(task: &Value) -> Vec<Value> {
    task["events"].as_array().cloned().unwrap_or_default()
}
