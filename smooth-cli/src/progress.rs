//! What `smooth run` shows on stderr while the agent works: the session's events, one line
//! each, with a spinner below them when stderr is a terminal; nothing with `--json`.

use crate::output::Printer;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A running spinner (on a terminal), event lines for people, or nothing (JSON).
pub struct Progress {
    bar: Option<ProgressBar>,
    human: bool,
}

impl Progress {
    /// Starts a spinner with `message` when it makes sense.
    pub fn start(printer: Printer, message: &str) -> Progress {
        if printer.json || !std::io::stderr().is_terminal() {
            return Progress { bar: None, human: !printer.json };
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar), human: true }
    }

    /// Whether event lines are shown at all.
    pub fn shows_events(&self) -> bool {
        self.human
    }

    /// Shows a line of progress on stderr, above the spinner when there is one.
    pub fn event(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None if self.human => eprintln!("{line}"),
            None => {}
        }
    }

    /// Removes the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
