#![deny(deprecated)]

use serde::{Deserialize, Serialize};
use smooth_client::{smooth_endpoint, SmoothClient};

#[smooth_endpoint(DELETE, "/widget/{id}", deprecated = "widgets are gone; delete gadgets instead")]
#[derive(Serialize)]
pub struct DeleteWidgetRequest {
    pub id: String,
}

#[derive(Deserialize)]
pub struct DeleteWidgetResponse {
    pub deleted: bool,
}

async fn delete(client: &SmoothClient) -> Result<bool, smooth_client::Error> {
    let answer = client.delete_widget(DeleteWidgetRequest { id: "w-1".into() }).await?;
    Ok(answer.deleted)
}

fn main() {
    let _ = delete;
}
