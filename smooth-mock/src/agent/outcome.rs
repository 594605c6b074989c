//! What a finished task reports as its output.

use serde_json::Value;

use crate::request::task_request::TaskSpec;
use crate::schema_value::example_for;
use crate::script::TaskScript;

/// A custom tool's answer, as the client sent it.
#[derive(Debug, Clone)]
pub(crate) struct ToolAnswer {
    pub(crate) name: String,
    pub(crate) code: i64,
    pub(crate) output: Value,
}

/// The output of a task that is done: the scripted output, else a value valid for the
/// response model, else a sentence naming the task and every tool answer.
pub(crate) fn done_output(spec: &TaskSpec, script: &TaskScript, answers: &[ToolAnswer]) -> Value {
    if let Some(output) = &script.output {
        return output.clone();
    }
    if let Some(schema) = &spec.response_model {
        return example_for(schema);
    }
    Value::String(summary(spec.task.as_deref().unwrap_or_default(), answers))
}

/// The output of a sub-task run inside a session (`run_task`): a value valid for the
/// response model, else a sentence naming the sub-task and every tool answer it received.
pub(crate) fn sub_task_output(task: &str, response_model: Option<&Value>, answers: &[ToolAnswer]) -> Value {
    match response_model {
        Some(schema) if schema.is_object() => example_for(schema),
        _ => Value::String(summary(task, answers)),
    }
}

fn summary(task: &str, answers: &[ToolAnswer]) -> String {
    let mut text = format!("Mock agent completed the task: {task}");
    for answer in answers {
        text.push_str(&format!("\nTool {} answered {}: {}", answer.name, answer.code, text_of(&answer.output)));
    }
    text
}

/// A value as readable text: strings as they are, anything else as JSON.
pub(crate) fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The output of a task failed by an essential tool (answer code 500).
pub(crate) fn essential_tool_failure(name: &str, output: &Value) -> Value {
    Value::String(format!("Essential tool '{name}' failed: {}", text_of(output)))
}
