//! Docstrings: Python's `inspect.cleandoc` and Google-style `Args:` sections.

use std::collections::BTreeMap;

/// Python's `inspect.cleandoc`: strip the common indentation and blank edge lines.
pub fn cleandoc(doc: &str) -> String {
    let doc = doc.replace('\t', "        ");
    let mut lines: Vec<&str> = doc.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    if !lines.is_empty() {
        out.push(lines.remove(0).trim_start().to_owned());
    }
    out.extend(lines.iter().map(|l| {
        l.get(indent..)
            .unwrap_or("")
            .trim_end_matches([' '])
            .to_owned()
    }));
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// Parameter descriptions from a Google-style `Args:` (or `Arguments:`, `Parameters:`) section.
pub fn google_args(doc: &str) -> BTreeMap<String, String> {
    let doc = cleandoc(doc);
    let mut out = BTreeMap::new();
    let mut lines = doc.lines().peekable();
    while let Some(line) = lines.next() {
        if !matches!(
            line.trim(),
            "Args:" | "Arguments:" | "Parameters:" | "Params:"
        ) {
            continue;
        }
        let section_indent = indent_of(line);
        let mut item_indent = None;
        let mut current: Option<(String, Vec<String>)> = None;
        while let Some(next) = lines.peek() {
            if next.trim().is_empty() {
                lines.next();
                continue;
            }
            let indent = indent_of(next);
            if indent <= section_indent {
                break;
            }
            let item = *item_indent.get_or_insert(indent);
            let text = lines.next().unwrap_or_default();
            if indent == item {
                if let Some((name, desc)) = current.take() {
                    out.insert(name, desc.join("\n"));
                }
                if let Some((head, desc)) = text.trim().split_once(':') {
                    // `**kwargs:` keeps its stars and so matches no parameter, as in Prefect.
                    let name = head.split_whitespace().next().unwrap_or("");
                    current = Some((name.to_owned(), vec![desc.trim().to_owned()]));
                }
            } else if let Some((_, desc)) = current.as_mut() {
                desc.push(text.trim().to_owned());
            }
        }
        if let Some((name, desc)) = current.take() {
            out.insert(name, desc.join("\n"));
        }
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleandoc_like_python() {
        assert_eq!(
            cleandoc("Say hello.\n\n    Args:\n        name: x\n    "),
            "Say hello.\n\nArgs:\n    name: x"
        );
        assert_eq!(cleandoc("\n   One.\n"), "One.");
    }

    #[test]
    fn google_args_with_types_and_continuations() {
        let doc = "Summary.\n\n    Args:\n        a: first line\n            continued here\n        b (int): typed doc\n\n    Returns:\n        x\n    ";
        let args = google_args(doc);
        assert_eq!(args["a"], "first line\ncontinued here");
        assert_eq!(args["b"], "typed doc");
        assert_eq!(args.len(), 2);
    }
}
