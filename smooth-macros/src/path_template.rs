//! The path template: `"/task/{task_id}/event"` split into literal text and parameters.

/// One piece of a path template.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text sent as written.
    Literal(String),
    /// `{name}`: the field `name`, percent-encoded as one path segment.
    Param(String),
}

/// Splits a template into pieces, or says what is wrong with it (in words that fit after
/// "invalid path: ").
pub fn parse(template: &str) -> Result<Vec<Piece>, String> {
    if !template.starts_with('/') {
        return Err(format!("the path must start with `/`: write \"/{}\"", template.trim_start_matches('/')));
    }
    if template.contains('?') || template.contains('#') {
        return Err(
            "the path must not contain `?` or `#`; declare query parameters as struct fields instead".to_owned()
        );
    }
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') => return Err("unbalanced braces: `{` inside `{...}`; write `{field}`".to_owned()),
                        Some(c) => name.push(c),
                        None => {
                            return Err(format!("unbalanced braces: `{{{name}` is never closed; write `{{{name}}}`"));
                        }
                    }
                }
                if name.is_empty() {
                    return Err("empty path parameter `{}`; name a field: `{id}`".to_owned());
                }
                if !is_identifier(&name) {
                    return Err(format!("path parameter `{{{name}}}` is not a field name; write `{{field_name}}`"));
                }
                if pieces.iter().any(|p| matches!(p, Piece::Param(n) if *n == name)) {
                    return Err(format!("path parameter `{{{name}}}` appears twice"));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Param(name));
            }
            '}' => {
                return Err(
                    "unbalanced braces: `}` without a matching `{`; write `{field}` or remove the `}`".to_owned()
                );
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_params() {
        assert_eq!(
            parse("/task/{task_id}/event").unwrap(),
            vec![Piece::Literal("/task/".into()), Piece::Param("task_id".into()), Piece::Literal("/event".into())]
        );
    }

    #[test]
    fn rejects_bad_templates() {
        assert!(parse("task").unwrap_err().contains("start with `/`"));
        assert!(parse("/task/{id").unwrap_err().contains("never closed"));
        assert!(parse("/task/id}").unwrap_err().contains("unbalanced"));
        assert!(parse("/task/{}").unwrap_err().contains("empty"));
        assert!(parse("/task/{a}/{a}").unwrap_err().contains("twice"));
        assert!(parse("/task?x=1").unwrap_err().contains("query"));
    }
}
