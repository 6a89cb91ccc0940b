//! Rendering results: text for a person, one JSON document for machines. Secrets from
//! resolved blocks are replaced by `***` in everything rendered.

use serde::Serialize;

use crate::deploy::DeployReport;
use crate::error::Result;

/// Shortest secret value that is redacted; shorter ones would garble unrelated text.
const MIN_SECRET_LEN: usize = 4;

/// Replaces every secret in `text` with `***`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets
        .iter()
        .filter(|s| s.len() >= MIN_SECRET_LEN)
        .collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    sorted
        .iter()
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "***"))
}

/// One JSON document, pretty-printed.
pub fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| crate::error::Error::service(format!("cannot render JSON: {e}")))
}

/// Lines for a person: one per deployment.
pub fn deploy_text(report: &DeployReport) -> String {
    let mut out = String::new();
    for d in &report.deployments {
        let version = d.version.as_deref().unwrap_or("-");
        let line = match (&d.error, &d.request) {
            (Some(e), _) => format!("failed   {}: {e}\n", d.name),
            (None, Some(req)) => format!(
                "dry-run  {} version {version}: would send {} {}\n{}\n",
                d.name,
                req["method"].as_str().unwrap_or(""),
                req["path"].as_str().unwrap_or(""),
                serde_json::to_string_pretty(&req["body"]).unwrap_or_default()
            ),
            (None, None) => format!(
                "{:<8} {} version {version}  {}\n",
                d.action,
                d.name,
                d.url.as_deref().unwrap_or("")
            ),
        };
        out.push_str(&line);
    }
    out
}

/// `PINFLOW_*=value` lines for later CI stages. Values are single-line by construction.
pub fn version_env(info: &crate::vcs::VersionInfo) -> String {
    let clean = |s: &str| s.replace(['\n', '\r'], " ");
    let mut out = format!(
        "PINFLOW_VERSION_TYPE={}\nPINFLOW_VERSION={}\n",
        info.kind,
        clean(&info.version)
    );
    let fields = [
        ("COMMIT_SHA", &info.commit_sha),
        ("MESSAGE", &info.message),
        ("BRANCH", &info.branch),
        ("REPOSITORY", &info.repository),
        ("URL", &info.url),
    ];
    for (name, value) in fields {
        if let Some(v) = value {
            out.push_str(&format!("PINFLOW_{name}={}\n", clean(v)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_prefers_longest_and_skips_short_values() {
        let secrets = vec![
            "abc".to_owned(),
            "s3cr3t".to_owned(),
            "s3cr3t-long".to_owned(),
        ];
        assert_eq!(
            redact("k=s3cr3t-long j=s3cr3t abc", &secrets),
            "k=*** j=*** abc"
        );
    }
}
