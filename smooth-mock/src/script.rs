//! Scripts: what the next submitted task does, chosen by a test.

use std::time::Duration;

use serde_json::Value;

/// One thing a scripted agent does while running, in the order the builder was called.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ScriptStep {
    /// An event the agent publishes (clients should ignore what they do not understand).
    Event { name: String, payload: Value },
    /// A custom tool call; the task waits for the client's answer.
    ToolCall { name: String, input: Value },
}

/// What the next task submitted with `POST /task` does, instead of the default behaviour.
///
/// Queue one with [`MockServer::script_next_task`](crate::MockServer::script_next_task);
/// each submission takes the oldest queued script. Every setting is optional:
///
/// ```
/// use std::time::Duration;
/// use smooth_mock::TaskScript;
/// use serde_json::json;
///
/// let script = TaskScript::new()
///     .run_for(Duration::from_millis(50))
///     .emit_events(3)
///     .call_tool("lookup", json!({"query": "rust"}))
///     .fail("the site was down");
/// # let _ = script;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskScript {
    pub(crate) wait_for: Option<Duration>,
    pub(crate) run_for: Option<Duration>,
    pub(crate) steps: Vec<ScriptStep>,
    pub(crate) failure: Option<String>,
    pub(crate) never_finish: bool,
    pub(crate) action_answer: Option<(u16, String)>,
    pub(crate) output: Option<Value>,
    pub(crate) credits_used: Option<u64>,
    pub(crate) recording: Option<bool>,
    pub(crate) downloads: Option<bool>,
    pub(crate) rejection: Option<(u16, String)>,
    pub(crate) repeat_events: bool,
}

impl TaskScript {
    /// A script that changes nothing: the default simulated behaviour.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long the task reports `waiting` before it starts running.
    pub fn wait_for(mut self, duration: Duration) -> Self {
        self.wait_for = Some(duration);
        self
    }

    /// How long the task runs (its steps are spread evenly over this time; time spent
    /// waiting for tool answers comes on top).
    pub fn run_for(mut self, duration: Duration) -> Self {
        self.run_for = Some(duration);
        self
    }

    /// Publishes `count` progress events while running: `browser_action` events whose
    /// payload is `{"name": "step", "input": {"step": i, "of": count}}`.
    pub fn emit_events(mut self, count: usize) -> Self {
        for step in 1..=count {
            self.steps.push(ScriptStep::Event {
                name: "browser_action".to_owned(),
                payload: serde_json::json!({"name": "step", "input": {"step": step, "of": count}}),
            });
        }
        self
    }

    /// Publishes one event with the given name and payload while running.
    pub fn emit_event(mut self, name: impl Into<String>, payload: Value) -> Self {
        self.steps.push(ScriptStep::Event { name: name.into(), payload });
        self
    }

    /// Calls a custom tool with exactly this input and waits for the client's answer. Once a
    /// script calls any tool, the default calls (each declared tool once) are not made.
    ///
    /// In a session, the scripted calls are made during every `run_task` action (instead of
    /// one call of each declared tool), before the action is answered.
    pub fn call_tool(mut self, name: impl Into<String>, input: Value) -> Self {
        self.steps.push(ScriptStep::ToolCall { name: name.into(), input });
        self
    }

    /// Ends the task as `failed`, with this message as its output.
    pub fn fail(mut self, message: impl Into<String>) -> Self {
        self.failure = Some(message.into());
        self
    }

    /// Keeps the task running until it is cancelled.
    pub fn never_finish(mut self) -> Self {
        self.never_finish = true;
        self
    }

    /// Session only: answers every `browser_action` and `run_task` with this code and
    /// message instead of succeeding (`close` still succeeds).
    pub fn answer_actions_with(mut self, code: u16, message: impl Into<String>) -> Self {
        self.action_answer = Some((code, message.into()));
        self
    }

    /// The task's output when it is done (instead of a generated one).
    pub fn output(mut self, output: Value) -> Self {
        self.output = Some(output);
        self
    }

    /// The credits the finished task reports.
    pub fn credits_used(mut self, credits: u64) -> Self {
        self.credits_used = Some(credits);
        self
    }

    /// Whether a recording exists (`false` reports `recording_url: ""`).
    pub fn recording(mut self, available: bool) -> Self {
        self.recording = Some(available);
        self
    }

    /// Whether the task downloaded files (`false` reports `downloads_url: ""`).
    pub fn downloads(mut self, available: bool) -> Self {
        self.downloads = Some(available);
        self
    }

    /// Refuses the submission itself with this status and `detail` (e.g. 429 when credits
    /// are exhausted); no task is created.
    pub fn reject_with(mut self, status: u16, detail: impl Into<String>) -> Self {
        self.rejection = Some((status, detail.into()));
        self
    }

    /// Makes every poll (`GET /task/{id}`) repeat the events the previous poll returned as
    /// new, whatever its `event_t`: each event then arrives twice, as the live service may
    /// send it. A client must handle each event id once (run a tool once, resolve an action
    /// once). Off by default.
    ///
    /// ```
    /// use serde_json::{Value, json};
    /// use smooth_mock::{MockServer, TaskScript};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = MockServer::start().await?;
    /// mock.script_next_task(TaskScript::new().repeat_events(true).call_tool("lookup", json!({})));
    /// let task = call(&mock, reqwest::Method::POST, "/task", Some(json!({"task": "Find the price"}))).await?;
    /// let poll = |event_t: u64| {
    ///     let path = format!("/task/{}?event_t={event_t}", task["id"].as_str().unwrap_or_default());
    ///     let mock = &mock;
    ///     async move { Ok::<Value, Box<dyn std::error::Error>>(call(mock, reqwest::Method::GET, &path, None).await?["events"].clone()) }
    /// };
    /// // Poll until the tool call is published ...
    /// let mut events = poll(0).await?;
    /// while events == json!([]) {
    ///     events = poll(0).await?;
    /// }
    /// let seen = events[0]["timestamp"].as_u64().unwrap_or_default();
    /// // ... the next poll sends it again, although `event_t` says it was seen ...
    /// assert_eq!(poll(seen).await?, events);
    /// // ... and the one after does not.
    /// assert_eq!(poll(seen).await?, json!([]));
    /// # Ok(())
    /// # }
    /// # async fn call(mock: &MockServer, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, Box<dyn std::error::Error>> {
    /// #     let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.api_url())).header("apikey", mock.api_key());
    /// #     if let Some(body) = body {
    /// #         request = request.json(&body);
    /// #     }
    /// #     let answer: Value = request.send().await?.json().await?;
    /// #     Ok(answer["r"].clone())
    /// # }
    /// ```
    pub fn repeat_events(mut self, repeat: bool) -> Self {
        self.repeat_events = repeat;
        self
    }

    /// Whether any tool call was scripted.
    pub(crate) fn has_tool_calls(&self) -> bool {
        self.steps.iter().any(|step| matches!(step, ScriptStep::ToolCall { .. }))
    }

    /// The scripted tool calls `(name, input)`, in order.
    pub(crate) fn tool_calls(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.steps.iter().filter_map(|step| match step {
            ScriptStep::ToolCall { name, input } => Some((name.as_str(), input)),
            ScriptStep::Event { .. } => None,
        })
    }
}
