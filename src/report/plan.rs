//! `pinflow plan` for a person (text) and for a pull request or job summary (Markdown).

use serde_json::Value;

use super::text::table_with_details;
use crate::deploy::{Change, Drift, FieldChange, PlanEntry, PlanReport};
use crate::escape;

/// Values longer than this are cut (the JSON output has them whole).
const VALUE_CHARS: usize = 160;

/// One line per deployment, each changed field under it, then a summary line.
pub(crate) fn text(report: &PlanReport) -> String {
    let rows: Vec<Vec<String>> = report
        .deployments
        .iter()
        .map(|d| {
            vec![
                d.change.as_str().to_owned(),
                d.name.clone(),
                version_words(d),
                d.url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = table_with_details(&rows, |i| {
        let d = &report.deployments[i];
        let mut lines: String = d
            .fields
            .iter()
            .map(|f| {
                format!(
                    "    ~ {} {} → {}\n",
                    lead(&f.label),
                    value(&f.live),
                    value(&f.planned)
                )
            })
            .collect();
        if d.fields_not_listed > 0 {
            lines.push_str(&format!("    … and {} more\n", d.fields_not_listed));
        }
        if d.change == Change::Update && d.fields.is_empty() {
            lines.push_str("    ~ only the version and its info\n");
        }
        lines.push_str(&drift_text(d));
        lines
    });
    out.push_str(&format!("plan: {}\n", counts(report)));
    out
}

/// The fields of `d` changed on the server since pinflow deployed it, one `!` line each, under
/// a line that says so.
fn drift_text(d: &PlanEntry) -> String {
    if d.drift.is_empty() {
        return String::new();
    }
    let mut lines = String::from("    changed on the server since pinflow deployed it:\n");
    for f in &d.drift {
        lines.push_str(&format!(
            "    ! {} {} → {} ({})\n",
            lead(&f.label),
            value(&f.deployed),
            value(&f.live),
            effect(f)
        ));
    }
    if d.drift_not_listed > 0 {
        lines.push_str(&format!("    … and {} more\n", d.drift_not_listed));
    }
    lines
}

/// What deploying does to a drifted field.
fn effect(f: &Drift) -> &'static str {
    if f.overwrites {
        "this deploy overwrites it"
    } else {
        "this deploy keeps it"
    }
}

/// `text` (the output of [`text`], already inert) with ANSI colours for a terminal: the change
/// word of each deployment (new green, update yellow, unchanged dim) and each changed field's
/// marker.
pub(crate) fn colour(text: &str) -> String {
    const RESET: &str = "\x1b[0m";
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let paint = [
            ("new ", "\x1b[32m"),
            ("update ", "\x1b[33m"),
            ("unchanged ", "\x1b[2m"),
            ("delete ", "\x1b[31m"),
            ("    ~ ", "\x1b[33m"),
            ("    ! ", "\x1b[35m"),
        ]
        .into_iter()
        .find(|(word, _)| line.starts_with(word));
        match paint {
            Some((word, code)) => {
                let (head, rest) = line.split_at(word.trim_end().len());
                out.push_str(&format!("{code}{head}{RESET}{rest}"));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// A heading with the counts, a table of the deployments, and each changed deployment's
/// fields in a collapsed section.
pub(crate) fn markdown(report: &PlanReport) -> String {
    let mut md = format!(
        "### pinflow plan: {}\n\n| deployment | change | version | live version |\n|---|---|---|---|\n",
        counts(report)
    );
    for d in &report.deployments {
        let name = escape::markdown_link_cell(&d.name, d.url.as_deref());
        md.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            d.change.as_str(),
            escape::markdown_cell(d.version.as_deref().unwrap_or("")),
            escape::markdown_cell(d.live_version.as_deref().unwrap_or("")),
        ));
    }
    for d in report.deployments.iter().filter(|d| !d.fields.is_empty()) {
        md.push_str(&format!(
            "\n<details><summary>{}: {} field(s)</summary>\n\n| field | live | planned |\n|---|---|---|\n",
            escape::html_code(&d.name),
            d.fields.len() + d.fields_not_listed
        ));
        for FieldChange {
            label,
            live,
            planned,
            ..
        } in &d.fields
        {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                escape::markdown_cell(label),
                escape::markdown_cell(&value(live)),
                escape::markdown_cell(&value(planned))
            ));
        }
        if d.fields_not_listed > 0 {
            md.push_str(&format!("\n… and {} more\n", d.fields_not_listed));
        }
        md.push_str("\n</details>\n");
    }
    for d in report.deployments.iter().filter(|d| !d.drift.is_empty()) {
        md.push_str(&drift_markdown(d));
    }
    md.push('\n');
    md
}

/// A collapsed section of the fields of `d` changed on the server since pinflow deployed it.
fn drift_markdown(d: &PlanEntry) -> String {
    let mut md = format!(
        "\n<details><summary>{}: {} field(s) changed on the server since pinflow deployed it</summary>\n\n| field | deployed by pinflow | on the server | this deploy |\n|---|---|---|---|\n",
        escape::html_code(&d.name),
        d.drift.len() + d.drift_not_listed
    );
    for f in &d.drift {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            escape::markdown_cell(&f.label),
            escape::markdown_cell(&value(&f.deployed)),
            escape::markdown_cell(&value(&f.live)),
            if f.overwrites { "overwrites" } else { "keeps" }
        ));
    }
    if d.drift_not_listed > 0 {
        md.push_str(&format!("\n… and {} more\n", d.drift_not_listed));
    }
    md.push_str("\n</details>\n");
    md
}

/// A field's words in front of its values: `parameter batch_size: default 500 → 1000`,
/// `description: "a" → "b"`.
fn lead(label: &str) -> String {
    if label.contains(": ") {
        label.to_owned()
    } else {
        format!("{label}:")
    }
}

fn version_words(d: &PlanEntry) -> String {
    let version = d.version.as_deref().unwrap_or("-");
    match (&d.change, &d.live_version) {
        (Change::Update, Some(live)) => format!("version {version} (live: {live})"),
        (Change::Delete, Some(live)) => format!("live version {live}"),
        _ => format!("version {version}"),
    }
}

fn counts(report: &PlanReport) -> String {
    let mut counts = format!(
        "{} new, {} to update, {} unchanged",
        report.count(Change::New),
        report.count(Change::Update),
        report.count(Change::Unchanged)
    );
    let deleted = report.count(Change::Delete);
    if deleted > 0 {
        counts.push_str(&format!(", {deleted} to delete"));
    }
    let drifted = report
        .deployments
        .iter()
        .filter(|d| !d.drift.is_empty())
        .count();
    if drifted > 0 {
        counts.push_str(&format!(", {drifted} changed on the server"));
    }
    counts
}

/// A value as one line of JSON, cut to `VALUE_CHARS` (redacted first).
fn value(v: &Value) -> String {
    escape::cut(&serde_json::to_string(v).unwrap_or_default(), VALUE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> PlanReport {
        PlanReport {
            deployments: vec![
                PlanEntry {
                    name: "etl/prod".into(),
                    change: Change::Update,
                    version: Some("bbbb".into()),
                    live_version: Some("aaaa".into()),
                    fields: vec![FieldChange {
                        field: "parameters.source".into(),
                        label: "parameter source".into(),
                        live: json!("s3://a|`x`"),
                        planned: json!("s3://b"),
                    }],
                    fields_not_listed: 0,
                    drift: vec![],
                    drift_not_listed: 0,
                    url: Some("http://ui/d (1)".into()),
                },
                PlanEntry {
                    name: "etl/<b>new".into(),
                    change: Change::New,
                    version: Some("bbbb".into()),
                    live_version: None,
                    fields: vec![],
                    fields_not_listed: 0,
                    drift: vec![],
                    drift_not_listed: 0,
                    url: None,
                },
            ],
            commit: None,
        }
    }

    #[test]
    fn text_lists_changed_fields_under_their_deployment() {
        let t = text(&report());
        assert!(t.contains("update  etl/prod"), "{t}");
        assert!(t.contains("version bbbb (live: aaaa)"), "{t}");
        assert!(
            t.contains("    ~ parameter source: \"s3://a|`x`\" → \"s3://b\"\n"),
            "{t}"
        );
        assert!(t.ends_with("plan: 1 new, 1 to update, 0 unchanged\n"));
    }

    #[test]
    fn markdown_cells_stay_inert() {
        let md = markdown(&report());
        assert!(md.contains("[`etl/prod`](http://ui/d%20%281%29)"), "{md}");
        assert!(md.contains("| ``\"s3://a\\|`x`\"`` |"), "{md}");
        assert!(md.contains("| `etl/<b>new` | new |"), "{md}");
        assert!(
            md.contains("<summary><code>etl/prod</code>: 1 field(s)</summary>"),
            "{md}"
        );
    }

    #[test]
    fn drift_is_listed_apart_with_what_the_deploy_does() {
        let mut r = report();
        r.deployments[0].drift = vec![
            Drift {
                field: "schedules.0.active".into(),
                label: "schedule \"a|b\": active".into(),
                deployed: json!(true),
                live: json!(false),
                overwrites: true,
            },
            Drift {
                field: "tags".into(),
                label: "tags".into(),
                deployed: json!(["a"]),
                live: json!(["ui"]),
                overwrites: false,
            },
        ];
        let t = text(&r);
        assert!(
            t.contains("    changed on the server since pinflow deployed it:\n    ! schedule \"a|b\": active true → false (this deploy overwrites it)\n    ! tags: [\"a\"] → [\"ui\"] (this deploy keeps it)\n"),
            "{t}"
        );
        assert!(t.ends_with("0 unchanged, 1 changed on the server\n"), "{t}");
        let md = markdown(&r);
        assert!(
            md.contains("<summary><code>etl/prod</code>: 2 field(s) changed on the server since pinflow deployed it</summary>"),
            "{md}"
        );
        assert!(
            md.contains("| `schedule \"a\\|b\": active` | `true` | `false` | overwrites |"),
            "{md}"
        );
        assert!(
            md.contains("| `tags` | `[\"a\"]` | `[\"ui\"]` | keeps |"),
            "{md}"
        );
        let coloured = colour(&t);
        assert!(
            coloured.contains("\x1b[35m    !\x1b[0m schedule"),
            "{coloured:?}"
        );
    }

    #[test]
    fn colour_marks_only_the_change_words_of_inert_text() {
        let mut r = report();
        r.deployments[0].name = "evil\x1b[31m/red".into();
        let inert = escape::text(&text(&r));
        let coloured = colour(&inert);
        assert!(coloured.contains("\x1b[33mupdate\x1b[0m"), "{coloured:?}");
        assert!(
            !coloured.contains("\x1b[31m"),
            "a name's own escape never passes"
        );
        let plain: String = coloured
            .replace("\x1b[0m", "")
            .replace("\x1b[32m", "")
            .replace("\x1b[33m", "")
            .replace("\x1b[2m", "");
        assert_eq!(plain, inert);
    }
}
