//! Profiles, uploaded files, extensions and legacy browser sessions.

use crate::api_error::ApiError;
use crate::world::World;

/// A browser profile. Cookies are "saved" when a task using the profile finishes.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub(crate) id: String,
    pub(crate) cookie_domains: Vec<String>,
    pub(crate) last_saved_at: Option<u64>,
}

/// A file uploaded with `POST /file`; only its description is kept, never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The id the upload was answered with.
    pub id: String,
    /// The multipart file name.
    pub file_name: Option<String>,
    /// The `file_purpose` field.
    pub purpose: Option<String>,
    /// The content's size in bytes.
    pub size: usize,
}

/// An uploaded browser extension.
#[derive(Debug, Clone)]
pub(crate) struct Extension {
    pub(crate) id: String,
    pub(crate) file_name: String,
    pub(crate) creation_time: u64,
}

/// A session opened with the deprecated `POST /browser/session`.
#[derive(Debug, Clone)]
pub(crate) struct BrowserSession {
    pub(crate) live_id: String,
    pub(crate) profile_id: String,
}

impl World {
    /// `POST /profile`: 409 when the id exists.
    pub(crate) fn create_profile(&mut self, id: Option<String>) -> Result<String, ApiError> {
        let id = match id {
            Some(id) if self.profiles.iter().any(|profile| profile.id == id) => {
                return Err(ApiError::conflict(format!("Profile '{id}' already exists")));
            }
            Some(id) => id,
            None => self.new_id("profile", |world, id| world.profiles.iter().any(|profile| profile.id == id)),
        };
        self.profiles.push(Profile { id: id.clone(), cookie_domains: Vec::new(), last_saved_at: None });
        Ok(id)
    }

    pub(crate) fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    pub(crate) fn delete_profile(&mut self, id: &str) -> Result<(), ApiError> {
        let before = self.profiles.len();
        self.profiles.retain(|profile| profile.id != id);
        if self.profiles.len() == before {
            return Err(ApiError::not_found("Profile not found"));
        }
        Ok(())
    }

    /// Records the cookies a finished task left in its profile (the profile's domain list,
    /// most recent first), creating the profile if the task named an unknown one.
    pub(crate) fn save_profile(&mut self, id: &str, url: Option<&str>, saved_at: u64) {
        if !self.profiles.iter().any(|profile| profile.id == id) {
            let _ = self.create_profile(Some(id.to_owned()));
        }
        let Some(profile) = self.profiles.iter_mut().find(|profile| profile.id == id) else {
            return;
        };
        profile.last_saved_at = Some(saved_at);
        if let Some(domain) = url.and_then(registered_domain) {
            profile.cookie_domains.retain(|known| *known != domain);
            profile.cookie_domains.insert(0, domain);
        }
    }

    /// `POST /file`.
    pub(crate) fn store_file(&mut self, file_name: Option<String>, purpose: Option<String>, size: usize) -> String {
        let id = self.new_id("file", |world, id| world.files.iter().any(|file| file.id == id));
        self.files.push(UploadedFile { id: id.clone(), file_name, purpose, size });
        id
    }

    pub(crate) fn files(&self) -> &[UploadedFile] {
        &self.files
    }

    pub(crate) fn delete_file(&mut self, id: &str) -> Result<(), ApiError> {
        let before = self.files.len();
        self.files.retain(|file| file.id != id);
        if self.files.len() == before {
            return Err(ApiError::not_found("File not found"));
        }
        Ok(())
    }

    /// `POST /extension`.
    pub(crate) fn store_extension(&mut self, file_name: String, now_seconds: u64) -> String {
        let id = self.new_id("ext", |world, id| world.extensions.iter().any(|extension| extension.id == id));
        self.extensions.push(Extension { id: id.clone(), file_name, creation_time: now_seconds });
        id
    }

    pub(crate) fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    pub(crate) fn delete_extension(&mut self, id: &str) -> Result<(), ApiError> {
        let before = self.extensions.len();
        self.extensions.retain(|extension| extension.id != id);
        if self.extensions.len() == before {
            return Err(ApiError::not_found("Extension not found"));
        }
        Ok(())
    }

    /// The deprecated `POST /browser/session`: a new profile is created when none is named.
    pub(crate) fn open_browser_session(&mut self, profile_id: Option<String>) -> BrowserSession {
        let profile_id = match profile_id {
            Some(id) => {
                if !self.profiles.iter().any(|profile| profile.id == id) {
                    let _ = self.create_profile(Some(id.clone()));
                }
                id
            }
            None => self.create_profile(None).unwrap_or_default(),
        };
        let live_id = self.new_id("live", |world, id| world.browser_sessions.contains_key(id));
        let session = BrowserSession { live_id: live_id.clone(), profile_id };
        self.browser_sessions.insert(live_id, session.clone());
        session
    }

    /// `DELETE /browser/session/{live_id}`.
    pub(crate) fn close_browser_session(&mut self, live_id: &str) -> Result<(), ApiError> {
        self.browser_sessions
            .remove(live_id)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found("Browser session not found"))
    }
}

/// `https://www.shop.example.com/x` → `example.com` (the last two labels of the host).
fn registered_domain(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let start = labels.len().saturating_sub(2);
    Some(labels[start..].join("."))
}
