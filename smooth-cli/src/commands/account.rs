//! Profiles and uploaded files.

use crate::failure::Failure;
use crate::output::Report;
use crate::remote::Remote;
use serde_json::Value;
use std::path::Path;

/// `create-profile`.
pub async fn create_profile(remote: &Remote, id: Option<&str>) -> Result<Report, Failure> {
    let id = remote.create_profile(id).await.map_err(|f| f.context("failed to create profile"))?;
    Ok(Report::new("Profile created successfully")
        .field("profile_id", id.clone())
        .line("Profile created successfully!")
        .line(format!("Profile ID: {id}")))
}

/// `list-profiles`.
pub async fn list_profiles(remote: &Remote) -> Result<Report, Failure> {
    let profiles = remote.list_profiles().await.map_err(|f| f.context("failed to list profiles"))?;
    let count = profiles.len();
    let mut report = Report::new(format!("Found {count} profile(s)"))
        .field("profiles", Value::Array(profiles.clone()))
        .field("count", count);
    if profiles.is_empty() {
        return Ok(report.line("No profiles found."));
    }
    report = report.line(format!("Found {count} profile(s):"));
    for profile in &profiles {
        report = report.line(format!("  - {}", profile.get("id").and_then(Value::as_str).unwrap_or("?")));
    }
    Ok(report)
}

/// `delete-profile`.
pub async fn delete_profile(remote: &Remote, id: &str) -> Result<Report, Failure> {
    remote.delete_profile(id).await.map_err(|f| f.context("failed to delete profile"))?;
    Ok(Report::new(format!("Profile '{id}' deleted successfully"))
        .field("profile_id", id)
        .line(format!("Profile '{id}' deleted successfully!")))
}

/// `upload-file`.
pub async fn upload_file(
    remote: &Remote,
    path: &Path,
    name: Option<&str>,
    purpose: Option<&str>,
) -> Result<Report, Failure> {
    if !path.is_file() {
        return Err(Failure::usage(format!("file not found: {}", path.display())));
    }
    if purpose.is_some_and(|purpose| purpose.chars().count() > 64) {
        return Err(Failure::usage("--purpose must be at most 64 characters"));
    }
    let id = remote.upload_file(path, name, purpose).await.map_err(|f| f.context("failed to upload file"))?;
    let shown_name = name.map(str::to_owned).unwrap_or_else(|| path.display().to_string());
    Ok(Report::new("File uploaded successfully")
        .field("file_id", id.clone())
        .field("name", shown_name)
        .line("File uploaded successfully!")
        .line(format!("File ID: {id}")))
}

/// `delete-file`.
pub async fn delete_file(remote: &Remote, id: &str) -> Result<Report, Failure> {
    remote.delete_file(id).await.map_err(|f| f.context("failed to delete file"))?;
    Ok(Report::new(format!("File '{id}' deleted successfully"))
        .field("file_id", id)
        .line(format!("File '{id}' deleted successfully!")))
}
