//! Where the API key and the base URL come from: the global flag, then the environment
//! (`CIRCLEMIND_API_KEY`, `SMOOTH_BASE_URL`), then `~/.smooth/config.json`, then (for the
//! URL) the live service.

use crate::failure::Failure;
use crate::store::Config;

const API_KEY_ENV: &str = "CIRCLEMIND_API_KEY";
const BASE_URL_ENV: &str = "SMOOTH_BASE_URL";

/// The key and base URL a command talks to the API with.
pub struct Settings {
    /// The API key (never printed).
    pub api_key: String,
    /// The base URL, when not the client's default.
    pub base_url: Option<String>,
}

impl Settings {
    /// Resolves both settings; a missing key is a usage error saying how to set one.
    pub fn resolve(flag_key: Option<&str>, flag_url: Option<&str>, config: &Config) -> Result<Settings, Failure> {
        let api_key = first_set([flag_key.map(str::to_owned), env(API_KEY_ENV), config.api_key.clone()]).ok_or_else(
            || {
                Failure::usage(
                    "API key not configured: get one at https://app.smooth.sh/ and run `smooth config --api-key <key>`, or set CIRCLEMIND_API_KEY",
                )
            },
        )?;
        let base_url = first_set([flag_url.map(str::to_owned), env(BASE_URL_ENV), config.base_url.clone()]);
        Ok(Settings { api_key, base_url })
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The first value that is set and not blank.
fn first_set<const N: usize>(candidates: [Option<String>; N]) -> Option<String> {
    candidates.into_iter().flatten().find(|value| !value.trim().is_empty())
}
