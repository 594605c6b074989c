//! Browser profiles: persistent cookies and logins.

mod create_profile;
mod delete_profile;
mod list_profiles;

pub use create_profile::{CreateProfileExt, ProfileRequest};
pub use delete_profile::{DeleteProfileExt, DeleteProfileRequest};
pub use list_profiles::{ListProfilesExt, ListProfilesRequest};
