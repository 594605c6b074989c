//! The `smooth-mock` binary: its flags for task durations and the finished-task limit, as a
//! load run would use them, over a real socket.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary, running until dropped (killed by its own pid).
struct Binary {
    child: Child,
    api_url: String,
    api_key: String,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(flags: &[&str]) -> Binary {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smooth-mock"))
        .args(["--port", "0"])
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let (mut base_url, mut api_key) = (None, None);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if let Some(url) = line.strip_prefix("export SMOOTH_BASE_URL=") {
            base_url = Some(url.to_owned());
        }
        if let Some(key) = line.strip_prefix("export CIRCLEMIND_API_KEY=") {
            api_key = Some(key.to_owned());
            break;
        }
    }
    let api_url = format!("{}v1", base_url.expect("the base URL is printed"));
    Binary { child, api_url, api_key: api_key.expect("the key is printed") }
}

impl Binary {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request =
            reqwest::Client::new().request(method, format!("{}{path}", self.api_url)).header("apikey", &self.api_key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the binary answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn submit(&self) -> String {
        let (status, answer) = self.call(reqwest::Method::POST, "/task", Some(json!({"task": "load"}))).await;
        assert_eq!(status, 200, "{answer}");
        answer["r"]["id"].as_str().expect("an id").to_owned()
    }

    /// Polls until the task has ended; returns the statuses seen on the way.
    async fn statuses_until_finished(&self, id: &str) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..1_000 {
            let (_, answer) = self.call(reqwest::Method::GET, &format!("/task/{id}"), None).await;
            let status = answer["r"]["status"].as_str().unwrap_or("?").to_owned();
            let finished = matches!(status.as_str(), "done" | "failed" | "cancelled");
            seen.push(status);
            if finished {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("task {id} never finished: {seen:?}");
    }
}

#[tokio::test]
async fn tasks_run_for_the_duration_given_and_the_finished_task_limit_holds() {
    let binary = start(&["--task-duration", "400ms", "--max-finished-tasks", "1"]);
    let started = Instant::now();
    let first = binary.submit().await;
    let seen = binary.statuses_until_finished(&first).await;
    // At the fast speed a task would end within milliseconds; this one ran 400 ms.
    assert!(started.elapsed() >= Duration::from_millis(400), "{seen:?}");
    assert!(seen.iter().any(|status| status == "running"), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("done"));

    let second = binary.submit().await;
    binary.statuses_until_finished(&second).await;
    let (forgotten, _) = binary.call(reqwest::Method::GET, &format!("/task/{first}"), None).await;
    assert_eq!(forgotten, 404, "only one finished task is kept");
    let (kept, _) = binary.call(reqwest::Method::GET, &format!("/task/{second}"), None).await;
    assert_eq!(kept, 200);
}

#[test]
fn help_documents_the_flags_and_bad_values_are_refused() {
    let help = Command::new(env!("CARGO_BIN_EXE_smooth-mock")).arg("--help").output().expect("runs");
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    assert!(text.contains("--task-duration") && text.contains("MIN..MAX") && text.contains("--max-finished-tasks"));

    let refused =
        Command::new(env!("CARGO_BIN_EXE_smooth-mock")).args(["--task-duration", "5s..1s"]).output().expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("start is after its end"));
}
