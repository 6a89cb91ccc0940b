//! Which code is this? CI platform detection and version info.
//!
//! Prefect's rules (spec/prefect-deploy.md §1) with its known mistakes fixed: the head commit
//! and source branch on pull/merge-request builds, tag builds, Azure's full branch name, the
//! commit message from the platform where it has one, no `None/...` URLs, no credentials in
//! URLs, and an explicit version type that does not fit the environment is an error.

mod azure;
mod bitbucket;
pub(crate) mod git;
mod github;
mod gitlab;

pub(crate) use github::event_pull_request;

use serde::{Deserialize, Serialize};

use crate::env::Env;
use crate::error::{Error, Result};
use git::Git;

/// A version type, as Prefect names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VersionType {
    /// No VCS information: `prefect:simple`.
    Simple,
    /// GitHub Actions: `vcs:github`.
    Github,
    /// GitLab CI: `vcs:gitlab`.
    Gitlab,
    /// Bitbucket Pipelines: `vcs:bitbucket`.
    Bitbucket,
    /// Azure Pipelines: `vcs:azuredevops`.
    AzureDevops,
    /// A plain git checkout: `vcs:git`.
    Git,
}

impl VersionType {
    const ALL: [VersionType; 6] = [
        VersionType::Simple,
        VersionType::Github,
        VersionType::Gitlab,
        VersionType::Bitbucket,
        VersionType::AzureDevops,
        VersionType::Git,
    ];

    /// Prefect's name for this type.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            VersionType::Simple => "prefect:simple",
            VersionType::Github => "vcs:github",
            VersionType::Gitlab => "vcs:gitlab",
            VersionType::Bitbucket => "vcs:bitbucket",
            VersionType::AzureDevops => "vcs:azuredevops",
            VersionType::Git => "vcs:git",
        }
    }

    /// Parses Prefect's name for a type.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|t| t.as_str()).collect();
                Error::usage(format!(
                    "unknown version type {text:?}; expected one of: {}",
                    names.join(", ")
                ))
            })
    }
}

/// What a CI platform (or git) says about the code being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commit {
    /// Full commit SHA.
    pub sha: String,
    /// Branch (or tag) name.
    pub branch: String,
    /// Repository name, such as `org/repo`.
    pub repository: String,
    /// A link to the commit's tree, or the remote URL for plain git; never with credentials.
    pub url: String,
    /// First line of the commit message.
    pub message: String,
}

/// The `version_info` object sent to Prefect, fields in Prefect's wire order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionInfo {
    /// The version type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The version name.
    pub version: String,
    /// Full commit SHA (VCS types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit_sha: Option<String>,
    /// First line of the commit message (VCS types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Branch or tag (VCS types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Repository name (VCS types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Link to the code (VCS types only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The code this build runs: the detected type and commit, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detected {
    /// The version type that applies.
    pub kind: VersionType,
    /// The commit, for VCS types.
    pub commit: Option<Commit>,
}

impl Detected {
    /// No VCS information: `prefect:simple`.
    pub(crate) fn simple() -> Self {
        Self {
            kind: VersionType::Simple,
            commit: None,
        }
    }

    /// The short SHA (first 8 characters), if a commit is known.
    pub(crate) fn short_sha(&self) -> Option<String> {
        self.commit
            .as_ref()
            .map(|c| c.sha.chars().take(8).collect())
    }

    /// The version_info object for `version`.
    pub(crate) fn version_info(&self, version: &str) -> VersionInfo {
        match &self.commit {
            Some(c) => VersionInfo {
                kind: self.kind.as_str().to_owned(),
                version: version.to_owned(),
                commit_sha: Some(c.sha.clone()),
                message: Some(c.message.clone()),
                branch: Some(c.branch.clone()),
                repository: Some(c.repository.clone()),
                url: Some(c.url.clone()),
            },
            None => VersionInfo {
                kind: VersionType::Simple.as_str().to_owned(),
                version: version.to_owned(),
                commit_sha: None,
                message: None,
                branch: None,
                repository: None,
                url: None,
            },
        }
    }
}

/// Works out which code this is. `wanted` is an explicit version type; when it names a
/// platform whose variables are not set, that is an error rather than a silent fallback.
/// `on` is the CI platform pinflow runs on (`platform::Platform::version_type`): its variables are
/// read first, so that version info and CI outputs always speak of the same platform; then
/// Prefect's order (GitHub, GitLab, Bitbucket, Azure, git) decides.
pub(crate) fn detect(
    env: &Env,
    git: &Git,
    wanted: Option<VersionType>,
    on: Option<VersionType>,
) -> Result<Detected> {
    let mut platforms = vec![
        VersionType::Github,
        VersionType::Gitlab,
        VersionType::Bitbucket,
        VersionType::AzureDevops,
        VersionType::Git,
    ];
    if let Some(first) = on.filter(|p| platforms.contains(p)) {
        platforms.retain(|p| *p != first);
        platforms.insert(0, first);
    }
    if wanted == Some(VersionType::Simple) {
        return Ok(Detected::simple());
    }
    for kind in platforms {
        if wanted.is_some_and(|w| w != kind) {
            continue;
        }
        if let Some(commit) = platform_commit(kind, env, git) {
            return Ok(Detected {
                kind,
                commit: Some(commit),
            });
        }
    }
    match wanted {
        Some(kind) => Err(Error::usage(format!(
            "--version-type {} was asked for, but {}; \
             drop --version-type to detect the platform, or use prefect:simple",
            kind.as_str(),
            missing_reason(kind)
        ))),
        None => Ok(Detected::simple()),
    }
}

/// Fills a missing commit message from the forge's API where pinflow can (GitHub, with
/// `GITHUB_TOKEN`): a CI job without a checkout still records what the commit says.
pub(crate) async fn complete_message(detected: &mut Detected, env: &Env) {
    if detected.kind != VersionType::Github {
        return;
    }
    if let Some(c) = detected.commit.as_mut().filter(|c| c.message.is_empty()) {
        if let Some(m) = github::message_from_api(env, &c.repository, &c.sha).await {
            c.message = m;
        }
    }
}

fn platform_commit(kind: VersionType, env: &Env, git: &Git) -> Option<Commit> {
    match kind {
        VersionType::Github => github::commit(env, git),
        VersionType::Gitlab => gitlab::commit(env, git),
        VersionType::Bitbucket => bitbucket::commit(env, git),
        VersionType::AzureDevops => azure::commit(env, git),
        VersionType::Git => git::commit(env, git),
        VersionType::Simple => None,
    }
}

fn missing_reason(kind: VersionType) -> &'static str {
    match kind {
        VersionType::Github => "GITHUB_SHA, GITHUB_REF_NAME and GITHUB_REPOSITORY are not all set",
        VersionType::Gitlab => "CI_COMMIT_SHA, CI_COMMIT_REF_NAME and CI_PROJECT_NAME are not all set",
        VersionType::Bitbucket => {
            "BITBUCKET_COMMIT, BITBUCKET_BRANCH (or BITBUCKET_TAG) and BITBUCKET_REPO_SLUG are not all set"
        }
        VersionType::AzureDevops => {
            "BUILD_SOURCEVERSION, BUILD_SOURCEBRANCH and BUILD_REPOSITORY_NAME are not all set"
        }
        VersionType::Git => "the working directory is not a git repository with a commit",
        VersionType::Simple => "",
    }
}

/// Reads typed platform variables with envy; empty values count as unset.
fn read_vars<T: serde::de::DeserializeOwned + Default>(env: &Env) -> T {
    let pairs = env
        .vars()
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()));
    envy::from_iter(pairs).unwrap_or_default()
}

/// The first line of a commit message, trimmed.
pub(crate) fn first_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The commit message for `sha`: the platform's own value when it describes `sha`, else git.
fn message_for(platform_message: Option<&str>, sha: &str, git: &Git) -> String {
    if let Some(m) = platform_message {
        return first_line(m);
    }
    git.message(sha).unwrap_or_else(|| {
        tracing::debug!("no commit message for {sha}: not in the platform's variables or git");
        String::new()
    })
}

#[cfg(test)]
mod tests;
