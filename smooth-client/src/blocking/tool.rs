//! Custom tools written as plain closures: [`Tool::blocking`] and the [`ToolContext`] they
//! receive.

use crate::blocking::client::SmoothClient;
use crate::blocking::handle::TaskHandle;
use crate::blocking::runtime::Runtime;
use crate::blocking::session::SessionHandle;
use crate::{ActionResponse, RunTask, TaskError, Tool, ToolError};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;

impl Tool {
    /// A typed tool whose function is a plain closure,
    /// `Fn(blocking::ToolContext, I) -> Result<O, ToolError>`: `I` is decoded from the call's
    /// input and its [`JsonSchema`] is the tool's input schema; `O` is any [`Serialize`]
    /// value. Everything else (setters, how errors and panics are answered) is as for
    /// [`Tool::new`], and the result attaches to a request like any tool.
    ///
    /// The closure runs on a thread of its own (tokio's `spawn_blocking` pool), so it may
    /// block for as long as it needs without holding up the polling of any handle, and may
    /// itself make blocking calls, e.g. session actions through
    /// [`ToolContext::session`]. It works with the async client too.
    ///
    /// ```no_run
    /// use smooth_client::blocking::{SmoothClient, ToolContext};
    /// use smooth_client::prelude::TaskRequest;
    /// use smooth_client::{Tool, ToolError};
    ///
    /// #[derive(serde::Deserialize, schemars::JsonSchema)]
    /// struct Lookup {
    ///     /// The product's SKU.
    ///     sku: String,
    /// }
    ///
    /// # fn demo(client: SmoothClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let lookup = Tool::blocking("lookup_price", "The price of a product", |_ctx: ToolContext, input: Lookup| {
    ///     if input.sku.is_empty() {
    ///         return Err(ToolError::recoverable("give me a SKU"));
    ///     }
    ///     Ok(serde_json::json!({"sku": input.sku, "price_eur": 12.5}))
    /// });
    /// let handle = client.run(TaskRequest::new("Compare our price for SKU 42 with amazon.de").tool(lookup))?;
    /// println!("{:?}", handle.result()?.output);
    /// # Ok(()) }
    /// ```
    pub fn blocking<I, O, F>(name: impl Into<String>, description: impl Into<String>, function: F) -> Self
    where
        I: DeserializeOwned + JsonSchema + Send + 'static,
        O: Serialize + Send + 'static,
        F: Fn(ToolContext, I) -> Result<O, ToolError> + Send + Sync + 'static,
    {
        let function = Arc::new(function);
        Tool::new(name, description, move |context: crate::ToolContext, input: I| {
            let function = Arc::clone(&function);
            off_the_runtime(move || function(ToolContext::on_this_thread(context)?, input))
        })
    }

    /// An untyped tool whose function is a plain closure,
    /// `Fn(blocking::ToolContext, Value) -> Result<O, ToolError>`; `inputs` is as for
    /// [`Tool::untyped`].
    ///
    /// ```
    /// use smooth_client::Tool;
    /// use serde_json::{json, Value};
    /// let echo = Tool::blocking_untyped("echo", "Repeats its input", json!({"text": "string"}), |_ctx, input: Value| {
    ///     Ok(input)
    /// });
    /// assert_eq!(echo.name(), "echo");
    /// ```
    pub fn blocking_untyped<O, F>(
        name: impl Into<String>,
        description: impl Into<String>,
        inputs: Value,
        function: F,
    ) -> Self
    where
        O: Serialize + Send + 'static,
        F: Fn(ToolContext, Value) -> Result<O, ToolError> + Send + Sync + 'static,
    {
        let function = Arc::new(function);
        Tool::untyped(name, description, inputs, move |context: crate::ToolContext, input: Value| {
            let function = Arc::clone(&function);
            off_the_runtime(move || function(ToolContext::on_this_thread(context)?, input))
        })
    }
}

/// Runs a tool's closure on the runtime's blocking pool. A panic is passed on, so the
/// caller answers it as the async tools' panics are answered.
async fn off_the_runtime<O: Send + 'static>(
    call: impl FnOnce() -> Result<O, ToolError> + Send + 'static,
) -> Result<O, ToolError> {
    match tokio::task::spawn_blocking(call).await {
        Ok(result) => result,
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(_) => Err(ToolError::new("the tool was cancelled")),
    }
}

/// What a blocking tool's closure receives besides its input: the call, and blocking
/// handles to the task (or session) that made it.
#[derive(Clone, Debug)]
pub struct ToolContext {
    inner: crate::ToolContext,
    client: SmoothClient,
}

impl ToolContext {
    /// The context for a closure running on a `spawn_blocking` thread.
    fn on_this_thread(inner: crate::ToolContext) -> Result<Self, ToolError> {
        let runtime = Runtime::of_blocking_thread()
            .ok_or_else(|| ToolError::new("a blocking tool ran outside a tokio runtime's blocking pool"))?;
        let client = SmoothClient::from_parts(inner.handle().client().clone(), runtime);
        Ok(ToolContext { inner, client })
    }

    /// The handle of the task (or session) that called the tool.
    pub fn handle(&self) -> TaskHandle {
        TaskHandle::wrap(self.inner.handle().clone(), self.client.clone())
    }

    /// The task as a session, to send browser actions to it (only sessions accept them).
    pub fn session(&self) -> SessionHandle {
        SessionHandle::wrap(self.inner.session(), self.client.clone())
    }

    /// A blocking client on the same connection pool and runtime.
    pub fn client(&self) -> &SmoothClient {
        &self.client
    }

    /// The id of the `tool_call` event being answered.
    pub fn call_id(&self) -> &str {
        self.inner.call_id()
    }

    /// The name of the tool called.
    pub fn tool_name(&self) -> &str {
        self.inner.tool_name()
    }

    /// Runs a sub-task in the same session and waits for its answer.
    pub fn run_task(&self, task: impl Into<RunTask>) -> Result<ActionResponse, TaskError> {
        self.session().run_task(task)
    }
}
