//! Tasks: submit, poll, list, cancel, and the event channel of sessions and tools.

mod cancel_task;
mod get_task;
mod list_tasks;
mod send_task_event;
mod submit_task;
mod update_task;

pub use cancel_task::{CancelTaskExt, CancelTaskRequest};
pub use get_task::{GetTaskExt, GetTaskRequest};
pub use list_tasks::{ListTasksExt, ListTasksRequest};
pub use send_task_event::{SendTaskEventExt, TaskEvent};
pub use submit_task::{SubmitTaskExt, TaskRequest};
pub use update_task::{UpdateTaskExt, UpdateTaskRequest};
