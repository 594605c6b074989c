//! Custom tools: functions of yours the agent can call while it works.

use super::action::{ActionResponse, RunTask};
use super::engine::CallAnswer;
use super::error::TaskError;
use super::handle::TaskHandle;
use super::session::SessionHandle;
use crate::types::ToolSignature;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
type ToolFn = dyn Fn(ToolContext, Value) -> BoxFuture<Result<Value, ToolError>> + Send + Sync;

/// A custom tool: the signature the agent sees, plus the async function that answers its
/// calls.
///
/// The input type gives the schema (through [`JsonSchema`]) and arrives decoded; the
/// output is any [`Serialize`] value. Attach tools to a request with
/// [`TaskRequest::tool`](crate::api::task::TaskRequest::tool)
/// or to a session with [`SessionOptions::tool`](crate::SessionOptions::tool).
///
/// How each call is answered:
/// - `Ok(output)`: code 200 with the output.
/// - [`ToolError::recoverable`]: code 400 with its message; the agent may go on.
/// - any other error, or a panic: code 500 when the tool is *essential* (the default),
///   which fails the task and makes `result()` return [`TaskError::ToolFailed`]; code 400
///   with the tool's [`error_message`](Tool::error_message) (or the error's text) when not.
/// - an input that does not decode into the input type: code 400 saying what did not match.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// use smooth_client::{Tool, ToolError};
///
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct Lookup {
///     /// The product's SKU.
///     sku: String,
/// }
///
/// # async fn demo(client: SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
/// let lookup = Tool::new("lookup_price", "The price of a product in our catalogue", |_ctx, input: Lookup| async move {
///     if input.sku.is_empty() {
///         return Err(ToolError::recoverable("give me a SKU"));
///     }
///     Ok(serde_json::json!({"sku": input.sku, "price_eur": 12.5}))
/// })
/// .output_description("The price in euros");
///
/// let handle = client.run(TaskRequest::new("Compare our price for SKU 42 with amazon.de").tool(lookup)).await?;
/// println!("{:?}", handle.result().await?.output);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Tool {
    signature: ToolSignature,
    essential: bool,
    error_message: Option<String>,
    function: Arc<ToolFn>,
}

impl fmt::Debug for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tool")
            .field("name", &self.signature.name)
            .field("essential", &self.essential)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Tool {
    /// Tools are equal when the agent would see the same thing and errors are answered alike.
    fn eq(&self, other: &Self) -> bool {
        self.signature == other.signature
            && self.essential == other.essential
            && self.error_message == other.error_message
    }
}

impl Tool {
    /// A typed tool: `I` is decoded from the call's input and its [`JsonSchema`] is the
    /// tool's input schema.
    pub fn new<I, O, F, Fut>(name: impl Into<String>, description: impl Into<String>, function: F) -> Self
    where
        I: DeserializeOwned + JsonSchema + Send + 'static,
        O: Serialize + 'static,
        F: Fn(ToolContext, I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, ToolError>> + Send + 'static,
    {
        let name = name.into();
        let tool_name = name.clone();
        let function = Arc::new(function);
        let erased = move |context: ToolContext, input: Value| -> BoxFuture<Result<Value, ToolError>> {
            let decoded = crate::output::decode::<I>(&input, &format!("the input of tool `{tool_name}`"));
            let function = Arc::clone(&function);
            Box::pin(async move {
                let input = decoded.map_err(|err| ToolError::recoverable(err.to_string()))?;
                let output = function(context, input).await?;
                serde_json::to_value(output).map_err(|err| ToolError::new(format!("cannot encode the output: {err}")))
            })
        };
        Tool::from_parts(name, description.into(), crate::output::schema_of::<I>(), Arc::new(erased))
    }

    /// An untyped tool: `inputs` is the JSON schema of its input object (or the flat
    /// `{"param": "type"}` map the official SDK also accepts) and the input arrives as a
    /// [`Value`].
    ///
    /// ```
    /// use smooth_client::Tool;
    /// use serde_json::{json, Value};
    /// let echo = Tool::untyped("echo", "Repeats its input", json!({"text": "string"}), |_ctx, input: Value| async move {
    ///     Ok(input)
    /// });
    /// assert_eq!(echo.signature().name, "echo");
    /// ```
    pub fn untyped<O, F, Fut>(
        name: impl Into<String>,
        description: impl Into<String>,
        inputs: Value,
        function: F,
    ) -> Self
    where
        O: Serialize + 'static,
        F: Fn(ToolContext, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, ToolError>> + Send + 'static,
    {
        let function = Arc::new(function);
        let erased = move |context: ToolContext, input: Value| -> BoxFuture<Result<Value, ToolError>> {
            let function = Arc::clone(&function);
            Box::pin(async move {
                let output = function(context, input).await?;
                serde_json::to_value(output).map_err(|err| ToolError::new(format!("cannot encode the output: {err}")))
            })
        };
        Tool::from_parts(name.into(), description.into(), inputs, Arc::new(erased))
    }

    fn from_parts(name: String, description: String, inputs: Value, function: Arc<ToolFn>) -> Self {
        Tool {
            signature: ToolSignature::new(name, description, inputs),
            essential: true,
            error_message: None,
            function,
        }
    }

    /// What the tool returns, for the agent (the signature's `output`).
    pub fn output_description(mut self, output: impl Into<String>) -> Self {
        self.signature.output = output.into();
        self
    }

    /// Whether a failure of this tool should fail the task (default true). See [`Tool`].
    pub fn essential(mut self, essential: bool) -> Self {
        self.essential = essential;
        self
    }

    /// The message the agent gets when this non-essential tool fails, instead of the
    /// error's own text (which may say more than the agent should see).
    pub fn error_message(mut self, message: impl Into<String>) -> Self {
        self.error_message = Some(message.into());
        self
    }

    /// The signature sent in `custom_tools`.
    pub fn signature(&self) -> &ToolSignature {
        &self.signature
    }

    /// The tool's name.
    pub fn name(&self) -> &str {
        &self.signature.name
    }

    /// Runs one call and decides its answer. The function runs on its own tokio task so a
    /// panic is caught and answered like an error.
    pub(crate) async fn call(&self, handle: TaskHandle, call_id: String, input: Value) -> CallAnswer {
        let context = ToolContext { handle, call_id, tool: self.signature.name.clone() };
        let future = (self.function)(context, input);
        let result = match tokio::spawn(future).await {
            Ok(result) => result,
            Err(join) if join.is_panic() => {
                Err(ToolError { message: "the tool panicked".to_owned(), recoverable: false })
            }
            Err(_) => Err(ToolError::new("the tool was cancelled")),
        };
        match result {
            Ok(output) => CallAnswer { code: 200, output, essential_failure: None },
            Err(error) if error.recoverable => {
                CallAnswer { code: 400, output: Value::String(error.message), essential_failure: None }
            }
            Err(error) if self.essential => CallAnswer {
                code: 500,
                output: Value::String(self.error_message.clone().unwrap_or_else(|| error.message.clone())),
                essential_failure: Some(error.message),
            },
            Err(error) => CallAnswer {
                code: 400,
                output: Value::String(self.error_message.clone().unwrap_or(error.message)),
                essential_failure: None,
            },
        }
    }
}

/// Why a tool call failed.
///
/// Any error converts into it with `?`, as a failure that follows the tool's
/// [`essential`](Tool::essential) setting; [`ToolError::recoverable`] is always answered with
/// code 400, telling the agent it may go on (the official SDK's `ToolCallError`).
pub struct ToolError {
    message: String,
    recoverable: bool,
}

impl ToolError {
    /// A failure: fails the task if the tool is essential.
    pub fn new(message: impl Into<String>) -> Self {
        ToolError { message: message.into(), recoverable: false }
    }

    /// A failure the agent can work around: always answered with code 400 and this message.
    pub fn recoverable(message: impl Into<String>) -> Self {
        ToolError { message: message.into(), recoverable: true }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the agent may go on.
    pub fn is_recoverable(&self) -> bool {
        self.recoverable
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ToolError {
    fn from(error: E) -> Self {
        ToolError::new(error.to_string())
    }
}

impl fmt::Debug for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToolError").field("message", &self.message).field("recoverable", &self.recoverable).finish()
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a tool function receives besides its input: the call and the task it belongs to.
#[derive(Clone, Debug)]
pub struct ToolContext {
    handle: TaskHandle,
    call_id: String,
    tool: String,
}

impl ToolContext {
    /// The handle of the task (or session) that called the tool.
    pub fn handle(&self) -> &TaskHandle {
        &self.handle
    }

    /// The task as a session, to send browser actions to it (only sessions accept them).
    pub fn session(&self) -> SessionHandle {
        SessionHandle::from_handle(self.handle.clone())
    }

    /// The id of the `tool_call` event being answered.
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// The name of the tool called.
    pub fn tool_name(&self) -> &str {
        &self.tool
    }

    /// Runs a sub-task in the same session and waits for its answer, as
    /// [`SessionHandle::run_task`] does.
    pub async fn run_task(&self, task: impl Into<RunTask>) -> Result<ActionResponse, TaskError> {
        self.session().run_task(task).await
    }
}

/// The tools attached to a request, with their code. Never serialized: the signatures go
/// out in `custom_tools`.
#[derive(Clone, Default, PartialEq)]
pub struct ToolSet {
    tools: Vec<Tool>,
}

impl fmt::Debug for ToolSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.tools.iter().map(|tool| &tool.signature.name)).finish()
    }
}

impl ToolSet {
    /// Adds a tool, replacing one of the same name.
    pub fn add(&mut self, tool: Tool) {
        self.tools.retain(|existing| existing.name() != tool.name());
        self.tools.push(tool);
    }

    /// The tool called `name`.
    pub fn get(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|tool| tool.name() == name)
    }

    /// Whether there is no tool.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The tools' names.
    pub fn names(&self) -> Vec<&str> {
        self.tools.iter().map(Tool::name).collect()
    }

    /// The tools.
    pub fn iter(&self) -> impl Iterator<Item = &Tool> {
        self.tools.iter()
    }

    /// Runs the call `call_id` of the tool `name` for the task of `handle` and decides its
    /// answer; a name that is not here is answered with 400 naming the tools there are.
    pub(crate) async fn answer(&self, handle: TaskHandle, call_id: String, name: &str, input: Value) -> CallAnswer {
        match self.get(name) {
            Some(tool) => tool.call(handle, call_id, input).await,
            None => CallAnswer::unknown(name, &self.names()),
        }
    }
}
