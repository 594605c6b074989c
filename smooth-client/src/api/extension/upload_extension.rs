use crate::api::validate::invalid;
use crate::error::Error;
use crate::multipart::FilePart;
use crate::types::UploadExtensionResponse;
use bytes::Bytes;
use smooth_macros::smooth_endpoint;
use std::path::Path;

/// `POST /extension` (multipart): uploads a browser extension packed as a `.zip`.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let ext = client.upload_extension(UploadExtensionRequest::from_path("adblock.zip")).await?;
/// let task = TaskRequest::new("Browse without ads").extensions([ext.id]);
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/extension", multipart, validate = Self::check)]
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadExtensionRequest {
    /// The zipped extension.
    pub file: FilePart,
}

impl UploadExtensionRequest {
    /// Uploads `file`, whose name must end in `.zip`, as `application/zip` unless the part
    /// names another content type.
    pub fn new(file: FilePart) -> Self {
        UploadExtensionRequest { file: file.with_default_mime("application/zip") }
    }

    /// Uploads a `.zip` from disk, streaming it.
    ///
    /// ```
    /// use smooth_client::prelude::*;
    /// let request = UploadExtensionRequest::from_path("extensions/adblock.zip");
    /// assert_eq!(request.file.file_name(), "adblock.zip");
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Self {
        Self::new(FilePart::path(path))
    }

    /// Uploads a `.zip` held in memory under `file_name`.
    pub fn from_bytes(data: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        Self::new(FilePart::bytes(data, file_name))
    }

    fn check(&self) -> Result<(), Error> {
        if self.file.file_name().to_ascii_lowercase().ends_with(".zip") {
            Ok(())
        } else {
            Err(invalid("file", format!("extensions are uploaded as .zip files; got {:?}", self.file.file_name())))
        }
    }
}
