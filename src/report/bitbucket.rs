//! Bitbucket Pipelines: `pinflow.env` in the clone directory, and the pipe's final line.

use std::path::Path;

use super::{gitlab, Outputs};
use crate::deploy::{Action, DeployReport};

pub(super) fn write(dir: &Path, out: &Outputs, report: &DeployReport) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    std::fs::write(&path, gitlab::dotenv(out)).map_err(|e| super::at(&path, e))?;
    if report.count(Action::Failed) == 0 {
        eprintln!(
            "✔ pinflow deployed {} deployment(s), version {}",
            report.deployments.len(),
            if out.version.is_empty() {
                "(several)".to_owned()
            } else {
                crate::escape::line(&out.version)
            }
        );
    }
    Ok(())
}
