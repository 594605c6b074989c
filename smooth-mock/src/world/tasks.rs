//! Task operations of the world: submit, look up (advancing), list, cancel, events.

use serde_json::Value;

use crate::agent::status::TaskStatus;
use crate::agent::task::Task;
use crate::api_error::ApiError;
use crate::request::task_request::TaskSpec;
use crate::rng::Rng;
use crate::world::World;

/// Streams above this are per-task generators (see [`Rng::derive`]).
const TASK_STREAM_BASE: u64 = 1 << 32;

impl World {
    /// `POST /task`: takes the next queued script (if any) and creates the task.
    pub(crate) fn submit(&mut self, spec: TaskSpec, now: u64) -> Result<&Task, ApiError> {
        let script = self.scripts.pop_front().unwrap_or_default();
        if let Some((status, detail)) = &script.rejection {
            let status =
                axum::http::StatusCode::from_u16(*status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            return Err(ApiError::new(status, detail.clone()));
        }
        self.next_task += 1;
        let rng = Rng::derive(self.seed, TASK_STREAM_BASE + self.next_task);
        let id = self.new_id("task", |world, id| world.tasks.contains_key(id));
        let mut task = Task::new(id.clone(), spec, script, now, rng, self.limits);
        task.seq = self.next_task;
        Ok(self.tasks.entry(id).or_insert(task))
    }

    /// A task brought up to date, or 404.
    pub(crate) fn task_mut(&mut self, id: &str, now: u64) -> Result<&mut Task, ApiError> {
        let finished_now = match self.tasks.get_mut(id) {
            Some(task) => {
                task.advance(now);
                task.status.is_finished() && !task.retired
            }
            None => return Err(ApiError::not_found("Task not found")),
        };
        if finished_now {
            self.retire(id);
        }
        self.tasks.get_mut(id).ok_or_else(|| ApiError::not_found("Task not found"))
    }

    /// Counts a newly finished task, evicting the oldest finished ones beyond the limit and
    /// saving cookies into the task's profile.
    fn retire(&mut self, id: &str) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        task.retired = true;
        let saved_profile = match (&task.spec.profile_id, task.status) {
            (Some(profile), TaskStatus::Done) if !task.spec.profile_read_only => {
                let url = task.session().and_then(|session| session.current_url.clone());
                Some((profile.clone(), url.or_else(|| task.spec.url.clone()), task.finished_ms))
            }
            _ => None,
        };
        self.finished.push_back(id.to_owned());
        if let Some((profile, url, finished_ms)) = saved_profile {
            self.save_profile(&profile, url.as_deref(), finished_ms.unwrap_or_default() / 1000);
        }
        while self.finished.len() > self.max_finished_tasks {
            if let Some(oldest) = self.finished.pop_front() {
                self.tasks.remove(&oldest);
            }
        }
    }

    /// `GET /task`: tasks created before `before` (Unix seconds), newest first. Only the
    /// page's tasks are brought up to date (the others are when they are next read): a page
    /// costs a scan, not an update and a sort of every task the mock holds.
    pub(crate) fn list_tasks(&mut self, now: u64, before: Option<i64>, limit: usize) -> Vec<&Task> {
        let mut page: Vec<(u64, &str)> = self
            .tasks
            .values()
            .filter(|task| {
                before.is_none_or(|before| i64::try_from(task.created_ms / 1000).unwrap_or(i64::MAX) < before)
            })
            .map(|task| (task.seq, task.id.as_str()))
            .collect();
        let newest_first = |(seq, _): &(u64, &str)| std::cmp::Reverse(*seq);
        if page.len() > limit {
            page.select_nth_unstable_by_key(limit, newest_first);
            page.truncate(limit);
        }
        page.sort_unstable_by_key(newest_first);
        let ids: Vec<String> = page.into_iter().map(|(_, id)| id.to_owned()).collect();
        for id in &ids {
            let _ = self.task_mut(id, now);
        }
        ids.iter().filter_map(|id| self.tasks.get(id)).collect()
    }

    /// `DELETE /task/{id}`.
    pub(crate) fn cancel_task(&mut self, id: &str, now: u64) -> Result<(), ApiError> {
        self.task_mut(id, now)?.cancel(now)?;
        // Re-read so a task that just ended is counted as finished.
        self.task_mut(id, now).map(|_| ())
    }

    /// `POST /task/{id}/event`; answers the event's id.
    pub(crate) fn task_event(
        &mut self,
        id: &str,
        name: &str,
        event_id: String,
        payload: &Value,
        now: u64,
    ) -> Result<(), ApiError> {
        let task = self.task_mut(id, now)?;
        if name == "tool_call" {
            let code = tool_answer_code(payload)?;
            let output = payload.get("output").cloned().unwrap_or(Value::Null);
            task.answer_tool(&event_id, code, output, now)?;
        } else {
            task.send_action(name, event_id, payload, now)?;
        }
        self.task_mut(id, now).map(|_| ())
    }

    /// The legacy `PUT /task/{id}` with `{tool_response: {id, code, output}}`.
    pub(crate) fn legacy_tool_response(
        &mut self,
        id: &str,
        event_id: &str,
        code: i64,
        output: Value,
        now: u64,
    ) -> Result<(), ApiError> {
        self.task_mut(id, now)?.answer_tool(event_id, code, output, now)?;
        self.task_mut(id, now).map(|_| ())
    }

    pub(crate) fn task_count(&self) -> usize {
        self.tasks.len()
    }

    pub(crate) fn task_ids(&self) -> Vec<String> {
        let mut tasks: Vec<&Task> = self.tasks.values().collect();
        tasks.sort_by_key(|task| task.seq);
        tasks.into_iter().map(|task| task.id.clone()).collect()
    }
}

fn tool_answer_code(payload: &Value) -> Result<i64, ApiError> {
    match payload.get("code") {
        Some(Value::Number(number)) => {
            number.as_i64().ok_or_else(|| ApiError::bad_request("A tool answer's 'code' must be an integer"))
        }
        _ => Err(ApiError::bad_request("A tool answer needs a payload {code, output}")),
    }
}
