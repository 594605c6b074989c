//! Settings chosen when the server starts, and the timings each speed implies.

use std::time::Duration;

/// How fast the simulated agent works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    /// Tasks finish within milliseconds: the right choice for tests.
    #[default]
    Fast,
    /// Tasks wait a fraction of a second and run for a few seconds, like the live service;
    /// useful to watch polling, live URLs and progress in a real client.
    Realistic,
}

impl Speed {
    /// Parses `fast` or `realistic` (the binary's `--speed` values).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "fast" => Some(Self::Fast),
            "realistic" => Some(Self::Realistic),
            _ => None,
        }
    }
}

/// The API key a server accepts when none is configured.
pub const DEFAULT_API_KEY: &str = "cmzr-mock-key";

/// Everything fixed at start-up.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) api_key: String,
    pub(crate) speed: Speed,
    pub(crate) seed: u64,
    pub(crate) max_finished_tasks: usize,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_journal_entries: usize,
    pub(crate) max_events_per_task: usize,
    /// At most this many events per answer of `GET /task/{id}` (`None`: all).
    pub(crate) events_per_poll: Option<usize>,
    pub(crate) close_grace: Option<Duration>,
    /// How long tasks run (shortest, longest), instead of what the speed implies.
    pub(crate) task_duration: Option<(Duration, Duration)>,
    pub(crate) close_fallback: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_key: DEFAULT_API_KEY.to_owned(),
            speed: Speed::Fast,
            seed: 0x5300_7400,
            max_finished_tasks: 1_000,
            max_body_bytes: 16 * 1024 * 1024,
            max_journal_entries: 10_000,
            max_events_per_task: 1_000,
            events_per_poll: None,
            close_grace: None,
            task_duration: None,
            close_fallback: None,
        }
    }
}

/// Durations (in milliseconds) that shape a simulated task; ranges are inclusive and a
/// seeded generator picks inside them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timings {
    pub(crate) waiting: (u64, u64),
    pub(crate) running: (u64, u64),
    pub(crate) action_latency: (u64, u64),
    pub(crate) recording_delay: u64,
    /// How long a gracefully closed session keeps reporting `running` after a client has
    /// read the answer to `close` (polled at or past its timestamp).
    pub(crate) close_grace: u64,
    /// When no client polls past the answer to `close`, the session ends this long after
    /// the answer; long enough that the official SDK's follow-up `DELETE` still finds it.
    pub(crate) close_fallback: u64,
}

impl Timings {
    pub(crate) fn for_config(config: &Config) -> Self {
        let mut timings = match config.speed {
            Speed::Fast => Self {
                waiting: (1, 3),
                running: (5, 15),
                action_latency: (1, 3),
                recording_delay: 0,
                close_grace: 250,
                close_fallback: 5_000,
            },
            Speed::Realistic => Self {
                waiting: (200, 600),
                running: (2_000, 4_000),
                action_latency: (300, 800),
                recording_delay: 1_000,
                close_grace: 1_500,
                close_fallback: 30_000,
            },
        };
        if let Some(grace) = config.close_grace {
            timings.close_grace = millis(grace);
        }
        if let Some((shortest, longest)) = config.task_duration {
            timings.running = (millis(shortest), millis(longest.max(shortest)));
        }
        if let Some(fallback) = config.close_fallback {
            timings.close_fallback = millis(fallback);
        }
        timings
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
