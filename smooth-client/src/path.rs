//! Rendering of path templates with percent-encoded parameters.

use crate::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt::{Display, Write};

/// Everything but RFC 3986's unreserved characters is encoded, so a parameter can never
/// add a segment (`/`), start a query (`?`) or a fragment (`#`), or smuggle an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Builds a path from literal pieces and parameters. Used by generated code.
#[derive(Debug, Default)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// An empty path.
    pub fn new() -> Self {
        PathBuilder::default()
    }

    /// Appends template text as written.
    pub fn literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends one parameter as a single percent-encoded segment.
    ///
    /// Empty, blank, `.` and `..` values are refused: the first would address the
    /// collection instead of one item, and URL parsers collapse dot segments (even encoded
    /// ones) into a different endpoint.
    pub fn param(&mut self, name: &str, value: &dyn Display) -> Result<(), Error> {
        let mut rendered = String::new();
        // Writing into a String cannot fail.
        let _ = write!(rendered, "{value}");
        if rendered.trim().is_empty() {
            return Err(Error::InvalidInput {
                field: name.to_owned(),
                reason: "must not be empty or blank".to_owned(),
            });
        }
        if rendered == "." || rendered == ".." {
            return Err(Error::InvalidInput {
                field: name.to_owned(),
                reason: format!("`{rendered}` cannot be sent as a path segment"),
            });
        }
        self.path.extend(utf8_percent_encode(&rendered, SEGMENT));
        Ok(())
    }

    /// The finished path.
    pub fn finish(self) -> String {
        self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(id: &str) -> Result<String, Error> {
        let mut path = PathBuilder::new();
        path.literal("/profile/");
        path.param("profile_id", &id)?;
        Ok(path.finish())
    }

    #[test]
    fn parameters_stay_one_segment() {
        assert_eq!(render("../task/x").unwrap(), "/profile/..%2Ftask%2Fx");
        assert_eq!(render("a/../b?x#y").unwrap(), "/profile/a%2F..%2Fb%3Fx%23y");
        assert_eq!(render("100% é").unwrap(), "/profile/100%25%20%C3%A9");
        assert_eq!(render("plain-id_1.2~").unwrap(), "/profile/plain-id_1.2~");
    }

    #[test]
    fn unusable_parameters_are_refused() {
        for bad in ["", "   ", ".", ".."] {
            let err = render(bad).unwrap_err();
            assert!(err.to_string().contains("profile_id"), "{err}");
        }
    }
}
