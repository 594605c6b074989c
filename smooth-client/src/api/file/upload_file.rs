use crate::api::validate::invalid;
use crate::error::Error;
use crate::multipart::FilePart;
use crate::types::UploadFileResponse;
use bytes::Bytes;
use smooth_macros::smooth_endpoint;
use std::path::Path;
use tokio::io::AsyncRead;

/// `POST /file` (multipart): uploads a file; pass the returned id in a task's `files`.
///
/// Paths and readers are streamed, never read whole into memory.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let invoice = client.upload_file(UploadFileRequest::from_path("invoice.pdf").purpose("the invoice to pay")).await?;
/// let table = client.upload_file(UploadFileRequest::from_bytes(b"a,b\n1,2\n".to_vec(), "table.csv")).await?;
/// let task = TaskRequest::new("Pay the invoice").files([invoice.id, table.id]);
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/file", multipart, validate = Self::check)]
#[derive(Debug)]
#[non_exhaustive]
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

    /// Uploads a file from disk, named after its last path component. The file is
    /// opened when the request is sent; a missing file fails before anything is sent.
    pub fn from_path(path: impl AsRef<Path>) -> Self {
        Self::new(FilePart::path(path))
    }

    /// Uploads bytes held in memory under `file_name`.
    ///
    /// ```
    /// use smooth_client::prelude::*;
    /// let request = UploadFileRequest::from_bytes(b"hello".to_vec(), "hello.txt").purpose("a greeting");
    /// assert_eq!(request.file.file_name(), "hello.txt");
    /// assert_eq!(request.file_purpose.as_deref(), Some("a greeting"));
    /// ```
    pub fn from_bytes(data: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        Self::new(FilePart::bytes(data, file_name))
    }

    /// Uploads what an async reader yields under `file_name`, streaming it. A reader can
    /// be sent once: the upload is not retried after it started.
    pub fn from_reader(reader: impl AsyncRead + Send + Unpin + 'static, file_name: impl Into<String>) -> Self {
        Self::new(FilePart::reader(reader, file_name))
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
