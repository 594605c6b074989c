//! The end-to-end harness: smooth-mock in this process on 127.0.0.1, the real `smooth`
//! binary in child processes with HOME in a temporary folder.

#![allow(dead_code, clippy::unwrap_used)]

use serde_json::Value;
use smooth_mock::MockServer;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// One mock server and one HOME.
pub struct Env {
    pub mock: MockServer,
    pub home: TempDir,
}

/// What a `smooth` process did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as the one JSON object `--json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not one JSON object ({error}): {:?}", self.stdout))
    }

    /// Asserts success in JSON mode and returns the object, checking the documented shape.
    pub fn ok_json(&self) -> Value {
        assert_eq!(self.code, 0, "expected success: {self:?}");
        let value = self.json();
        assert_eq!(value["success"], true, "{value}");
        assert!(value["message"].as_str().is_some_and(|m| !m.is_empty()), "{value}");
        value
    }

    /// Asserts a failure with `code`, in JSON mode, and returns the object.
    pub fn err_json(&self, code: i32, kind: &str) -> Value {
        assert_eq!(self.code, code, "{self:?}");
        let value = self.json();
        assert_eq!(value["success"], false, "{value}");
        assert_eq!(value["error_kind"], kind, "{value}");
        assert_eq!(value["exit_code"], code, "{value}");
        assert_eq!(value["error"], value["message"], "{value}");
        let message = value["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.contains('\n'), "{value}");
        value
    }

    /// Asserts a human-mode failure: one `Error: ...` line on stderr, nothing on stdout
    /// besides progress notes, no traceback or panic.
    pub fn err_human(&self, code: i32) -> String {
        assert_eq!(self.code, code, "{self:?}");
        assert!(!self.stderr.contains("panicked"), "{self:?}");
        let line = self.stderr.lines().find(|line| line.starts_with("Error: ")).unwrap_or_else(|| panic!("{self:?}"));
        line.to_owned()
    }
}

impl Env {
    pub async fn start() -> Env {
        let mock = MockServer::start().await.unwrap();
        let home = tempfile::tempdir().unwrap();
        Env { mock, home }
    }

    /// `smooth ARGS` with HOME and the environment pointing at the mock.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_smooth"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("SMOOTH_BASE_URL", self.mock.base_url())
            .env("CIRCLEMIND_API_KEY", self.mock.api_key());
        command
    }

    /// Runs `smooth ARGS` to the end (off the async workers, so the mock keeps serving).
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_command(self.command(args)).await
    }

    pub async fn run_command(&self, mut command: Command) -> Run {
        let output: Output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn smooth_dir(&self) -> PathBuf {
        self.home.path().join(".smooth")
    }

    /// The sessions file as JSON.
    pub fn sessions(&self) -> Value {
        read_json(&self.smooth_dir().join("sessions.json"))
    }

    /// The ids in the sessions file.
    pub fn session_ids(&self) -> Vec<String> {
        let sessions = self.sessions();
        sessions["sessions"]
            .as_array()
            .map(|list| list.iter().map(|entry| entry["session_id"].as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }

    /// Starts a session through the CLI; its id.
    pub async fn start_session(&self) -> String {
        let run = self.run(&["start-session", "--json"]).await;
        run.ok_json()["session_id"].as_str().unwrap().to_owned()
    }
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap()
}
