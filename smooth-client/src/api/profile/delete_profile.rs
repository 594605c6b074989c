use serde::{Deserialize, Serialize};
use smooth_macros::smooth_endpoint;

/// `DELETE /profile/{profile_id}`: deletes a profile. Answers `true`.
#[smooth_endpoint(DELETE, "/profile/{profile_id}", response = bool)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeleteProfileRequest {
    /// The profile id (percent-encoded as one path segment).
    pub profile_id: String,
}

impl DeleteProfileRequest {
    /// Deletes `profile_id`.
    pub fn new(profile_id: impl Into<String>) -> Self {
        DeleteProfileRequest { profile_id: profile_id.into() }
    }
}
