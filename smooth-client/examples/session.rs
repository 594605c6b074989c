//! Drives a browser session step by step, then closes it.
//!
//! `cargo run -p smooth-client --example session`

#[path = "support/mod.rs"]
mod support;

use smooth_client::prelude::*;
use smooth_client::{RunTask, SessionSecret};

/// What to extract from the page.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Headline {
    title: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let session = backend.client.session(SessionOptions::new().device(Device::Desktop)).await?;
    println!("session {} — watch at {}", session.id(), session.live_url().await?);

    session.goto("https://news.ycombinator.com").await?;
    let title = session.evaluate_js("return document.title", None).await?;
    println!("title: {}", title.output);

    let headlines = session.extract_as::<Vec<Headline>>("the five top headlines").await?;
    for headline in &headlines.output {
        println!("- {}", headline.title);
    }
    println!("({} credits)", headlines.credits_used.unwrap_or_default());

    let login = RunTask::new("Log in with the stored password")
        .max_steps(12)
        .secret("password", SessionSecret::new("not-a-real-password").allowed_urls(["https://news.ycombinator.com/*"]));
    match session.run_task(login).await {
        Ok(answer) => println!("sub-task: {}", answer.output),
        Err(TaskError::Action(failure)) if failure.code == 400 => println!("sub-task failed: {}", failure.message),
        Err(other) => return Err(other.into()),
    }

    session.close_gracefully().await?;
    let response = session.result().await?;
    println!("closed ({}), {:?} credits in all", response.status, response.credits_used);
    Ok(())
}
