// `#[non_exhaustive]` request and answer structs (as smooth-client's own are) work with the
// macro in a user's crate: the generated code compiles without a warning and the call
// method is usable.
#![deny(warnings)]

use serde::{Deserialize, Serialize};
use smooth_client::prelude::*;
use smooth_client::smooth_endpoint;

/// `POST /widget/{id}/paint?dry_run=...`
#[smooth_endpoint(POST, "/widget/{id}/paint", name = paint)]
#[derive(Serialize)]
#[non_exhaustive]
pub struct PaintWidgetRequest {
    /// The widget.
    pub id: String,
    /// Sent in the query.
    #[smooth(query)]
    pub dry_run: bool,
    /// Sent in the body.
    pub colour: String,
}

impl PaintWidgetRequest {
    /// Paints `id` in `colour`.
    pub fn new(id: impl Into<String>, colour: impl Into<String>) -> Self {
        PaintWidgetRequest { id: id.into(), dry_run: false, colour: colour.into() }
    }
}

/// The painted widget.
#[derive(Deserialize)]
#[non_exhaustive]
pub struct PaintWidgetResponse {
    /// Its colour now.
    pub colour: String,
}

/// `GET /widget` without fields.
#[smooth_endpoint(GET, "/widget", response = Vec<String>)]
#[derive(Serialize, Default)]
#[non_exhaustive]
pub struct ListWidgetsRequest {}

#[allow(dead_code)]
async fn calls(client: SmoothClient) -> Result<(), smooth_client::Error> {
    let painted = client.paint(PaintWidgetRequest::new("w/1", "red")).await?;
    let _: &str = &painted.colour;
    let _: Vec<String> = client.list_widgets(ListWidgetsRequest::default()).await?;
    // A built-in non-exhaustive request, through its constructor.
    let _ = client.get_task(GetTaskRequest::new("t-1").event_t(0)).await?;
    Ok(())
}

fn main() {
    let request = PaintWidgetRequest::new("w/1", "red").into_request().expect("valid");
    assert_eq!(request.path(), "/widget/w%2F1/paint");
    assert_eq!(request.query(), Some("dry_run=false"));
}
