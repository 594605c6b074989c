//! Every operation of the API as a blocking method, each sending its request through
//! [`SmoothClient::send`]; the request types are those of [`crate::api`].

use crate::api::browser::{BrowserSessionRequest, CloseBrowserSessionRequest};
use crate::api::extension::{DeleteExtensionRequest, ListExtensionsRequest, UploadExtensionRequest};
use crate::api::file::{DeleteFileRequest, UploadFileRequest};
use crate::api::profile::{DeleteProfileRequest, ListProfilesRequest, ProfileRequest};
use crate::api::task::{
    CancelTaskRequest, GetTaskRequest, ListTasksRequest, TaskEvent, TaskRequest, UpdateTaskRequest,
};
use crate::blocking::client::SmoothClient;
use crate::{Endpoint, Error};

/// One method per operation: its doc, name and request type.
macro_rules! operations {
    ($($(#[$attr:meta])* $name:ident($request:ty);)*) => {
        impl SmoothClient {
            $(
                $(#[$attr])*
                pub fn $name(&self, request: $request) -> Result<<$request as Endpoint>::Response, Error> {
                    self.send(request)
                }
            )*
        }
    };
}

operations! {
    /// `POST /task`: submits a task (see [`SmoothClient::run`] for a handle that waits on it).
    submit_task(TaskRequest);
    /// `GET /task/{id}`: a task's status, output and the events newer than `event_t`.
    ///
    /// ```no_run
    /// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), smooth_client::Error> {
    /// use smooth_client::prelude::GetTaskRequest;
    /// let task = client.get_task(GetTaskRequest::new("task-id"))?;
    /// println!("{:?}", task.status);
    /// # Ok(()) }
    /// ```
    get_task(GetTaskRequest);
    /// `GET /task`: tasks created before a time, newest first.
    list_tasks(ListTasksRequest);
    /// `DELETE /task/{id}`: cancels a task.
    cancel_task(CancelTaskRequest);
    /// `POST /task/{id}/event`: sends an event to a running task.
    send_task_event(TaskEvent);
    /// `POST /profile`: creates a browser profile.
    create_profile(ProfileRequest);
    /// `GET /profile`: every browser profile.
    list_profiles(ListProfilesRequest);
    /// `DELETE /profile/{id}`: deletes a browser profile.
    delete_profile(DeleteProfileRequest);
    /// `POST /file`: uploads a file the agent may use.
    upload_file(UploadFileRequest);
    /// `DELETE /file/{id}`: deletes an uploaded file.
    delete_file(DeleteFileRequest);
    /// `POST /extension`: uploads a browser extension (`.zip`).
    upload_extension(UploadExtensionRequest);
    /// `GET /extension`: every uploaded extension.
    list_extensions(ListExtensionsRequest);
    /// `DELETE /extension/{id}`: deletes an extension.
    delete_extension(DeleteExtensionRequest);
    /// `PUT /task/{id}` with `{tool_response}`: the legacy way to answer a tool call.
    #[deprecated = "answer tool calls with `send_task_event` (POST /task/{id}/event) instead"]
    update_task(UpdateTaskRequest);
    /// `POST /browser/session`: opens an interactive browser for 5 minutes.
    #[deprecated = "use a session task instead: POST /task with `task: null` (TaskRequest::session()), then send actions with send_task_event"]
    open_browser_session(BrowserSessionRequest);
    /// `DELETE /browser/session/{live_id}`: closes a browser opened with `open_browser_session`.
    #[deprecated = "close a session task with DELETE /task/{id} (cancel_task) instead"]
    close_browser_session(CloseBrowserSessionRequest);
}
