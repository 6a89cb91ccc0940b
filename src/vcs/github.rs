//! GitHub Actions: `GITHUB_*` variables and the event payload.

use serde::Deserialize;

use super::{git::Git, message_for, read_vars, Commit};
use crate::env::Env;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Vars {
    github_sha: Option<String>,
    github_ref_name: Option<String>,
    github_head_ref: Option<String>,
    github_repository: Option<String>,
    github_server_url: Option<String>,
    github_event_path: Option<String>,
}

/// The commit of a GitHub Actions build. On pull requests: the head commit (from the event
/// payload) and the source branch, not the test-merge commit and `N/merge`.
pub(super) fn commit(env: &Env, git: &Git) -> Option<Commit> {
    let v: Vars = read_vars(env);
    let (sha, ref_name, repository) = (v.github_sha?, v.github_ref_name?, v.github_repository?);
    let event = v.github_event_path.as_deref().and_then(read_event);
    let pr_head = event
        .as_ref()
        .and_then(|e| e.pointer("/pull_request/head/sha"))
        .and_then(|s| s.as_str())
        .map(str::to_owned);
    let (sha, branch, platform_message) = match (&v.github_head_ref, pr_head) {
        (Some(head_ref), Some(head_sha)) => (head_sha, head_ref.clone(), None),
        (Some(head_ref), None) => {
            crate::diagnostic::warn(
                crate::diagnostic::Code::VersionInfo,
                format!(
                    "pull request build without a readable event payload: recording GITHUB_SHA \
                     {sha}, which is GitHub's test-merge commit"
                ),
            );
            (sha, head_ref.clone(), None)
        }
        (None, _) => {
            let pushed = event
                .as_ref()
                .filter(|e| e.pointer("/head_commit/id").and_then(|s| s.as_str()) == Some(&sha))
                .and_then(|e| e.pointer("/head_commit/message"))
                .and_then(|m| m.as_str())
                .map(str::to_owned);
            (sha, ref_name, pushed)
        }
    };
    let server = v
        .github_server_url
        .unwrap_or_else(|| "https://github.com".to_owned());
    Some(Commit {
        message: message_for(platform_message.as_deref(), &sha, git),
        url: format!("{}/{repository}/tree/{sha}", server.trim_end_matches('/')),
        sha,
        branch,
        repository,
    })
}

/// The pull request number of a `pull_request_target` (or any pull request) event, whose
/// `GITHUB_REF` is the base branch rather than `refs/pull/N/merge`.
pub(crate) fn event_pull_request(env: &Env) -> Option<u64> {
    read_event(env.get("GITHUB_EVENT_PATH")?)?
        .pointer("/pull_request/number")?
        .as_u64()
        .filter(|n| *n > 0)
}

fn read_event(path: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| tracing::debug!("cannot read GITHUB_EVENT_PATH {path}: {e}"))
        .ok()?;
    serde_json::from_str(&text).ok()
}

/// How the commit lookup talks to GitHub.
const LOOKUP: crate::http::Policy = crate::http::policy::COMMIT_LOOKUP;

/// The commit message from the GitHub API, for builds without a checkout (or a shallow one that
/// lacks the head commit). Needs `GITHUB_TOKEN`, sent only over https (or plain http to this
/// machine); any failure only leaves the message empty, with a warning saying why.
pub(super) async fn message_from_api(env: &Env, repository: &str, sha: &str) -> Option<String> {
    let token = env.get("GITHUB_TOKEN")?;
    let plain = |s: &str| !s.is_empty() && !s.contains("..");
    let (owner, name) = repository.split_once('/')?;
    let hex = sha.len() >= 7 && sha.len() <= 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
    if !(hex && plain(owner) && plain(name) && !name.contains('/')) {
        return None;
    }
    let api = env
        .get("GITHUB_API_URL")
        .unwrap_or("https://api.github.com");
    let skip = |why: &dyn std::fmt::Display| -> Option<String> {
        crate::diagnostic::warn(
            crate::diagnostic::Code::VersionInfo,
            format!(
                "the commit message from the GitHub API: {why}; the commit message stays empty"
            ),
        );
        None
    };
    if let Err(e) = crate::http::check_credential_url("GITHUB_API_URL", api, "GITHUB_TOKEN") {
        return skip(&e);
    }
    let url = format!(
        "{}/repos/{repository}/git/commits/{sha}",
        api.trim_end_matches('/')
    );
    let client = crate::http::client(env, &LOOKUP).ok()?;
    let request = client
        .get(&url)
        .bearer_auth(token)
        .header("Accept", "application/vnd.github+json")
        .build()
        .ok()?;
    let repeat = crate::http::retry::Repeat::Safe;
    let answer = match crate::http::send(&client, request, repeat, &LOOKUP).await {
        Ok(a) if a.status.is_success() => a,
        Ok(a) => return skip(&format_args!("GitHub answered {}", a.status)),
        // The path only: GITHUB_API_URL could hold a user name or password.
        Err(e) => {
            return skip(&format_args!(
                "GET /repos/{repository}/git/commits/{sha}: {e}"
            ))
        }
    };
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&answer.body) else {
        return skip(&"GitHub's answer is not JSON");
    };
    body.get("message")
        .and_then(|m| m.as_str())
        .map(super::first_line)
}
