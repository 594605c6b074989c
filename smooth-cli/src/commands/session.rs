//! Commands that act in an open session: `run`, `goto`, `live-view`, `downloads`,
//! `extract`, `evaluate-js`. Each attaches by id and stores the event cursor afterwards.

use crate::args::RunArgs;
use crate::failure::Failure;
use crate::input;
use crate::output::{Printer, Report, text_of};
use crate::progress::Progress;
use crate::remote::{ActionOutcome, Remote, Session, TaskSpec};
use crate::tracked;
use futures_util::{FutureExt, StreamExt};
use std::time::Duration;

/// `run`: the live view URL first, then progress while the agent works.
pub async fn run(remote: &Remote, printer: Printer, args: &RunArgs) -> Result<Report, Failure> {
    let metadata = args.metadata.as_deref().map(input::metadata).transpose()?.unwrap_or_default();
    let response_model =
        args.response_model.as_deref().map(|text| input::schema("--response-model", text)).transpose()?;
    let session = tracked::attach(remote, &args.session_id)?;
    printer.note(&format!("Running task in session '{}': {}", args.session_id, args.task));
    if !printer.json {
        let result = session.live_url().await;
        let url =
            finish(remote, &session, &args.session_id, result).await.map_err(|f| f.context("failed to run task"))?;
        println!("Live URL: {url}");
    }
    tracked::set_task(&args.session_id, Some(&args.task))?;
    let spec = TaskSpec {
        task: args.task.clone(),
        url: args.url.clone(),
        metadata,
        response_model,
        max_steps: args.max_steps,
    };
    let progress = Progress::start(printer, "the agent is working");
    let result = if progress.shows_events() {
        let mut events = std::pin::pin!(session.event_lines());
        let run = session.run(spec);
        let mut run = std::pin::pin!(run);
        let result = loop {
            tokio::select! {
                result = &mut run => break result,
                Some(line) = events.next() => progress.event(&line),
            }
        };
        // Events read in the same poll as the answer are shown too.
        while let Some(Some(line)) = events.next().now_or_never() {
            progress.event(&line);
        }
        result
    } else {
        session.run(spec).await
    };
    progress.finish();
    let answer =
        finish(remote, &session, &args.session_id, result).await.map_err(|f| f.context("failed to run task"))?;
    Ok(Report::new("Task completed successfully")
        .field("session_id", args.session_id.clone())
        .field("result", answer.output.clone())
        .field("credits_used", answer.credits_used)
        .line("")
        .line("Task completed. Result:")
        .line(text_of(&answer.output)))
}

/// `goto`.
pub async fn goto(remote: &Remote, printer: Printer, session_id: &str, url: &str) -> Result<Report, Failure> {
    let session = tracked::attach(remote, session_id)?;
    printer.note(&format!("Navigating session '{session_id}' to: {url}"));
    let result = session.goto(url).await;
    finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to navigate"))?;
    Ok(Report::new("Navigation successful")
        .field("session_id", session_id)
        .field("url", url)
        .line(format!("Successfully navigated to: {url}")))
}

/// `live-view`.
pub async fn live_view(remote: &Remote, session_id: &str) -> Result<Report, Failure> {
    let session = tracked::attach(remote, session_id)?;
    let result = session.live_url().await;
    let url = finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to get live view"))?;
    Ok(Report::new("Live view URL retrieved")
        .field("session_id", session_id)
        .field("live_url", url.clone())
        .line(format!("Live view URL for session '{session_id}':"))
        .line(url)
        .line("")
        .line("Open this URL in your browser to view and interact with the session."))
}

/// `downloads`.
pub async fn downloads(remote: &Remote, session_id: &str) -> Result<Report, Failure> {
    let session = tracked::attach(remote, session_id)?;
    let result = session.downloads_url().await;
    let url = finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to get downloads"))?;
    let Some(url) = url else {
        return Ok(Report::new(format!("No files were downloaded in session '{session_id}'"))
            .field("session_id", session_id)
            .field("downloads_url", serde_json::Value::Null)
            .line(format!("No files were downloaded in session '{session_id}'.")));
    };
    Ok(Report::new("Downloads URL retrieved")
        .field("session_id", session_id)
        .field("downloads_url", url.clone())
        .line(format!("Downloads URL for session '{session_id}':"))
        .line(url)
        .line("")
        .line("Download the files from this URL."))
}

/// `extract`.
pub async fn extract(
    remote: &Remote,
    printer: Printer,
    session_id: &str,
    schema: &str,
    url: Option<&str>,
    prompt: Option<&str>,
) -> Result<Report, Failure> {
    let schema = input::schema("--schema", schema)?;
    let session = tracked::attach(remote, session_id)?;
    if let Some(url) = url {
        printer.note(&format!("Navigating to {url}..."));
        let result = session.goto(url).await;
        finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to extract data"))?;
        printer.note("Waiting 5 seconds for page to load...");
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    printer.note(&format!("Extracting data from session '{session_id}'..."));
    tracked::set_task(session_id, Some("Extracting data"))?;
    let result = session.extract(schema, prompt.unwrap_or_default()).await;
    let answer = finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to extract data"))?;
    Ok(Report::new("Data extracted successfully")
        .field("session_id", session_id)
        .field("data", answer.output.clone())
        .line("")
        .line("Extracted data:")
        .line(text_of(&answer.output)))
}

/// `evaluate-js`.
pub async fn evaluate_js(
    remote: &Remote,
    printer: Printer,
    session_id: &str,
    code: &str,
    args: Option<&str>,
) -> Result<Report, Failure> {
    let args = args.map(|text| input::json("--args", text)).transpose()?;
    let session = tracked::attach(remote, session_id)?;
    printer.note(&format!("Executing JavaScript in session '{session_id}'..."));
    let result = session.evaluate_js(code, args).await;
    let answer: ActionOutcome =
        finish(remote, &session, session_id, result).await.map_err(|f| f.context("failed to evaluate JavaScript"))?;
    Ok(Report::new("JavaScript executed successfully")
        .field("session_id", session_id)
        .field("result", answer.output.clone())
        .line("")
        .line("Result:")
        .line(text_of(&answer.output)))
}

/// After an action: store the cursor, or explain a session that is gone.
async fn finish<T>(
    remote: &Remote,
    session: &Session,
    session_id: &str,
    result: Result<T, Failure>,
) -> Result<T, Failure> {
    match result {
        Ok(value) => {
            tracked::remember(session, session_id)?;
            Ok(value)
        }
        Err(failure) => {
            let verdict = tracked::explain(remote, session_id, failure).await;
            if let tracked::Verdict::Open(_) = verdict {
                // The failure was the action's own: keep the cursor moving all the same (the
                // action's failure is what the user needs to hear, not a file error).
                let _ = tracked::remember(session, session_id);
            }
            Err(verdict.into_failure())
        }
    }
}
