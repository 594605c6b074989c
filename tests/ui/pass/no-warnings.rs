// Generated code compiles without a single warning (a `#[serde(skip)]` field included),
// and calling a non-deprecated endpoint (of the library or of this crate) does not warn.
#![deny(warnings)]

use serde::{Deserialize, Serialize};
use smooth_client::prelude::*;
use smooth_client::smooth_endpoint;

/// `GET /widget/{id}?verbose=...`
#[smooth_endpoint(GET, "/widget/{id}")]
#[derive(Serialize)]
pub struct GetWidgetRequest {
    /// The widget.
    pub id: String,
    /// Sent in the query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbose: Option<bool>,
}

/// The widget.
#[derive(Deserialize)]
pub struct GetWidgetResponse {
    /// Its name.
    pub name: String,
}

/// `POST /widget/{id}/paint?dry_run=...` with a JSON body.
#[smooth_endpoint(POST, "/widget/{id}/paint", response = bool, name = paint)]
#[derive(Serialize)]
pub struct PaintWidget {
    /// The widget.
    pub id: String,
    /// Sent in the query.
    #[smooth(query)]
    pub dry_run: bool,
    /// Sent in the body as `colour`.
    #[serde(rename = "colour")]
    pub color: String,
    /// Never sent.
    #[serde(skip)]
    pub local_note: String,
}

async fn calls(client: &SmoothClient) -> Result<(), smooth_client::Error> {
    let _task = client.get_task(GetTaskRequest::new("t-1")).await?;
    let widget = client.get_widget(GetWidgetRequest { id: "w-1".into(), verbose: None }).await?;
    drop(widget.name);
    let _painted = client
        .paint(PaintWidget { id: "w-1".into(), dry_run: true, color: "red".into(), local_note: String::new() }).await?;
    Ok(())
}

fn main() {
    let client = SmoothClient::new("cmzr-test").unwrap();
    // Building the futures is enough to type-check the calls; nothing is sent.
    drop(calls(&client));
}
