//! Bitbucket Pipelines: `BITBUCKET_*` variables, including tag builds.

use serde::Deserialize;

use super::{git::Git, message_for, read_vars, Commit};
use crate::env::Env;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Vars {
    bitbucket_commit: Option<String>,
    bitbucket_branch: Option<String>,
    bitbucket_tag: Option<String>,
    bitbucket_repo_slug: Option<String>,
    bitbucket_repo_full_name: Option<String>,
    bitbucket_git_http_origin: Option<String>,
}

/// The commit of a Bitbucket build. Tag builds have no branch: the tag is recorded instead.
/// Bitbucket has no commit-message variable, so the message comes from git.
pub(super) fn commit(env: &Env, git: &Git) -> Option<Commit> {
    let v: Vars = read_vars(env);
    let sha = v.bitbucket_commit?;
    let branch = v.bitbucket_branch.or(v.bitbucket_tag)?;
    let slug = v.bitbucket_repo_slug?;
    Some(Commit {
        message: message_for(None, &sha, git),
        url: v
            .bitbucket_git_http_origin
            .map(|o| format!("{}/src/{sha}", o.trim_end_matches('/')))
            .unwrap_or_default(),
        repository: v.bitbucket_repo_full_name.unwrap_or(slug),
        sha,
        branch,
    })
}
