//! Azure Pipelines: output variables and issues as `##vso[...]` logging commands.

use super::{json_line, Outputs};
use crate::deploy::DeployReport;
use crate::error::Location;
use crate::escape;

/// The output variables; `deployments` is [`deployments`]'s JSON.
pub(super) fn write(out: &Outputs, deployments: &str) {
    for (name, value) in [
        ("deploymentIds", out.deployment_ids.as_str()),
        ("version", out.version.as_str()),
        ("deployments", deployments),
    ] {
        eprintln!(
            "##vso[task.setvariable variable={name};isOutput=true]{}",
            escape::azure_property(value)
        );
    }
}

/// The deployments as one line of JSON without `version_info`: an Azure output is set by a
/// logging command line, and pinflow keeps commit text (message, branch) off those.
pub(super) fn deployments(report: &DeployReport) -> String {
    let brief: Vec<serde_json::Value> = report
        .deployments
        .iter()
        .map(|d| {
            serde_json::json!({"name": d.name, "id": d.id, "action": d.action,
                "version": d.version, "pinned": d.pinned, "url": d.url})
        })
        .collect();
    json_line(&brief)
}

/// A plan's output variable `changes` (`true` or `false`).
pub(super) fn write_changes(changes: bool) {
    eprintln!("##vso[task.setvariable variable=changes;isOutput=true]{changes}");
}

/// `##vso[task.logissue type=error;sourcepath=…;linenumber=…]message`.
pub(super) fn issue(message: &str, location: Option<&Location>) -> String {
    let message = escape::line(message);
    match location.and_then(|l| Some((&l.file, l.line?))) {
        Some((file, line)) => format!(
            "##vso[task.logissue type=error;sourcepath={};linenumber={line}]{message}",
            escape::azure_property(file)
        ),
        None => format!("##vso[task.logissue type=error]{message}"),
    }
}
