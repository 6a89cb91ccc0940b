//! What pinflow writes for CI runners, from any text: log lines stay inert, an output entry
//! stays one entry, a dotenv value stays plain, mask commands stay one line each, and a
//! `Retry-After` value gives a bounded wait or none; Markdown cells and code spans stay inert;
//! a pull request comment stays bounded with its own sections only; and a secret in any text is
//! redacted before anything escapes it: every rendering of a text holding it is the rendering
//! of that text with `***` in its place. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pinflow::internals::{compose, Section};
use pinflow::escape;
use pinflow::secret::{self, Secrets};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let line = escape::line(text);
    assert!(!line.contains('\n') && !line.contains('\r'));
    assert!(
        !line.trim_start().starts_with("::") && !line.contains("##vso[") && !line.contains("##[")
    );
    for l in escape::text(text).lines() {
        assert!(!l.trim_start().starts_with("::") && !l.contains("##vso["));
    }
    // One output entry: after its first line, the value, then the delimiter on a line of its own.
    let entry = escape::github_output("version", text);
    match entry.strip_prefix("version<<") {
        Some(rest) => {
            let (delimiter, value) = rest.split_once('\n').unwrap();
            assert_eq!(value, format!("{text}\n{delimiter}\n"));
            assert!(!text.lines().any(|l| l == delimiter));
        }
        None => assert_eq!(entry, format!("version={text}\n")),
    }
    let (value, _) = escape::dotenv_value(text);
    assert!(value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-:/@+,=%".contains(c)));
    let assignment = escape::shell_assignment("A", text);
    assert_eq!(assignment.matches('\n').count(), 1);
    for mask in pinflow::internals::MASKS {
        for command in secret::mask_commands(mask, text) {
            assert!(!command.contains('\n') && !command.contains('\r'));
        }
    }
    if let Some(wait) = pinflow::internals::parse_retry_after(text) {
        assert!(wait <= std::time::Duration::from_secs(10));
    }
    let _ = escape::azure_property(text);
    // Markdown a branch's author wrote: a cell is inline code (where nothing forms) whose
    // pipes are escaped for the table.
    let cell = escape::markdown_cell(text);
    assert!(!cell.contains('\n'));
    if !text.is_empty() {
        assert!(cell.starts_with('`') && cell.ends_with('`'), "{cell}");
    }
    assert_eq!(
        cell.matches('|').count(),
        cell.matches("\\|").count(),
        "{cell}"
    );
    let code = escape::markdown_code(text);
    let fence = code.len() - code.trim_start_matches('`').len();
    if !text.is_empty() {
        assert!(fence > 0 && code.ends_with(&"`".repeat(fence)) && code.len() >= 2 * fence);
        let inner = &code[fence..code.len() - fence];
        let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        assert!(longest < fence, "{code}");
        assert!(!inner.contains('\n'));
    }
    assert!(!escape::markdown_link_cell(text, Some(text)).contains('\n'));
    // A pull request comment from any previous body and any section text: bounded, one
    // marker line first, and no more section markers than pinflow writes.
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let (key, rest) = text.split_at(mid);
    let body = compose(key, Some(rest), Section::Plan, rest, Some(key));
    assert!(body.starts_with("<!-- pinflow:comment "));
    assert!(body.chars().count() <= 61_000);
    assert!(body.matches("<!-- pinflow:").count() <= 3, "{body}");
    assert!(body.matches("<!-- /pinflow:").count() <= 2, "{body}");
    redacted_before_escaped(text);
});

/// Learns the text's first line as a secret and checks that every renderer shows the rest as
/// if the secret had been `***` all along: none sees the raw value, so none can escape it into
/// a form redaction no longer knows (`Pa55\\|w0rd`, `&amp;`, `%0A`, a zero-width break).
fn redacted_before_escaped(text: &str) {
    let Some((secret, rest)) = text.split_once('\n') else {
        return;
    };
    if secret.trim().chars().count() < 4 || secret.contains('*') {
        return;
    }
    let secrets = Secrets::default();
    secrets.learn(secret);
    secrets.install();
    let hostile = format!("{rest}{secret}{rest}");
    let without = secrets.redact(&hostile);
    type Render = fn(&str) -> String;
    let renderers: [(&str, Render); 11] = [
        ("line", escape::line),
        ("text", escape::text),
        ("markdown_cell", escape::markdown_cell),
        ("markdown_code", escape::markdown_code),
        ("html_code", escape::html_code),
        ("github_data", escape::github_data),
        ("github_property", escape::github_property),
        ("azure_property", escape::azure_property),
        ("shell_quote", escape::shell_quote),
        ("dotenv", |s| escape::dotenv_value(s).0),
        ("link", |s| escape::markdown_link_cell(s, Some(s))),
    ];
    for (name, render) in renderers {
        assert_eq!(render(&hostile), render(&without), "{name}");
    }
    // A JSON document is redacted string by string: it stays valid, and what it decodes to holds
    // no secret.
    let json = pinflow::internals::json(&serde_json::json!({ hostile.as_str(): [hostile] })).unwrap();
    let decoded: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (key, value) = decoded.as_object().unwrap().iter().next().unwrap();
    assert!(
        !key.contains(secret) && !value[0].as_str().unwrap().contains(secret),
        "{json}"
    );
    Secrets::default().install();
}
