//! Neutralising text for CI logs, outputs, commands and Markdown.
//!
//! Text from commits, branches, PR titles and servers may hold what a runner reads as a
//! command: `::cmd::` on GitHub (after any leading whitespace, which the runner trims),
//! `##vso[` anywhere on an Azure line, `##[` formatting commands, or control characters (ANSI
//! escapes, line breaks that start a new line). [`line()`] and [`text()`] make such text inert for a
//! log; the other functions escape values inside pinflow's own commands the way each runner
//! unescapes them, and render text into Markdown as inline code, where nothing forms.
//!
//! Every function here first redacts the run's secrets ([`crate::secret::redact_shown`]), then
//! escapes: an escaped secret (`Pa55\|w0rd&amp;…`, `%0A`, a zero-width break) is no longer the
//! value the collector knows, so redaction after escaping would miss it. The two exceptions are
//! [`mask_github`] and [`mask_azure`], which write the secret itself into a mask command.

use crate::secret::redact_shown;

/// A zero-width space: breaks a command marker without changing how the text reads.
const BREAK: char = '\u{200b}';

/// `text` with the run's secrets redacted, then cut to `max` characters (`…` marks a cut): a
/// cut made first could fall inside a secret and leave a prefix of it that redaction no longer
/// recognises. Every place that shortens text for a message or a cell cuts with this.
pub fn cut(text: &str, max: usize) -> String {
    let text = redact_shown(text);
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    }
}

/// Text made safe for one CI log line: control characters (newlines, ANSI escapes) become
/// spaces, and workflow-command markers are broken so that no runner runs them.
pub fn line(text: &str) -> String {
    let flat: String = redact_shown(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat
        .replace("##vso[", "#\u{200b}#vso[")
        .replace("##[", "#\u{200b}#[");
    // GitHub trims leading whitespace before it looks for `::`.
    let indent = flat.len() - flat.trim_start().len();
    match flat[indent..].strip_prefix("::") {
        Some(rest) => format!("{}:{BREAK}:{rest}", &flat[..indent]),
        None => flat,
    }
}

/// [`line()`] on every line of `text`, keeping the line breaks: for whole outputs, so that
/// nothing pinflow prints to stdout or logs can be read by a runner as a command.
pub fn text(text: &str) -> String {
    redact_shown(text)
        .split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(content) => line(content.strip_suffix('\r').unwrap_or(content)) + "\n",
            None => line(l),
        })
        .collect()
}

/// JSON whose strings cannot start Azure logging commands: `#` inside `##vso[` and `##[` is
/// written as the escape `\u0023`, which decodes to the same text. The one function here that
/// does not redact: a JSON document is redacted string by string before it is written
/// ([`crate::report::json`]), since redacting its text could cut through an escape.
pub fn json(json: &str) -> String {
    json.replace("##vso[", "\\u0023#vso[")
        .replace("##[", "\\u0023#[")
}

/// The data of a GitHub workflow command, as the runner unescapes it (`%25`, `%0D`, `%0A`).
pub fn github_data(s: &str) -> String {
    mask_github(&redact_shown(s))
}

/// [`github_data`] of a secret for `::add-mask::`: the one GitHub escape that does not redact.
pub fn mask_github(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`file=…`): the data escapes plus `:` and `,`.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A value inside an Azure logging command, escaped as the agent unescapes it (`%AZP25`, `;`,
/// `\r`, `\n`, `]`), and with any command marker in it broken (the agent looks for `##vso[`
/// anywhere on a line).
pub fn azure_property(s: &str) -> String {
    mask_azure(&redact_shown(s))
}

/// [`azure_property`] of a secret for `##vso[task.setsecret]`: the one Azure escape that does
/// not redact.
pub fn mask_azure(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
        .replace("##vso[", "#\u{200b}#vso[")
        .replace("##[", "#\u{200b}#[")
}

/// A Markdown table cell: `s` as inline code ([`markdown_code`]) with its pipes escaped for
/// the table. The one way text from a branch or a server enters a table: inside a code span no
/// link, image, auto-link (`https://…`, `www.…`, an e-mail address), mention, reference (`#1`,
/// `!1`, `GH-1`) or HTML forms on any of the four code hosts.
pub fn markdown_cell(s: &str) -> String {
    markdown_code(s).replace('|', "\\|")
}

/// `s` as Markdown inline code: nothing in it is read as Markdown, a mention or a link,
/// whatever it holds (the fence is longer than any run of backticks in it; line breaks
/// flattened).
pub fn markdown_code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let flat = line(s);
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space between fence and content only where a backtick would otherwise touch the fence.
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// `s` as inline code inside HTML (a `<summary>`, where Markdown is not read): a `<code>`
/// element of one inert line with `&`, `<` and `>` as entities. Code hosts link, mention and
/// reference nothing inside `<code>`.
pub fn html_code(s: &str) -> String {
    let text = line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<code>{text}</code>")
}

/// A Markdown table cell naming `label` ([`markdown_cell`]), a link to `url` when there is
/// one: the label is inline code, and the URL cannot end the link (spaces, parentheses and
/// angle brackets encoded).
pub fn markdown_link_cell(label: &str, url: Option<&str>) -> String {
    let label = markdown_cell(label);
    match url {
        Some(url) if !label.is_empty() => {
            let target = line(url)
                .replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29")
                .replace('<', "%3C")
                .replace('>', "%3E")
                .replace('|', "%7C");
            format!("[{label}]({target})")
        }
        _ => label,
    }
}

/// One `$GITHUB_OUTPUT` entry in the heredoc form with pinflow's fixed delimiter, `value`
/// flattened to one line (a JSON document on one line): no line of it can be the delimiter.
pub fn github_output_line(name: &str, value: &str) -> String {
    let value = redact_shown(value).replace(['\n', '\r'], " ");
    format!("{name}<<PINFLOW_EOF_7f3a\n{value}\nPINFLOW_EOF_7f3a\n")
}

/// `text` as a fenced Markdown code block (`lang` after the opening fence) that no text can
/// close: the fence is longer than any run of backticks in it. The text is made inert
/// ([`text()`]).
pub fn markdown_code_block(text_in: &str, lang: &str) -> String {
    let inert = text(text_in);
    let longest = inert.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", inert.trim_end())
}

/// Markdown in which nothing opens an HTML comment (`<!--` becomes `&lt;!--`): text put into
/// pinflow's pull request comment cannot end or start one of its sections' markers.
pub fn no_html_comments(markdown: &str) -> String {
    redact_shown(markdown).replace("<!--", "&lt;!--")
}

/// One `$GITHUB_OUTPUT` entry that no value can turn into another: `name=value` for a value on
/// one line, else the heredoc form with a delimiter that does not occur in the value.
pub fn github_output(name: &str, value: &str) -> String {
    let value = &*redact_shown(value);
    if !value.contains(['\n', '\r']) {
        return format!("{name}={value}\n");
    }
    let mut delimiter = format!(
        "PINFLOW_EOF_{}",
        crate::digest::sha256_hex(value.as_bytes())
            .get(..16)
            .unwrap_or("")
    );
    while value.contains(&delimiter) {
        delimiter.push('_');
    }
    format!("{name}<<{delimiter}\n{value}\n{delimiter}\n")
}

/// Characters a dotenv value may hold: what GitLab accepts (no spaces, no line breaks) and what
/// a shell that `source`s the file reads as plain text (no quotes, `$`, backticks, `;`, …).
fn dotenv_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-:/@+,=%".contains(c)
}

/// A dotenv value, safe for GitLab's dotenv reports and for `source` in a shell: every other
/// character becomes `_`. Returns whether anything had to change.
pub fn dotenv_value(value: &str) -> (String, bool) {
    let value = &*redact_shown(value);
    let safe: String = value
        .chars()
        .map(|c| if dotenv_safe(c) { c } else { '_' })
        .collect();
    let changed = safe != value;
    (safe, changed)
}

/// `NAME=value` that a POSIX shell can `eval` or `source` as plain text: bare when the value
/// holds only plain characters, else single-quoted; line breaks become spaces (one line each).
pub fn shell_assignment(name: &str, value: &str) -> String {
    let flat = redact_shown(value).replace(['\n', '\r'], " ");
    if flat.chars().all(dotenv_safe) {
        format!("{name}={flat}\n")
    } else {
        format!("{name}={}\n", shell_quote(&flat))
    }
}

/// A value quoted for a POSIX shell (`eval`, `source`): in single quotes, each `'` as `'\''`.
pub fn shell_quote(value: &str) -> String {
    format!("'{}'", redact_shown(value).replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_run_commands() {
        for hostile in [
            "::add-mask::x",
            "  ::stop-commands::x",
            "\t::error::x",
            "x\n::error::pwned",
            "##vso[task.setvariable variable=a]b",
            "\x1b[31mred ##[group]g",
        ] {
            let safe = line(hostile);
            assert!(
                !safe.trim_start().starts_with("::")
                    && !safe.contains('\n')
                    && !safe.contains("##vso[")
                    && !safe.contains("##[")
                    && !safe.contains('\x1b'),
                "{hostile:?} -> {safe:?}"
            );
        }
    }

    #[test]
    fn whole_outputs_are_made_inert_line_by_line() {
        let out = text("::error::x\nok ##vso[task.complete]\n\tmain\x1b[31m\nlast");
        assert_eq!(
            out,
            ":\u{200b}:error::x\nok #\u{200b}#vso[task.complete]\n main [31m\nlast"
        );
        assert_eq!(text("a\n\n"), "a\n\n");
        assert_eq!(text(" ::x\r\n"), " :\u{200b}:x\n");
    }

    #[test]
    fn json_cannot_start_logging_commands() {
        let out = json(r###"{"message":"##vso[task.setvariable variable=x]y ##[group]"}"###);
        assert!(!out.contains("##vso[") && !out.contains("##["), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            back["message"],
            "##vso[task.setvariable variable=x]y ##[group]"
        );
    }

    #[test]
    fn no_output_value_adds_another_output() {
        assert_eq!(github_output("version", "1a2b"), "version=1a2b\n");
        let hostile = "v1\nids=evil\r\nPINFLOW_EOF_x";
        let out = github_output("version", hostile);
        let delimiter = out
            .lines()
            .next()
            .unwrap()
            .strip_prefix("version<<")
            .unwrap();
        assert!(!hostile.contains(delimiter));
        assert_eq!(
            out,
            format!("version<<{delimiter}\n{hostile}\n{delimiter}\n")
        );
    }

    #[test]
    fn dotenv_values_are_inert_for_gitlab_and_shells() {
        assert_eq!(dotenv_value("1a2b3c4d"), ("1a2b3c4d".to_owned(), false));
        assert_eq!(dotenv_value("id-1,id-2"), ("id-1,id-2".to_owned(), false));
        let (v, changed) = dotenv_value("feat/$(touch${IFS}x) `id`;'\"\n");
        assert!(changed);
        assert_eq!(v, "feat/__touch__IFS_x___id_____");
        assert_eq!(shell_quote("it's $(x)"), "'it'\\''s $(x)'");
        assert_eq!(shell_assignment("A", "abc123"), "A=abc123\n");
        assert_eq!(shell_assignment("B", "Fix it\nnow"), "B='Fix it now'\n");
    }

    #[test]
    fn command_values_are_escaped_as_runners_unescape_them() {
        assert_eq!(github_data("100%\r\nx"), "100%25%0D%0Ax");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(azure_property("p;y]%\n"), "p%3By%5D%AZP25%0A");
        assert_eq!(markdown_cell("a | <b>"), "`a \\| <b>`");
    }

    #[test]
    fn markdown_text_is_code_where_nothing_forms() {
        assert_eq!(markdown_cell(""), "");
        assert_eq!(markdown_cell("a|b"), "`a\\|b`");
        assert_eq!(markdown_cell("`x"), "`` `x ``");
        // A run of backticks inside cannot close the span: the fence is longer.
        assert_eq!(
            markdown_cell("x`` [l](http://e) @a"),
            "```x`` [l](http://e) @a```"
        );
        assert_eq!(
            markdown_link_cell("www.evil.example", Some("http://ui/d (1)")),
            "[`www.evil.example`](http://ui/d%20%281%29)"
        );
        assert_eq!(
            html_code("<b>@a</b> &#64;"),
            "<code>&lt;b&gt;@a&lt;/b&gt; &amp;#64;</code>"
        );
    }

    #[test]
    fn the_runs_secrets_are_redacted_before_anything_is_escaped() {
        let secrets = crate::secret::Secrets::default();
        secrets.learn("Pa55|w0rd!at@prod#1&<x>%\n;]`");
        secrets.install();
        let hostile = "before Pa55|w0rd!at@prod#1&<x>%\n;]` after";
        for shown in [
            line(hostile),
            text(hostile),
            github_data(hostile),
            github_property(hostile),
            azure_property(hostile),
            markdown_cell(hostile),
            markdown_code(hostile),
            html_code(hostile),
            markdown_link_cell(hostile, Some(hostile)),
            github_output("v", hostile),
            dotenv_value(hostile).0,
            shell_assignment("A", hostile),
            shell_quote(hostile),
        ] {
            assert!(!shown.contains("w0rd"), "{shown}");
        }
        assert!(
            mask_github("Pa55|w0rd").contains("w0rd"),
            "a mask writes the secret"
        );
    }

    #[test]
    fn code_blocks_heredoc_lines_and_html_comments_stay_closed() {
        let block = markdown_code_block("a ``` b\n::error::x", "text");
        assert!(block.starts_with("````text\n"), "{block}");
        assert!(block.ends_with("\n````\n"), "{block}");
        assert!(!block.contains("\n::error"), "{block}");
        assert_eq!(
            github_output_line("d", "[1,\n2]"),
            "d<<PINFLOW_EOF_7f3a\n[1, 2]\nPINFLOW_EOF_7f3a\n"
        );
        assert_eq!(no_html_comments("a <!-- b -->"), "a &lt;!-- b -->");
    }
}
