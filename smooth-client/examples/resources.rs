//! Profiles, files and extensions.
//!
//! `cargo run -p smooth-client --example resources`

#[path = "support/mod.rs"]
mod support;

use smooth_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = support::connect().await?;
    let client = &backend.client;

    let profile = client.create_profile(ProfileRequest::new()).await?;
    println!("profile {}; {} in all", profile.id, client.list_profiles(ListProfilesRequest::new()).await?.len());

    let order = UploadFileRequest::from_bytes(b"name,qty\nwidget,3\n".to_vec(), "order.csv").purpose("the order");
    let file_id = client.upload_file(order).await?.id;
    let response = client.run(TaskRequest::new("Place the order in order.csv").files([file_id.clone()])).await?;
    println!("task {} uses file {file_id}", response.id());

    let zip = UploadExtensionRequest::from_bytes(
        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
        "empty-extension.zip",
    );
    let extension_id = client.upload_extension(zip).await?.id;
    println!(
        "extensions: {:?}",
        client.list_extensions(ListExtensionsRequest::new()).await?.iter().map(|e| &e.file_name).collect::<Vec<_>>()
    );

    response.cancel().await?;
    client.delete_extension(DeleteExtensionRequest::new(&extension_id)).await?;
    client.delete_file(DeleteFileRequest::new(&file_id)).await?;
    client.delete_profile(DeleteProfileRequest::new(&profile.id)).await?;
    Ok(())
}
