#![deny(deprecated)]

use smooth_client::prelude::*;

async fn open(client: &SmoothClient) -> Result<(), smooth_client::Error> {
    client.open_browser_session(BrowserSessionRequest::new()).await?;
    Ok(())
}

fn main() {
    let _ = open;
}
