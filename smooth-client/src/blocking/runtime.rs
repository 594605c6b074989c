//! The tokio runtime a blocking client owns: one background thread that drives the async
//! client's I/O, timers and pollers, stopped when the last user of it is dropped.

use crate::Error;
use crate::blocking::context::inside_async_code;
use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// The name of the runtime's thread; its `spawn_blocking` threads (tool closures, file
/// reads) are called `smooth-blocking-pool`.
pub(crate) const THREAD_NAME: &str = "smooth-blocking";
const POOL_THREAD_NAME: &str = "smooth-blocking-pool";

/// The error of a call whose task ended without sending its outcome.
const ENDED_WITHOUT_ANSWER: &str =
    "the task running this blocking call ended without an answer: it panicked, or its runtime shut down";

/// How long dropping the last client waits for tool closures still running before it
/// leaves their threads to finish on their own.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

thread_local! {
    /// On a `spawn_blocking` thread of one of our runtimes: that runtime's owner.
    static POOL_OWNER: RefCell<Option<Weak<Owner>>> = const { RefCell::new(None) };
}

/// Where blocking calls run their futures: a runtime this crate started (kept alive by
/// `owner`), or, for a blocking tool attached to an async client, the caller's runtime.
#[derive(Clone)]
pub(crate) struct Runtime {
    handle: tokio::runtime::Handle,
    _owner: Option<Arc<Owner>>,
}

/// Stops the runtime's thread when the last [`Runtime`] holding it is dropped.
struct Owner {
    /// Dropping the sender ends the thread's `block_on`.
    stop: Mutex<Option<oneshot::Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Runtime {
    /// Starts a current-thread runtime on a thread of its own.
    pub(crate) fn start() -> Result<Self, Error> {
        let owner_slot: Arc<OnceLock<Weak<Owner>>> = Arc::default();
        let for_pool = Arc::clone(&owner_slot);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name(POOL_THREAD_NAME)
            .on_thread_start(move || {
                let owner = for_pool.get().cloned();
                POOL_OWNER.with(|slot| *slot.borrow_mut() = owner);
            })
            .build()
            .map_err(|err| Error::Config(format!("cannot start the blocking client's runtime: {err}")))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.to_owned())
            .spawn(move || {
                // Drives I/O, timers and spawned tasks until the owner goes away.
                let _ = runtime.block_on(stopped);
                runtime.shutdown_timeout(SHUTDOWN_GRACE);
            })
            .map_err(|err| Error::Config(format!("cannot start the blocking client's thread: {err}")))?;
        let owner = Arc::new(Owner { stop: Mutex::new(Some(stop)), thread: Mutex::new(Some(thread)) });
        let _ = owner_slot.set(Arc::downgrade(&owner));
        Ok(Runtime { handle, _owner: Some(owner) })
    }

    /// The runtime of the calling `spawn_blocking` thread: ours (kept alive while the
    /// result lives) or the caller's own.
    pub(crate) fn of_blocking_thread() -> Option<Self> {
        let owner = POOL_OWNER.with(|slot| slot.borrow().as_ref().and_then(Weak::upgrade));
        let handle = tokio::runtime::Handle::try_current().ok()?;
        Some(Runtime { handle, _owner: owner })
    }

    /// Runs `future` as a task of this runtime and blocks until it is done. All its work,
    /// I/O included, happens on the runtime's thread, so a call costs two hand-overs between
    /// threads (there and back). Refused inside async code, where blocking would stall the
    /// caller's runtime.
    pub(crate) fn run<T, E>(&self, future: impl Future<Output = Result<T, E>> + Send + 'static) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        if inside_async_code() {
            return Err(E::from(inside_async_error()));
        }
        let (done, outcome) = std::sync::mpsc::sync_channel(1);
        self.handle.spawn(async move {
            let _ = done.send(future.await);
        });
        outcome.recv().unwrap_or_else(|_| Err(E::from(Error::Config(ENDED_WITHOUT_ANSWER.to_owned()))))
    }

    /// Makes the runtime current while `f` runs, for code that spawns or builds I/O types.
    pub(crate) fn enter<T>(&self, f: impl FnOnce() -> T) -> T {
        let _entered = self.handle.enter();
        f()
    }
}

/// The error of a blocking call made from async code.
pub(crate) fn inside_async_error() -> Error {
    Error::InvalidInput {
        field: "calling context".to_owned(),
        reason: "a smooth_client::blocking call was made inside async code (a tokio task or `block_on`), \
                 where it would stall the runtime; use the async `smooth_client::SmoothClient` with `.await` \
                 there, or move the blocking call into `tokio::task::spawn_blocking` or a thread of its own"
            .to_owned(),
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        drop(self.stop.lock().map(|mut stop| stop.take()));
        let Some(thread) = self.thread.lock().ok().and_then(|mut thread| thread.take()) else {
            return;
        };
        // On the runtime's own threads (a task or a tool closure held the last client) the
        // thread cannot be joined from here; it ends by itself now that it was told to stop.
        // Thread-locals already torn down means this thread is ending: do not wait on it.
        let on_own_pool = POOL_OWNER
            .try_with(|slot| slot.borrow().as_ref().is_some_and(|owner| std::ptr::eq(owner.as_ptr(), self)))
            .unwrap_or(true);
        if on_own_pool || thread.thread().id() == std::thread::current().id() {
            return;
        }
        let _ = thread.join();
    }
}
