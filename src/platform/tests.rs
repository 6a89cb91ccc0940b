//! Each platform as [`detect`] finds it: pull request numbers, repositories, run links.

use std::path::Path;

use serde_json::{json, Value};

use super::*;

fn on(pairs: &[(&str, &str)]) -> (std::sync::Arc<dyn Platform>, Env) {
    let env = Env::from_pairs(pairs.iter().copied());
    (detect(&env, Path::new("/w")), env)
}

#[test]
fn pull_request_numbers_as_each_platform_says_them() {
    let pr = |pairs: &[(&str, &str)]| {
        let (platform, env) = on(pairs);
        platform.pull_request(&env)
    };
    assert_eq!(
        pr(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REF", "refs/pull/42/merge")
        ]),
        Some(42)
    );
    assert_eq!(
        pr(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REF", "refs/heads/main")
        ]),
        None
    );
    assert_eq!(
        pr(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REF", "refs/pull/4$(x)/merge")
        ]),
        None
    );
    // pull_request_target: the ref is the base branch; the event names the pull request.
    let event = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        event.path(),
        r#"{"pull_request": {"number": 51, "title": "refs/pull/9/merge"}}"#,
    )
    .unwrap();
    assert_eq!(
        pr(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REF", "refs/heads/main"),
            ("GITHUB_EVENT_PATH", event.path().to_str().unwrap()),
        ]),
        Some(51)
    );
    assert_eq!(
        pr(&[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_IID", "7")]),
        Some(7)
    );
    assert_eq!(
        pr(&[("BITBUCKET_BUILD_NUMBER", "1"), ("BITBUCKET_PR_ID", "9")]),
        Some(9)
    );
    assert_eq!(
        pr(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_PULLREQUEST_PULLREQUESTID", "311")
        ]),
        Some(311)
    );
    assert_eq!(
        pr(&[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_IID", "0")]),
        None
    );
    assert_eq!(pr(&[("CI", "true")]), None);
}

#[test]
fn detection_by_marker_variables() {
    let name = |pairs: &[(&str, &str)]| on(pairs).0.name();
    assert_eq!(name(&[("GITHUB_ACTIONS", "true")]), "github");
    assert_eq!(name(&[("GITLAB_CI", "false")]), "gitlab");
    assert_eq!(name(&[("BITBUCKET_BUILD_NUMBER", "3")]), "bitbucket");
    assert_eq!(name(&[("TF_BUILD", "True")]), "azure");
    assert_eq!(name(&[("CI", "true")]), "local");
    assert!(!on(&[("CI", "true")]).0.on_ci());
    // Set, but saying no.
    assert_eq!(name(&[("GITHUB_ACTIONS", "false")]), "local");
    assert_eq!(name(&[("TF_BUILD", "False")]), "local");
    assert_eq!(
        bitbucket::Bitbucket::detect(
            &Env::from_pairs([("BITBUCKET_BUILD_NUMBER", "3")]),
            Path::new("/w")
        )
        .map(|b| b.dir),
        Some("/w".into())
    );
}

#[test]
fn the_repository_a_pull_request_number_belongs_to() {
    let repo = |pairs: &[(&str, &str)]| {
        let (platform, env) = on(pairs);
        platform.repository(&env)
    };
    let gh = [("GITHUB_ACTIONS", "true"), ("GITHUB_REPOSITORY", "o/r")];
    assert_eq!(repo(&gh).as_deref(), Some("github.com/o/r"));
    let ghes = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "o/r"),
        ("GITHUB_SERVER_URL", "https://GHE.example/"),
    ];
    assert_eq!(repo(&ghes).as_deref(), Some("ghe.example/o/r"));
    // A fork's merge request: the target project's.
    let gl = [
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_PATH", "fork/p"),
        ("CI_MERGE_REQUEST_PROJECT_PATH", "g/p"),
    ];
    assert_eq!(repo(&gl).as_deref(), Some("gitlab.com/g/p"));
    let own = [
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_PATH", "g/p"),
        ("CI_SERVER_URL", "https://gitlab.example"),
    ];
    assert_eq!(repo(&own).as_deref(), Some("gitlab.example/g/p"));
    let az = [
        ("TF_BUILD", "True"),
        ("SYSTEM_TEAMPROJECT", "proj"),
        ("BUILD_REPOSITORY_NAME", "r"),
        ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
    ];
    assert_eq!(repo(&az).as_deref(), Some("dev.azure.com/acme/proj/r"));
    let bb = [
        ("BITBUCKET_BUILD_NUMBER", "1"),
        ("BITBUCKET_REPO_FULL_NAME", "w/r\n"),
    ];
    assert_eq!(repo(&bb).as_deref(), Some("bitbucket.org/w/r"));
    assert_eq!(repo(&[("GITHUB_ACTIONS", "true")]), None);
    assert_eq!(repo(&[("GITHUB_REPOSITORY", "o/r")]), None, "not on CI");
}

fn info(pairs: &[(&str, &str)]) -> Value {
    let (platform, env) = on(pairs);
    platform.run_info(&env)
}

#[test]
fn run_links_per_platform() {
    assert_eq!(
        info(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REPOSITORY", "o/r"),
            ("GITHUB_RUN_ID", "9"),
            ("GITHUB_ACTOR", "ann"),
        ]),
        json!({"platform": "github", "run_url": "https://github.com/o/r/actions/runs/9", "actor": "ann"})
    );
    assert_eq!(
        info(&[
            ("GITLAB_CI", "true"),
            ("CI_JOB_URL", "https://gitlab.example/g/p/-/jobs/4"),
            ("GITLAB_USER_LOGIN", "bo"),
        ]),
        json!({"platform": "gitlab", "run_url": "https://gitlab.example/g/p/-/jobs/4", "actor": "bo"})
    );
    assert_eq!(
        info(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/org/"),
            ("SYSTEM_TEAMPROJECT", "p"),
            ("BUILD_BUILDID", "5"),
        ])["run_url"],
        "https://dev.azure.com/org/p/_build/results?buildId=5"
    );
    assert_eq!(
        info(&[
            ("BITBUCKET_BUILD_NUMBER", "3"),
            ("BITBUCKET_REPO_FULL_NAME", "w/r"),
        ])["run_url"],
        "https://bitbucket.org/w/r/pipelines/results/3"
    );
    assert_eq!(
        info(&[("USER", "me")]),
        json!({"platform": "local", "run_url": null, "actor": "me"})
    );
}

#[test]
fn dotenv_names_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let outputs = [
        Output::plain("deployment-ids", "id-1,id-2"),
        Output::plain("version", "a b"),
        Output::json("deployments", "[{}]"),
    ];
    write_dotenv(dir.path(), &outputs).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pinflow.env")).unwrap(),
        "PINFLOW_DEPLOYMENT_IDS=id-1,id-2\nPINFLOW_VERSION=a_b\n"
    );
}

#[test]
fn masks_go_line_by_line_escaped_for_the_runner() {
    let mask = |pairs: &[(&str, &str)], value: &str| {
        let mask = on(pairs).0.mask();
        mask.map(|m| crate::secret::mask_commands(m, value))
    };
    assert_eq!(
        mask(&[("GITHUB_ACTIONS", "true")], "line-one\n100%-two").unwrap(),
        ["::add-mask::line-one", "::add-mask::100%25-two"]
    );
    assert_eq!(
        mask(&[("TF_BUILD", "true")], "a;b]c%d").unwrap(),
        ["##vso[task.setsecret]a%3Bb%5Dc%AZP25d"]
    );
    assert_eq!(mask(&[("GITLAB_CI", "true")], "secret-value"), None);
    assert_eq!(mask(&[("CI", "true")], "secret-value"), None);
}

#[test]
fn log_groups_carry_an_inert_title() {
    let (github, _) = on(&[("GITHUB_ACTIONS", "true")]);
    assert_eq!(github.group_start("a\n::x").unwrap(), "::group::a ::x");
    assert_eq!(github.group_end().unwrap(), "::endgroup::");
    let (azure, _) = on(&[("TF_BUILD", "true")]);
    assert_eq!(azure.group_start("t").unwrap(), "##[group]t");
    let (gitlab, _) = on(&[("GITLAB_CI", "true")]);
    assert!(gitlab
        .group_start("t")
        .unwrap()
        .ends_with("[collapsed=false]\r\x1b[0Kt"));
    assert_eq!(on(&[]).0.group_start("t"), None);
}

#[test]
fn a_pull_requests_build_is_known_by_any_sign_not_only_its_number() {
    let on_pr = |pairs: &[(&str, &str)]| {
        let (platform, env) = on(pairs);
        platform.on_pull_request(&env)
    };
    let github = |event: &str| on_pr(&[("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", event)]);
    for event in [
        "pull_request",
        "pull_request_target",
        "issue_comment",
        "workflow_run",
        "merge_group",
    ] {
        assert!(github(event), "{event}");
    }
    for event in ["push", "schedule", "workflow_dispatch", "release"] {
        assert!(!github(event), "{event}");
    }
    assert!(on_pr(&[
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_SOURCE", "external_pull_request_event")
    ]));
    assert!(on_pr(&[
        ("GITLAB_CI", "true"),
        ("CI_MERGE_REQUEST_IID", "3")
    ]));
    assert!(!on_pr(&[
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_SOURCE", "push")
    ]));
    let child = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_SOURCE", "parent_pipeline"),
    ];
    assert!(on_pr(&child), "a merge request pipeline's child");
    assert!(!on_pr(&[child[0], child[1], ("CI_COMMIT_BRANCH", "main")]));
    assert!(on_pr(&[
        ("TF_BUILD", "True"),
        ("BUILD_REASON", "PullRequest")
    ]));
    assert!(!on_pr(&[
        ("TF_BUILD", "True"),
        ("BUILD_REASON", "IndividualCI")
    ]));
    assert!(on_pr(&[
        ("BITBUCKET_BUILD_NUMBER", "1"),
        ("BITBUCKET_PR_ID", "5")
    ]));
    assert!(!on_pr(&[]));
}
