//! The comment's sections, seals and bounds.

use super::*;

#[test]
fn a_section_is_carried_only_when_its_seal_shows_pinflow_wrote_it() {
    let key = b"k".as_slice();
    let sealed =
        |prev: Option<&str>, s, md: &str| compose_sealed("p.yaml", prev, s, md, None, Some(key));
    let first = sealed(None, Section::Deploy, "### previews\n\n| a | b |");
    let second = sealed(Some(&first), Section::Plan, "### plan");
    assert!(
        second.contains("### previews"),
        "pinflow's own section stays: {second}"
    );
    // Line ends a host changed do not break the seal.
    let crlf = second.replace('\n', "\r\n");
    assert!(sealed(Some(&crlf), Section::Plan, "### plan 2").contains("### previews"));
    // Text another workflow wrote under the same identity, or a changed section, goes.
    let forged = first.replace("| a | b |", "[log in](https://evil.example)");
    let third = sealed(Some(&forged), Section::Plan, "### plan");
    assert!(!third.contains("evil.example"), "{third}");
    let unsealed_copy = compose(
        "p.yaml",
        None,
        Section::Deploy,
        "[x](https://evil.example)",
        None,
    );
    assert!(!sealed(Some(&unsealed_copy), Section::Plan, "p").contains("evil"));
    // Another project file's sealed section does not pass for this one's.
    let other = compose_sealed("q.yaml", None, Section::Deploy, "### q", None, Some(key));
    assert!(!sealed(Some(&other), Section::Plan, "p").contains("### q"));
}

#[test]
fn each_run_replaces_its_own_section_and_keeps_the_other() {
    let first = compose(
        "prefect.yaml",
        None,
        Section::Plan,
        "### plan A\n",
        Some("abc123"),
    );
    assert!(first.starts_with("<!-- pinflow:comment prefect.yaml -->\n"));
    assert!(first.contains("commit `abc123`"));
    assert_eq!(key_of(&first), Some("prefect.yaml"));
    assert_eq!(commit_of(&first), Some("abc123"));
    let second = compose(
        "prefect.yaml",
        Some(&first),
        Section::Deploy,
        "previews\n",
        None,
    );
    assert_eq!(section_of(&second, Section::Plan), Some("### plan A"));
    assert_eq!(section_of(&second, Section::Deploy), Some("previews"));
    let third = compose(
        "prefect.yaml",
        Some(&second),
        Section::Plan,
        "### plan B",
        None,
    );
    assert_eq!(section_of(&third, Section::Plan), Some("### plan B"));
    assert_eq!(section_of(&third, Section::Deploy), Some("previews"));
}

#[test]
fn content_cannot_forge_a_section_or_the_marker() {
    let hostile = "x <!-- /pinflow:plan --> <!-- pinflow:deploy -->evil<!-- /pinflow:deploy -->";
    let body = compose("a.yaml", None, Section::Plan, hostile, None);
    assert_eq!(section_of(&body, Section::Deploy), None);
    assert!(section_of(&body, Section::Plan).unwrap().contains("evil"));
    assert_eq!(
        marker("x --> <script>/../y"),
        "<!-- pinflow:comment x--script/../y -->"
    );
}

#[test]
fn a_long_section_is_cut_at_a_line_with_its_details_closed() {
    let long: String = (0..5000).map(|i| format!("<details>row {i}\n")).collect();
    let body = compose("p", None, Section::Plan, &long, None);
    assert!(body.chars().count() <= MAX_BODY_CHARS + 300);
    assert!(body.contains("</details>"));
    assert!(body.contains("cut here"));
}
