//! Runs one task: watch it live, wait for its result, fetch its recording.
//!
//! `cargo run -p smooth-client --example run_task`

#[path = "support/mod.rs"]
mod support;

use smooth_client::TaskError;
use smooth_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let handle = backend.client.run(TaskRequest::new("Find the top story on Hacker News").max_steps(16)).await?;
    println!("task {}", handle.id());
    match handle.live_url().await {
        Ok(url) => println!("live view: {url}"),
        Err(err) => println!("no live view: {err}"),
    }
    match handle.result().await {
        Ok(response) => println!("done: {:?} ({:?} credits)", response.output, response.credits_used),
        Err(TaskError::Failed { response }) => println!("the agent failed: {:?}", response.output),
        Err(other) => return Err(other.into()),
    }
    match handle.recording_url().await {
        Ok(url) => println!("recording: {url}"),
        Err(err) => println!("no recording: {err}"),
    }
    Ok(())
}
