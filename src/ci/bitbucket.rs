//! Bitbucket Pipelines: `pinflow.env` in the clone directory, and the pipe's final line.

use std::path::Path;

use super::{gitlab, Outputs};
use crate::deploy::DeployReport;

pub(super) fn write(dir: &Path, out: &Outputs, report: &DeployReport) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    std::fs::write(&path, gitlab::dotenv(out)).map_err(|e| super::at(&path, e))?;
    let failed = report
        .deployments
        .iter()
        .filter(|d| d.error.is_some())
        .count();
    if failed == 0 {
        eprintln!(
            "✔ pinflow deployed {} deployment(s), version {}",
            report.deployments.len(),
            if out.version.is_empty() {
                "(several)"
            } else {
                &out.version
            }
        );
    }
    Ok(())
}
