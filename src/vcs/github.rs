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
            tracing::warn!(
                "pull request build without a readable event payload: recording GITHUB_SHA {sha}, \
                 which is GitHub's test-merge commit"
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

fn read_event(path: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| tracing::debug!("cannot read GITHUB_EVENT_PATH {path}: {e}"))
        .ok()?;
    serde_json::from_str(&text).ok()
}
