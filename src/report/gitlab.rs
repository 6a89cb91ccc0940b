//! GitLab CI: `pinflow.env`, for `artifacts: reports: dotenv:`.

use std::io::Write;
use std::path::Path;

use super::Outputs;
use crate::escape;

/// Writes the dotenv report (never through a link).
pub(super) fn write(dir: &Path, out: &Outputs) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    crate::files::open_output(&path, false)?.write_all(dotenv(out).as_bytes())
}

/// The dotenv lines: values as GitLab takes them (one line, no spaces) and as a shell that
/// `source`s the file reads them (plain characters only; anything else becomes `_`, with a
/// warning).
pub(super) fn dotenv(out: &Outputs) -> String {
    [
        ("PINFLOW_DEPLOYMENT_IDS", &out.deployment_ids),
        ("PINFLOW_VERSION", &out.version),
    ]
    .iter()
    .map(|(name, value)| {
        let (safe, changed) = escape::dotenv_value(value);
        if changed {
            crate::diagnostic::warn(
                crate::diagnostic::Code::OutputValue,
                format!(
                    "{name} holds characters a dotenv file cannot carry safely; written as {safe:?}"
                ),
            );
        }
        format!("{name}={safe}\n")
    })
    .collect()
}

/// A plan's dotenv report (GitLab) or file (Bitbucket): `PINFLOW_CHANGES=true|false`.
pub(super) fn write_changes(dir: &Path, changes: bool) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    crate::files::open_output(&path, false)?
        .write_all(format!("PINFLOW_CHANGES={changes}\n").as_bytes())
}
