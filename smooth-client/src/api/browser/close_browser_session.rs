use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `DELETE /browser/session/{live_id}` (deprecated): closes a browser opened with
/// `open_browser_session`.
#[smooth_endpoint(
    DELETE,
    "/browser/session/{live_id}",
    deprecated = "close a session task with DELETE /task/{id} (cancel_task) instead",
    response = serde_json::Value
)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CloseBrowserSessionRequest {
    /// The `live_id` returned by `open_browser_session`.
    pub live_id: String,
}

impl CloseBrowserSessionRequest {
    /// Closes `live_id`.
    pub fn new(live_id: impl Into<String>) -> Self {
        CloseBrowserSessionRequest { live_id: live_id.into() }
    }
}
