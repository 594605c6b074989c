//! The binary's command line, parsed by hand.

use std::net::{IpAddr, Ipv4Addr};
use std::ops::RangeInclusive;
use std::time::Duration;

use smooth_mock::{DEFAULT_API_KEY, Speed};

pub(crate) const USAGE: &str =
    "usage: smooth-mock [--port PORT] [--host IP] [--api-key KEY] [--speed fast|realistic] [--seed N]
                   [--task-duration TIME[-TIME]] [--task-wait TIME[-TIME]] [--max-finished-tasks N]

  --port PORT         port to listen on (default 8787; 0 picks a free one)
  --host IP           address to bind (default 127.0.0.1)
  --api-key KEY       key clients must send in the apikey header (default cmzr-mock-key)
  --speed SPEED       fast (default): tasks finish in milliseconds; realistic: seconds
  --seed N            seed for ids, timings and generated values
  --task-duration D   how long each task runs, fixed (100s) or picked per task in a range
                      (90s-110s); overrides --speed's running time. TIME is a whole number
                      with a unit: ms, s, m or h
  --task-wait D       how long each task waits before it runs, fixed or a range, same form;
                      overrides --speed's waiting time
  --max-finished-tasks N
                      finished tasks kept before the oldest are forgotten (default 1000)

Load test: 10,000 tasks live at once for about 100 s each:
  smooth-mock --task-duration 90s-110s --max-finished-tasks 20000";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Args {
    pub(crate) port: u16,
    pub(crate) host: IpAddr,
    pub(crate) api_key: String,
    pub(crate) speed: Speed,
    pub(crate) seed: Option<u64>,
    pub(crate) task_duration: Option<RangeInclusive<Duration>>,
    pub(crate) task_wait: Option<RangeInclusive<Duration>>,
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
            task_wait: None,
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
                "--task-duration" => args.task_duration = Some(duration_range("--task-duration", &value()?)?),
                "--task-wait" => args.task_wait = Some(duration_range("--task-wait", &value()?)?),
                "--max-finished-tasks" => {
                    let text = value()?;
                    args.max_finished_tasks =
                        Some(text.parse().map_err(|_| format!("--max-finished-tasks: '{text}' is not a count"))?);
                }
                _ => return Err(format!("unknown argument '{argument}'")),
            }
        }
        Ok(Some(args))
    }
}

/// `100s` (fixed) or `90s-110s` (a range, smaller value first).
fn duration_range(flag: &str, text: &str) -> Result<RangeInclusive<Duration>, String> {
    let (low, high) = match text.split_once('-') {
        Some((low, high)) => (duration(flag, low)?, duration(flag, high)?),
        None => {
            let fixed = duration(flag, text)?;
            (fixed, fixed)
        }
    };
    if low > high {
        return Err(format!("{flag}: '{text}' is a range whose start is after its end"));
    }
    Ok(low..=high)
}

/// A whole number with a unit: `250ms`, `100s`, `2m`, `1h`.
fn duration(flag: &str, text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 =
        number.parse().map_err(|_| format!("{flag}: '{text}' is not a duration like 250ms, 100s, 2m or 1h"))?;
    let seconds = |factor: u64| number.checked_mul(factor).map(Duration::from_secs);
    match unit {
        "ms" => Some(Duration::from_millis(number)),
        "s" => seconds(1),
        "m" => seconds(60),
        "h" => seconds(3_600),
        "" => return Err(format!("{flag}: '{text}' needs a unit: ms, s, m or h")),
        _ => return Err(format!("{flag}: '{text}' has an unknown unit (use ms, s, m or h)")),
    }
    .ok_or_else(|| format!("{flag}: '{text}' is too long"))
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
    }

    #[test]
    fn parses_task_timings() {
        let args = parse("--task-duration 90s-110s --task-wait 250ms --max-finished-tasks 20000").unwrap().unwrap();
        assert_eq!(args.task_duration, Some(Duration::from_secs(90)..=Duration::from_secs(110)));
        assert_eq!(args.task_wait, Some(Duration::from_millis(250)..=Duration::from_millis(250)));
        assert_eq!(args.max_finished_tasks, Some(20_000));
        let args = parse("--task-duration=2m").unwrap().unwrap();
        assert_eq!(args.task_duration, Some(Duration::from_secs(120)..=Duration::from_secs(120)));
        let defaults = parse("").unwrap().unwrap();
        assert_eq!((defaults.task_duration, defaults.task_wait, defaults.max_finished_tasks), (None, None, None));
    }

    #[test]
    fn rejects_bad_task_timings() {
        for (line, expected) in [
            ("--task-duration 100", "needs a unit"),
            ("--task-duration 10parsecs", "unknown unit"),
            ("--task-duration 110s-90s", "start is after its end"),
            ("--task-wait soon", "not a duration"),
            ("--task-duration 1s-", "not a duration"),
            ("--max-finished-tasks -1", "not a count"),
            ("--task-duration 99999999999999999999h", "not a duration"),
        ] {
            let error = parse(line).unwrap_err();
            assert!(error.contains(expected) && error.contains(line.split(' ').next().unwrap()), "{line}: {error}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse("--port nope").unwrap_err().contains("--port"));
        assert!(parse("--speed slow").is_err());
        assert!(parse("--port").is_err());
        assert!(parse("--frobnicate").is_err());
    }
}
