use crate::types::ProfileResponse;
use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `GET /profile`: every profile of the account.
#[smooth_endpoint(GET, "/profile", response = Vec<ProfileResponse>)]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListProfilesRequest {}

impl ListProfilesRequest {
    /// Lists all profiles.
    pub fn new() -> Self {
        Self::default()
    }
}
