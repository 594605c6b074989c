use crate::smooth_endpoint;
use crate::types::Extension;
use serde::{Deserialize, Serialize};

/// `GET /extension`: every uploaded extension.
#[smooth_endpoint(GET, "/extension", response = Vec<Extension>)]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListExtensionsRequest {}

impl ListExtensionsRequest {
    /// Lists all extensions.
    pub fn new() -> Self {
        Self::default()
    }
}
