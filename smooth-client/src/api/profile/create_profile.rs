use crate::types::ProfileResponse;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `POST /profile`: creates a profile, with a chosen id or one the service picks.
/// 409 when the id exists.
///
/// ```no_run
/// use smooth_client::prelude::*;
/// # async fn demo(client: SmoothClient) -> Result<(), smooth_client::Error> {
/// let profile = client.create_profile(ProfileRequest::with_id("shopping")).await?;
/// # Ok(()) }
/// ```
#[smooth_endpoint(POST, "/profile", name = create_profile)]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProfileRequest {
    /// The id to create; `None` lets the service choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ProfileRequest {
    /// A profile with an id the service chooses.
    pub fn new() -> Self {
        Self::default()
    }

    /// A profile with this id.
    pub fn with_id(id: impl Into<String>) -> Self {
        ProfileRequest { id: Some(id.into()) }
    }
}
