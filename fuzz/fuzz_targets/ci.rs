//! What pinflow writes for CI runners, from any text: log lines stay inert, an output entry
//! stays one entry, a dotenv value stays plain, mask commands stay one line each, and a
//! `Retry-After` value gives a bounded wait or none. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pinflow::escape;
use pinflow::secret::Mask;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let line = escape::line(text);
    assert!(!line.contains('\n') && !line.contains('\r'));
    assert!(!line.trim_start().starts_with("::") && !line.contains("##vso[") && !line.contains("##["));
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
    assert!(value.chars().all(|c| c.is_ascii_alphanumeric() || "._-:/@+,=%".contains(c)));
    let assignment = escape::shell_assignment("A", text);
    assert_eq!(assignment.matches('\n').count(), 1);
    for mask in [Mask::Github, Mask::Azure] {
        for command in mask.commands(text) {
            assert!(!command.contains('\n') && !command.contains('\r'));
        }
    }
    if let Some(wait) = pinflow::api::parse_retry_after(text) {
        assert!(wait <= std::time::Duration::from_secs(10));
    }
    let _ = escape::azure_property(text);
    let _ = escape::markdown_cell(text);
});
