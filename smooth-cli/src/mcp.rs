//! `smooth mcp`: a Model Context Protocol server over stdio. Each tool runs the same code
//! as its command (with JSON output), so an agent gets the same answers, the same errors
//! and the same sessions file through MCP as through the shell.

use crate::args::{DeviceArg, RunArgs, StartSessionArgs};
use crate::commands::{lifecycle, session, tasks};
use crate::failure::Failure;
use crate::output::{Printer, Report, failure_json};
use crate::remote::{Remote, TaskSpec};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

const JSON_MODE: Printer = Printer { json: true };

/// Serves MCP on stdin/stdout until the client goes away.
pub async fn serve(remote: Remote) -> Result<(), Failure> {
    let server = SmoothMcp { remote, tool_router: SmoothMcp::tool_router() };
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| Failure::local(format!("MCP initialization failed: {error}")))?;
    running.waiting().await.map_err(|error| Failure::local(format!("MCP server stopped: {error}")))?;
    Ok(())
}

/// The MCP server: the API connection and the tools.
#[derive(Clone)]
pub struct SmoothMcp {
    remote: Remote,
    tool_router: ToolRouter<Self>,
}

/// `start-session`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct StartSessionParams {
    /// Device: mobile (default), desktop or desktop-lg.
    pub device: Option<String>,
    /// Browser profile to use (keeps cookies and logins).
    pub profile_id: Option<String>,
    /// Do not save changes to the profile.
    #[serde(default)]
    pub profile_read_only: bool,
    /// Uploaded file ids the agent may use.
    #[serde(default)]
    pub files: Vec<String>,
    /// URL patterns the browser may visit.
    #[serde(default)]
    pub allowed_urls: Vec<String>,
}

/// `run`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RunParams {
    /// The session id from start-session.
    pub session_id: String,
    /// What the agent should do, in plain language.
    pub task: String,
    /// A page to open first.
    pub url: Option<String>,
    /// Maximum steps, 2 to 128 (default 32).
    pub max_steps: Option<u32>,
    /// A JSON schema the result must follow.
    pub response_model: Option<Map<String, Value>>,
}

/// `goto`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GotoParams {
    /// The session id.
    pub session_id: String,
    /// The URL to open.
    pub url: String,
}

/// `extract`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExtractParams {
    /// The session id.
    pub session_id: String,
    /// A JSON schema of the data to extract.
    pub schema: Map<String, Value>,
    /// What to look for.
    pub prompt: Option<String>,
}

/// `evaluate-js`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EvaluateJsParams {
    /// The session id.
    pub session_id: String,
    /// JavaScript to run in the page; `return` a value.
    pub code: String,
    /// Arguments passed to the code.
    pub args: Option<Value>,
}

/// A tool that needs only the session id.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SessionParams {
    /// The session id.
    pub session_id: String,
}

/// `close-session`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CloseSessionParams {
    /// The session id.
    pub session_id: String,
    /// Close at once instead of gracefully.
    #[serde(default)]
    pub force: bool,
}

/// `run-task-once`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RunTaskOnceParams {
    /// What the agent should do, in plain language.
    pub task: String,
    /// A page to open first.
    pub url: Option<String>,
    /// Maximum steps, 2 to 128 (default 32).
    pub max_steps: Option<u32>,
    /// A JSON schema the result must follow.
    pub response_model: Option<Map<String, Value>>,
}

#[tool_router(router = tool_router)]
impl SmoothMcp {
    /// Starts a browser session; returns its session_id and live_url.
    #[tool(name = "start-session")]
    async fn start_session(&self, Parameters(params): Parameters<StartSessionParams>) -> CallToolResult {
        let device = match params.device.as_deref().unwrap_or("mobile") {
            "mobile" => DeviceArg::Mobile,
            "desktop" => DeviceArg::Desktop,
            "desktop-lg" => DeviceArg::DesktopLg,
            other => {
                return answer(Err(Failure::usage(format!(
                    "unknown device {other:?}: use mobile, desktop or desktop-lg"
                ))));
            }
        };
        let args = StartSessionArgs {
            profile_id: params.profile_id,
            profile_read_only: params.profile_read_only,
            files: Some(params.files.join(",")),
            device,
            allowed_urls: Some(params.allowed_urls.join(",")),
            proxy_server: None,
            proxy_username: None,
            proxy_password: None,
            no_proxy: true,
            no_captcha_solver: false,
        };
        answer(lifecycle::start(&self.remote, JSON_MODE, &args).await)
    }

    /// Runs a task in an open session and waits for the agent's result.
    #[tool(name = "run")]
    async fn run(&self, Parameters(params): Parameters<RunParams>) -> CallToolResult {
        let max_steps = match max_steps(params.max_steps) {
            Ok(steps) => steps,
            Err(failure) => return answer(Err(failure)),
        };
        let args = RunArgs {
            session_id: params.session_id,
            task: params.task,
            url: params.url,
            metadata: None,
            response_model: params.response_model.map(|schema| Value::Object(schema).to_string()),
            max_steps,
        };
        answer(session::run(&self.remote, JSON_MODE, &args).await)
    }

    /// Opens a URL in an open session.
    #[tool(name = "goto")]
    async fn goto(&self, Parameters(params): Parameters<GotoParams>) -> CallToolResult {
        answer(session::goto(&self.remote, JSON_MODE, &params.session_id, &params.url).await)
    }

    /// Extracts data following a JSON schema from the current page of a session.
    #[tool(name = "extract")]
    async fn extract(&self, Parameters(params): Parameters<ExtractParams>) -> CallToolResult {
        let schema = Value::Object(params.schema).to_string();
        answer(
            session::extract(&self.remote, JSON_MODE, &params.session_id, &schema, None, params.prompt.as_deref())
                .await,
        )
    }

    /// Runs JavaScript in the page of a session and returns its value.
    #[tool(name = "evaluate-js")]
    async fn evaluate_js(&self, Parameters(params): Parameters<EvaluateJsParams>) -> CallToolResult {
        let args = params.args.map(|args| args.to_string());
        answer(session::evaluate_js(&self.remote, JSON_MODE, &params.session_id, &params.code, args.as_deref()).await)
    }

    /// The live view URL of a session, for a person to watch or take over.
    #[tool(name = "live-view")]
    async fn live_view(&self, Parameters(params): Parameters<SessionParams>) -> CallToolResult {
        answer(session::live_view(&self.remote, &params.session_id).await)
    }

    /// Closes a session (gracefully unless force).
    #[tool(name = "close-session")]
    async fn close_session(&self, Parameters(params): Parameters<CloseSessionParams>) -> CallToolResult {
        answer(lifecycle::close(&self.remote, &params.session_id, params.force).await)
    }

    /// Runs one task in a fresh browser (no session to manage) and waits for its result.
    #[tool(name = "run-task-once")]
    async fn run_task_once(&self, Parameters(params): Parameters<RunTaskOnceParams>) -> CallToolResult {
        let max_steps = match max_steps(params.max_steps) {
            Ok(steps) => steps,
            Err(failure) => return answer(Err(failure)),
        };
        let spec = TaskSpec {
            task: params.task,
            url: params.url,
            metadata: Map::new(),
            response_model: params.response_model.map(Value::Object),
            max_steps,
        };
        answer(tasks::run_once(&self.remote, spec).await)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for SmoothMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("smooth", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Drive a real browser with Smooth: start-session, then run (natural-language tasks), goto, extract, evaluate-js; close-session when done. run-task-once runs one task without a session.",
            )
    }
}

fn max_steps(steps: Option<u32>) -> Result<u32, Failure> {
    match steps.unwrap_or(32) {
        steps @ 2..=128 => Ok(steps),
        other => Err(Failure::usage(format!("max_steps must be between 2 and 128, got {other}"))),
    }
}

/// A command's result as a tool result: the same JSON object `--json` prints.
fn answer(result: Result<Report, Failure>) -> CallToolResult {
    match result {
        Ok(report) => CallToolResult::success(vec![ContentBlock::text(report.into_json().to_string())]),
        Err(failure) => CallToolResult::error(vec![ContentBlock::text(failure_json(&failure).to_string())]),
    }
}
