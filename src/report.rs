//! Rendering results: text for a person, one JSON document for machines. Secrets from
//! resolved blocks are replaced by `***` in everything rendered.

use serde::Serialize;

use crate::deploy::DeployReport;
use crate::error::Result;

/// Shortest secret value that is redacted; shorter ones would garble unrelated text.
const MIN_SECRET_LEN: usize = 4;

/// Replaces every secret in `text` with `***`, also where it appears escaped inside a JSON
/// string (a value with a quote, a backslash or a newline).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut forms: Vec<String> = secrets
        .iter()
        .filter(|s| s.len() >= MIN_SECRET_LEN)
        .flat_map(|s| {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            [s.clone(), quoted[1..quoted.len() - 1].to_owned()]
        })
        .collect();
    forms.sort_by_key(|s| std::cmp::Reverse(s.len()));
    forms
        .iter()
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "***"))
}

/// One JSON document, pretty-printed.
pub fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| inert(&s))
        .map_err(|e| crate::error::Error::service(format!("cannot render JSON: {e}")))
}

/// One JSON document on one line (for CI outputs).
pub fn json_line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .map(|s| inert(&s))
        .unwrap_or_default()
}

/// JSON whose strings cannot start Azure logging commands: `#` inside `##vso[` and `##[` is
/// written as the escape `\u0023`, which decodes to the same text.
fn inert(json: &str) -> String {
    json.replace("##vso[", "\\u0023#vso[")
        .replace("##[", "\\u0023#[")
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

/// The version list for a person: newest first, the live one marked.
pub fn versions_text(report: &crate::history::VersionsReport) -> String {
    let mut out = format!("{} ({})\n", report.deployment, report.id);
    if report.live.is_none() {
        out.push_str("live: untracked (changed outside pinflow since its last version)\n");
    }
    for v in &report.versions {
        out.push_str(&version_line(v));
    }
    if report.versions.is_empty() {
        out.push_str("no versions recorded yet; `pinflow deploy` records the first one\n");
    }
    out
}

fn version_line(v: &crate::history::VersionEntry) -> String {
    let info = |k: &str| v.version_info[k].as_str().unwrap_or("").to_owned();
    let short: String = info("commit_sha").chars().take(8).collect();
    let who = v.ci["run_url"]
        .as_str()
        .or(v.ci["actor"].as_str())
        .unwrap_or("");
    format!(
        "{} {:<12} {:<20} {:<8} {:<19} {}  {}  [{}]\n",
        if v.live { "*" } else { " " },
        v.version,
        info("branch"),
        short,
        v.created.get(..19).unwrap_or(&v.created).replace('T', " "),
        one_line(&info("message")),
        who,
        v.id
    )
}

/// The result of rollback / promote for a person.
pub fn move_text(report: &crate::history::MoveReport) -> String {
    let from = report
        .from
        .as_ref()
        .map_or("untracked".to_owned(), |f| f.version.clone());
    match report.action.as_str() {
        "unchanged" => format!(
            "{}: version {} is live already; nothing to do\n",
            report.deployment, report.to.version
        ),
        "dry-run" => format!(
            "dry-run {}: would make version {} live (now {from}) with\n{}\n",
            report.deployment,
            report.to.version,
            serde_json::to_string_pretty(&report.request).unwrap_or_default()
        ),
        action => format!(
            "{action} {}: version {} is live (was {from})\n",
            report.deployment, report.to.version
        ),
    }
}

/// Text from commits on one line, unable to inject CI commands.
fn one_line(text: &str) -> String {
    crate::ci::escape_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_start_logging_commands() {
        let out = json_line(
            &serde_json::json!({"message": "##vso[task.setvariable variable=x]y ##[group]"}),
        );
        assert!(!out.contains("##vso[") && !out.contains("##["), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            back["message"],
            "##vso[task.setvariable variable=x]y ##[group]"
        );
    }

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

    #[test]
    fn secrets_escaped_inside_json_are_redacted() {
        let secret = "pa\"ss\\w\nord".to_owned();
        let json = serde_json::json!({"token": secret}).to_string();
        assert_eq!(redact(&json, &[secret]), r#"{"token":"***"}"#);
    }
}
