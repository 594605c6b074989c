use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `DELETE /extension/{extension_id}`: deletes an extension. The spec says
/// `/browser/extension/{id}`; this is the path the official SDKs call and the service
/// accepts.
#[smooth_endpoint(DELETE, "/extension/{extension_id}", response = bool)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeleteExtensionRequest {
    /// The extension id.
    pub extension_id: String,
}

impl DeleteExtensionRequest {
    /// Deletes `extension_id`.
    pub fn new(extension_id: impl Into<String>) -> Self {
        DeleteExtensionRequest { extension_id: extension_id.into() }
    }
}
