//! `smooth mock`: the embedded smooth-mock server, until Ctrl-C.

use crate::failure::Failure;
use crate::output::Printer;
use smooth_mock::MockServer;
use std::io::Write;

/// Starts the mock, prints the two environment lines (or one JSON object), waits for Ctrl-C.
pub async fn serve(printer: Printer, port: u16) -> Result<(), Failure> {
    let mock = MockServer::builder()
        .port(port)
        .start()
        .await
        .map_err(|error| Failure::local(format!("cannot listen on 127.0.0.1:{port}: {error}")))?;
    if printer.json {
        let object = serde_json::json!({
            "success": true,
            "message": format!("smooth-mock listening on {}", mock.addr()),
            "base_url": mock.base_url(),
            "api_key": mock.api_key(),
        });
        println!("{object}");
    } else {
        println!("export SMOOTH_BASE_URL={}", mock.base_url());
        println!("export CIRCLEMIND_API_KEY={}", mock.api_key());
        eprintln!("smooth-mock listening on {} (Ctrl-C to stop)", mock.addr());
    }
    let _ = std::io::stdout().flush();
    tokio::signal::ctrl_c().await.map_err(|error| Failure::local(format!("cannot wait for Ctrl-C: {error}")))?;
    mock.shutdown().await;
    Ok(())
}
