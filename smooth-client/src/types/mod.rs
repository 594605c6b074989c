//! The models the API returns, and the small types requests are made of.

mod certificate;
mod enums;
mod profile;
pub(crate) mod task;
mod upload;

pub use enums::{Agent, Device, TaskStatus};
pub use profile::ProfileResponse;
pub use task::{
    BrowserSessionResponse, Certificate, TaskEvent, TaskEventResponse, TaskResponse, ToolResponse, ToolSignature,
};
pub use upload::{Extension, UploadExtensionResponse, UploadFileResponse};
