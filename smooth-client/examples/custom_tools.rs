//! Gives the agent a function of ours to call.
//!
//! `cargo run -p smooth-client --example custom_tools`

#[path = "support/mod.rs"]
mod support;

use smooth_client::ToolContext;
use smooth_client::prelude::*;

/// The tool's input; its JSON schema is what the agent sees.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Lookup {
    /// The product's SKU, e.g. "A-1".
    sku: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let lookup = Tool::new("lookup_price", "Our price for a product", |ctx: ToolContext, input: Lookup| async move {
        println!("the agent asks for {} (call {})", input.sku, ctx.call_id());
        if input.sku.is_empty() {
            return Err(ToolError::recoverable("a SKU is needed"));
        }
        Ok(serde_json::json!({"sku": input.sku, "price_eur": 12.5}))
    })
    .output_description("The price in euros")
    .essential(false)
    .error_message("The catalogue is unavailable right now");

    let request = TaskRequest::new("Compare our price for SKU A-1 with the competition").tool(lookup);
    let response = backend.client.run(request).await?.result().await?;
    println!("{:?}", response.output);
    Ok(())
}
