//! The blocking client: a task with typed output and a custom tool written as a plain
//! closure, a browser session, and handles waited on from several threads. No async code.
//!
//! ```sh
//! cargo run -p smooth-client --features blocking --example blocking
//! ```
//!
//! With `CIRCLEMIND_API_KEY` set it talks to the live Smooth service (and spends credits);
//! without it, it starts a local `smooth-mock` server and runs everything locally.

use smooth_client::blocking::{SmoothClient, ToolContext};
use smooth_client::prelude::TaskRequest;
use smooth_client::{SessionOptions, Tool, ToolError};
use std::time::Duration;

/// The shape the task's output is asked to take.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Story {
    title: String,
    points: u32,
}

/// The input of the custom tool.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Lookup {
    /// The product's SKU.
    sku: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The mock (if any) needs a runtime of its own; the client brings its own.
    let (client, _mock) = connect()?;

    // 1. A task with typed output, watched live.
    let task = client.run(TaskRequest::new("Report the top story on Hacker News").response_model::<Story>())?;
    println!("task {} submitted; live view: {}", task.id(), task.live_url()?);
    let story: Story = task.result()?.output_as()?;
    println!("  top story: {} ({} points)", story.title, story.points);

    // 2. A custom tool that is a plain closure; it may block as long as it needs.
    let lookup = Tool::blocking("lookup_price", "The price of a product", |_ctx: ToolContext, input: Lookup| {
        if input.sku.is_empty() {
            return Err(ToolError::recoverable("give me a SKU"));
        }
        std::thread::sleep(Duration::from_millis(50)); // a database, a file, another service...
        Ok(serde_json::json!({"sku": input.sku, "price_eur": 12.5}))
    });
    let priced = client.run(TaskRequest::new("Compare our price for SKU 42 with amazon.de").tool(lookup))?;
    println!("  with a tool: {:?}", priced.result()?.output);

    // 3. A browser session, one action at a time.
    let session = client.session(SessionOptions::new())?;
    session.goto("https://news.ycombinator.com")?;
    let title = session.evaluate_js("return document.title", None)?;
    let stories = session.extract_as::<Vec<Story>>("the top stories")?;
    println!("session {}: title {}, {} stories extracted", session.id(), title.output, stories.output.len());
    session.close()?;

    // 4. Handles are Send: wait on several tasks from several threads.
    let handles = (1..=4).map(|i| client.run(format!("Task number {i}"))).collect::<Result<Vec<_>, _>>()?;
    let waiters: Vec<_> = handles.into_iter().map(|handle| std::thread::spawn(move || handle.result())).collect();
    for waiter in waiters {
        let done = waiter.join().map_err(|_| "a waiting thread panicked")??;
        println!("  {} ended {:?}", done.id, done.status);
    }
    Ok(())
}

/// The live service when `CIRCLEMIND_API_KEY` is set, otherwise a local mock (returned to
/// keep it alive, with the runtime that serves it).
fn connect() -> Result<(SmoothClient, Option<LocalMock>), Box<dyn std::error::Error>> {
    if std::env::var_os("CIRCLEMIND_API_KEY").is_some() {
        return Ok((SmoothClient::from_env()?, None));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    let mock = runtime.block_on(smooth_mock::MockServer::builder().speed(smooth_mock::Speed::Realistic).start())?;
    eprintln!("CIRCLEMIND_API_KEY is not set: running against a local mock at {}", mock.base_url());
    let client = SmoothClient::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .poll_interval(Duration::from_millis(100))
        .build_blocking()?;
    Ok((client, Some(LocalMock { _server: mock, _runtime: runtime })))
}

/// A mock server and the runtime serving it, dropped together at the end.
struct LocalMock {
    _server: smooth_mock::MockServer,
    _runtime: tokio::runtime::Runtime,
}
