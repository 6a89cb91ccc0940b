//! Azure Pipelines: output variables and issues as `##vso[...]` logging commands.

use super::Outputs;
use crate::error::Location;
use crate::escape;

pub(super) fn write(out: &Outputs) {
    for (name, value) in [
        ("deploymentIds", &out.deployment_ids),
        ("version", &out.version),
        ("deployments", &out.deployments_brief),
    ] {
        eprintln!(
            "##vso[task.setvariable variable={name};isOutput=true]{}",
            escape::azure_property(value)
        );
    }
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
