//! Sessions across processes: each command attaches to a session by id, resumes after
//! the event cursor kept in the sessions file, stores the new cursor afterwards, and
//! removes the session from the file when the service says it has ended.

use crate::failure::{Failure, Kind};
use crate::remote::{Remote, Session};
use crate::store;

/// Attaches to `session_id`, resuming after its stored cursor.
pub fn attach(remote: &Remote, session_id: &str) -> Result<Session, Failure> {
    let cursor = store::read_sessions()?.get(session_id).and_then(|entry| entry.event_cursor);
    Ok(remote.attach(session_id, cursor))
}

/// Records the task now running in the session (shown by the official CLI too).
pub fn set_task(session_id: &str, task: Option<&str>) -> Result<(), Failure> {
    store::update_sessions(|sessions| {
        if let Some(entry) = sessions.get_mut(session_id) {
            entry.task = task.map(str::to_owned);
        }
    })
}

/// Stores the session's cursor and clears its task.
pub fn remember(session: &Session, session_id: &str) -> Result<(), Failure> {
    let cursor = session.event_cursor();
    store::update_sessions(|sessions| {
        if let Some(entry) = sessions.get_mut(session_id) {
            entry.task = None;
            // Several commands may act in one session at once: the cursor only moves forward.
            entry.event_cursor = entry.event_cursor.max(Some(cursor)).filter(|&stored| stored > 0);
        }
    })
}

/// Removes a session from the file.
pub fn forget(session_id: &str) -> Result<bool, Failure> {
    store::update_sessions(|sessions| sessions.remove(session_id))
}

/// What a failed action says about its session.
pub enum Verdict {
    /// The service says the session has ended (it left the sessions file).
    Ended(Failure),
    /// The service does not know the session (it left the sessions file).
    Unknown(Failure),
    /// The failure was the action's own; the session is as it was.
    Open(Failure),
}

impl Verdict {
    /// The failure to report.
    pub fn into_failure(self) -> Failure {
        match self {
            Verdict::Ended(failure) | Verdict::Unknown(failure) | Verdict::Open(failure) => failure,
        }
    }
}

/// Turns a failed action into a clear answer when the session is gone: when the service
/// says it has ended, or does not know it, the session leaves the sessions file and the
/// message says so. Other failures pass through.
pub async fn explain(remote: &Remote, session_id: &str, failure: Failure) -> Verdict {
    let may_be_gone = failure.kind == Kind::TaskFailed || matches!(failure.status, Some(400 | 404 | 410));
    if !may_be_gone {
        return Verdict::Open(failure);
    }
    let verdict = match settled_status(remote, session_id, failure.status == Some(400)).await {
        Ok(None) => {
            Verdict::Unknown(Failure::new(Kind::Api, format!("session {session_id} is unknown to the Smooth API")))
        }
        Ok(Some(status)) if matches!(status.as_str(), "done" | "failed" | "cancelled") => {
            Verdict::Ended(Failure::new(Kind::TaskFailed, format!("session {session_id} has ended ({status})")))
        }
        _ => return Verdict::Open(failure),
    };
    if !matches!(forget(session_id), Ok(true)) {
        return verdict;
    }
    let note = |gone: Failure| Failure {
        message: format!("{}; removed it from ~/.smooth/sessions.json", gone.message),
        ..gone
    };
    match verdict {
        Verdict::Ended(gone) => Verdict::Ended(note(gone)),
        Verdict::Unknown(gone) => Verdict::Unknown(note(gone)),
        open => open,
    }
}

/// The session's status. After a 400 ("session is closed") the service may still report
/// it running for a moment while it winds down: then ask again for a few seconds.
async fn settled_status(remote: &Remote, session_id: &str, may_be_closing: bool) -> Result<Option<String>, Failure> {
    let mut status = remote.task_status(session_id).await?;
    let mut attempts = 0;
    while may_be_closing && attempts < 20 && matches!(status.as_deref(), Some("running" | "waiting")) {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        status = remote.task_status(session_id).await?;
        attempts += 1;
    }
    Ok(status)
}
