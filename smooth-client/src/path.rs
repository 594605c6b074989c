//! Rendering of path templates with percent-encoded parameters.

use crate::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt::{Display, Write};

/// Everything but RFC 3986's unreserved characters is encoded, so a parameter can never
/// add a segment (`/`), start a query (`?`) or a fragment (`#`), or smuggle an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Room for a typical rendered path (`/task/` and a 32-character id), so building one
/// allocates once.
const TYPICAL_PATH_LEN: usize = 64;

/// Builds a path from literal pieces and parameters. Used by generated code.
#[derive(Debug, Default)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// An empty path.
    pub fn new() -> Self {
        PathBuilder { path: String::with_capacity(TYPICAL_PATH_LEN) }
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
        let start = self.path.len();
        // The value is encoded straight into the path as it is formatted: no copy of it.
        let mut segment = SegmentWriter { path: &mut self.path, blank: true };
        // Writing into a String cannot fail.
        let _ = write!(segment, "{value}");
        let blank = segment.blank;
        // Unreserved characters are kept as they are, so `.` and `..` read the same encoded.
        let rendered = &self.path[start..];
        let refusal = if blank {
            Some("must not be empty or blank".to_owned())
        } else if rendered == "." || rendered == ".." {
            Some(format!("`{rendered}` cannot be sent as a path segment"))
        } else {
            None
        };
        match refusal {
            Some(reason) => {
                self.path.truncate(start);
                Err(Error::InvalidInput { field: name.to_owned(), reason })
            }
            None => Ok(()),
        }
    }

    /// The finished path.
    pub fn finish(self) -> String {
        self.path
    }
}

/// Percent-encodes what is written into the path, noting whether it was all whitespace
/// (what `str::trim` removes).
struct SegmentWriter<'a> {
    path: &'a mut String,
    blank: bool,
}

impl Write for SegmentWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.blank = self.blank && text.chars().all(char::is_whitespace);
        self.path.extend(utf8_percent_encode(text, SEGMENT));
        Ok(())
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
        assert_eq!(render("...").unwrap(), "/profile/...");
        assert_eq!(render(" x ").unwrap(), "/profile/%20x%20");
    }

    #[test]
    fn values_written_in_pieces_are_one_segment() {
        // Display impls that write several times, e.g. a number and a suffix.
        struct Pieces(u32, char);
        impl Display for Pieces {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}/{}", self.0, self.1)
            }
        }
        let mut path = PathBuilder::new();
        path.literal("/task/");
        path.param("task_id", &Pieces(12, ' ')).unwrap();
        assert_eq!(path.finish(), "/task/12%2F%20");

        struct Blank;
        impl Display for Blank {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(" ")?;
                f.write_str("\t")
            }
        }
        let mut path = PathBuilder::new();
        path.literal("/task/");
        assert!(path.param("task_id", &Blank).is_err());
    }

    #[test]
    fn unusable_parameters_are_refused() {
        for bad in ["", "   ", " \u{a0}\t", ".", ".."] {
            let err = render(bad).unwrap_err();
            assert!(err.to_string().contains("profile_id"), "{err}");
        }
    }
}
