use crate::api::validate::invalid;
use crate::error::Error;
use crate::multipart::FilePart;
use crate::types::UploadFileResponse;
use smooth_macros::smooth_endpoint;

/// `POST /file` (multipart): uploads a file; pass the returned id in a task's `files`.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// use smooth_client::multipart::FilePart;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let uploaded = client.upload_file(UploadFileRequest::new(FilePart::path("invoice.pdf"))).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/file", multipart, validate = Self::check)]
#[derive(Debug)]
pub struct UploadFileRequest {
    /// The file (its name is sent with it).
    pub file: FilePart,
    /// What the file is for, at most 64 characters.
    pub file_purpose: Option<String>,
}

impl UploadFileRequest {
    /// Uploads `file`.
    pub fn new(file: FilePart) -> Self {
        UploadFileRequest { file, file_purpose: None }
    }

    /// What the file is for (at most 64 characters).
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.file_purpose = Some(purpose.into());
        self
    }

    fn check(&self) -> Result<(), Error> {
        match &self.file_purpose {
            Some(purpose) if purpose.chars().count() > 64 => {
                Err(invalid("file_purpose", format!("is {} characters long; the limit is 64", purpose.chars().count())))
            }
            _ => Ok(()),
        }
    }
}
