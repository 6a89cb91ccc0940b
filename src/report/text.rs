//! Text for a person: one line per deployment or version, and a closing summary.

use std::time::Duration;

use crate::deploy::{Action, Cleaned, DeployReport};
use crate::escape;
use crate::history::{MoveAction, MoveReport, VersionEntry, VersionsReport};
use crate::vcs::VersionInfo;

/// A deploy's results: one aligned line per deployment (a dry run adds the request it would
/// send), then a summary line.
pub(crate) fn deploy(report: &DeployReport, took: Duration) -> String {
    let rows: Vec<Vec<String>> = report
        .deployments
        .iter()
        .map(|d| {
            vec![
                d.action.as_str().to_owned(),
                d.name.clone(),
                format!("version {}", d.version.as_deref().unwrap_or("-")),
                d.url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = table_with_details(&rows, |i| match &report.deployments[i].request {
        Some(req) => format!(
            "  would send {} {}\n{}\n",
            req["method"].as_str().unwrap_or(""),
            req["path"].as_str().unwrap_or(""),
            serde_json::to_string_pretty(&req["body"]).unwrap_or_default()
        ),
        None => String::new(),
    });
    if !report.pruned.is_empty() {
        let dry_run = report.count(Action::DryRun) > 0;
        let verb = if dry_run { "would delete" } else { "deleted" };
        let rows: Vec<Vec<String>> = report
            .pruned
            .iter()
            .map(|c| {
                let versions = format!("{} version(s), no longer in the file", c.versions);
                vec![verb.to_owned(), c.name.clone(), c.id.clone(), versions]
            })
            .collect();
        out.push_str(&table(&rows));
    }
    out.push_str(&summary(report, took));
    out
}

/// `table(rows)`, each row followed by `details(its index)` (lines of its own, or nothing).
pub(crate) fn table_with_details(
    rows: &[Vec<String>],
    details: impl Fn(usize) -> String,
) -> String {
    table_lines(rows)
        .into_iter()
        .enumerate()
        .map(|(i, line)| line + &details(i))
        .collect()
}

/// The previews a cleanup deleted (or would), one line each, then how many.
pub(crate) fn cleaned(cleaned: &[Cleaned], dry_run: bool) -> String {
    let verb = if dry_run { "would delete" } else { "deleted" };
    let rows: Vec<Vec<String>> = cleaned
        .iter()
        .map(|c| {
            vec![
                verb.to_owned(),
                c.name.clone(),
                c.id.clone(),
                format!("{} version(s)", c.versions),
            ]
        })
        .collect();
    format!(
        "{}preview cleanup: {} preview(s) {verb}\n",
        table(&rows),
        cleaned.len()
    )
}

/// Rows as columns aligned on their widest cell, two spaces apart; no trailing spaces.
pub(crate) fn table(rows: &[Vec<String>]) -> String {
    table_lines(rows).concat()
}

/// The aligned line of each row (ending in a line break).
fn table_lines(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let line: String = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}  "))
                .collect();
            line.trim_end().to_owned() + "\n"
        })
        .collect()
}

/// `2 created, 1 updated, 26 unchanged, 0 failed in 1.2 s` (dry runs: `3 dry-run, …`).
fn summary(report: &DeployReport, took: Duration) -> String {
    let mut parts = Vec::new();
    if report.count(Action::DryRun) > 0 {
        parts.push(format!("{} dry-run", report.count(Action::DryRun)));
    }
    for action in [
        Action::Created,
        Action::Updated,
        Action::Unchanged,
        Action::Failed,
    ] {
        if action != Action::Created || report.count(Action::DryRun) == 0 {
            parts.push(format!("{} {}", report.count(action), action.as_str()));
        }
    }
    if !report.pruned.is_empty() {
        parts.push(format!("{} pruned", report.pruned.len()));
    }
    format!("{} in {:.2} s\n", parts.join(", "), took.as_secs_f64())
}

/// `PINFLOW_*=value` lines for later CI stages, safe to `eval` or `source` in a shell (values
/// with anything but plain characters are single-quoted).
pub(crate) fn version_env(info: &VersionInfo) -> String {
    let fields = [
        ("VERSION_TYPE", Some(&info.kind)),
        ("VERSION", Some(&info.version)),
        ("COMMIT_SHA", info.commit_sha.as_ref()),
        ("MESSAGE", info.message.as_ref()),
        ("BRANCH", info.branch.as_ref()),
        ("REPOSITORY", info.repository.as_ref()),
        ("URL", info.url.as_ref()),
    ];
    fields
        .into_iter()
        .filter_map(|(name, value)| {
            Some(escape::shell_assignment(&format!("PINFLOW_{name}"), value?))
        })
        .collect()
}

/// The version list: a header, then newest first, the live one marked.
pub(crate) fn versions(report: &VersionsReport) -> String {
    let mut out = format!("{} ({})\n", report.deployment, report.id);
    if report.live.is_none() {
        out.push_str("live: untracked (changed outside pinflow since its last version)\n");
    }
    if report.versions.is_empty() {
        out.push_str("no versions recorded yet; `pinflow deploy` records the first one\n");
        return out;
    }
    let header = [
        "", "VERSION", "BRANCH", "COMMIT", "CREATED", "MESSAGE", "BY", "ID",
    ];
    let mut rows = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    rows.extend(report.versions.iter().map(version_row));
    out.push_str(&table(&rows));
    out
}

fn version_row(v: &VersionEntry) -> Vec<String> {
    let info = |k: &str| v.version_info[k].as_str().unwrap_or("").to_owned();
    let short: String = info("commit_sha").chars().take(8).collect();
    let who = v.ci["run_url"]
        .as_str()
        .or(v.ci["actor"].as_str())
        .unwrap_or("");
    let message: String = escape::line(&info("message")).chars().take(60).collect();
    vec![
        if v.live { "*" } else { " " }.to_owned(),
        v.version.clone(),
        info("branch"),
        short,
        timestamp(&v.created),
        message,
        who.to_owned(),
        v.id.clone(),
    ]
}

/// `2026-11-30T14:18:07.123456Z` as `2026-11-30 14:18:07 UTC` (the zone the server gives).
fn timestamp(rfc3339: &str) -> String {
    let (Some(date), Some(time)) = (rfc3339.get(..10), rfc3339.get(11..19)) else {
        return rfc3339.to_owned();
    };
    let zone = match rfc3339
        .get(19..)
        .map(|rest| rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()))
    {
        Some("Z") | Some("+00:00") | Some("") | None => "UTC".to_owned(),
        Some(offset) => offset.to_owned(),
    };
    format!("{date} {time} {zone}")
}

/// The result of rollback / promote.
pub(crate) fn moved(report: &MoveReport) -> String {
    let from = report
        .from
        .as_ref()
        .map_or("untracked".to_owned(), |f| f.version.clone());
    match report.action {
        MoveAction::Unchanged => format!(
            "{}: version {} is live already; nothing to do\n",
            report.deployment, report.to.version
        ),
        MoveAction::DryRun => format!(
            "dry-run {}: would make version {} live (now {from}) with\n{}\n",
            report.deployment,
            report.to.version,
            serde_json::to_string_pretty(&report.request).unwrap_or_default()
        ),
        action => format!(
            "{} {}: version {} is live (was {from})\n",
            action.as_str(),
            report.deployment,
            report.to.version
        ),
    }
}
