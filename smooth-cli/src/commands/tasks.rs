//! `tasks` and `task`: recent tasks, and one task's status, output and URLs.

use crate::failure::{Failure, Kind};
use crate::output::{Report, text_of};
use crate::remote::Remote;
use serde_json::Value;

/// `tasks`.
pub async fn list(remote: &Remote, limit: u32) -> Result<Report, Failure> {
    let tasks = remote.list_tasks(limit).await.map_err(|f| f.context("failed to list tasks"))?;
    let count = tasks.len();
    let mut report =
        Report::new(format!("Found {count} task(s)")).field("tasks", Value::Array(tasks.clone())).field("count", count);
    if tasks.is_empty() {
        return Ok(report.line("No tasks found."));
    }
    for task in &tasks {
        report = report.line(format!("{}  {}", field(task, "id"), field(task, "status")));
    }
    Ok(report)
}

/// `task ID [--wait]`; a task that failed or was cancelled exits with the task-failed code.
pub async fn show(remote: &Remote, id: &str, wait: bool) -> Result<Report, Failure> {
    let task = remote.task(id, wait).await.map_err(|f| f.context("failed to get task"))?;
    let status = field(&task, "status");
    if wait && matches!(status.as_str(), "failed" | "cancelled") {
        let output = task.get("output").map(text_of).unwrap_or_else(|| "(no output)".to_owned());
        return Err(Failure::new(Kind::TaskFailed, format!("task {id} {status}: {output}")));
    }
    let mut report = Report::new(format!("Task {id} is {status}"))
        .field("task", task.clone())
        .line(format!("Task: {id}"))
        .line(format!("Status: {status}"));
    for (label, key) in
        [("Live URL", "live_url"), ("Recording URL", "recording_url"), ("Downloads URL", "downloads_url")]
    {
        if let Some(url) = task.get(key).and_then(Value::as_str).filter(|url| !url.is_empty()) {
            report = report.line(format!("{label}: {url}"));
        }
    }
    if let Some(output) = task.get("output") {
        report = report.line("Output:").line(text_of(output));
    }
    Ok(report)
}

fn field(task: &Value, key: &str) -> String {
    task.get(key).and_then(Value::as_str).unwrap_or("?").to_owned()
}

/// Runs one task in a fresh browser and waits for it (the MCP tool `run-task-once`).
pub async fn run_once(remote: &Remote, spec: crate::remote::TaskSpec) -> Result<Report, Failure> {
    let task = remote.run_task_once(spec).await.map_err(|f| f.context("failed to run task"))?;
    let output = task.get("output").cloned().unwrap_or(Value::Null);
    Ok(Report::new("Task completed successfully")
        .field("task", task)
        .field("result", output.clone())
        .line(text_of(&output)))
}
