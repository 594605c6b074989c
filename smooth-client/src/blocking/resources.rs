//! Short forms for profiles, files and extensions: the async helpers of the same names
//! ([`crate::Profiles`], [`crate::Files`], [`crate::Extensions`]), run to completion.

use crate::Error;
use crate::blocking::client::SmoothClient;
use crate::multipart::FilePart;
use crate::types::{Extension, ProfileResponse};
use std::path::Path;

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
/// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), smooth_client::Error> {
/// let profile = client.profiles().create(Some("shopping"))?;
/// for profile in client.profiles().list()? {
///     println!("{} ({:?} cookies)", profile.id, profile.cookie_count);
/// }
/// client.profiles().delete(&profile.id)?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Profiles<'a> {
    client: &'a SmoothClient,
}

impl Profiles<'_> {
    /// Creates a profile with this id (409 if it exists), or with one the service picks.
    pub fn create(&self, id: Option<&str>) -> Result<ProfileResponse, Error> {
        let id = id.map(str::to_owned);
        self.client.call(move |client| async move { client.profiles().create(id.as_deref()).await })
    }

    /// Every profile of the account.
    pub fn list(&self) -> Result<Vec<ProfileResponse>, Error> {
        self.client.call(|client| async move { client.profiles().list().await })
    }

    /// Deletes a profile.
    pub fn delete(&self, id: &str) -> Result<bool, Error> {
        let id = id.to_owned();
        self.client.call(move |client| async move { client.profiles().delete(&id).await })
    }
}

/// Files the agent can use; pass the returned id in a request's `files`. From
/// [`SmoothClient::files`]. A path is streamed, never read whole into memory; an async
/// reader can be sent with [`Files::upload`] and [`FilePart::reader`].
///
/// ```no_run
/// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), smooth_client::Error> {
/// let id = client.files().upload_path("invoice.pdf", Some("the invoice to pay"))?;
/// let from_memory = client.files().upload_bytes(b"a,b\n1,2\n".to_vec(), "table.csv", None)?;
/// client.files().delete(&id)?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Files<'a> {
    client: &'a SmoothClient,
}

impl Files<'_> {
    /// Uploads any [`FilePart`] with an optional purpose (at most 64 characters); returns
    /// the file id.
    pub fn upload(&self, file: FilePart, purpose: Option<&str>) -> Result<String, Error> {
        let purpose = purpose.map(str::to_owned);
        self.client.call(move |client| async move { client.files().upload(file, purpose.as_deref()).await })
    }

    /// Uploads a file from disk, named after its last path component.
    pub fn upload_path(&self, path: impl AsRef<Path>, purpose: Option<&str>) -> Result<String, Error> {
        self.upload(FilePart::path(path), purpose)
    }

    /// Uploads bytes held in memory under `name`.
    pub fn upload_bytes(
        &self,
        data: impl Into<bytes::Bytes>,
        name: impl Into<String>,
        purpose: Option<&str>,
    ) -> Result<String, Error> {
        self.upload(FilePart::bytes(data, name), purpose)
    }

    /// Deletes an uploaded file.
    pub fn delete(&self, id: &str) -> Result<bool, Error> {
        let id = id.to_owned();
        self.client.call(move |client| async move { client.files().delete(&id).await })
    }
}

/// Browser extensions, uploaded as `.zip` files. From [`SmoothClient::extensions`].
///
/// ```no_run
/// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), smooth_client::Error> {
/// let id = client.extensions().upload_path("my-extension.zip")?;
/// let all = client.extensions().list()?;
/// client.extensions().delete(&id)?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Extensions<'a> {
    client: &'a SmoothClient,
}

impl Extensions<'_> {
    /// Uploads an extension; the part's file name must end in `.zip`. Returns its id.
    pub fn upload(&self, file: FilePart) -> Result<String, Error> {
        self.client.call(move |client| async move { client.extensions().upload(file).await })
    }

    /// Uploads a `.zip` from disk.
    pub fn upload_path(&self, path: impl AsRef<Path>) -> Result<String, Error> {
        self.upload(FilePart::path(path))
    }

    /// Every uploaded extension.
    pub fn list(&self) -> Result<Vec<Extension>, Error> {
        self.client.call(|client| async move { client.extensions().list().await })
    }

    /// Deletes an extension.
    pub fn delete(&self, id: &str) -> Result<bool, Error> {
        let id = id.to_owned();
        self.client.call(move |client| async move { client.extensions().delete(&id).await })
    }
}
