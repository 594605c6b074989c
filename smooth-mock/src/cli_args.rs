//! The binary's command line, parsed by hand.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use smooth_mock::{DEFAULT_API_KEY, Speed};

pub(crate) const USAGE: &str =
    "usage: smooth-mock [--port PORT] [--host IP] [--api-key KEY] [--speed fast|realistic] [--seed N]
                   [--task-duration D|MIN..MAX] [--max-finished-tasks N]

  --port PORT         port to listen on (default 8787; 0 picks a free one)
  --host IP           address to bind (default 127.0.0.1)
  --api-key KEY       key clients must send in the apikey header (default cmzr-mock-key)
  --speed SPEED       fast (default): tasks finish in milliseconds; realistic: seconds
  --seed N            seed for ids, timings and generated values
  --task-duration D   how long each task runs after its waiting phase, instead of what the
                      speed implies: a fixed duration (100s, 1.5s, 250ms, 2m) or a range
                      MIN..MAX (90s..110s), picked per task by the seeded generator
  --max-finished-tasks N
                      how many finished tasks are kept, oldest forgotten first (default 1000)";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Args {
    pub(crate) port: u16,
    pub(crate) host: IpAddr,
    pub(crate) api_key: String,
    pub(crate) speed: Speed,
    pub(crate) seed: Option<u64>,
    /// (shortest, longest) running time of a task.
    pub(crate) task_duration: Option<(Duration, Duration)>,
    pub(crate) max_finished_tasks: Option<usize>,
}

impl Args {
    /// `Ok(None)` when help was asked for; `Err` with a message for bad arguments.
    pub(crate) fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Option<Self>, String> {
        let mut args = Self {
            port: 8787,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            api_key: DEFAULT_API_KEY.to_owned(),
            speed: Speed::Fast,
            seed: None,
            task_duration: None,
            max_finished_tasks: None,
        };
        let mut arguments = arguments.into_iter();
        while let Some(argument) = arguments.next() {
            let (flag, inline) = match argument.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
                _ => (argument.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(None);
            }
            let mut value =
                || inline.clone().or_else(|| arguments.next()).ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--port" => {
                    let text = value()?;
                    args.port = text.parse().map_err(|_| format!("--port: '{text}' is not a port number"))?;
                }
                "--host" => {
                    let text = value()?;
                    args.host = text.parse().map_err(|_| format!("--host: '{text}' is not an IP address"))?;
                }
                "--api-key" => {
                    let key = value()?;
                    if key.is_empty() {
                        return Err("--api-key must not be empty".to_owned());
                    }
                    args.api_key = key;
                }
                "--speed" => {
                    let text = value()?;
                    args.speed = Speed::parse(&text)
                        .ok_or_else(|| format!("--speed: '{text}' is neither 'fast' nor 'realistic'"))?;
                }
                "--seed" => {
                    let text = value()?;
                    args.seed = Some(text.parse().map_err(|_| format!("--seed: '{text}' is not a number"))?);
                }
                "--task-duration" => {
                    let text = value()?;
                    args.task_duration =
                        Some(duration_range(&text).map_err(|problem| format!("--task-duration: {problem}"))?);
                }
                "--max-finished-tasks" => {
                    let text = value()?;
                    let count = text.parse().map_err(|_| format!("--max-finished-tasks: '{text}' is not a count"))?;
                    if count == 0 {
                        return Err("--max-finished-tasks must be at least 1".to_owned());
                    }
                    args.max_finished_tasks = Some(count);
                }
                _ => return Err(format!("unknown argument '{argument}'")),
            }
        }
        Ok(Some(args))
    }
}

/// `D` or `MIN..MAX`, each a number with a unit: `ms`, `s` or `m`.
fn duration_range(text: &str) -> Result<(Duration, Duration), String> {
    let (shortest, longest) = match text.split_once("..") {
        Some((low, high)) => (duration(low)?, duration(high)?),
        None => (duration(text)?, duration(text)?),
    };
    if shortest > longest {
        return Err(format!("'{text}': the range's start is after its end"));
    }
    Ok((shortest, longest))
}

fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, seconds_per_unit) = if let Some(number) = text.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1.0)
    } else if let Some(number) = text.strip_suffix('m') {
        (number, 60.0)
    } else {
        return Err(format!("'{text}' has no unit; write e.g. 250ms, 1.5s or 2m"));
    };
    let value: f64 = number.trim().parse().map_err(|_| format!("'{text}' is not a duration"))?;
    Duration::try_from_secs_f64(value * seconds_per_unit).map_err(|_| format!("'{text}' is not a duration"))
}

#[cfg(test)]
mod tests {
    use super::Args;
    use smooth_mock::Speed;
    use std::time::Duration;

    fn parse(line: &str) -> Result<Option<Args>, String> {
        Args::parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn parses_flags() {
        let args = parse("--port 9000 --speed=realistic --seed 7 --api-key k --host 0.0.0.0").unwrap().unwrap();
        assert_eq!(args.port, 9000);
        assert_eq!(args.speed, Speed::Realistic);
        assert_eq!(args.seed, Some(7));
        assert_eq!(args.api_key, "k");
        assert_eq!(args.host.to_string(), "0.0.0.0");
        assert!(parse("--help").unwrap().is_none());
        assert_eq!(args.task_duration, None);
        assert_eq!(args.max_finished_tasks, None);
    }

    #[test]
    fn parses_task_durations_and_the_finished_task_limit() {
        let fixed = parse("--task-duration 100s --max-finished-tasks 20000").unwrap().unwrap();
        assert_eq!(fixed.task_duration, Some((Duration::from_secs(100), Duration::from_secs(100))));
        assert_eq!(fixed.max_finished_tasks, Some(20_000));
        let range = parse("--task-duration=250ms..1.5s").unwrap().unwrap();
        assert_eq!(range.task_duration, Some((Duration::from_millis(250), Duration::from_millis(1_500))));
        let minutes = parse("--task-duration 1m..2m").unwrap().unwrap();
        assert_eq!(minutes.task_duration, Some((Duration::from_secs(60), Duration::from_secs(120))));
    }

    #[test]
    fn rejects_bad_durations_and_limits_naming_the_problem() {
        assert!(parse("--task-duration 100").unwrap_err().contains("no unit"));
        assert!(parse("--task-duration 5s..1s").unwrap_err().contains("start is after its end"));
        assert!(parse("--task-duration -1s").unwrap_err().contains("not a duration"));
        assert!(parse("--task-duration fast").unwrap_err().contains("--task-duration"));
        assert!(parse("--max-finished-tasks 0").unwrap_err().contains("at least 1"));
        assert!(parse("--max-finished-tasks many").unwrap_err().contains("not a count"));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse("--port nope").unwrap_err().contains("--port"));
        assert!(parse("--speed slow").is_err());
        assert!(parse("--port").is_err());
        assert!(parse("--frobnicate").is_err());
    }
}
