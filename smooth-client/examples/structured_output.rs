//! Asks for output shaped like a Rust type and decodes it.
//!
//! `cargo run -p smooth-client --example structured_output`

#[path = "support/mod.rs"]
mod support;

use smooth_client::prelude::*;

/// One story of the front page.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Story {
    /// The headline.
    title: String,
    /// Its score.
    points: u32,
}

/// What the agent should return.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct FrontPage {
    stories: Vec<Story>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let request = TaskRequest::new("List the top three stories on Hacker News").response_model::<FrontPage>();
    let response = backend.client.run(request).await?.result().await?;
    let page: FrontPage = response.output_as()?;
    for story in page.stories {
        println!("{:>5}  {}", story.points, story.title);
    }
    Ok(())
}
