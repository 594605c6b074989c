//! A task's events as a blocking [`Iterator`]: the async [`crate::TaskEvents`] stream, each
//! step awaited on the client's runtime.

use crate::TaskError;
use crate::blocking::client::SmoothClient;
use crate::types::TaskEvent;
use futures_util::Stream;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;

/// The events of one task as they arrive, each exactly once and in the service's order;
/// the rules of [`crate::TaskEvents`] apply. `next()` blocks until the next event, and the
/// iterator ends (`None`) after the last event of an ended task. While it lives, the handle
/// polls. Called from async code, `next()` yields the "calling context" error once and the
/// iterator ends.
///
/// ```no_run
/// # fn demo(client: smooth_client::blocking::SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
/// let handle = client.run("Find the top story on Hacker News")?;
/// for event in handle.events() {
///     let event = event?;
///     println!("{} {}", event.name, event.payload);
/// }
/// # Ok(()) }
/// ```
pub struct TaskEvents {
    /// Shared with the task that awaits each step on the runtime; locked only while polled.
    stream: Arc<Mutex<crate::TaskEvents>>,
    client: SmoothClient,
    ended: bool,
}

impl fmt::Debug for TaskEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::TaskEvents").field("ended", &self.ended).finish_non_exhaustive()
    }
}

impl TaskEvents {
    /// Subscribes on the runtime (the stream starts the handle's poller there).
    pub(crate) fn new(client: SmoothClient, subscribe: impl FnOnce() -> crate::TaskEvents) -> Self {
        let stream = client.enter(subscribe);
        TaskEvents { stream: Arc::new(Mutex::new(stream)), client, ended: false }
    }
}

impl Iterator for TaskEvents {
    type Item = Result<TaskEvent, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let stream = Arc::clone(&self.stream);
        let step = self.client.wait_on(async move {
            let item = std::future::poll_fn(|cx| match stream.lock() {
                Ok(mut stream) => Pin::new(&mut *stream).poll_next(cx),
                // A panic while polling left it poisoned: nothing more can be read.
                Err(_) => Poll::Ready(None),
            })
            .await;
            Ok::<_, TaskError>(item)
        });
        let item = step.unwrap_or_else(|refused| Some(Err(refused)));
        self.ended = match &item {
            None => true,
            // Refused (async code) or failed for good: the async stream ends after such errors too.
            Some(Err(TaskError::EventsMissed { .. })) | Some(Ok(_)) => false,
            Some(Err(_)) => true,
        };
        item
    }
}
