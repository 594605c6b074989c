// A mistake in the attribute is reported once, on the attribute: the struct and stubs of
// the call method and the `Endpoint` impl are still emitted, so the call sites below add
// no errors of their own.
use serde::{Deserialize, Serialize};
use smooth_client::{smooth_endpoint, SmoothClient};

#[smooth_endpoint(GET, "widget/{id}", retries = 3)]
#[derive(Serialize)]
pub struct GetWidgetRequest {
    pub id: String,
}

#[derive(Deserialize)]
pub struct GetWidgetResponse {
    pub name: String,
}

async fn calls(client: &SmoothClient) -> Result<String, smooth_client::Error> {
    let widget = client.get_widget(GetWidgetRequest { id: "w-1".into() }).await?;
    let again: GetWidgetResponse = client.send(GetWidgetRequest { id: "w-1".into() }).await?;
    Ok(widget.name + &again.name)
}

fn main() {
    let _ = calls;
}
