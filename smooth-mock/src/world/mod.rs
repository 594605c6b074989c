//! Everything the mock remembers: tasks, profiles, files, extensions, legacy sessions and
//! queued scripts. Always used under one lock, for short, non-blocking critical sections.

mod resources;
mod tasks;

use std::collections::{HashMap, VecDeque};

use crate::agent::task::{Task, TaskLimits};
use crate::config::{Config, Timings};
use crate::rng::Rng;
use crate::script::TaskScript;

pub use resources::UploadedFile;
pub(crate) use resources::{BrowserSession, Extension, Profile};

/// Stream numbers for [`Rng::derive`], so ids and task behaviour draw from separate streams.
const ID_STREAM: u64 = 1;

#[derive(Debug)]
pub(crate) struct World {
    seed: u64,
    ids: Rng,
    next_task: u64,
    limits: TaskLimits,
    max_finished_tasks: usize,
    tasks: HashMap<String, Task>,
    /// Finished tasks, oldest first, for eviction.
    finished: VecDeque<String>,
    scripts: VecDeque<TaskScript>,
    profiles: Vec<Profile>,
    files: Vec<UploadedFile>,
    extensions: Vec<Extension>,
    browser_sessions: HashMap<String, BrowserSession>,
}

impl World {
    pub(crate) fn new(config: &Config) -> Self {
        Self {
            seed: config.seed,
            ids: Rng::derive(config.seed, ID_STREAM),
            next_task: 0,
            limits: TaskLimits { timings: Timings::for_config(config), max_events: config.max_events_per_task.max(1) },
            max_finished_tasks: config.max_finished_tasks,
            tasks: HashMap::new(),
            finished: VecDeque::new(),
            scripts: VecDeque::new(),
            profiles: Vec::new(),
            files: Vec::new(),
            extensions: Vec::new(),
            browser_sessions: HashMap::new(),
        }
    }

    pub(crate) fn timings(&self) -> Timings {
        self.limits.timings
    }

    /// A fresh id such as `task-1a2b…`, unique among the ids `taken` reports as used.
    fn new_id(&mut self, prefix: &str, taken: impl Fn(&Self, &str) -> bool) -> String {
        loop {
            let id = format!("{prefix}-{}", self.ids.hex(16));
            if !taken(self, &id) {
                return id;
            }
        }
    }

    /// An id for an event a client sent without one.
    pub(crate) fn client_event_id(&mut self) -> String {
        self.new_id("evt", |_, _| false)
    }

    pub(crate) fn push_script(&mut self, script: TaskScript) {
        self.scripts.push_back(script);
    }

    pub(crate) fn clear_scripts(&mut self) {
        self.scripts.clear();
    }

    pub(crate) fn pending_scripts(&self) -> usize {
        self.scripts.len()
    }
}
