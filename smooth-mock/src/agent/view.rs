//! A task as the API reports it (`TaskResponse`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use crate::agent::status::TaskStatus;
use crate::agent::task::Task;

/// Characters kept as they are in an id placed in a URL path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// What a particular request asked to see.
#[derive(Debug, Clone, Default)]
pub(crate) struct ViewOptions {
    /// The events to report (see [`Task::poll_events`]); `None` leaves `events` null.
    pub(crate) events: Option<Vec<Value>>,
    /// `downloads=true`.
    pub(crate) downloads: bool,
}

/// An id escaped for use as one URL path segment.
pub(crate) fn path_segment(id: &str) -> String {
    utf8_percent_encode(id, SEGMENT).to_string()
}

/// Where the mock serves a task's live view, recording and downloads.
pub(crate) fn live_url(origin: &str, id: &str) -> String {
    format!("{origin}/mock/live/{}", path_segment(id))
}

pub(crate) fn recording_url(origin: &str, id: &str) -> String {
    format!("{origin}/mock/recordings/{}.mp4", path_segment(id))
}

pub(crate) fn downloads_url(origin: &str, id: &str) -> String {
    format!("{origin}/mock/downloads/{}.zip", path_segment(id))
}

/// The `TaskResponse` object.
///
/// `live_url` exists while running. `recording_url` is `""` when recording is disabled,
/// `null` until the task has finished (plus a delay at realistic speed), then a URL.
/// `downloads_url` is `null` unless asked for; when asked, `null` until the task has
/// finished, then a URL if the task is done (and its script did not say otherwise), else
/// `""` (a failed or cancelled task downloaded nothing).
pub(crate) fn task_json(task: &Task, origin: &str, now: u64, recording_delay: u64, options: ViewOptions) -> Value {
    let live = (task.status == TaskStatus::Running).then(|| live_url(origin, &task.id));
    let recording = if !task.spec.enable_recording || task.script.recording == Some(false) {
        Some(String::new())
    } else {
        task.finished_ms
            .filter(|finished| now >= finished.saturating_add(recording_delay))
            .map(|_| recording_url(origin, &task.id))
    };
    let downloads = match task.finished_ms {
        Some(_) if options.downloads => {
            let has_files = task.status == TaskStatus::Done && task.script.downloads != Some(false);
            Some(if has_files { downloads_url(origin, &task.id) } else { String::new() })
        }
        _ => None,
    };
    let events = options.events.map(Value::Array);
    json!({
        "id": task.id,
        "status": task.status.as_str(),
        "output": task.output,
        "credits_used": task.credits_used,
        "device": task.spec.device,
        "live_url": live,
        "recording_url": recording,
        "downloads_url": downloads,
        "created_at": task.created_ms / 1000,
        "events": events,
    })
}
