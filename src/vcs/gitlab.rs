//! GitLab CI: `CI_*` variables, including merge-request pipelines.

use serde::Deserialize;

use super::{git::Git, message_for, read_vars, Commit};
use crate::env::Env;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Vars {
    ci_commit_sha: Option<String>,
    ci_commit_ref_name: Option<String>,
    ci_project_name: Option<String>,
    ci_project_path: Option<String>,
    ci_project_url: Option<String>,
    ci_server_url: Option<String>,
    ci_commit_message: Option<String>,
    ci_commit_title: Option<String>,
    ci_merge_request_source_branch_name: Option<String>,
    ci_merge_request_source_branch_sha: Option<String>,
}

/// The commit of a GitLab CI build. In merge-request pipelines: the source branch, and in
/// merged-results pipelines the source branch's head rather than the merge commit.
pub(super) fn commit(env: &Env, git: &Git) -> Option<Commit> {
    let v: Vars = read_vars(env);
    let (pipeline_sha, ref_name, name) =
        (v.ci_commit_sha?, v.ci_commit_ref_name?, v.ci_project_name?);
    let sha = v
        .ci_merge_request_source_branch_sha
        .unwrap_or_else(|| pipeline_sha.clone());
    let branch = v.ci_merge_request_source_branch_name.unwrap_or(ref_name);
    // CI_COMMIT_MESSAGE describes CI_COMMIT_SHA only.
    // The title is the message's first line; GitLab sets it where the message is missing.
    let platform_message = v
        .ci_commit_message
        .or(v.ci_commit_title)
        .filter(|_| sha == pipeline_sha);
    let repository = v.ci_project_path.clone().unwrap_or(name);
    let project_url = v.ci_project_url.or_else(|| {
        Some(format!(
            "{}/{}",
            v.ci_server_url?.trim_end_matches('/'),
            v.ci_project_path?
        ))
    });
    Some(Commit {
        message: message_for(platform_message.as_deref(), &sha, git),
        url: project_url
            .map(|u| format!("{}/-/tree/{sha}", u.trim_end_matches('/')))
            .unwrap_or_default(),
        sha,
        branch,
        repository,
    })
}
