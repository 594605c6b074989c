// A request struct (or field) the user marks `#[deprecated]` does not make the generated
// code warn: only the user's own uses of it do, and here they are allowed.
#![deny(warnings)]

use serde::{Deserialize, Serialize};
use smooth_client::prelude::*;
use smooth_client::smooth_endpoint;

/// `POST /widget/{id}/legacy`
#[deprecated = "use PaintWidgetRequest"]
#[smooth_endpoint(POST, "/widget/{id}/legacy")]
#[derive(Serialize)]
pub struct LegacyWidgetRequest {
    /// The widget.
    pub id: String,
    /// The old name of `colour`.
    #[deprecated = "use colour"]
    pub color: String,
    /// The colour.
    pub colour: String,
}

/// The answer.
#[derive(Deserialize)]
pub struct LegacyWidgetResponse {}

#[allow(deprecated)]
async fn call(client: &SmoothClient) -> Result<LegacyWidgetResponse, smooth_client::Error> {
    let request = LegacyWidgetRequest { id: "w".into(), color: "red".into(), colour: "red".into() };
    client.legacy_widget(request).await
}

fn main() {
    let client = SmoothClient::new("cmzr-test").unwrap();
    drop(call(&client));
}
