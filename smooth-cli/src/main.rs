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

/// Help and version go to stdout with code 0; a bad command line is a one-line usage
/// error (clap's first paragraph, which names the option), as JSON with `--json`.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand && !json_requested() {
        // `smooth` alone: the help, on stderr, as a usage error.
        eprint!("{}", error.render());
        return ExitCode::from(Kind::Usage.exit_code());
    }
    let text = error.render().to_string();
    let paragraph: Vec<&str> =
        text.lines().map(str::trim).skip_while(|line| line.is_empty()).take_while(|line| !line.is_empty()).collect();
    let message = paragraph.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let failure = Failure::usage(format!("{message} (see `smooth --help`)"));
    Printer { json: json_requested() }.failure(&failure);
    ExitCode::from(Kind::Usage.exit_code())
}

/// Whether `--json` was on a command line clap could not parse.
fn json_requested() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--json")
}
