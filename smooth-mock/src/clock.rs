//! Wall-clock milliseconds that never go backwards.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Unix time in milliseconds, anchored once at start-up and advanced by a monotonic clock, so
/// that event timestamps stay strictly ordered even if the system clock is adjusted.
#[derive(Debug)]
pub(crate) struct Clock {
    origin_instant: Instant,
    origin_unix_ms: u64,
}

impl Clock {
    pub(crate) fn new() -> Self {
        let origin_unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        Self { origin_instant: Instant::now(), origin_unix_ms }
    }

    /// The current Unix time in milliseconds.
    pub(crate) fn now_ms(&self) -> u64 {
        let elapsed = u64::try_from(self.origin_instant.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.origin_unix_ms.saturating_add(elapsed)
    }
}
