//! Text for a person: one line per deployment or version, and a closing summary.

use std::time::Duration;

use crate::deploy::{Action, DeployReport};
use crate::escape;
use crate::history::{MoveAction, MoveReport, VersionEntry, VersionsReport};
use crate::vcs::VersionInfo;

/// A deploy's results: one line per deployment (a dry run adds the request it would send),
/// then a summary line.
pub fn deploy(report: &DeployReport, took: Duration) -> String {
    let mut out = String::new();
    for d in &report.deployments {
        let version = d.version.as_deref().unwrap_or("-");
        let line = match (d.action, &d.request) {
            (Action::Failed, _) => format!("failed   {} version {version}\n", d.name),
            (_, Some(req)) => format!(
                "dry-run  {} version {version}: would send {} {}\n{}\n",
                d.name,
                req["method"].as_str().unwrap_or(""),
                req["path"].as_str().unwrap_or(""),
                serde_json::to_string_pretty(&req["body"]).unwrap_or_default()
            ),
            (action, None) => format!(
                "{:<8} {} version {version}  {}\n",
                action.as_str(),
                d.name,
                d.url.as_deref().unwrap_or("")
            ),
        };
        out.push_str(&line);
    }
    out.push_str(&summary(report, took));
    out
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
    format!("{} in {:.2} s\n", parts.join(", "), took.as_secs_f64())
}

/// `PINFLOW_*=value` lines for later CI stages, safe to `eval` or `source` in a shell (values
/// with anything but plain characters are single-quoted).
pub fn version_env(info: &VersionInfo) -> String {
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

/// The version list: newest first, the live one marked.
pub fn versions(report: &VersionsReport) -> String {
    let mut out = format!("{} ({})\n", report.deployment, report.id);
    if report.live.is_none() {
        out.push_str("live: untracked (changed outside pinflow since its last version)\n");
    }
    for v in &report.versions {
        out.push_str(&version_line(v));
    }
    if report.versions.is_empty() {
        out.push_str("no versions recorded yet; `pinflow deploy` records the first one\n");
    }
    out
}

fn version_line(v: &VersionEntry) -> String {
    let info = |k: &str| v.version_info[k].as_str().unwrap_or("").to_owned();
    let short: String = info("commit_sha").chars().take(8).collect();
    let who = v.ci["run_url"]
        .as_str()
        .or(v.ci["actor"].as_str())
        .unwrap_or("");
    format!(
        "{} {:<12} {:<20} {:<8} {:<19} {}  {}  [{}]\n",
        if v.live { "*" } else { " " },
        v.version,
        info("branch"),
        short,
        v.created.get(..19).unwrap_or(&v.created).replace('T', " "),
        escape::line(&info("message")),
        who,
        v.id
    )
}

/// The result of rollback / promote.
pub fn moved(report: &MoveReport) -> String {
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
