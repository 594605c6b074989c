//! Request patterns used by faults and journal queries: a method and a path glob.
//!
//! Paths are matched as sent (still percent-encoded), relative to `/api/v1` unless the
//! pattern itself starts with `/api/` or `/mock/`. In a pattern `*` matches exactly one
//! segment and `**` any number of segments (including none); a method of `*` matches any.

/// Whether `method` and `path` (the raw request path) match the pattern.
pub(crate) fn matches(method_pattern: &str, path_pattern: &str, method: &str, path: &str) -> bool {
    method_matches(method_pattern, method) && path_matches(path_pattern, path)
}

fn method_matches(pattern: &str, method: &str) -> bool {
    pattern == "*" || pattern.eq_ignore_ascii_case(method)
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let absolute = pattern.starts_with("/api/") || pattern.starts_with("/mock/");
    let relative_path = if absolute {
        path
    } else {
        match path.strip_prefix("/api/v1") {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
            _ => return false,
        }
    };
    let pattern_segments: Vec<&str> = segments(pattern).collect();
    let path_segments: Vec<&str> = segments(relative_path).collect();
    glob(&pattern_segments, &path_segments)
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.trim_matches('/').split('/').filter(|segment| !segment.is_empty())
}

fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => (*first == "*" || first == segment) && glob(rest, path_rest),
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs_segments() {
        assert!(matches("GET", "/task/*", "GET", "/api/v1/task/abc"));
        assert!(matches("get", "/task/*", "GET", "/api/v1/task/a%2Fb"));
        assert!(!matches("GET", "/task/*", "GET", "/api/v1/task/abc/event"));
        assert!(matches("*", "/task/**", "POST", "/api/v1/task/abc/event"));
        assert!(matches("POST", "/task", "POST", "/api/v1/task"));
        assert!(matches("POST", "/task/", "POST", "/api/v1/task"));
        assert!(!matches("POST", "/task", "GET", "/api/v1/task"));
        assert!(matches("*", "**", "GET", "/api/v1/profile"));
        assert!(matches("GET", "/mock/live/*", "GET", "/mock/live/x"));
        assert!(!matches("GET", "/task", "GET", "/api/v1x/task"));
    }
}
