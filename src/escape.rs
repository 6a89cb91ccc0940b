//! Neutralising text for CI logs, outputs and commands.
//!
//! Text from commits, branches, PR titles and servers may hold what a runner reads as a
//! command: `::cmd::` on GitHub (after any leading whitespace, which the runner trims),
//! `##vso[` anywhere on an Azure line, `##[` formatting commands, or control characters (ANSI
//! escapes, line breaks that start a new line). [`line`] and [`text`] make such text inert for a
//! log; the other functions escape values inside pinflow's own commands the way each runner
//! unescapes them.

/// A zero-width space: breaks a command marker without changing how the text reads.
const BREAK: char = '\u{200b}';

/// Text made safe for one CI log line: control characters (newlines, ANSI escapes) become
/// spaces, and workflow-command markers are broken so that no runner runs them.
pub fn line(text: &str) -> String {
    let flat: String = text
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

/// [`line`] on every line of `text`, keeping the line breaks: for whole outputs, so that
/// nothing pinflow prints to stdout or logs can be read by a runner as a command.
pub fn text(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(content) => line(content.strip_suffix('\r').unwrap_or(content)) + "\n",
            None => line(l),
        })
        .collect()
}

/// JSON whose strings cannot start Azure logging commands: `#` inside `##vso[` and `##[` is
/// written as the escape `\u0023`, which decodes to the same text.
pub fn json(json: &str) -> String {
    json.replace("##vso[", "\\u0023#vso[")
        .replace("##[", "\\u0023#[")
}

/// The data of a GitHub workflow command, as the runner unescapes it (`%25`, `%0D`, `%0A`).
pub fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`file=…`): the data escapes plus `:` and `,`.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A value inside an Azure logging command (`%AZP25`, `;`, `\r`, `\n`, `]`).
pub fn azure_property(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}

/// A Markdown table cell: one inert line, no cell breaks, no HTML.
pub fn markdown_cell(s: &str) -> String {
    line(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
    fn command_values_are_escaped_as_runners_unescape_them() {
        assert_eq!(github_data("100%\r\nx"), "100%25%0D%0Ax");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(azure_property("p;y]%\n"), "p%3By%5D%AZP25%0A");
        assert_eq!(markdown_cell("a | <b>"), "a \\| &lt;b&gt;");
    }
}
