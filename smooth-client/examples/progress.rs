//! Prints the agent's progress as it happens: every event of a task (here, the agent
//! calling a custom tool), as a stream, then the result.
//!
//! `cargo run -p smooth-client --example progress`

#[path = "support/mod.rs"]
mod support;

use futures_util::StreamExt;
use serde_json::{Value, json};
use smooth_client::Tool;
use smooth_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let lookup = Tool::untyped(
        "lookup_price",
        "Our price for a SKU",
        json!({"sku": "string"}),
        |_ctx, input: Value| async move { Ok(json!({"sku": input["sku"], "price_eur": 12.5})) },
    );
    let task = TaskRequest::new("Compare our price for SKU A-1 with the competition").tool(lookup);
    let handle = backend.client.run(task).await?;
    println!("task {}", handle.id());

    // The stream ends after the task's last event; the handle polls while it is read.
    let mut events = handle.events();
    while let Some(event) = events.next().await {
        let event = event?;
        let time = event.timestamp.unwrap_or_default();
        match event.name.as_str() {
            "tool_call" => {
                println!("[{time}] the agent calls {} with {}", event.payload["name"], event.payload["input"])
            }
            other => println!("[{time}] {other}: {}", event.payload),
        }
    }

    let response = handle.result().await?;
    println!("{}: {:?}", response.status, response.output);
    Ok(())
}
