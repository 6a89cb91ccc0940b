//! YAML to JSON values (what Prefect's loader gives, with scalar keys as strings), and YAML
//! errors a person can act on: the line with a caret under the place, and a plain hint.

use serde_json::{Map, Value};

/// A short name for a value's type, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// YAML to JSON: scalar keys become strings, tags are dropped.
pub(super) fn to_json(v: serde_yaml_ng::Value) -> std::result::Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("the number {n} cannot be sent as JSON"))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => Value::Array(
            seq.into_iter()
                .map(to_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => {
                        if b {
                            "True".into()
                        } else {
                            "False".into()
                        }
                    }
                    Y::Number(n) => n.to_string(),
                    Y::Null => "None".into(),
                    other => return Err(format!("mapping keys must be scalars, found {other:?}")),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => to_json(t.value)?,
    })
}

/// What is wrong with YAML `text`: the line and column, and a message that shows the line with
/// a caret and says what to check. A duplicate key points at its second occurrence.
pub(super) fn syntax_error(
    text: &str,
    e: &serde_yaml_ng::Error,
) -> (Option<usize>, Option<usize>, String) {
    let full = e.to_string();
    let (mut line, mut column) = match e.location() {
        Some(l) => (Some(l.line()), Some(l.column())),
        None => (None, None),
    };
    // The parser's own "at line N column M" is shown as the location instead.
    let message = full.split(" at line ").next().unwrap_or(&full);
    let hint = if full.contains("repetition limit") {
        "aliases expand to too much data: an alias bomb?"
    } else if full.contains("recursion limit") {
        "nested too deeply"
    } else if let Some(key) = duplicate_key(&full) {
        if let Some(second) = line.and_then(|start| second_occurrence(text, start, key)) {
            (line, column) = (Some(second.0), Some(second.1));
        }
        "a key appears twice in one mapping: remove one of them"
    } else if full.contains('\t')
        || text
            .lines()
            .nth(line.unwrap_or(1).saturating_sub(1))
            .is_some_and(|l| l.starts_with('\t'))
    {
        "YAML does not allow tabs for indentation: use spaces"
    } else {
        "check the indentation of this line and the ones above it, and that every bracket and quote is closed"
    };
    let mut shown = format!("invalid YAML: {message}");
    if let (Some(l), Some(c)) = (line, column) {
        if let Some(source) = text.lines().nth(l.saturating_sub(1)) {
            let source = crate::escape::cut(source, 200);
            let width = l.to_string().len();
            let pad: String = source
                .chars()
                .take(c.saturating_sub(1))
                .map(|ch| if ch == '\t' { '\t' } else { ' ' })
                .collect();
            shown.push_str(&format!("\n {l} | {source}\n {:width$} | {pad}^", ""));
        }
    }
    shown.push_str(&format!("\nhint: {hint}"));
    (line, column, shown)
}

/// A key written twice in one mapping, which Prefect's YAML loader takes (the last one wins)
/// and serde's refuses: `text` with the first occurrence blanked out (its lines kept, empty,
/// so that line numbers stay), the key, and the lines of both occurrences. None when the error
/// is not a duplicate key, or the first occurrence cannot be cut out cleanly (a flow mapping,
/// or the first key of a list item).
pub(super) fn drop_first_duplicate(
    text: &str,
    e: &serde_yaml_ng::Error,
) -> Option<(String, String, usize, usize)> {
    let full = e.to_string();
    let key = duplicate_key(&full)?;
    let start = e.location()?.line();
    let (second, column) = second_occurrence(text, start, key)?;
    let indent = column - 1;
    let lines: Vec<&str> = text.lines().collect();
    let prefix = format!("{key}:");
    // `indent` counts bytes of the second occurrence's line; on another line it may fall
    // inside a character, which cannot be the spaces of a matching key.
    let first = (start.saturating_sub(1)..second - 1).find(|&n| {
        let line = lines[n];
        line.get(..indent).is_some_and(|pad| pad.trim().is_empty())
            && line
                .get(indent..)
                .is_some_and(|rest| rest.starts_with(&prefix))
    })?;
    let inline_value = !lines[first][indent + prefix.len()..].trim().is_empty();
    let mut end = first + 1;
    while end < lines.len() {
        let line = lines[end];
        let trimmed = line.trim_start();
        let this = line.len() - trimmed.len();
        let nested = trimmed.is_empty() || trimmed.starts_with('#') || this > indent;
        let sequence = !inline_value && this == indent && trimmed.starts_with("- ");
        if !(nested || sequence) {
            break;
        }
        end += 1;
    }
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(n, l)| if (first..end).contains(&n) { "" } else { *l })
        .collect();
    Some((kept.join("\n") + "\n", key.to_owned(), first + 1, second))
}

/// The key of a "duplicate entry with key" error.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split_once("duplicate entry with key \"")?.1;
    Some(rest.split_once('"')?.0)
}

/// The line and column of the second `key:` at the same indentation in the mapping that starts
/// at line `start`.
fn second_occurrence(text: &str, start: usize, key: &str) -> Option<(usize, usize)> {
    let prefix = format!("{key}:");
    let mut seen = Vec::new();
    for (n, line) in text.lines().enumerate().skip(start.saturating_sub(1)) {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with(&prefix) {
            let indent = line.len() - trimmed.len();
            if let Some(first) = seen.first() {
                if *first == indent {
                    return Some((n + 1, indent + 1));
                }
            }
            seen.push(indent);
        }
    }
    None
}

/// The known key closest to `key`, when it is close enough to be a typo.
pub(super) fn did_you_mean<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> (Option<usize>, Option<usize>, String) {
        let e = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text).unwrap_err();
        syntax_error(text, &e)
    }

    #[test]
    fn errors_show_the_line_with_a_caret_and_a_hint() {
        let (line, column, shown) =
            error("deployments:\n  - name: a\n    tags: [x\n    entrypoint: f.py:main\n");
        assert_eq!((line, column), (Some(4), Some(15)), "{shown}");
        assert!(
            shown.contains(" 4 |     entrypoint: f.py:main\n   | "),
            "{shown}"
        );
        assert!(
            shown.contains('^') && shown.contains("hint: check the indentation"),
            "{shown}"
        );
        assert!(!shown.contains(" at line "), "{shown}");
    }

    #[test]
    fn a_duplicate_key_points_at_its_second_occurrence() {
        let (line, column, shown) =
            error("deployments:\n  - name: a\n    schedules: []\n    schedules: [1]\n");
        assert_eq!((line, column), (Some(4), Some(5)), "{shown}");
        assert!(shown.contains("appears twice"), "{shown}");
    }

    #[test]
    fn the_first_of_two_keys_is_dropped_as_prefect_does() {
        let text = "deployments:\n  - name: a\n    schedules:\n    - cron: '0 1 * * *'\n    tags: [x]\n    schedules: [{cron: '0 2 * * *'}]\n";
        let e = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text).unwrap_err();
        let (kept, key, first, second) = drop_first_duplicate(text, &e).unwrap();
        assert_eq!((key.as_str(), first, second), ("schedules", 3, 6));
        assert_eq!(
            kept.lines().count(),
            text.lines().count(),
            "line numbers stay"
        );
        let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&kept).unwrap();
        assert_eq!(v["deployments"][0]["schedules"][0]["cron"], "0 2 * * *");
        assert_eq!(v["deployments"][0]["tags"][0], "x");
    }

    #[test]
    fn near_misses_are_suggested() {
        let known = ["tags", "schedules", "work_pool", "entrypoint"];
        assert_eq!(did_you_mean("tag", &known), Some("tags"));
        assert_eq!(did_you_mean("schedule_s", &known), Some("schedules"));
        assert_eq!(did_you_mean("workpool", &known), Some("work_pool"));
        assert_eq!(did_you_mean("colour", &known), None);
    }

    #[test]
    fn a_wide_character_where_the_key_would_start_is_not_a_panic() {
        // Found by fuzzing (kept in the fuzz corpus): the duplicate key's indent, in bytes,
        // fell inside `ؑ` on an earlier line.
        let text =
            include_str!("../../fuzz/corpus/project/duplicate-key-beside-a-wide-character.yaml");
        let _ = super::super::Project::parse(std::path::Path::new("prefect.yaml"), text.to_owned());
    }
}
