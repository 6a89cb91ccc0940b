//! Docstrings: Python's `inspect.cleandoc` and Google-style `Args:` sections.

use std::collections::BTreeMap;

/// Python's `inspect.cleandoc`: strip the common indentation and blank edge lines.
pub(super) fn cleandoc(doc: &str) -> String {
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
    // Spaces ending a line are kept, as Python 3.11 keeps them.
    out.extend(
        lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or("").to_owned()),
    );
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
/// header right after a line of text is text), and the last such section is the one used.
pub(super) fn google_args(doc: &str) -> BTreeMap<String, String> {
    // The parser gets the docstring without what ends it (spaces of its last line too).
    let doc = cleandoc(doc.trim_end());
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
        n = read_items(&lines, n, indent_of(line), &mut out);
    }
    out
}

/// Reads the items of a section from `lines[n..]` into `out`, as Prefect's docstring parser
/// does: the first item sets the indentation `i`; a line at `i` starts an item, one at `2i` or
/// more continues it (minus `2i` spaces), one in between continues it without its indentation,
/// a blank line continues it empty; anything at or below the header's indentation ends the
/// section. A description keeps its spaces, less those leading its first line and the blank
/// lines at its end. Returns where reading stopped.
fn read_items(
    lines: &[&str],
    mut n: usize,
    header: usize,
    out: &mut BTreeMap<String, String>,
) -> usize {
    let mut item_indent = None;
    let mut current: Option<(String, Vec<String>)> = None;
    fn finish(item: Option<(String, Vec<String>)>, out: &mut BTreeMap<String, String>) {
        if let Some((name, parts)) = item {
            out.insert(name, parts.join("\n").trim_end_matches('\n').to_owned());
        }
    }
    while let Some(next) = lines.get(n) {
        if next.trim().is_empty() {
            if let Some((_, parts)) = current.as_mut() {
                parts.push(String::new());
            }
            n += 1;
            continue;
        }
        let indent = indent_of(next);
        if indent <= header {
            break;
        }
        let item = *item_indent.get_or_insert(indent);
        if indent < item {
            break;
        }
        n += 1;
        if indent == item {
            finish(current.take(), out);
            current = next.trim_start().split_once(':').map(|(head, desc)| {
                // `**kwargs:` keeps its stars and so matches no parameter, as in Prefect.
                let name = head.split_whitespace().next().unwrap_or("").to_owned();
                (name, vec![desc.trim_start().to_owned()])
            });
        } else if let Some((_, parts)) = current.as_mut() {
            let text = match next.get(2 * item..) {
                Some(rest) if indent >= 2 * item => rest,
                _ => next.trim_start(),
            };
            parts.push(text.to_owned());
        }
    }
    finish(current, out);
    n
}

/// Leading spaces (tabs are spaces after `cleandoc`; other whitespace is text, as for Python's
/// `startswith(" " * n)`).
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
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
        // Spaces are kept (but those leading the first line); blank lines inside too.
        let args = google_args("T.\n\n    Args:\n        x: first \n\n            more  \n\n        y:   last  \n        z: end  \n    ");
        assert_eq!(
            (args["x"].as_str(), args["y"].as_str(), args["z"].as_str()),
            ("first \n\nmore  ", "last  ", "end")
        );
        // Indentation that is not spaces is text: it ends the section, cutting nothing.
        let args = google_args("T.\n\nArgs:\n  x: a\n \u{3000}\u{3000}b\n");
        assert_eq!(args["x"], "a");
        // The last section wins.
        let args =
            google_args("T.\n\n    Parameters:\n        x: px\n\n    Arguments:\n        y: ay\n");
        assert_eq!(args.keys().collect::<Vec<_>>(), ["y"]);
    }
}
