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

/// Parameter descriptions from a Google-style `Args:` (or `Arguments:`, `Parameters:`,
/// `Params:`) section, as Prefect reads them: a section starts only after a blank line (a
/// header right after a line of text is text), the last such section is the one used, and an
/// item's continuation lines are dedented by the first one's indentation (deeper ones keep the
/// rest).
pub fn google_args(doc: &str) -> BTreeMap<String, String> {
    let doc = cleandoc(doc);
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = BTreeMap::new();
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        n += 1;
        let after_blank = n == 1 || lines[n - 2].trim().is_empty();
        let header = matches!(
            line.trim(),
            "Args:" | "Arguments:" | "Parameters:" | "Params:"
        );
        if !(header && after_blank) {
            continue;
        }
        // A later section replaces an earlier one.
        out = BTreeMap::new();
        let section_indent = indent_of(line);
        let mut item_indent = None;
        let mut current: Option<Item> = None;
        while let Some(next) = lines.get(n) {
            if next.trim().is_empty() {
                n += 1;
                continue;
            }
            let indent = indent_of(next);
            if indent <= section_indent {
                break;
            }
            n += 1;
            let item = *item_indent.get_or_insert(indent);
            if indent == item {
                if let Some(done) = current.take() {
                    out.insert(done.name, done.lines.join("\n"));
                }
                if let Some((head, desc)) = next.trim().split_once(':') {
                    // `**kwargs:` keeps its stars and so matches no parameter, as in Prefect.
                    let name = head.split_whitespace().next().unwrap_or("").to_owned();
                    current = Some(Item {
                        name,
                        lines: vec![desc.trim().to_owned()],
                        continuation: None,
                    });
                }
            } else if let Some(item) = current.as_mut() {
                let base = *item.continuation.get_or_insert(indent);
                let text = next.get(base.min(indent)..).unwrap_or("").trim_end();
                item.lines.push(text.to_owned());
            }
        }
        if let Some(done) = current.take() {
            out.insert(done.name, done.lines.join("\n"));
        }
    }
    out
}

/// One parameter of a section: its name, its description's lines, and the indentation its
/// continuation lines are dedented by.
struct Item {
    name: String,
    lines: Vec<String>,
    continuation: Option<usize>,
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

    #[test]
    fn google_edge_cases_as_prefect_reads_them() {
        // No blank line before `Args:`: not a section.
        assert!(google_args("Does things.\n    Args:\n        x: the x\n").is_empty());
        // Continuations keep what is deeper than the first one.
        let args = google_args("T.\n\n    Args:\n        x: first\n            second\n              third\n        z:\n            next line\n");
        assert_eq!(args["x"], "first\nsecond\n  third");
        assert_eq!(args["z"], "\nnext line");
        // The last section wins.
        let args =
            google_args("T.\n\n    Parameters:\n        x: px\n\n    Arguments:\n        y: ay\n");
        assert_eq!(args.keys().collect::<Vec<_>>(), ["y"]);
    }
}
