//! Runs one parsed command line.

use crate::args::{Cli, Command};
use crate::commands::{account, config, lifecycle, mock, session, tasks};
use crate::failure::Failure;
use crate::output::{Printer, Report};
use crate::remote::Remote;
use crate::settings::Settings;
use crate::store;
use clap::CommandFactory;

/// Runs the command. `None`: the command printed its own output (`mock`, `mcp`, `completions`).
pub async fn run(cli: Cli) -> Result<Option<Report>, Failure> {
    let printer = Printer { json: cli.json };
    let remote = || -> Result<Remote, Failure> {
        // An unreadable config file must not block a key given by flag or environment.
        let config = store::read_config().unwrap_or_else(|failure| {
            printer.warn(&format!("ignoring the config file: {failure}"));
            store::Config::default()
        });
        let settings = Settings::resolve(cli.api_key.as_deref(), cli.base_url.as_deref(), &config)?;
        Remote::connect(&settings)
    };
    let report = match &cli.command {
        Command::Config(args) => config::run(cli.api_key.as_deref(), cli.base_url.as_deref(), args.show)?,
        Command::CreateProfile { profile_id } => account::create_profile(&remote()?, profile_id.as_deref()).await?,
        Command::ListProfiles => account::list_profiles(&remote()?).await?,
        Command::DeleteProfile { profile_id } => account::delete_profile(&remote()?, profile_id).await?,
        Command::UploadFile { file_path, name, purpose } => {
            account::upload_file(&remote()?, file_path, name.as_deref(), purpose.as_deref()).await?
        }
        Command::DeleteFile { file_id } => account::delete_file(&remote()?, file_id).await?,
        Command::StartSession(args) => lifecycle::start(&remote()?, printer, args).await?,
        Command::CloseSession { session_id, force } => lifecycle::close(&remote()?, session_id, *force).await?,
        Command::Run(args) => session::run(&remote()?, printer, args).await?,
        Command::Goto { session_id, url } => session::goto(&remote()?, printer, session_id, url).await?,
        Command::LiveView { session_id } => session::live_view(&remote()?, session_id).await?,
        Command::Downloads { session_id } => session::downloads(&remote()?, session_id).await?,
        Command::Extract { session_id, schema, url, prompt } => {
            session::extract(&remote()?, printer, session_id, schema, url.as_deref(), prompt.as_deref()).await?
        }
        Command::EvaluateJs { session_id, code, args } => {
            session::evaluate_js(&remote()?, printer, session_id, code, args.as_deref()).await?
        }
        Command::Tasks { limit } => tasks::list(&remote()?, *limit).await?,
        Command::Task { task_id, wait } => tasks::show(&remote()?, task_id, *wait).await?,
        Command::Mock { port } => {
            mock::serve(printer, *port).await?;
            return Ok(None);
        }
        Command::Mcp => {
            crate::mcp::serve(remote()?).await?;
            return Ok(None);
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "smooth", &mut std::io::stdout());
            return Ok(None);
        }
    };
    Ok(Some(report))
}
