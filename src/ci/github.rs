//! GitHub Actions: `$GITHUB_OUTPUT`, a job-summary table, `::error` annotations.

use std::io::Write;
use std::path::Path;

use super::{escape_line, Outputs};
use crate::deploy::DeployReport;

pub(super) fn write(
    output: Option<&Path>,
    summary: Option<&Path>,
    out: &Outputs,
    report: &DeployReport,
) -> std::io::Result<()> {
    if let Some(path) = output {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        writeln!(f, "deployment-ids={}", out.deployment_ids)?;
        writeln!(f, "version={}", out.version)?;
        // A delimiter that cannot occur in one line of JSON.
        writeln!(
            f,
            "deployments<<PINFLOW_EOF_7f3a\n{}\nPINFLOW_EOF_7f3a",
            out.deployments
        )?;
    }
    if let Some(path) = summary {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(summary_table(report).as_bytes())?;
    }
    Ok(())
}

/// The job summary: one row per deployment with a link to it.
pub(super) fn summary_table(report: &DeployReport) -> String {
    let mut t = String::from("### pinflow deploy\n\n| deployment | action | version | commit | branch | message |\n|---|---|---|---|---|---|\n");
    for d in &report.deployments {
        let cell = |s: &str| markdown_cell(s);
        let name = match &d.url {
            Some(url) => format!("[{}]({url})", cell(&d.name)),
            None => cell(&d.name),
        };
        let info = &d.version_info;
        let short: String = info
            .commit_sha
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(8)
            .collect();
        t.push_str(&format!(
            "| {name} | {} | {} | `{}` | {} | {} |\n",
            d.action,
            cell(d.version.as_deref().unwrap_or("")),
            short,
            cell(info.branch.as_deref().unwrap_or("")),
            cell(info.message.as_deref().unwrap_or(""))
        ));
    }
    t.push('\n');
    t
}

fn markdown_cell(s: &str) -> String {
    escape_line(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `::error file=…,line=…::message`, with GitHub's escaping of property values and data.
pub(super) fn annotation(message: &str, location: Option<&(String, usize)>) -> String {
    let data = message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    match location {
        Some((file, line)) => {
            let prop = |s: &str| {
                s.replace('%', "%25")
                    .replace('\r', "%0D")
                    .replace('\n', "%0A")
                    .replace(':', "%3A")
                    .replace(',', "%2C")
            };
            format!("::error file={},line={line}::{data}", prop(file))
        }
        None => format!("::error::{data}"),
    }
}
