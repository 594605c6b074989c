//! `smooth-mock`: serves the mock Smooth API until Ctrl-C.
//!
//! ```text
//! smooth-mock [--port 8787] [--host 127.0.0.1] [--api-key KEY] [--speed fast|realistic] [--seed N]
//!             [--task-duration D|MIN..MAX] [--max-finished-tasks N]
//! ```

#![forbid(unsafe_code)]

mod cli_args;

use std::process::ExitCode;

use smooth_mock::MockServer;

use crate::cli_args::{Args, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("smooth-mock: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = MockServer::builder().host(args.host).port(args.port).api_key(args.api_key).speed(args.speed);
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    if let Some((shortest, longest)) = args.task_duration {
        builder = builder.task_duration(shortest, longest);
    }
    if let Some(count) = args.max_finished_tasks {
        builder = builder.max_finished_tasks(count);
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("smooth-mock: cannot listen on {}:{}: {error}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    println!("smooth-mock listening on {}", mock.addr());
    println!("export SMOOTH_BASE_URL={}", mock.base_url());
    println!("export CIRCLEMIND_API_KEY={}", mock.api_key());
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("smooth-mock: cannot wait for Ctrl-C: {error}");
    }
    mock.shutdown().await;
    ExitCode::SUCCESS
}
