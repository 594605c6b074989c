//! A task's plan: the timed steps it goes through, derived from its request and script.

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::Value;

use crate::config::Timings;
use crate::request::task_request::TaskSpec;
use crate::rng::Rng;
use crate::script::{ScriptStep, TaskScript};
use crate::tool_inputs::arguments_for;

/// One step; `after` is its delay in milliseconds after the previous step completed.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Start {
        after: u64,
    },
    Emit {
        after: u64,
        name: String,
        payload: Value,
    },
    CallTool {
        after: u64,
        name: String,
        input: Value,
    },
    Finish {
        after: u64,
    },
    /// Stay running until cancelled (sessions, `never_finish`).
    Hold,
}

impl Step {
    pub(crate) fn delay(&self) -> u64 {
        match self {
            Self::Start { after }
            | Self::Emit { after, .. }
            | Self::CallTool { after, .. }
            | Self::Finish { after } => *after,
            Self::Hold => 0,
        }
    }
}

pub(crate) fn build(spec: &TaskSpec, script: &TaskScript, timings: &Timings, rng: &mut Rng) -> VecDeque<Step> {
    let mut plan = VecDeque::new();
    let waiting = script.wait_for.map_or_else(|| rng.in_range(timings.waiting.0, timings.waiting.1), millis);
    plan.push_back(Step::Start { after: waiting });
    if spec.is_session() {
        plan.push_back(Step::Hold);
        return plan;
    }

    let mut steps = script.steps.clone();
    if !script.has_tool_calls() {
        // By default the agent calls each declared tool once, in order.
        steps.extend(
            spec.custom_tools
                .iter()
                .map(|tool| ScriptStep::ToolCall { name: tool.name.clone(), input: arguments_for(&tool.inputs) }),
        );
    }
    let running = script.run_for.map_or_else(|| rng.in_range(timings.running.0, timings.running.1), millis);
    let slices = u64::try_from(steps.len()).unwrap_or(u64::MAX).saturating_add(1);
    let slice = running / slices;
    for step in steps {
        plan.push_back(match step {
            ScriptStep::Event { name, payload } => Step::Emit { after: slice, name, payload },
            ScriptStep::ToolCall { name, input } => Step::CallTool { after: slice, name, input },
        });
    }
    if script.never_finish {
        plan.push_back(Step::Hold);
    } else {
        let remainder = running - slice * (slices - 1);
        plan.push_back(Step::Finish { after: remainder });
    }
    plan
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
