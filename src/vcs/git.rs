//! Plain git: the fallback version info, commit messages, and remote URL clean-up.

use std::path::PathBuf;
use std::process::Command;

use super::{first_line, Commit};
use crate::env::Env;

/// Runs `git` in a working directory. Missing git or a failing command reads as "unknown".
#[derive(Debug, Clone)]
pub(crate) struct Git {
    dir: PathBuf,
}

impl Git {
    /// Git in `dir`.
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The trimmed stdout of `git args...`, or None when git fails.
    pub(crate) fn run(&self, args: &[&str]) -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env_remove(crate::deploy::PLAN_KEY_VAR)
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// First line of the message of commit `sha`, if this repository has it.
    pub(crate) fn message(&self, sha: &str) -> Option<String> {
        self.run(&["log", "-1", "--format=%B", sha, "--"])
            .map(|m| first_line(&m))
            .filter(|m| !m.is_empty())
    }

    /// Tracked files with changes not in HEAD (staged or not); empty when clean or not a
    /// repository.
    pub(crate) fn changed_files(&self) -> Vec<String> {
        self.run(&["status", "--porcelain", "--untracked-files=no"])
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim_start().split_once(' '))
            .map(|(_, path)| path.trim_start().to_owned())
            .collect()
    }

    /// The full SHA of HEAD.
    pub(crate) fn head(&self) -> Option<String> {
        self.run(&["rev-parse", "HEAD"])
    }
}

/// Branch names that CI systems put in the environment, for a detached HEAD.
const CI_BRANCH_VARS: [&str; 7] = [
    "GITHUB_HEAD_REF",
    "GITHUB_REF_NAME",
    "CI_COMMIT_REF_NAME",
    "BITBUCKET_BRANCH",
    "BUILD_SOURCEBRANCH",
    "BRANCH_NAME",
    "GIT_BRANCH",
];

/// Version info from the local repository (Prefect's `vcs:git`).
pub(super) fn commit(env: &Env, git: &Git) -> Option<Commit> {
    let sha = git.head()?;
    let mut branch = git.run(&["rev-parse", "--abbrev-ref", "HEAD"])?;
    if branch == "HEAD" {
        if let Some(ci) = CI_BRANCH_VARS.iter().find_map(|v| env.get(v)) {
            branch = ci.trim_start_matches("refs/heads/").to_owned();
        }
    }
    let remote = git
        .run(&["config", "--get", "remote.origin.url"])
        .unwrap_or_default();
    Some(Commit {
        message: git.message(&sha).unwrap_or_default(),
        repository: repository_from_remote(&remote),
        url: strip_credentials(&remote),
        sha,
        branch,
    })
}

/// `org/repo` from a remote URL in any of git's forms (https, ssh, scp-style), without `.git`.
pub(crate) fn repository_from_remote(remote: &str) -> String {
    let path = match url::Url::parse(remote) {
        Ok(u) if u.has_host() || u.scheme() == "file" => u.path().to_owned(),
        // scp-style: [user@]host:path
        _ => match remote.split_once(':') {
            Some((_, path)) if !remote.contains("://") => path.to_owned(),
            _ => remote.to_owned(),
        },
    };
    let path = path.trim_matches('/');
    path.strip_suffix(".git").unwrap_or(path).to_owned()
}

/// The URL without a user name or password; anything that is not a URL is returned as is.
pub(crate) fn strip_credentials(remote: &str) -> String {
    match url::Url::parse(remote) {
        Ok(mut u) if u.has_host() && (!u.username().is_empty() || u.password().is_some()) => {
            let keep_user = u.password().is_none() && u.scheme() == "ssh";
            if !keep_user {
                let _ = u.set_username("");
            }
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => remote.to_owned(),
    }
}
