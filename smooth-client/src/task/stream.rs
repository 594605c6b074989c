//! [`TaskEvents`]: a task's events as a [`Stream`].

use super::engine::Family;
use super::error::TaskError;
use super::events::Read;
use crate::types::TaskEvent;
use futures_util::Stream;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The events of one task, as they arrive: each exactly once and in the service's order,
/// including those of the first poll, of the poll that reports the end, and those still
/// unread when the task ended (the handle keeps reading until none is left). The stream
/// ends (`None`) after the last event of an ended task.
///
/// Made by [`TaskHandle::events`](crate::TaskHandle::events) or
/// [`SessionHandle::events`](crate::SessionHandle::events). While a stream lives, the
/// handle polls. Several streams may read the same task; each sees every event. A stream
/// begins with the oldest event the handle still keeps: all of them, up to the last
/// [`EVENT_BUFFER`](crate::EVENT_BUFFER). A stream that falls further behind than that
/// yields [`TaskError::EventsMissed`] once and goes on with the oldest kept event. When
/// polling fails for good (see [`TaskHandle`](crate::TaskHandle)) the stream yields the
/// error and ends.
///
/// ```no_run
/// use futures_util::StreamExt;
/// # async fn demo(handle: smooth_client::TaskHandle) -> Result<(), smooth_client::TaskError> {
/// let mut events = handle.events();
/// while let Some(event) = events.next().await {
///     let event = event?;
///     println!("{} {}", event.name, event.payload);
/// }
/// # Ok(()) }
/// ```
pub struct TaskEvents {
    family: Arc<Family>,
    subscriber: u64,
    next: u64,
    failures_seen: u64,
    done: bool,
}

impl TaskEvents {
    pub(crate) fn new(family: Arc<Family>) -> Self {
        let (subscriber, next, failures_seen) = family.core.with_log(|log| log.subscribe());
        family.core.open_stream();
        TaskEvents { family, subscriber, next, failures_seen, done: false }
    }
}

impl fmt::Debug for TaskEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskEvents").field("task_id", &self.family.core.task_id).field("next", &self.next).finish()
    }
}

impl Stream for TaskEvents {
    type Item = Result<TaskEvent, TaskError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let read =
            this.family.core.with_log(|log| log.read(this.subscriber, this.next, this.failures_seen, cx.waker()));
        match read {
            Read::Event(event) => {
                this.next += 1;
                Poll::Ready(Some(Ok(event)))
            }
            Read::Missed(missed) => {
                this.next += missed;
                Poll::Ready(Some(Err(TaskError::EventsMissed { task_id: this.family.core.task_id.clone(), missed })))
            }
            Read::Failed(error) => {
                this.done = true;
                Poll::Ready(Some(Err(TaskError::from_shared(error))))
            }
            Read::Pending => Poll::Pending,
            Read::End => {
                this.done = true;
                Poll::Ready(None)
            }
        }
    }
}

impl Drop for TaskEvents {
    fn drop(&mut self) {
        self.family.core.close_stream(self.subscriber);
    }
}
