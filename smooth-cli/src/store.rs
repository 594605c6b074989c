//! The files under `~/.smooth/`, in the official CLI's format: `config.json`
//! (`{"api_key": ...}`, plus our optional `base_url`) and `sessions.json`
//! (`{"sessions": [{session_id, live_url, device, task, start_time, ...}]}`).
//!
//! Beyond the official CLI, every change is a read-modify-write under an exclusive lock on
//! a lock file beside the data file, written to a temporary file and renamed over the old
//! one, so concurrent `smooth` processes never lose an entry and a reader never sees half a
//! file. Both files are owner-only (0600): the config holds the API key, the sessions file
//! live URLs that let anyone drive the browser.

use crate::failure::Failure;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// `~/.smooth`, from `HOME`.
pub fn smooth_dir() -> Result<PathBuf, Failure> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(".smooth"))
        .ok_or_else(|| Failure::local("HOME is not set, so ~/.smooth cannot be found"))
}

/// `~/.smooth/config.json`.
pub fn config_path() -> Result<PathBuf, Failure> {
    Ok(smooth_dir()?.join("config.json"))
}

/// `~/.smooth/sessions.json`.
pub fn sessions_path() -> Result<PathBuf, Failure> {
    Ok(smooth_dir()?.join("sessions.json"))
}

/// The config file. Unknown keys are kept as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Config {
    /// The API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// The API base URL (our addition; the official CLI ignores it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// The sessions file. Unknown keys are kept as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Sessions {
    /// The open sessions, oldest first.
    #[serde(default)]
    pub sessions: Vec<SessionEntry>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// One session in the sessions file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionEntry {
    /// The session's task id.
    pub session_id: String,
    /// The embeddable live view URL.
    #[serde(default)]
    pub live_url: Option<String>,
    /// The device it was started with.
    #[serde(default)]
    pub device: Option<String>,
    /// The task running in it, if any.
    #[serde(default)]
    pub task: Option<String>,
    /// When it was started (ISO 8601, UTC).
    #[serde(default)]
    pub start_time: Option<String>,
    /// The timestamp of the last event read (our addition): the next command resumes there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_cursor: Option<i64>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl SessionEntry {
    /// A new entry started now.
    pub fn new(session_id: String, live_url: Option<String>, device: String, event_cursor: i64) -> Self {
        SessionEntry {
            session_id,
            live_url,
            device: Some(device),
            task: None,
            start_time: Some(crate::clock::now_iso8601()),
            event_cursor: Some(event_cursor),
            other: Map::new(),
        }
    }
}

impl Sessions {
    /// The entry of `session_id`.
    pub fn get(&self, session_id: &str) -> Option<&SessionEntry> {
        self.sessions.iter().find(|entry| entry.session_id == session_id)
    }

    /// The entry of `session_id`, to change.
    pub fn get_mut(&mut self, session_id: &str) -> Option<&mut SessionEntry> {
        self.sessions.iter_mut().find(|entry| entry.session_id == session_id)
    }

    /// Removes `session_id`; whether it was there.
    pub fn remove(&mut self, session_id: &str) -> bool {
        let before = self.sessions.len();
        self.sessions.retain(|entry| entry.session_id != session_id);
        before != self.sessions.len()
    }
}

/// Reads the config file (empty when there is none).
pub fn read_config() -> Result<Config, Failure> {
    read(&config_path()?)
}

/// Reads the sessions file (empty when there is none).
pub fn read_sessions() -> Result<Sessions, Failure> {
    read(&sessions_path()?)
}

/// Changes the config file under its lock.
pub fn update_config<R>(change: impl FnOnce(&mut Config) -> R) -> Result<R, Failure> {
    update(&config_path()?, change)
}

/// Changes the sessions file under its lock.
pub fn update_sessions<R>(change: impl FnOnce(&mut Sessions) -> R) -> Result<R, Failure> {
    update(&sessions_path()?, change)
}

fn read<T: DeserializeOwned + Default>(path: &Path) -> Result<T, Failure> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(T::default()),
        Err(error) => return Err(Failure::local(format!("cannot read {}: {error}", path.display()))),
    };
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(&text)
        .map_err(|error| Failure::local(format!("{} is not valid: {error}; fix or delete it", path.display())))
}

/// Read-modify-write of one file under an exclusive lock, replaced atomically.
fn update<T, R>(path: &Path, change: impl FnOnce(&mut T) -> R) -> Result<R, Failure>
where
    T: Serialize + DeserializeOwned + Default,
{
    let dir = path.parent().ok_or_else(|| Failure::local(format!("{} has no folder", path.display())))?;
    create_private_dir(dir)?;
    let lock_path = path.with_extension("json.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|error| Failure::local(format!("cannot open {}: {error}", lock_path.display())))?;
    lock.lock().map_err(|error| Failure::local(format!("cannot lock {}: {error}", lock_path.display())))?;
    let mut value: T = read(path)?;
    let result = change(&mut value);
    write_atomically(path, &value)?;
    // Dropping the file releases the lock.
    drop(lock);
    Ok(result)
}

fn write_atomically<T: Serialize>(path: &Path, value: &T) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|error| Failure::local(format!("cannot encode {}: {error}", path.display())))?;
    text.push('\n');
    let temp = path.with_extension(format!("json.tmp{}", std::process::id()));
    let written = (|| {
        let mut file = private_file(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    written.map_err(|error| {
        let _ = fs::remove_file(&temp);
        Failure::local(format!("cannot write {}: {error}", path.display()))
    })
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create(true).truncate(true).open(path)
}

fn create_private_dir(dir: &Path) -> Result<(), Failure> {
    #[cfg(unix)]
    let result = {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    };
    #[cfg(not(unix))]
    let result = fs::create_dir_all(dir);
    result.map_err(|error| Failure::local(format!("cannot create {}: {error}", dir.display())))
}
