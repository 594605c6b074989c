use crate::api::validate::invalid;
use crate::error::Error;
use crate::multipart::FilePart;
use crate::types::UploadExtensionResponse;
use smooth_macros::smooth_endpoint;

/// `POST /extension` (multipart): uploads a browser extension packed as a `.zip`.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// use smooth_client::multipart::FilePart;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let ext = client.upload_extension(UploadExtensionRequest::new(FilePart::path("adblock.zip"))).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/extension", multipart, validate = Self::check)]
#[derive(Debug)]
pub struct UploadExtensionRequest {
    /// The zipped extension.
    pub file: FilePart,
}

impl UploadExtensionRequest {
    /// Uploads `file`, whose name must end in `.zip`.
    pub fn new(file: FilePart) -> Self {
        UploadExtensionRequest { file }
    }

    fn check(&self) -> Result<(), Error> {
        if self.file.file_name().to_ascii_lowercase().ends_with(".zip") {
            Ok(())
        } else {
            Err(invalid("file", format!("extensions are uploaded as .zip files; got {:?}", self.file.file_name())))
        }
    }
}
