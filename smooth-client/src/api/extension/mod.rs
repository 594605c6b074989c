//! Browser extensions.

mod delete_extension;
mod list_extensions;
mod upload_extension;

pub use delete_extension::{DeleteExtensionExt, DeleteExtensionRequest};
pub use list_extensions::{ListExtensionsExt, ListExtensionsRequest};
pub use upload_extension::{UploadExtensionExt, UploadExtensionRequest};
