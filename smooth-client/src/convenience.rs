//! Short forms for profiles, files and extensions, grouped under accessors so they never
//! clash with the generated `create_profile(...)`-style methods.

use crate::api::extension::{DeleteExtensionRequest, ListExtensionsRequest, UploadExtensionRequest};
use crate::api::file::{DeleteFileRequest, UploadFileRequest};
use crate::api::profile::{DeleteProfileRequest, ListProfilesRequest, ProfileRequest};
use crate::client::SmoothClient;
use crate::error::Error;
use crate::multipart::FilePart;
use crate::types::{Extension, ProfileResponse};
use std::path::Path;
use tokio::io::AsyncRead;

impl SmoothClient {
    /// Browser profiles: `client.profiles().create(Some("shopping"))`, `.list()`, `.delete(id)`.
    pub fn profiles(&self) -> Profiles<'_> {
        Profiles { client: self }
    }

    /// Uploaded files: `client.files().upload_path("invoice.pdf", None)`, `.delete(id)`.
    pub fn files(&self) -> Files<'_> {
        Files { client: self }
    }

    /// Browser extensions: `client.extensions().upload_path("ext.zip")`, `.list()`, `.delete(id)`.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions { client: self }
    }
}

/// Browser profiles (persistent cookies and logins). From [`SmoothClient::profiles`].
///
/// ```no_run
/// # async fn demo(client: smooth_client::SmoothClient) -> Result<(), smooth_client::Error> {
/// let profile = client.profiles().create(Some("shopping")).await?;
/// for profile in client.profiles().list().await? {
///     println!("{} ({:?} cookies)", profile.id, profile.cookie_count);
/// }
/// client.profiles().delete(&profile.id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Profiles<'a> {
    client: &'a SmoothClient,
}

impl Profiles<'_> {
    /// Creates a profile with this id (409 if it exists), or with one the service picks.
    pub async fn create(&self, id: Option<&str>) -> Result<ProfileResponse, Error> {
        let request = match id {
            Some(id) => ProfileRequest::with_id(id),
            None => ProfileRequest::new(),
        };
        self.client.send(request).await
    }

    /// Every profile of the account.
    pub async fn list(&self) -> Result<Vec<ProfileResponse>, Error> {
        self.client.send(ListProfilesRequest::new()).await
    }

    /// Deletes a profile.
    pub async fn delete(&self, id: &str) -> Result<bool, Error> {
        self.client.send(DeleteProfileRequest::new(id)).await
    }
}

/// Files the agent can use; pass the returned id in a request's `files`. From
/// [`SmoothClient::files`]. Paths and readers are streamed, never read whole into memory.
///
/// ```no_run
/// # async fn demo(client: smooth_client::SmoothClient) -> Result<(), smooth_client::Error> {
/// let id = client.files().upload_path("invoice.pdf", Some("the invoice to pay")).await?;
/// let from_memory = client.files().upload_bytes(b"a,b\n1,2\n".to_vec(), "table.csv", None).await?;
/// client.files().delete(&id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Files<'a> {
    client: &'a SmoothClient,
}

impl Files<'_> {
    /// Uploads any [`FilePart`] with an optional purpose (at most 64 characters); returns
    /// the file id.
    pub async fn upload(&self, file: FilePart, purpose: Option<&str>) -> Result<String, Error> {
        let mut request = UploadFileRequest::new(file);
        if let Some(purpose) = purpose {
            request = request.purpose(purpose);
        }
        Ok(self.client.send(request).await?.id)
    }

    /// Uploads a file from disk, named after its last path component.
    pub async fn upload_path(&self, path: impl AsRef<Path>, purpose: Option<&str>) -> Result<String, Error> {
        self.upload(FilePart::path(path), purpose).await
    }

    /// Uploads bytes held in memory under `name`.
    pub async fn upload_bytes(
        &self,
        data: impl Into<bytes::Bytes>,
        name: impl Into<String>,
        purpose: Option<&str>,
    ) -> Result<String, Error> {
        self.upload(FilePart::bytes(data, name), purpose).await
    }

    /// Uploads what an async reader yields under `name`, streaming it. A reader can be
    /// sent once: the upload is not retried after it started.
    pub async fn upload_reader(
        &self,
        reader: impl AsyncRead + Send + Unpin + 'static,
        name: impl Into<String>,
        purpose: Option<&str>,
    ) -> Result<String, Error> {
        self.upload(FilePart::reader(reader, name), purpose).await
    }

    /// Deletes an uploaded file.
    pub async fn delete(&self, id: &str) -> Result<bool, Error> {
        self.client.send(DeleteFileRequest::new(id)).await
    }
}

/// Browser extensions, uploaded as `.zip` files. From [`SmoothClient::extensions`].
///
/// ```no_run
/// # async fn demo(client: smooth_client::SmoothClient) -> Result<(), smooth_client::Error> {
/// let id = client.extensions().upload_path("my-extension.zip").await?;
/// let all = client.extensions().list().await?;
/// client.extensions().delete(&id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Extensions<'a> {
    client: &'a SmoothClient,
}

impl Extensions<'_> {
    /// Uploads an extension; the part's file name must end in `.zip`. Returns its id.
    pub async fn upload(&self, file: FilePart) -> Result<String, Error> {
        Ok(self.client.send(UploadExtensionRequest::new(file.with_mime("application/zip"))).await?.id)
    }

    /// Uploads a `.zip` from disk.
    pub async fn upload_path(&self, path: impl AsRef<Path>) -> Result<String, Error> {
        self.upload(FilePart::path(path)).await
    }

    /// Every uploaded extension.
    pub async fn list(&self) -> Result<Vec<Extension>, Error> {
        self.client.send(ListExtensionsRequest::new()).await
    }

    /// Deletes an extension.
    pub async fn delete(&self, id: &str) -> Result<bool, Error> {
        self.client.send(DeleteExtensionRequest::new(id)).await
    }
}
