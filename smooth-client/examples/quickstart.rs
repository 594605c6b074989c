//! The quickstart: runs one task to its result, then a short browser session.
//!
//! ```sh
//! cargo run -p smooth-client --example quickstart
//! ```
//!
//! With `CIRCLEMIND_API_KEY` set it talks to the live Smooth service (and spends credits);
//! without it, it starts an embedded `smooth-mock` server and runs everything locally.

use smooth_client::prelude::*;
use std::time::Duration;

/// The numbers the session extracts from the page.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Story {
    title: String,
    points: u32,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the mock alive for the whole run; dropping it stops the server.
    let (client, _mock) = match std::env::var("CIRCLEMIND_API_KEY") {
        Ok(_) => {
            let client = SmoothClient::from_env()?;
            println!("Using the live Smooth service at {}", client.api_url());
            (client, None)
        }
        Err(_) => {
            let mock = smooth_mock::MockServer::builder().speed(smooth_mock::Speed::Realistic).start().await?;
            println!("CIRCLEMIND_API_KEY is not set: using the embedded smooth-mock at {}", mock.base_url());
            let client = SmoothClient::builder()
                .api_key(mock.api_key())
                .base_url(mock.base_url())
                .poll_interval(Duration::from_millis(250))
                .build()?;
            (client, Some(mock))
        }
    };

    // 1. A one-shot task, watched live and awaited.
    let task = client.run(TaskRequest::new("Go to Hacker News and report the top story").max_steps(16)).await?;
    println!("\nTask {} submitted", task.id());
    match task.live_url().await {
        Ok(url) => println!("  live view: {url}"),
        Err(err) => println!("  no live view: {err}"),
    }
    match task.result().await {
        Ok(done) => match done.output {
            Some(serde_json::Value::String(text)) => println!("  result: {text}"),
            other => println!("  result: {other:?}"),
        },
        Err(TaskError::Failed { response }) => println!("  the agent failed: {:?}", response.output),
        Err(other) => return Err(other.into()),
    }

    // 2. A short interactive session: open a page, extract typed data, close.
    let session = client.session(SessionOptions::new()).await?;
    println!("\nSession {} opened", session.id());
    session.goto("https://news.ycombinator.com").await?;
    let stories = session.extract_as::<Vec<Story>>("the three top stories with their points").await?;
    for story in &stories.output {
        println!("  - {} ({} points)", story.title, story.points);
    }
    session.close().await?;
    println!("Session closed");
    Ok(())
}
