//! Browser profile models.

use serde::{Deserialize, Serialize};

/// A browser profile: persistent cookies and logins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProfileResponse {
    /// The profile id.
    pub id: String,
    /// Domains the profile holds cookies for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_domains: Option<Vec<String>>,
    /// How many cookies it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_count: Option<u64>,
    /// Its stored size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_size_bytes: Option<u64>,
    /// When it was last saved (as the service reports it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_saved_at: Option<serde_json::Value>,
}
