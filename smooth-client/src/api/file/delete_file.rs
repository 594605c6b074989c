use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `DELETE /file/{file_id}`: deletes an uploaded file. Answers `true`.
#[smooth_endpoint(DELETE, "/file/{file_id}", response = bool)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeleteFileRequest {
    /// The file id.
    pub file_id: String,
}

impl DeleteFileRequest {
    /// Deletes `file_id`.
    pub fn new(file_id: impl Into<String>) -> Self {
        DeleteFileRequest { file_id: file_id.into() }
    }
}
