//! `POST /task/{task_id}/event`. The request type is also the event model that
//! `TaskResponse::events` carries, so it is defined with the models, below the endpoints.

pub use crate::types::task::{SendTaskEventExt, TaskEvent};
