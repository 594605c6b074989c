//! The binary's command line, parsed by hand.

use std::net::{IpAddr, Ipv4Addr};

use smooth_mock::{DEFAULT_API_KEY, Speed};

pub(crate) const USAGE: &str =
    "usage: smooth-mock [--port PORT] [--host IP] [--api-key KEY] [--speed fast|realistic] [--seed N]

  --port PORT         port to listen on (default 8787; 0 picks a free one)
  --host IP           address to bind (default 127.0.0.1)
  --api-key KEY       key clients must send in the apikey header (default cmzr-mock-key)
  --speed SPEED       fast (default): tasks finish in milliseconds; realistic: seconds
  --seed N            seed for ids, timings and generated values";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Args {
    pub(crate) port: u16,
    pub(crate) host: IpAddr,
    pub(crate) api_key: String,
    pub(crate) speed: Speed,
    pub(crate) seed: Option<u64>,
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
                _ => return Err(format!("unknown argument '{argument}'")),
            }
        }
        Ok(Some(args))
    }
}

#[cfg(test)]
mod tests {
    use super::Args;
    use smooth_mock::Speed;

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
    fn rejects_bad_input() {
        assert!(parse("--port nope").unwrap_err().contains("--port"));
        assert!(parse("--speed slow").is_err());
        assert!(parse("--port").is_err());
        assert!(parse("--frobnicate").is_err());
    }
}
