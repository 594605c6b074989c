use crate::types::Extension;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `GET /extension`: every uploaded extension.
#[smooth_endpoint(GET, "/extension", response = Vec<Extension>)]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListExtensionsRequest {}

impl ListExtensionsRequest {
    /// Lists all extensions.
    pub fn new() -> Self {
        Self::default()
    }
}
