//! Each platform's renderer from fixture environments.

use super::*;
use crate::deploy::{DeployReport, Outcome, Pinned};
use crate::vcs::VersionInfo;

fn outcome(name: &str, id: &str, version: &str, message: &str) -> Outcome {
    Outcome {
        name: name.into(),
        id: Some(id.into()),
        flow_id: Some("f".into()),
        action: "created",
        version: Some(version.into()),
        version_info: VersionInfo {
            kind: "vcs:github".into(),
            version: version.into(),
            commit_sha: Some("0123456789abcdef".into()),
            message: Some(message.into()),
            branch: Some("main".into()),
            repository: Some("org/repo".into()),
            url: Some("https://github.com/org/repo/tree/0123".into()),
        },
        pinned: Pinned::default(),
        url: Some(format!("http://h/deployments/deployment/{id}")),
        request: None,
        error: None,
    }
}

fn report(message: &str) -> DeployReport {
    DeployReport {
        deployments: vec![
            outcome("etl/prod", "id-1", "1a2b3c4d", message),
            outcome("etl/dev", "id-2", "1a2b3c4d", message),
        ],
        secrets: vec![],
    }
}

#[test]
fn detection_by_marker_variables() {
    let dir = std::path::Path::new("/w");
    let detect =
        |pairs: &[(&str, &str)]| Platform::detect(&Env::from_pairs(pairs.iter().copied()), dir);
    assert!(matches!(
        detect(&[("GITHUB_ACTIONS", "true")]),
        Platform::Github { .. }
    ));
    assert_eq!(
        detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/tmp")]),
        Platform::Gitlab { dir: "/tmp".into() }
    );
    assert_eq!(
        detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/nonexistent")]),
        Platform::Gitlab { dir: "/w".into() }
    );
    assert_eq!(
        detect(&[("BITBUCKET_BUILD_NUMBER", "3")]),
        Platform::Bitbucket { dir: "/w".into() }
    );
    assert_eq!(detect(&[("TF_BUILD", "True")]), Platform::Azure);
    assert_eq!(detect(&[("CI", "true")]), Platform::None);
    // gitlab-ci-local says GITLAB_CI=false and runs jobs as GitLab does.
    assert_eq!(
        detect(&[("GITLAB_CI", "false")]),
        Platform::Gitlab { dir: "/w".into() }
    );
    // Set, but saying no.
    assert_eq!(detect(&[("GITHUB_ACTIONS", "false")]), Platform::None);
    assert_eq!(detect(&[("TF_BUILD", "False")]), Platform::None);
}

#[test]
fn outputs_share_the_version_only_when_all_agree() {
    let mut r = report("m");
    let out = Outputs::of(&r);
    assert_eq!(out.deployment_ids, "id-1,id-2");
    assert_eq!(out.version, "1a2b3c4d");
    assert!(!out.deployments.contains('\n'));
    r.deployments[1].version = Some("other".into());
    assert_eq!(Outputs::of(&r).version, "");
}

#[test]
fn github_output_file_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (output, summary) = (dir.path().join("out"), dir.path().join("summary.md"));
    let platform = Platform::Github {
        output: Some(output.clone()),
        summary: Some(summary.clone()),
    };
    platform.deploy_outputs(&report("Fix | pipes <b>")).unwrap();
    let out = std::fs::read_to_string(output).unwrap();
    assert!(
        out.starts_with(
            "deployment-ids=id-1,id-2\nversion=1a2b3c4d\ndeployments<<PINFLOW_EOF_7f3a\n[{"
        ),
        "{out}"
    );
    assert!(out.ends_with("\nPINFLOW_EOF_7f3a\n"));
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.contains("| [etl/prod](http://h/deployments/deployment/id-1) | created | 1a2b3c4d | `01234567` | main | Fix \\| pipes &lt;b&gt; |"), "{md}");
}

#[test]
fn gitlab_and_bitbucket_dotenv() {
    let dir = tempfile::tempdir().unwrap();
    Platform::Gitlab {
        dir: dir.path().into(),
    }
    .deploy_outputs(&report("m"))
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pinflow.env")).unwrap(),
        "PINFLOW_DEPLOYMENT_IDS=id-1,id-2\nPINFLOW_VERSION=1a2b3c4d\n"
    );
    let dir = tempfile::tempdir().unwrap();
    Platform::Bitbucket {
        dir: dir.path().into(),
    }
    .deploy_outputs(&report("m"))
    .unwrap();
    assert!(std::fs::read_to_string(dir.path().join("pinflow.env"))
        .unwrap()
        .contains("PINFLOW_VERSION=1a2b3c4d"));
}

#[test]
fn annotations_and_issues_carry_file_and_line() {
    let err = Error::project("prefect.yaml:7 (deployment \"a\", `entrypoint`): missing, 100%");
    let loc = err.location();
    assert_eq!(github::annotation(&err.to_string(), loc.as_ref()), "::error file=prefect.yaml,line=7::prefect.yaml:7 (deployment \"a\", `entrypoint`): missing, 100%25");
    assert_eq!(
        azure::issue("bad\nthing", Some(&("p;y".into(), 3))),
        "##vso[task.logissue type=error;sourcepath=p%3By;linenumber=3]bad thing"
    );
}

#[test]
fn hostile_commit_text_cannot_run_commands() {
    for hostile in [
        "::add-mask::x",
        "x\n::error::pwned",
        "##vso[task.setvariable variable=a]b",
        "\x1b[31mred ##[group]g",
    ] {
        let safe = escape_line(hostile);
        assert!(
            !safe.starts_with("::")
                && !safe.contains("\n")
                && !safe.contains("##vso[")
                && !safe.contains("##[")
                && !safe.contains('\x1b'),
            "{hostile:?} -> {safe:?}"
        );
    }
    let md = github::summary_table(&report("::error::x\n##vso[task.complete result=Failed]"));
    assert!(!md.contains("\n::") && !md.contains("##vso["), "{md}");
}

#[test]
fn whole_outputs_are_made_inert_line_by_line() {
    let out = inert_text("::error::x\nok ##vso[task.complete]\n\tmain\x1b[31m\nlast");
    assert_eq!(
        out,
        ":\u{200b}:error::x\nok #\u{200b}#vso[task.complete]\n main [31m\nlast"
    );
    assert_eq!(inert_text("a\n\n"), "a\n\n");
}
