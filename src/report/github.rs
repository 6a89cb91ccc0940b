//! GitHub Actions: `$GITHUB_OUTPUT`, a job-summary table, `::error` annotations.

use std::io::Write;
use std::path::Path;

use super::Outputs;
use crate::deploy::DeployReport;
use crate::error::Location;
use crate::escape;

/// Appends the outputs to `$GITHUB_OUTPUT` and `summary` (Markdown) to `$GITHUB_STEP_SUMMARY`.
pub(super) fn write(
    output: Option<&Path>,
    summary_path: Option<&Path>,
    out: &Outputs,
    summary: &str,
) -> std::io::Result<()> {
    if let Some(path) = output {
        let mut f = crate::files::open_output(path, true)?;
        let entries = [
            escape::github_output("deployment-ids", &out.deployment_ids),
            escape::github_output("version", &out.version),
            // One line of JSON: no line of it can be the delimiter.
            escape::github_output_line("deployments", &out.deployments),
        ];
        f.write_all(entries.concat().as_bytes())?;
    }
    if let Some(path) = summary_path {
        append_summary(path, summary)?;
    }
    Ok(())
}

/// Appends Markdown to `$GITHUB_STEP_SUMMARY` (never through a link).
fn append_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    crate::files::open_output(path, true)?.write_all(markdown.as_bytes())
}

/// A plan's output (`changes=true|false`) and its Markdown in the job summary.
pub(super) fn plan(
    output: Option<&Path>,
    summary_path: Option<&Path>,
    changes: bool,
    markdown: &str,
) -> std::io::Result<()> {
    if let Some(path) = output {
        crate::files::open_output(path, true)?
            .write_all(escape::github_output("changes", &changes.to_string()).as_bytes())?;
    }
    if let Some(path) = summary_path {
        append_summary(path, markdown)?;
    }
    Ok(())
}

/// The job summary: one row per deployment with a link to it.
pub(super) fn summary_table(report: &DeployReport, title: &str) -> String {
    let mut t = format!("### {title}\n\n| deployment | action | version | commit | branch | message |\n|---|---|---|---|---|---|\n");
    for d in &report.deployments {
        let code = escape::markdown_cell;
        let name = escape::markdown_link_cell(&d.name, d.url.as_deref());
        let info = &d.version_info;
        let short: String = info
            .commit_sha
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(8)
            .collect();
        t.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} |\n",
            d.action.as_str(),
            code(d.version.as_deref().unwrap_or("")),
            code(&short),
            code(info.branch.as_deref().unwrap_or("")),
            code(info.message.as_deref().unwrap_or(""))
        ));
    }
    t.push('\n');
    t
}

/// `::error file=…,line=…::message`, with GitHub's escaping of property values and data.
pub(super) fn annotation(message: &str, location: Option<&Location>) -> String {
    let data = escape::github_data(message);
    match location.and_then(|l| Some((&l.file, l.line?))) {
        Some((file, line)) => format!(
            "::error file={},line={line}::{data}",
            escape::github_property(file)
        ),
        None => format!("::error::{data}"),
    }
}
