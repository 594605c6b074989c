//! `smooth config`: save the API key (and base URL), or show them with the key masked.

use crate::failure::Failure;
use crate::output::Report;
use crate::store;
use serde_json::json;

/// Saves what was given, or shows the configuration.
pub fn run(api_key: Option<&str>, base_url: Option<&str>, show: bool) -> Result<Report, Failure> {
    let path = store::config_path()?.display().to_string();
    if api_key.is_some() || base_url.is_some() {
        if api_key.is_some_and(|key| key.trim().is_empty() || key == "YOUR_API_KEY") {
            return Err(Failure::usage("please use a real API key; get yours at https://app.smooth.sh"));
        }
        store::update_config(|config| {
            if let Some(key) = api_key {
                config.api_key = Some(key.trim().to_owned());
            }
            if let Some(url) = base_url {
                config.base_url = Some(url.trim().to_owned());
            }
        })?;
        let saved = if api_key.is_some() { "API key saved" } else { "Base URL saved" };
        return Ok(Report::new(format!("{saved} successfully"))
            .field("config_file", path.clone())
            .line(format!("{saved} successfully!"))
            .line(format!("Config file: {path}")));
    }
    if show {
        let config = store::read_config()?;
        let masked = config.api_key.as_deref().map(mask);
        let mut shown = serde_json::Map::new();
        if let Some(masked) = &masked {
            shown.insert("api_key".to_owned(), json!(masked));
        }
        if let Some(url) = &config.base_url {
            shown.insert("base_url".to_owned(), json!(url));
        }
        let mut report = Report::new("Configuration retrieved").field("config_file", path.clone());
        report = report.field("config", serde_json::Value::Object(shown));
        if masked.is_none() && config.base_url.is_none() {
            return Ok(report.line("No configuration found."));
        }
        report = report.line(format!("Config file: {path}"));
        if let Some(masked) = masked {
            report = report.line(format!("API key: {masked}"));
        }
        if let Some(url) = config.base_url {
            report = report.line(format!("Base URL: {url}"));
        }
        return Ok(report);
    }
    Ok(Report::new("Nothing to do: pass --api-key KEY to save a key, or --show")
        .line("Usage:")
        .line("  smooth config --api-key <key>  Save your API key")
        .line("  smooth config --show           Show the current configuration"))
}

/// The first 8 and last 4 characters of a long key, `***` for a short one.
fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() > 12 {
        let head: String = chars[..8].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}...{tail}")
    } else {
        "***".to_owned()
    }
}
