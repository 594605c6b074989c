//! The binary's load-test flags (`--task-duration`, `--task-wait`, `--max-finished-tasks`),
//! checked on the binary itself over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// The binary, started with `flags` on a free port; killed on drop.
struct Binary {
    child: Child,
    api_url: String,
    key: String,
    http: reqwest::Client,
}

impl Binary {
    fn start(flags: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_smooth-mock"))
            .args(["--port", "0"])
            .args(flags)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let lines: Vec<String> = BufReader::new(stdout).lines().take(3).map(|line| line.expect("line")).collect();
        let base = lines[1].strip_prefix("export SMOOTH_BASE_URL=").expect("base URL line").to_owned();
        let key = lines[2].strip_prefix("export CIRCLEMIND_API_KEY=").expect("key line").to_owned();
        Self { child, api_url: format!("{base}v1"), key, http: reqwest::Client::new() }
    }

    async fn submit(&self) -> String {
        let (status, body) = self.call(reqwest::Method::POST, "/task", Some(json!({"task": "read a page"}))).await;
        assert_eq!(status, 200, "{body}");
        body["r"]["id"].as_str().expect("task id").to_owned()
    }

    async fn task(&self, id: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, &format!("/task/{id}"), None).await
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.api_url)).header("apikey", &self.key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn task_duration_keeps_tasks_running() {
    // At the default speed a task is done within 20 ms; with an hour to run it is not.
    let mock = Binary::start(&["--task-wait", "0ms", "--task-duration", "1h"]);
    let id = mock.submit().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, body) = mock.task(&id).await;
    assert_eq!((status, body["r"]["status"].as_str()), (202, Some("running")), "{body}");
}

#[tokio::test]
async fn a_range_of_durations_and_the_finished_task_limit() {
    // A zero-length range: every task is done at its first look. Only one finished task is
    // kept, so the first is forgotten once the second has finished.
    let mock = Binary::start(&["--task-wait", "0ms-0ms", "--task-duration", "0ms-0ms", "--max-finished-tasks", "1"]);
    let first = mock.submit().await;
    let (status, body) = mock.task(&first).await;
    assert_eq!((status, body["r"]["status"].as_str()), (200, Some("done")), "{body}");
    let second = mock.submit().await;
    let (status, body) = mock.task(&second).await;
    assert_eq!((status, body["r"]["status"].as_str()), (200, Some("done")), "{body}");
    let (status, body) = mock.task(&first).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(mock.task(&second).await.0, 200);
}

#[test]
fn help_documents_the_flags_and_bad_values_are_refused() {
    let binary = env!("CARGO_BIN_EXE_smooth-mock");
    let help = Command::new(binary).arg("--help").output().expect("help");
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--task-duration", "--task-wait", "--max-finished-tasks", "90s-110s"] {
        assert!(help.contains(flag), "--help does not mention {flag}:\n{help}");
    }
    let output = Command::new(binary).args(["--task-duration", "110s-90s"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--task-duration") && stderr.contains("start is after its end"), "{stderr}");
}
