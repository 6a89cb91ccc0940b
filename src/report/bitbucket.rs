//! Bitbucket Pipelines: `pinflow.env` in the clone directory, and the pipe's final line.

use std::io::Write;
use std::path::Path;

use super::{gitlab, Outputs};
use crate::deploy::{Action, DeployReport};

pub(super) fn write(dir: &Path, out: &Outputs, report: &DeployReport) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    crate::files::open_output(&path, false)?.write_all(gitlab::dotenv(out).as_bytes())?;
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
