//! Azure Pipelines: output variables and issues as `##vso[...]` logging commands.

use super::Outputs;

pub(super) fn write(out: &Outputs) {
    eprintln!(
        "##vso[task.setvariable variable=deploymentIds;isOutput=true]{}",
        property_safe(&out.deployment_ids)
    );
    eprintln!(
        "##vso[task.setvariable variable=version;isOutput=true]{}",
        property_safe(&out.version)
    );
}

/// `##vso[task.logissue type=error;sourcepath=…;linenumber=…]message`.
pub(super) fn issue(message: &str, location: Option<&(String, usize)>) -> String {
    let message = super::escape_line(message);
    match location {
        Some((file, line)) => format!(
            "##vso[task.logissue type=error;sourcepath={};linenumber={line}]{message}",
            property_safe(file)
        ),
        None => format!("##vso[task.logissue type=error]{message}"),
    }
}

/// Azure's escaping for logging-command values.
fn property_safe(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}
