//! The command line: every command of the official `smooth` CLI with the same names and
//! options, plus `tasks`, `task`, `mock`, `mcp` and `completions`.

use crate::failure::EXIT_CODES_HELP;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Browser automation for AI agents: start a browser session, run tasks in it, close it.
#[derive(Debug, Parser)]
#[command(name = "smooth", version, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Print exactly one JSON object on stdout, errors included.
    #[arg(long, global = true)]
    pub json: bool,
    /// API key (default: CIRCLEMIND_API_KEY, then ~/.smooth/config.json). With `config`, the key to save.
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// API base URL (default: SMOOTH_BASE_URL, then ~/.smooth/config.json, then https://api.smooth.sh/api/). With `config`, the URL to save.
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Configure the Smooth CLI (save the API key with --api-key, show it with --show).
    Config(ConfigArgs),
    /// Create a new browser profile.
    CreateProfile {
        /// Custom profile ID (optional).
        #[arg(long)]
        profile_id: Option<String>,
    },
    /// List all browser profiles.
    ListProfiles,
    /// Delete a browser profile.
    DeleteProfile {
        /// Profile ID to delete.
        profile_id: String,
    },
    /// Upload a file and get its file ID.
    UploadFile {
        /// Path to the file to upload.
        file_path: std::path::PathBuf,
        /// Custom name for the file (optional).
        #[arg(long)]
        name: Option<String>,
        /// What the file is for (at most 64 characters).
        #[arg(long)]
        purpose: Option<String>,
    },
    /// Delete an uploaded file.
    DeleteFile {
        /// File ID to delete.
        file_id: String,
    },
    /// Start a browser session.
    StartSession(StartSessionArgs),
    /// Close a browser session (gracefully unless --force).
    CloseSession {
        /// Session ID to close.
        session_id: String,
        /// Force close the session immediately (default is graceful close).
        #[arg(long)]
        force: bool,
    },
    /// Run a task in an existing browser session.
    Run(RunArgs),
    /// Navigate to a URL in an existing browser session.
    Goto {
        /// Session ID to navigate.
        session_id: String,
        /// URL to navigate to.
        url: String,
    },
    /// Get the live view URL of a session.
    LiveView {
        /// Session ID to view.
        session_id: String,
    },
    /// Get the download URL for files from a session.
    Downloads {
        /// Session ID to download from.
        session_id: String,
    },
    /// Extract structured data from the current page.
    Extract {
        /// Session ID to extract from.
        session_id: String,
        /// JSON schema of the data to extract.
        #[arg(long)]
        schema: String,
        /// URL to open before extracting (waits 5 seconds after navigation).
        #[arg(long)]
        url: Option<String>,
        /// What to look for.
        #[arg(long)]
        prompt: Option<String>,
    },
    /// Evaluate JavaScript code in the browser.
    EvaluateJs {
        /// Session ID to execute in.
        session_id: String,
        /// JavaScript code to execute.
        code: String,
        /// JSON object with arguments passed to the code.
        #[arg(long)]
        args: Option<String>,
    },
    /// List recent tasks, newest first.
    Tasks {
        /// How many tasks to list (1 to 128).
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=128))]
        limit: u32,
    },
    /// Show one task: status, output, URLs.
    Task {
        /// Task ID.
        task_id: String,
        /// Wait until the task has finished.
        #[arg(long)]
        wait: bool,
    },
    /// Start the embedded smooth-mock server and print the two environment lines to use it.
    Mock {
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8787)]
        port: u16,
    },
    /// Serve the Model Context Protocol over stdio (tools: start-session, run, goto, ...).
    Mcp,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `smooth config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Show the current configuration (the key masked).
    #[arg(long)]
    pub show: bool,
}

/// The device of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DeviceArg {
    /// A phone-sized browser.
    Mobile,
    /// A desktop browser.
    Desktop,
    /// A large desktop browser.
    DesktopLg,
}

impl DeviceArg {
    /// The name the API and the sessions file use.
    pub fn name(self) -> &'static str {
        match self {
            DeviceArg::Mobile => "mobile",
            DeviceArg::Desktop => "desktop",
            DeviceArg::DesktopLg => "desktop-lg",
        }
    }
}

/// `smooth start-session`.
#[derive(Debug, Args)]
pub struct StartSessionArgs {
    /// Profile ID to use.
    #[arg(long)]
    pub profile_id: Option<String>,
    /// Load the profile read-only.
    #[arg(long)]
    pub profile_read_only: bool,
    /// Comma-separated file IDs to make available in the session.
    #[arg(long)]
    pub files: Option<String>,
    /// Device type.
    #[arg(long, value_enum, default_value_t = DeviceArg::Mobile)]
    pub device: DeviceArg,
    /// Comma-separated URL patterns the browser may visit.
    #[arg(long)]
    pub allowed_urls: Option<String>,
    /// Proxy server address (the official CLI's local tunnel `self` is not supported).
    #[arg(long)]
    pub proxy_server: Option<String>,
    /// Proxy user name.
    #[arg(long)]
    pub proxy_username: Option<String>,
    /// Proxy password (never printed).
    #[arg(long)]
    pub proxy_password: Option<String>,
    /// No proxy (overrides --proxy-server).
    #[arg(long)]
    pub no_proxy: bool,
    /// Disable the captcha solver.
    #[arg(long)]
    pub no_captcha_solver: bool,
}

/// `smooth run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Session ID to run the task in (created with start-session).
    pub session_id: String,
    /// What the agent should do.
    pub task: String,
    /// URL to open before running the task.
    #[arg(long)]
    pub url: Option<String>,
    /// Metadata as a JSON object of strings, numbers or booleans.
    #[arg(long)]
    pub metadata: Option<String>,
    /// JSON schema for structured output.
    #[arg(long)]
    pub response_model: Option<String>,
    /// Maximum steps (2 to 128).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(2..=128))]
    pub max_steps: u32,
}
