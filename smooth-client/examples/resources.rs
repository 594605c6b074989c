//! Profiles, files and extensions.
//!
//! `cargo run -p smooth-client --example resources`

#[path = "support/mod.rs"]
mod support;

use smooth_client::multipart::FilePart;
use smooth_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let client = &backend.client;

    let profile = client.profiles().create(None).await?;
    println!("profile {}; {} in all", profile.id, client.profiles().list().await?.len());

    let file_id = client.files().upload_bytes(b"name,qty\nwidget,3\n".to_vec(), "order.csv", Some("the order")).await?;
    let response = client.run(TaskRequest::new("Place the order in order.csv").files([file_id.clone()])).await?;
    println!("task {} uses file {file_id}", response.id());

    let zip = FilePart::bytes(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(), "empty-extension.zip");
    let extension_id = client.extensions().upload(zip).await?;
    println!("extensions: {:?}", client.extensions().list().await?.iter().map(|e| &e.file_name).collect::<Vec<_>>());

    response.cancel().await?;
    client.extensions().delete(&extension_id).await?;
    client.files().delete(&file_id).await?;
    client.profiles().delete(&profile.id).await?;
    Ok(())
}
