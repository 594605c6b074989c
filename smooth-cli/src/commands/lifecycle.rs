//! `start-session` and `close-session`.

use crate::args::StartSessionArgs;
use crate::failure::{Failure, Kind};
use crate::input;
use crate::output::{Printer, Report};
use crate::remote::{NewSession, Remote};
use crate::store::{self, SessionEntry};
use crate::tracked;

/// `start-session`: opens the session and adds it to the sessions file.
pub async fn start(remote: &Remote, printer: Printer, args: &StartSessionArgs) -> Result<Report, Failure> {
    let proxy = match (&args.proxy_server, args.no_proxy) {
        (_, true) | (None, false) => None,
        (Some(server), false) if server == "self" => {
            return Err(Failure::usage(
                "--proxy-server self (the official CLI's local tunnel) is not supported; give a proxy address or --no-proxy",
            ));
        }
        (Some(server), false) => Some((server.clone(), args.proxy_username.clone(), args.proxy_password.clone())),
    };
    // A sessions file we could not add to would leave an open, billed session untracked.
    store::read_sessions()?;
    if let Some((server, _, _)) = &proxy {
        printer.note(&format!("Using proxy: {server}"));
    }
    let new = NewSession {
        device: args.device.name().to_owned(),
        profile_id: args.profile_id.clone(),
        profile_read_only: args.profile_read_only,
        files: input::list(args.files.as_deref()),
        allowed_urls: input::list(args.allowed_urls.as_deref()),
        proxy,
        captcha_solver: !args.no_captcha_solver,
    };
    let started = remote.start_session(new).await.map_err(|f| f.context("failed to start session"))?;
    if started.live_url.is_none() {
        printer.warn("could not get the live view URL");
    }
    let entry = SessionEntry::new(
        started.id.clone(),
        started.live_url_embed.clone(),
        args.device.name().to_owned(),
        started.event_cursor,
    );
    store::update_sessions(|sessions| sessions.sessions.push(entry))?;
    let mut report = Report::new("Session started successfully")
        .field("session_id", started.id.clone())
        .line("Session started successfully!")
        .line(format!("Session ID: {}", started.id));
    if let Some(url) = &started.live_url {
        report = report.field("live_url", url.clone()).line(format!("Live URL: {url}"));
    }
    Ok(report.line("").line("Session is running. Use 'smooth close-session <session-id>' to close it."))
}

/// `close-session`: closes it on the service, then removes it from the sessions file.
pub async fn close(remote: &Remote, session_id: &str, force: bool) -> Result<Report, Failure> {
    let was_listed = store::read_sessions()?.get(session_id).is_some();
    let session = tracked::attach(remote, session_id)?;
    let mut message = format!("Session '{session_id}' closed successfully");
    if let Err(failure) = session.close(force).await {
        match tracked::explain(remote, session_id, failure).await {
            // Already ended: what close was asked to achieve holds.
            tracked::Verdict::Ended(_) => {}
            other => return Err(other.into_failure().context("failed to close session")),
        }
        message = format!("Session '{session_id}' had already ended");
    }
    // A forced close of an id the service never knew also answers "already closed" (404):
    // for an id this machine never tracked, ask the service whether it exists at all.
    if force && !was_listed && remote.task_status(session_id).await?.is_none() {
        return Err(Failure::new(Kind::Api, format!("session {session_id} is unknown to the Smooth API"))
            .context("failed to close session"));
    }
    let removed = tracked::forget(session_id)? || was_listed;
    let note = if force {
        "Note: Session forcefully terminated. Wait 5 seconds for the profile to save cookies and state."
    } else {
        "Note: Graceful close initiated. Wait 5 seconds for the profile to save cookies and state."
    };
    Ok(Report::new(message.clone())
        .field("session_id", session_id)
        .field("force", force)
        .field("removed_from_sessions_file", removed)
        .line(format!("{message}!"))
        .line(note))
}
