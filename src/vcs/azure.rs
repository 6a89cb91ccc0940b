//! Azure Pipelines: `BUILD_*` and `SYSTEM_PULLREQUEST_*` variables.

use serde::Deserialize;

use super::{git::strip_credentials, git::Git, message_for, read_vars, Commit};
use crate::env::Env;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Vars {
    build_sourceversion: Option<String>,
    build_sourcebranch: Option<String>,
    build_sourcebranchname: Option<String>,
    build_repository_name: Option<String>,
    build_repository_uri: Option<String>,
    build_sourceversionmessage: Option<String>,
    system_pullrequest_sourcebranch: Option<String>,
    system_pullrequest_sourcecommitid: Option<String>,
}

/// The commit of an Azure Pipelines build: the full branch path (`feature/x`, not `x`), and on
/// pull requests the source branch and commit rather than `merge` and the merge commit.
pub(super) fn commit(env: &Env, git: &Git) -> Option<Commit> {
    let v: Vars = read_vars(env);
    let build_sha = v.build_sourceversion?;
    let repository = v.build_repository_name?;
    let (sha, full_ref, platform_message) = match v.system_pullrequest_sourcebranch {
        Some(source) => (
            v.system_pullrequest_sourcecommitid
                .unwrap_or_else(|| build_sha.clone()),
            source,
            None,
        ),
        None => (
            build_sha,
            v.build_sourcebranch.or(v.build_sourcebranchname)?,
            v.build_sourceversionmessage,
        ),
    };
    Some(Commit {
        message: message_for(platform_message.as_deref(), &sha, git),
        url: v
            .build_repository_uri
            .map(|u| format!("{}?version=GC{sha}", strip_credentials(&u)))
            .unwrap_or_default(),
        branch: short_ref(&full_ref).to_owned(),
        sha,
        repository,
    })
}

/// `refs/heads/feature/x` -> `feature/x`; `refs/tags/v1` -> `v1`.
fn short_ref(full: &str) -> &str {
    full.strip_prefix("refs/heads/")
        .or_else(|| full.strip_prefix("refs/tags/"))
        .unwrap_or(full)
}
