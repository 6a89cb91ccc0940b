//! A deploy as a Markdown table: the job summary, and the previews section of a pull
//! request's comment.

use crate::deploy::DeployReport;
use crate::escape;

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
