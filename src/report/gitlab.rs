//! GitLab CI: `pinflow.env`, for `artifacts: reports: dotenv:`.

use std::path::Path;

use super::Outputs;

/// Writes the dotenv report: single-line values without spaces, as GitLab requires.
pub(super) fn write(dir: &Path, out: &Outputs) -> std::io::Result<()> {
    let path = dir.join("pinflow.env");
    std::fs::write(&path, dotenv(out)).map_err(|e| super::at(&path, e))
}

pub(super) fn dotenv(out: &Outputs) -> String {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    format!(
        "PINFLOW_DEPLOYMENT_IDS={}\nPINFLOW_VERSION={}\n",
        clean(&out.deployment_ids),
        clean(&out.version)
    )
}
