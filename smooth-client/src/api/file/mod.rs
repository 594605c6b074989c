//! Files the agent can use during a task.

mod delete_file;
mod upload_file;

pub use delete_file::{DeleteFileExt, DeleteFileRequest};
pub use upload_file::{UploadFileExt, UploadFileRequest};
