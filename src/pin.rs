//! Pinning the code a version runs: the commit SHA into `git_clone` pull steps that clone this
//! repository, and an image digest into `job_variables.image`.

use serde_json::{json, Value};

use crate::diagnostic::Code;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::registry::{Reference, Resolver};
use crate::vcs::git::{repository_from_remote, Git};

/// When to pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Commit: when a CI platform is detected. Image: when it has a tag and no digest, warning
    /// if the registry cannot be asked.
    Auto,
    /// Always; failing when it cannot be done.
    Always,
    /// Never.
    Never,
}

/// Pinning options of a deploy.
#[derive(Debug, Clone)]
pub(crate) struct PinOptions {
    /// `--pin-commit`.
    pub commit: Mode,
    /// `--image-digest`.
    pub image_digest: Option<String>,
    /// `--resolve-image`.
    pub resolve: Mode,
}

impl Default for PinOptions {
    fn default() -> Self {
        Self {
            commit: Mode::Auto,
            image_digest: None,
            resolve: Mode::Auto,
        }
    }
}

/// A repository's identity: lower-case host and the path without `.git`, whatever the URL form
/// (https, ssh, scp-style `git@host:org/repo.git`).
pub(crate) fn repository_key(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains("{{") {
        return None;
    }
    let host = match url::Url::parse(url) {
        Ok(u) if u.has_host() => u.host_str()?.to_ascii_lowercase(),
        _ => {
            let (left, _) = url.split_once(':')?;
            left.rsplit('@').next()?.to_ascii_lowercase()
        }
    };
    let path = repository_from_remote(url);
    (!path.is_empty()).then(|| format!("{host}/{}", path.trim_end_matches('/')))
}

/// The identities of the repository being built: its `origin` and what the CI says.
pub(crate) fn this_repository(env: &Env, git: &Git) -> Vec<String> {
    let mut urls = vec![git
        .run(&["config", "--get", "remote.origin.url"])
        .unwrap_or_default()];
    if let (Some(server), Some(repo)) = (
        env.get("GITHUB_SERVER_URL")
            .or(Some("https://github.com"))
            .filter(|_| env.get("GITHUB_REPOSITORY").is_some()),
        env.get("GITHUB_REPOSITORY"),
    ) {
        urls.push(format!("{server}/{repo}"));
    }
    for var in [
        "CI_PROJECT_URL",
        "CI_REPOSITORY_URL",
        "BITBUCKET_GIT_HTTP_ORIGIN",
        "BITBUCKET_GIT_SSH_ORIGIN",
        "BUILD_REPOSITORY_URI",
    ] {
        urls.extend(env.get(var).map(str::to_owned));
    }
    let mut keys: Vec<String> = urls.iter().filter_map(|u| repository_key(u)).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Writes `sha` into the `git_clone` steps of `pull` that clone one of `ours` and carry no
/// `commit_sha`; a `branch:` pin is replaced (Prefect refuses both). Returns whether any was.
pub(crate) fn pin_commit(pull: &mut Value, sha: &str, ours: &[String], deployment: &str) -> bool {
    let mut pinned = false;
    for step in pull.as_array_mut().into_iter().flatten() {
        let Some((name, args)) = step.as_object_mut().and_then(|m| m.iter_mut().next()) else {
            continue;
        };
        if !name.ends_with(".git_clone") {
            continue;
        }
        let Some(args) = args.as_object_mut() else {
            continue;
        };
        let repo = args
            .get("repository")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if args.get("commit_sha").is_some_and(|c| !c.is_null()) {
            tracing::debug!(
                "{deployment}: git_clone of {repo} already names a commit; left as written"
            );
            continue;
        }
        match repository_key(&repo) {
            Some(key) if ours.contains(&key) => {
                if let Some(branch) = args.remove("branch").filter(|b| !b.is_null()) {
                    tracing::info!(
                        "{deployment}: git_clone pinned to {sha} instead of branch {branch}"
                    );
                }
                args.insert("commit_sha".into(), json!(sha));
                pinned = true;
            }
            _ => tracing::info!(
                "{deployment}: git_clone of {repo:?} clones another repository; not pinned"
            ),
        }
    }
    pinned
}

/// Pins `job_variables.image`: to `--image-digest` when given, else by asking the registry.
/// Returns the pinned image when the stored image names a digest.
pub(crate) async fn pin_image(
    job_variables: &mut Value,
    opts: &PinOptions,
    resolver: &Resolver,
    at: &str,
) -> Result<Option<String>> {
    let Some(image) = job_variables
        .get("image")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        if opts.image_digest.is_some() {
            crate::diagnostic::warn(
                Code::Unpinned,
                format!("{at}: --image-digest given, but there is no job_variables.image to pin"),
            );
        }
        return Ok(None);
    };
    if image.contains("{{") {
        crate::diagnostic::warn(
            Code::Unpinned,
            format!("{at}: job_variables.image {image:?} is still a template; not pinned"),
        );
        return Ok(None);
    }
    let reference = Reference::parse(&image)
        .map_err(|e| Error::project(format!("{at}: job_variables.image: {e}")))?;
    let pinned = if let Some(digest) = &opts.image_digest {
        match &reference.digest {
            Some(d) if d == digest => image.clone(),
            Some(d) => {
                return Err(Error::usage(format!(
                    "{at}: job_variables.image already pins {d}, but --image-digest is {digest}; drop one of them"
                )))
            }
            None => reference.pinned(digest),
        }
    } else if reference.digest.is_some() {
        image.clone()
    } else if opts.resolve == Mode::Never {
        return Ok(None);
    } else {
        match resolver.resolve(&reference).await {
            Ok(resolved) => resolved.image,
            Err(e) if opts.resolve == Mode::Auto => {
                crate::diagnostic::warn(Code::Unpinned, format!("{at}: {e}; deploying {image} unpinned (--resolve-image always makes this an error)"));
                return Ok(None);
            }
            Err(e) => return Err(e.context(at)),
        }
    };
    job_variables["image"] = json!(pinned);
    Ok(Some(pinned))
}

/// Checks an `--image-digest` value.
pub(crate) fn check_digest(digest: &str) -> Result<()> {
    let ok = digest.strip_prefix("sha256:").is_some_and(|h| {
        h.len() == 64
            && h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "--image-digest {digest:?} must be sha256: followed by 64 lower-case hex digits"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_identity_across_url_forms() {
        let same = [
            "https://github.com/Org/Repo.git",
            "https://GitHub.com/Org/Repo",
            "git@github.com:Org/Repo.git",
            "ssh://git@github.com:22/Org/Repo.git",
            "https://x-access-token:t@github.com/Org/Repo.git",
        ];
        let keys: Vec<_> = same.iter().map(|u| repository_key(u).unwrap()).collect();
        assert!(keys.iter().all(|k| k == "github.com/Org/Repo"), "{keys:?}");
        assert_ne!(
            repository_key("https://github.com/org/other.git"),
            repository_key(same[0])
        );
        assert_eq!(repository_key("{{ $REPO }}"), None);
    }

    #[test]
    fn pins_this_repository_only_and_never_overrides() {
        let ours = vec!["github.com/org/repo".to_owned()];
        let mut pull = json!([
            {"prefect.deployments.steps.git_clone": {"repository": "https://github.com/org/repo.git", "branch": "main"}},
            {"prefect.deployments.steps.git_clone": {"repository": "git@github.com:org/repo.git", "commit_sha": "{{ $GITHUB_SHA }}"}},
            {"prefect.deployments.steps.git_clone": {"repository": "https://github.com/org/lib.git"}},
            {"prefect.deployments.steps.set_working_directory": {"directory": "repo"}}
        ]);
        assert!(pin_commit(&mut pull, "abc123", &ours, "d"));
        assert_eq!(
            pull[0]["prefect.deployments.steps.git_clone"],
            json!({"repository": "https://github.com/org/repo.git", "commit_sha": "abc123"})
        );
        assert_eq!(
            pull[1]["prefect.deployments.steps.git_clone"]["commit_sha"],
            "{{ $GITHUB_SHA }}"
        );
        assert!(pull[2]["prefect.deployments.steps.git_clone"]
            .get("commit_sha")
            .is_none());
    }

    #[test]
    fn digest_flag_format() {
        assert!(check_digest(&format!("sha256:{}", "a".repeat(64))).is_ok());
        assert!(check_digest("sha256:abc").is_err());
        assert!(check_digest(&"a".repeat(64)).is_err());
    }
}
