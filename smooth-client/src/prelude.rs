//! Everything a typical program needs: the client, every request type and the extension
//! traits that add the call methods (`client.submit_task(...)`, `client.get_task(...)`, ...).
//!
//! ```
//! use smooth_client::prelude::*;
//! let request = TaskRequest::new("Open example.com").max_steps(8);
//! assert_eq!(request.max_steps, 8);
//! ```

#[allow(deprecated)]
pub use crate::api::browser::{
    BrowserSessionRequest, CloseBrowserSessionExt, CloseBrowserSessionRequest, OpenBrowserSessionExt,
};
pub use crate::api::extension::{
    DeleteExtensionExt, DeleteExtensionRequest, ListExtensionsExt, ListExtensionsRequest, UploadExtensionExt,
    UploadExtensionRequest,
};
pub use crate::api::file::{DeleteFileExt, DeleteFileRequest, UploadFileExt, UploadFileRequest};
pub use crate::api::profile::{
    CreateProfileExt, DeleteProfileExt, DeleteProfileRequest, ListProfilesExt, ListProfilesRequest, ProfileRequest,
};
pub use crate::api::task::{
    CancelTaskExt, CancelTaskRequest, GetTaskExt, GetTaskRequest, ListTasksExt, ListTasksRequest, SendTaskEventExt,
    SubmitTaskExt, TaskEvent, TaskRequest, UpdateTaskExt, UpdateTaskRequest,
};
pub use crate::multipart::FilePart;
pub use crate::types::{
    Agent, Certificate, Device, Extension, ProfileResponse, TaskResponse, TaskStatus, ToolResponse, ToolSignature,
};
pub use crate::{
    ActionError, ActionResponse, ApiDetail, Endpoint, Error, LiveUrlOptions, RunTask, SessionHandle, SessionOptions,
    SessionSecret, SmoothClient, TaskError, TaskEvents, TaskHandle, TaskWithTools, Tool, ToolContext, ToolError,
};
