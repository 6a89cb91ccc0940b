//! Version-info tables for every platform, with real git repositories.

use super::*;
use std::process::Command;

const SHA: &str = "abcdef1234567890abcdef1234567890abcdef12";

/// A temporary repository with one commit and an origin remote; returns it and HEAD's SHA.
fn repo(remote: Option<&str>, message: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?} failed");
    };
    git(&["init", "-q", "--initial-branch", "my-default-branch"]);
    if let Some(r) = remote {
        git(&["remote", "add", "origin", r]);
    }
    git(&["commit", "-q", "--allow-empty", "-m", message]);
    let head = Git::new(dir.path()).head().unwrap();
    (dir, head)
}

fn detect_in(
    dir: &std::path::Path,
    pairs: &[(&str, &str)],
    wanted: Option<VersionType>,
) -> Result<Detected> {
    let env = Env::from_pairs(pairs.iter().copied());
    let on = crate::platform::detect(&env, dir).version_type();
    detect(&env, &Git::new(dir), wanted, on)
}

#[test]
fn the_ci_platform_pinflow_runs_on_is_read_first() {
    let dir = tempfile::tempdir().unwrap();
    let both = [
        ("GITHUB_SHA", "a".repeat(40)),
        ("GITHUB_REF_NAME", "gh".into()),
        ("GITHUB_REPOSITORY", "o/r".into()),
        ("CI_COMMIT_SHA", "b".repeat(40)),
        ("CI_COMMIT_REF_NAME", "gl".into()),
        ("CI_PROJECT_NAME", "r".into()),
    ];
    let pairs: Vec<(&str, &str)> = both.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Off CI, Prefect's order: GitHub first.
    assert_eq!(
        detect_in(dir.path(), &pairs, None).unwrap().kind,
        VersionType::Github
    );
    // On GitLab, GitLab's variables describe this build.
    let on_gitlab = [pairs.clone(), vec![("GITLAB_CI", "true")]].concat();
    let d = detect_in(dir.path(), &on_gitlab, None).unwrap();
    assert_eq!(
        (d.kind, d.commit.unwrap().branch),
        (VersionType::Gitlab, "gl".to_owned())
    );
}

#[test]
fn no_repository_and_no_ci_is_simple() {
    let dir = tempfile::tempdir().unwrap();
    let d = detect_in(dir.path(), &[], None).unwrap();
    assert_eq!(d.kind, VersionType::Simple);
    assert_eq!(
        serde_json::to_value(d.version_info("1.2.3")).unwrap(),
        serde_json::json!({"type": "prefect:simple", "version": "1.2.3"})
    );
}

#[test]
fn plain_git_matches_prefect() {
    let (dir, head) = repo(
        Some("https://example.com/my-repo"),
        "Initial commit\nWith multiple lines",
    );
    let d = detect_in(dir.path(), &[], None).unwrap();
    let c = d.commit.clone().unwrap();
    assert_eq!(d.kind, VersionType::Git);
    assert_eq!(c.sha, head);
    assert_eq!(c.branch, "my-default-branch");
    assert_eq!(c.repository, "my-repo");
    assert_eq!(c.url, "https://example.com/my-repo");
    assert_eq!(c.message, "Initial commit");
    assert_eq!(d.short_sha().unwrap(), head[..8]);
}

#[test]
fn git_remote_forms_and_credentials() {
    let cases = [
        (
            "https://github.com/org/repo.git",
            "org/repo",
            "https://github.com/org/repo.git",
        ),
        (
            "git@github.com:org/repo.git",
            "org/repo",
            "git@github.com:org/repo.git",
        ),
        (
            "ssh://git@gitlab.example.com:2222/group/sub/repo.git",
            "group/sub/repo",
            "ssh://git@gitlab.example.com:2222/group/sub/repo.git",
        ),
        (
            "https://x-access-token:s3cr3t@github.com/org/repo.git",
            "org/repo",
            "https://github.com/org/repo.git",
        ),
        (
            "https://user@dev.azure.com/org/proj/_git/repo",
            "org/proj/_git/repo",
            "https://dev.azure.com/org/proj/_git/repo",
        ),
    ];
    for (remote, repository, url) in cases {
        assert_eq!(git::repository_from_remote(remote), repository, "{remote}");
        assert_eq!(git::strip_credentials(remote), url, "{remote}");
    }
}

#[test]
fn repository_without_remote_still_records_the_commit() {
    let (dir, head) = repo(None, "local only");
    let d = detect_in(dir.path(), &[], None).unwrap();
    assert_eq!(d.kind, VersionType::Git);
    let c = d.commit.unwrap();
    assert_eq!(
        (c.sha.as_str(), c.repository.as_str(), c.url.as_str()),
        (head.as_str(), "", "")
    );
}

#[test]
fn detached_head_takes_the_branch_from_ci() {
    let (dir, head) = repo(Some("https://example.com/r.git"), "m");
    Git::new(dir.path())
        .run(&["checkout", "-q", "--detach", &head])
        .unwrap();
    let plain = detect_in(dir.path(), &[], None).unwrap();
    assert_eq!(plain.commit.unwrap().branch, "HEAD");
    let ci = detect_in(dir.path(), &[("BRANCH_NAME", "release/2")], None).unwrap();
    assert_eq!(ci.commit.unwrap().branch, "release/2");
}

#[test]
fn github_push() {
    let (dir, _) = repo(
        Some("https://github.com/org/test-repo.git"),
        "Initial commit",
    );
    let env = [
        ("GITHUB_SHA", "abcdef1234567890"),
        ("GITHUB_REF_NAME", "my-current-branch"),
        ("GITHUB_REPOSITORY", "org/test-repo"),
        ("GITHUB_SERVER_URL", "https://github.com"),
    ];
    let d = detect_in(dir.path(), &env, None).unwrap();
    assert_eq!(d.kind, VersionType::Github);
    let info = d.version_info(&d.short_sha().unwrap());
    assert_eq!(
        serde_json::to_value(info).unwrap(),
        serde_json::json!({"type": "vcs:github", "version": "abcdef12", "commit_sha": "abcdef1234567890",
            "message": "", "branch": "my-current-branch", "repository": "org/test-repo",
            "url": "https://github.com/org/test-repo/tree/abcdef1234567890"})
    );
}

#[test]
fn github_push_message_from_event_and_default_server() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event.json");
    std::fs::write(
        &event,
        format!(r#"{{"head_commit": {{"id": "{SHA}", "message": "Fix it\n\nbody"}}}}"#),
    )
    .unwrap();
    let env = [
        ("GITHUB_SHA", SHA),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
        ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
    ];
    let c = detect_in(dir.path(), &env, None).unwrap().commit.unwrap();
    assert_eq!(c.message, "Fix it");
    // Prefect writes "None/org/repo/tree/..." here.
    assert_eq!(c.url, format!("https://github.com/org/repo/tree/{SHA}"));
}

#[test]
fn github_pull_request_uses_head_commit_and_source_branch() {
    let (dir, head) = repo(Some("https://github.com/org/repo.git"), "Add feature");
    let event = dir.path().join("event.json");
    std::fs::write(
        &event,
        format!(r#"{{"pull_request": {{"head": {{"sha": "{head}"}}}}}}"#),
    )
    .unwrap();
    let env = [
        ("GITHUB_SHA", SHA), // the test-merge commit
        ("GITHUB_REF_NAME", "12/merge"),
        ("GITHUB_HEAD_REF", "feature/x"),
        ("GITHUB_REPOSITORY", "org/repo"),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
    ];
    let c = detect_in(dir.path(), &env, None).unwrap().commit.unwrap();
    assert_eq!(
        (c.sha.as_str(), c.branch.as_str(), c.message.as_str()),
        (head.as_str(), "feature/x", "Add feature")
    );
}

#[test]
fn github_tag_build() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("GITHUB_SHA", SHA),
        ("GITHUB_REF_NAME", "v1.2.0"),
        ("GITHUB_REF_TYPE", "tag"),
        ("GITHUB_REPOSITORY", "o/r"),
    ];
    assert_eq!(
        detect_in(dir.path(), &env, None)
            .unwrap()
            .commit
            .unwrap()
            .branch,
        "v1.2.0"
    );
}

#[test]
fn github_without_ref_name_falls_back_to_git() {
    let (dir, head) = repo(Some("https://github.com/org/repo.git"), "m");
    let d = detect_in(
        dir.path(),
        &[("GITHUB_SHA", SHA), ("GITHUB_REPOSITORY", "org/repo")],
        None,
    )
    .unwrap();
    assert_eq!(d.kind, VersionType::Git);
    assert_eq!(d.commit.unwrap().sha, head);
}

#[test]
fn gitlab_branch_pipeline_message_from_variable() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("CI_COMMIT_SHA", "abcdef1234567890"),
        ("CI_COMMIT_REF_NAME", "my-current-branch"),
        ("CI_PROJECT_NAME", "test-repo"),
        ("CI_PROJECT_PATH", "org/test-repo"),
        ("CI_PROJECT_URL", "https://gitlab.com/org/test-repo"),
        ("CI_COMMIT_MESSAGE", "Ship it\n\nmore"),
    ];
    let d = detect_in(dir.path(), &env, None).unwrap();
    assert_eq!(d.kind, VersionType::Gitlab);
    let c = d.commit.unwrap();
    assert_eq!(
        c.url,
        "https://gitlab.com/org/test-repo/-/tree/abcdef1234567890"
    );
    assert_eq!(c.repository, "org/test-repo");
    assert_eq!(c.message, "Ship it");
}

#[test]
fn gitlab_without_a_message_uses_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("CI_COMMIT_SHA", "abcdef1234567890"),
        ("CI_COMMIT_REF_NAME", "main"),
        ("CI_PROJECT_NAME", "test-repo"),
        ("CI_COMMIT_TITLE", "Ship the title"),
    ];
    let d = detect_in(dir.path(), &env, None).unwrap();
    assert_eq!(d.commit.unwrap().message, "Ship the title");
}

#[test]
fn gitlab_merged_results_pipeline_uses_source_head() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("CI_COMMIT_SHA", "1111111111111111111111111111111111111111"),
        ("CI_COMMIT_REF_NAME", "refs/merge-requests/7/merge"),
        ("CI_PROJECT_NAME", "repo"),
        ("CI_SERVER_URL", "https://gitlab.example.com"),
        ("CI_PROJECT_PATH", "group/repo"),
        ("CI_COMMIT_MESSAGE", "Merge branch 'feat' into 'main'"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feat"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", SHA),
    ];
    let c = detect_in(dir.path(), &env, None).unwrap().commit.unwrap();
    assert_eq!((c.sha.as_str(), c.branch.as_str()), (SHA, "feat"));
    assert_eq!(
        c.message, "",
        "the merge commit's message must not be recorded for the head"
    );
    assert_eq!(
        c.url,
        format!("https://gitlab.example.com/group/repo/-/tree/{SHA}")
    );
}

#[test]
fn gitlab_without_project_url_has_no_none_url() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("CI_COMMIT_SHA", SHA),
        ("CI_COMMIT_REF_NAME", "main"),
        ("CI_PROJECT_NAME", "r"),
    ];
    assert_eq!(
        detect_in(dir.path(), &env, None)
            .unwrap()
            .commit
            .unwrap()
            .url,
        ""
    );
}

#[test]
fn bitbucket_branch_and_tag_builds() {
    let (dir, _) = repo(Some("https://bitbucket.org/ws/repo.git"), "Initial commit");
    let base = [
        ("BITBUCKET_COMMIT", "abcdef1234567890"),
        ("BITBUCKET_REPO_SLUG", "test-repo"),
        ("BITBUCKET_REPO_FULL_NAME", "org/test-repo"),
        (
            "BITBUCKET_GIT_HTTP_ORIGIN",
            "https://bitbucket.org/org/test-repo",
        ),
    ];
    let mut branch = base.to_vec();
    branch.push(("BITBUCKET_BRANCH", "my-current-branch"));
    let c = detect_in(dir.path(), &branch, None)
        .unwrap()
        .commit
        .unwrap();
    assert_eq!(
        c.url,
        "https://bitbucket.org/org/test-repo/src/abcdef1234567890"
    );
    assert_eq!(
        (c.branch.as_str(), c.repository.as_str()),
        ("my-current-branch", "org/test-repo")
    );
    let mut tag = base.to_vec();
    tag.push(("BITBUCKET_TAG", "v2.0.0"));
    let d = detect_in(dir.path(), &tag, None).unwrap();
    assert_eq!(
        d.kind,
        VersionType::Bitbucket,
        "Prefect falls back to plain git on tag builds"
    );
    assert_eq!(d.commit.unwrap().branch, "v2.0.0");
}

#[test]
fn azure_full_branch_and_clean_url() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("BUILD_SOURCEVERSION", "abcdef1234567890"),
        ("BUILD_SOURCEBRANCH", "refs/heads/feature/tools"),
        ("BUILD_SOURCEBRANCHNAME", "tools"),
        ("BUILD_REPOSITORY_NAME", "test-repo"),
        (
            "BUILD_REPOSITORY_URI",
            "https://fabrikam@dev.azure.com/fabrikam/proj/_git/test-repo",
        ),
        ("BUILD_SOURCEVERSIONMESSAGE", "Tools update"),
    ];
    let d = detect_in(dir.path(), &env, None).unwrap();
    assert_eq!(d.kind, VersionType::AzureDevops);
    let c = d.commit.unwrap();
    assert_eq!(c.branch, "feature/tools");
    assert_eq!(
        c.url,
        "https://dev.azure.com/fabrikam/proj/_git/test-repo?version=GCabcdef1234567890"
    );
    assert_eq!(c.message, "Tools update");
}

#[test]
fn azure_pull_request_uses_source_branch_and_commit() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        (
            "BUILD_SOURCEVERSION",
            "1111111111111111111111111111111111111111",
        ),
        ("BUILD_SOURCEBRANCH", "refs/pull/9/merge"),
        ("BUILD_SOURCEBRANCHNAME", "merge"),
        ("BUILD_REPOSITORY_NAME", "org/repo"),
        ("BUILD_SOURCEVERSIONMESSAGE", "Merge pull request 9"),
        (
            "SYSTEM_PULLREQUEST_SOURCEBRANCH",
            "refs/heads/users/raisa/new-feature",
        ),
        ("SYSTEM_PULLREQUEST_SOURCECOMMITID", SHA),
    ];
    let c = detect_in(dir.path(), &env, None).unwrap().commit.unwrap();
    assert_eq!(
        (c.sha.as_str(), c.branch.as_str(), c.message.as_str()),
        (SHA, "users/raisa/new-feature", "")
    );
}

#[test]
fn precedence_and_explicit_types() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("GITHUB_SHA", SHA),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "o/r"),
        ("CI_COMMIT_SHA", SHA),
        ("CI_COMMIT_REF_NAME", "main"),
        ("CI_PROJECT_NAME", "r"),
    ];
    assert_eq!(
        detect_in(dir.path(), &env, None).unwrap().kind,
        VersionType::Github
    );
    assert_eq!(
        detect_in(dir.path(), &env, Some(VersionType::Gitlab))
            .unwrap()
            .kind,
        VersionType::Gitlab
    );
    assert_eq!(
        detect_in(dir.path(), &env, Some(VersionType::Simple))
            .unwrap()
            .commit,
        None
    );
    let err = detect_in(dir.path(), &env[..3], Some(VersionType::Gitlab)).unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Usage);
    assert!(err.to_string().contains("CI_COMMIT_SHA"), "{err}");
}

#[test]
fn version_type_names() {
    assert_eq!(
        VersionType::parse("vcs:azuredevops").unwrap(),
        VersionType::AzureDevops
    );
    let err = VersionType::parse("vcs:svn").unwrap_err();
    assert!(err.to_string().contains("prefect:simple"));
}
