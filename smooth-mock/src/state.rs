//! State shared by the server's connections and the test-facing handle.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Config;
use crate::fault::FaultQueue;
use crate::journal::Journal;
use crate::world::World;

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    /// `http://host:port`, for the URLs the mock hands out.
    pub(crate) origin: String,
    pub(crate) clock: Clock,
    pub(crate) world: Mutex<World>,
    pub(crate) journal: Mutex<Journal>,
    pub(crate) faults: Mutex<FaultQueue>,
    /// Flips to `true` when the server stops; stalled requests and connections watch it.
    pub(crate) stopping: watch::Receiver<bool>,
    /// Bytes of filler that endless and huge fault bodies have produced.
    pub(crate) streamed_bytes: Arc<AtomicU64>,
    /// Requests between arrival and the moment their answer is handed to the connection.
    pub(crate) in_flight: AtomicUsize,
    /// The most `in_flight` has been.
    pub(crate) peak_in_flight: AtomicUsize,
}

impl Shared {
    pub(crate) fn new(config: Config, origin: String, stopping: watch::Receiver<bool>) -> Self {
        Self {
            world: Mutex::new(World::new(&config)),
            journal: Mutex::new(Journal::new(config.max_journal_entries)),
            faults: Mutex::new(FaultQueue::default()),
            clock: Clock::new(),
            config,
            origin,
            stopping,
            streamed_bytes: Arc::default(),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
        }
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    pub(crate) fn journal(&self) -> MutexGuard<'_, Journal> {
        lock(&self.journal)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        lock(&self.faults)
    }

    /// Counts a request as held until the returned guard is dropped.
    pub(crate) fn hold(&self) -> Held<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        Held(self)
    }

    pub(crate) fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }
}

/// One request counted in [`Shared::in_flight`].
pub(crate) struct Held<'a>(&'a Shared);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Locks a mutex, recovering from poisoning: the mock's state stays consistent between
/// statements, so a panic elsewhere must not take the whole server down.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
