//! `smooth`: the command-line tool for the Smooth browser-automation API.

#![forbid(unsafe_code)]

mod app;
mod args;
mod clock;
mod commands;
mod failure;
mod input;
mod mcp;
mod output;
mod progress;
mod remote;
mod settings;
mod store;
mod tracked;

use args::Cli;
use clap::Parser;
use failure::{Failure, Kind};
use output::Printer;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    let printer = Printer { json: cli.json };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            printer.failure(&Failure::local(format!("cannot start the async runtime: {error}")));
            return ExitCode::from(Kind::Local.exit_code());
        }
    };
    match runtime.block_on(app::run(cli)) {
        Ok(Some(report)) => {
            printer.success(report);
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(failure) => {
            printer.failure(&failure);
            ExitCode::from(failure.kind.exit_code())
        }
    }
}

/// Help and version go to stdout with code 0; a bad command line is a usage error, as
/// JSON when `--json` was among the arguments.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let json = std::env::args().skip(1).any(|arg| arg == "--json");
    if json {
        let text = error.render().to_string();
        let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("invalid command line");
        let message = first.trim_start_matches("error: ").to_owned();
        Printer { json: true }.failure(&Failure::usage(message));
        return ExitCode::from(Kind::Usage.exit_code());
    }
    let _ = error.print();
    ExitCode::from(Kind::Usage.exit_code())
}
