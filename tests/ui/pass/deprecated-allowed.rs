// A deprecated endpoint, called where the caller allows it, compiles without warnings.
#![deny(warnings)]

use serde::{Deserialize, Serialize};
use smooth_client::prelude::*;
use smooth_client::smooth_endpoint;

/// `DELETE /widget/{id}` (deprecated)
#[smooth_endpoint(DELETE, "/widget/{id}", deprecated = "widgets are gone", response = WidgetGone)]
#[derive(Serialize)]
pub struct DeleteWidgetRequest {
    /// The widget.
    pub id: String,
}

/// The answer.
#[derive(Deserialize)]
pub struct WidgetGone {}

/// `GET /gadget` (deprecated, without a note)
#[smooth_endpoint(GET, "/gadget", deprecated, response = bool)]
#[derive(Serialize)]
pub struct ListGadgetsRequest {}

#[allow(deprecated)]
async fn calls(client: &SmoothClient) -> Result<(), smooth_client::Error> {
    client.open_browser_session(BrowserSessionRequest::new()).await?;
    client.delete_widget(DeleteWidgetRequest { id: "w-1".into() }).await?;
    client.list_gadgets(ListGadgetsRequest {}).await?;
    Ok(())
}

fn main() {
    let client = SmoothClient::new("cmzr-test").unwrap();
    drop(calls(&client));
}
