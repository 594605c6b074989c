//! Identifier case conversions for the names the macro derives.

/// `GetTaskRequest` -> `get_task_request`; runs of capitals stay one word (`HTTPThing` -> `http_thing`).
pub fn to_snake_case(camel: &str) -> String {
    let chars: Vec<char> = camel.chars().collect();
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `submit_task` -> `SubmitTask`.
pub fn to_camel_case(snake: &str) -> String {
    snake
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_struct_names() {
        assert_eq!(to_snake_case("GetTask"), "get_task");
        assert_eq!(to_snake_case("BrowserSession"), "browser_session");
        assert_eq!(to_snake_case("HTTPThing"), "http_thing");
        assert_eq!(to_snake_case("Task2Go"), "task2_go");
    }

    #[test]
    fn camel_case_of_method_names() {
        assert_eq!(to_camel_case("submit_task"), "SubmitTask");
        assert_eq!(to_camel_case("list"), "List");
    }
}
