//! File and extension models.

use serde::{Deserialize, Serialize};

/// The answer to `POST /file`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UploadFileResponse {
    /// The file id, to pass in a task's `files`.
    pub id: String,
}

/// The answer to `POST /extension`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UploadExtensionResponse {
    /// The extension id, to pass in a task's `extensions`.
    pub id: String,
}

/// An uploaded browser extension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Extension {
    /// The extension id.
    pub id: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// Upload time, Unix seconds.
    pub creation_time: i64,
}
