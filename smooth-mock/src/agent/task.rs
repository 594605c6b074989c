//! One task (or session) and its lazily advanced state machine.

use std::collections::VecDeque;

use serde_json::{Value, json};

use crate::agent::actions::{self, ActionContext, Effect};
use crate::agent::event::Event;
use crate::agent::outcome::{ToolAnswer, done_output, essential_tool_failure, sub_task_output};
use crate::agent::plan::{self, Step};
use crate::agent::session::{Closing, QueuedAnswer, Session, ToolRun};
use crate::agent::status::TaskStatus;
use crate::api_error::ApiError;
use crate::config::Timings;
use crate::request::task_request::TaskSpec;
use crate::rng::Rng;
use crate::script::TaskScript;
use crate::tool_inputs::arguments_for;

/// A tool call published and not answered yet.
#[derive(Debug, Clone)]
struct PendingTool {
    event_id: String,
    name: String,
}

/// Limits and timings a task lives by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaskLimits {
    pub(crate) timings: Timings,
    pub(crate) max_events: usize,
}

#[derive(Debug)]
pub(crate) struct Task {
    pub(crate) id: String,
    /// Submission order, to sort tasks created within the same millisecond.
    pub(crate) seq: u64,
    pub(crate) created_ms: u64,
    pub(crate) spec: TaskSpec,
    pub(crate) script: TaskScript,
    pub(crate) status: TaskStatus,
    pub(crate) output: Value,
    pub(crate) credits_used: u64,
    pub(crate) finished_ms: Option<u64>,
    /// Whether the world has counted this task among the finished ones (for eviction).
    pub(crate) retired: bool,
    events: VecDeque<Event>,
    last_timestamp: u64,
    next_event: u64,
    plan: VecDeque<Step>,
    /// When the previous step completed; the next step is due `delay` after it.
    anchor_ms: u64,
    pending_tool: Option<PendingTool>,
    tool_answers: Vec<ToolAnswer>,
    planned_credits: u64,
    session: Option<Session>,
    /// Timestamps of the events the last poll returned as new (repeated by the next poll
    /// when the script asks for repeats).
    last_fresh: Vec<u64>,
    rng: Rng,
    limits: TaskLimits,
}

impl Task {
    pub(crate) fn new(
        id: String,
        spec: TaskSpec,
        script: TaskScript,
        now: u64,
        mut rng: Rng,
        limits: TaskLimits,
    ) -> Self {
        let plan = plan::build(&spec, &script, &limits.timings, &mut rng);
        let step_cap = u64::try_from(spec.max_steps).unwrap_or(2).clamp(2, 10);
        let planned_credits = script.credits_used.unwrap_or_else(|| rng.in_range(1, step_cap));
        let session = spec.is_session().then(|| Session::new(spec.url.clone()));
        Self {
            id,
            seq: 0,
            created_ms: now,
            spec,
            script,
            status: TaskStatus::Waiting,
            output: Value::Null,
            credits_used: 0,
            finished_ms: None,
            retired: false,
            events: VecDeque::new(),
            last_timestamp: 0,
            next_event: 0,
            plan,
            anchor_ms: now,
            pending_tool: None,
            tool_answers: Vec::new(),
            planned_credits,
            session,
            last_fresh: Vec::new(),
            rng,
            limits,
        }
    }

    pub(crate) fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Brings the task to where its plan says it should be at `now`.
    pub(crate) fn advance(&mut self, now: u64) {
        while !self.status.is_finished() {
            let Some(step) = self.plan.front().cloned() else {
                break;
            };
            let due = self.anchor_ms.saturating_add(step.delay());
            match step {
                Step::Hold => break,
                // A published call blocks the plan until the client answers it.
                Step::CallTool { .. } if self.pending_tool.is_some() => break,
                _ if now < due => break,
                Step::Start { .. } => {
                    self.status = TaskStatus::Running;
                    self.complete_step(due);
                }
                Step::Emit { name, payload, .. } => {
                    let id = self.new_event_id("evt");
                    self.publish(id, name, payload, due);
                    self.complete_step(due);
                }
                Step::CallTool { name, input, .. } => {
                    let id = self.new_event_id("tool");
                    let payload = json!({ "name": name, "input": input });
                    self.publish(id.clone(), "tool_call".to_owned(), payload, due);
                    self.pending_tool = Some(PendingTool { event_id: id, name });
                }
                Step::Finish { .. } => self.finish_by_plan(due),
            }
        }
        self.advance_session(now);
    }

    fn complete_step(&mut self, at: u64) {
        self.plan.pop_front();
        self.anchor_ms = at;
    }

    fn finish_by_plan(&mut self, at: u64) {
        self.plan.clear();
        self.credits_used = self.planned_credits;
        match &self.script.failure {
            Some(message) => {
                let output = Value::String(message.clone());
                self.finish(TaskStatus::Failed, output, at);
            }
            None => {
                let output = done_output(&self.spec, &self.script, &self.tool_answers);
                self.finish(TaskStatus::Done, output, at);
            }
        }
    }

    fn finish(&mut self, status: TaskStatus, output: Value, at: u64) {
        self.status = status;
        self.output = output;
        self.finished_ms = Some(at);
        self.pending_tool = None;
        if let Some(session) = &mut self.session {
            session.queue.clear();
            session.tool_run = None;
        }
    }

    /// Publishes the session's answers that are due, and ends a closed session after its
    /// grace period.
    fn advance_session(&mut self, now: u64) {
        if self.status != TaskStatus::Running {
            return;
        }
        let timings = self.limits.timings;
        self.advance_tool_run(now);
        loop {
            let Some(session) = &mut self.session else {
                return;
            };
            let Some(answer) = session.queue.front().filter(|answer| answer.due_ms <= now).cloned() else {
                break;
            };
            session.queue.pop_front();
            match &answer.effect {
                Effect::Navigate(url) => session.current_url = Some(url.clone()),
                Effect::Close | Effect::None => {}
            }
            self.credits_used = self.credits_used.saturating_add(answer.credits);
            let timestamp = self.publish(answer.event_id, answer.event_name, answer.payload, answer.due_ms);
            if answer.effect == Effect::Close
                && let Some(session) = &mut self.session
            {
                session.closing = Some(Closing { answer_timestamp: timestamp, read_ms: None });
            }
        }
        let Some(closing) = self.session.as_ref().and_then(|session| session.closing) else {
            return;
        };
        let ends_at = match closing.read_ms {
            Some(read) => read.saturating_add(timings.close_grace),
            // Nobody polls past the answer (the official SDK stops polling once it has the
            // answer and sends `DELETE` instead): the session still ends, much later.
            None => closing.answer_timestamp.saturating_add(timings.close_fallback),
        };
        if now >= ends_at {
            self.finish(TaskStatus::Done, Value::Null, ends_at);
        }
    }

    /// Makes the due steps of a session's `run_task` that calls tools: publishes the next
    /// call once the previous one is answered, and queues the action's answer after the
    /// last.
    fn advance_tool_run(&mut self, now: u64) {
        if self.pending_tool.is_some() {
            return;
        }
        let Some(run) = self.session.as_mut().and_then(|session| session.tool_run.as_mut()) else {
            return;
        };
        if now < run.next_due {
            return;
        }
        let due = run.next_due;
        if let Some((name, input)) = run.calls.pop_front() {
            let id = self.new_event_id("tool");
            let payload = json!({ "name": name, "input": input });
            self.publish(id.clone(), "tool_call".to_owned(), payload, due);
            self.pending_tool = Some(PendingTool { event_id: id, name });
            return;
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(run) = session.tool_run.take() else {
            return;
        };
        let mut answer = run.answer;
        let output = sub_task_output(&run.task, run.response_model.as_ref(), &run.answers);
        if let Value::Object(fields) = &mut answer.output {
            fields.insert("output".to_owned(), output);
        }
        let due_ms = due.max(session.last_due());
        session.queue.push_back(QueuedAnswer {
            due_ms,
            event_id: run.action_id,
            event_name: "session_action".to_owned(),
            payload: json!({ "code": answer.code, "output": answer.output }),
            credits: answer.credits,
            effect: answer.effect,
        });
    }

    /// Publishes an event at `due` (or just after the previous one) and returns its timestamp.
    fn publish(&mut self, id: String, name: String, payload: Value, due: u64) -> u64 {
        let timestamp = due.max(self.last_timestamp.saturating_add(1));
        self.last_timestamp = timestamp;
        self.events.push_back(Event { id, name, payload, timestamp });
        while self.events.len() > self.limits.max_events {
            self.events.pop_front();
        }
        timestamp
    }

    fn new_event_id(&mut self, kind: &str) -> String {
        self.next_event += 1;
        format!("{kind}-{}-{}", self.next_event, self.rng.hex(8))
    }

    /// Events published after `after` (a timestamp in milliseconds), oldest first.
    pub(crate) fn events_after(&self, after: u64) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |event| event.timestamp > after)
    }

    /// The events a poll with `event_t = after` returns, oldest first: those published after
    /// `after` and, when the script repeats events, those the previous poll returned as new
    /// (whatever `after` says; each event is repeated once).
    pub(crate) fn poll_events(&mut self, after: u64) -> Vec<Value> {
        let fresh: Vec<u64> = self.events_after(after).map(|event| event.timestamp).collect();
        let repeated =
            if self.script.repeat_events { std::mem::replace(&mut self.last_fresh, fresh) } else { Vec::new() };
        self.events
            .iter()
            .filter(|event| event.timestamp > after || repeated.contains(&event.timestamp))
            .map(Event::to_json)
            .collect()
    }

    /// Notes a poll with `event_t = after`. A cursor at or past the answer to `close`
    /// proves the client has read that answer, which starts the closing session's grace
    /// period; a poll that only carried the answer proves nothing (the client may drop it).
    pub(crate) fn note_poll(&mut self, after: u64, now: u64) {
        if let Some(closing) = self.session.as_mut().and_then(|session| session.closing.as_mut())
            && closing.read_ms.is_none()
            && after >= closing.answer_timestamp
        {
            closing.read_ms = Some(now);
        }
    }

    /// `DELETE /task/{id}`.
    pub(crate) fn cancel(&mut self, now: u64) -> Result<(), ApiError> {
        if self.status.is_finished() {
            return Err(ApiError::not_found(format!("Task {} is already finished", self.id)));
        }
        let closing = self.session.as_ref().is_some_and(|session| session.closing.is_some());
        if closing {
            // A gracefully closed session that a client also force-closes (the official
            // SDK's context manager does) simply ends now; it was not cancelled.
            self.finish(TaskStatus::Done, Value::Null, now);
        } else {
            self.plan.clear();
            let output = self.output.clone();
            self.finish(TaskStatus::Cancelled, output, now);
        }
        Ok(())
    }

    /// A client's answer to a custom tool call (the event endpoint or the legacy `PUT`).
    pub(crate) fn answer_tool(&mut self, event_id: &str, code: i64, output: Value, now: u64) -> Result<(), ApiError> {
        self.ensure_open()?;
        let pending = match &self.pending_tool {
            Some(pending) if pending.event_id == event_id => pending.clone(),
            _ => {
                return Err(ApiError::bad_request(format!("No pending tool call with id '{event_id}'")));
            }
        };
        self.pending_tool = None;
        if self.session.is_some() {
            self.answer_session_tool(pending, code, output, now);
            return Ok(());
        }
        if code == 500 {
            let failure = essential_tool_failure(&pending.name, &output);
            self.plan.clear();
            self.credits_used = self.planned_credits;
            self.finish(TaskStatus::Failed, failure, now);
            return Ok(());
        }
        self.tool_answers.push(ToolAnswer { name: pending.name, code, output });
        self.complete_step(now);
        self.advance(now);
        Ok(())
    }

    /// A tool answer during a session's `run_task`: 500 (an essential tool failed) fails that
    /// `run_task`, which is answered with code 400 (the action failed because of the
    /// caller's tool, not the service) while the session stays open; any other code is
    /// kept for the output and the run goes on.
    fn answer_session_tool(&mut self, pending: PendingTool, code: i64, output: Value, now: u64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(mut run) = session.tool_run.take() else {
            return;
        };
        if code == 500 {
            let due_ms = now.max(session.last_due());
            session.queue.push_back(QueuedAnswer {
                due_ms,
                event_id: run.action_id,
                event_name: "session_action".to_owned(),
                payload: json!({ "code": 400, "output": essential_tool_failure(&pending.name, &output) }),
                credits: run.answer.credits,
                effect: Effect::None,
            });
        } else {
            run.answers.push(ToolAnswer { name: pending.name, code, output });
            run.next_due = now.saturating_add(run.slice);
            session.tool_run = Some(run);
        }
        self.advance(now);
    }

    /// The tool calls the agent makes during one `run_task` of a session: the scripted ones,
    /// else each declared tool once.
    fn session_tool_calls(&self) -> VecDeque<(String, Value)> {
        if self.script.has_tool_calls() {
            return self.script.tool_calls().map(|(name, input)| (name.to_owned(), input.clone())).collect();
        }
        self.spec.custom_tools.iter().map(|tool| (tool.name.clone(), arguments_for(&tool.inputs))).collect()
    }

    /// An action sent to a session; its answer is published after a simulated latency.
    ///
    /// A `run_task` in a session with custom tools first calls them (see
    /// [`session_tool_calls`](Self::session_tool_calls)), one at a time, each waiting for the
    /// client's answer, and is answered after the last. One such run happens at a time: a
    /// `run_task` sent while another waits for a tool answer (e.g. by the tool itself) runs
    /// without tool calls, as the agent is paused in the call and the browser is free.
    pub(crate) fn send_action(
        &mut self,
        event_name: &str,
        event_id: String,
        payload: &Value,
        now: u64,
    ) -> Result<(), ApiError> {
        self.ensure_open()?;
        let latency = self.rng.in_range(self.limits.timings.action_latency.0, self.limits.timings.action_latency.1);
        let scripted = self.script.action_answer.clone();
        let is_run_task = event_name == "session_action"
            && payload.get("name").and_then(Value::as_str) == Some("run_task")
            && self.session.as_ref().is_some_and(|session| session.tool_run.is_none());
        let calls = if is_run_task { self.session_tool_calls() } else { VecDeque::new() };
        let Some(session) = &mut self.session else {
            return Err(ApiError::bad_request(
                "Actions can only be sent to a session (a task submitted with task: null)",
            ));
        };
        if session.close_requested {
            return Err(ApiError::bad_request("Session is closed"));
        }
        let context = ActionContext {
            current_url: session.current_url.as_deref(),
            duration: latency as f64 / 1000.0,
            scripted: scripted.as_ref(),
        };
        let answer = actions::answer(event_name, payload, &context)?;
        if answer.effect == Effect::Close {
            session.close_requested = true;
        }
        if answer.code == 200 && !calls.is_empty() {
            let input = payload.get("input").unwrap_or(&Value::Null);
            let slice = latency / u64::try_from(calls.len() + 1).unwrap_or(u64::MAX);
            session.tool_run = Some(ToolRun {
                action_id: event_id,
                task: input.get("task").and_then(Value::as_str).unwrap_or_default().to_owned(),
                response_model: input.get("response_model").filter(|schema| schema.is_object()).cloned(),
                answer,
                calls,
                answers: Vec::new(),
                next_due: now.saturating_add(slice).max(session.last_due()),
                slice,
            });
            self.advance(now);
            return Ok(());
        }
        let due_ms = now.saturating_add(latency).max(session.last_due());
        session.queue.push_back(QueuedAnswer {
            due_ms,
            event_id,
            event_name: event_name.to_owned(),
            payload: json!({ "code": answer.code, "output": answer.output }),
            credits: answer.credits,
            effect: answer.effect,
        });
        Ok(())
    }

    fn ensure_open(&self) -> Result<(), ApiError> {
        if self.status.is_finished() {
            return Err(ApiError::bad_request(format!(
                "Task {} is {}; it no longer accepts events",
                self.id,
                self.status.as_str()
            )));
        }
        Ok(())
    }
}
