//! Each platform's renderer, from fixture reports.

use super::*;
use crate::deploy::{Action, DeployReport, Outcome, Pinned};
use crate::env::Env;
use crate::error::Location;
use crate::platform::{detect, Platform};
use crate::vcs::VersionInfo;

fn outcome(name: &str, id: &str, version: &str, message: &str) -> Outcome {
    Outcome {
        name: name.into(),
        id: Some(id.into()),
        flow_id: Some("f".into()),
        action: Action::Created,
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
        pruned: Vec::new(),
    }
}

/// The platform the variables `pairs` say.
fn on(pairs: &[(&str, &str)]) -> std::sync::Arc<dyn Platform> {
    detect(
        &Env::from_pairs(pairs.iter().copied()),
        std::path::Path::new("/w"),
    )
}

fn write(platform: std::sync::Arc<dyn Platform>, report: &DeployReport) {
    Reporter::new(&*platform, &Secrets::default())
        .outputs(report, &deploy_markdown(report, false))
        .unwrap();
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
    let platform = on(&[
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
    ]);
    write(platform, &report("Fix | pipes <b>"));
    let out = std::fs::read_to_string(output).unwrap();
    assert!(
        out.starts_with(
            "deployment-ids=id-1,id-2\nversion=1a2b3c4d\ndeployments<<PINFLOW_EOF_7f3a\n[{"
        ),
        "{out}"
    );
    assert!(out.ends_with("\nPINFLOW_EOF_7f3a\n"));
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.contains("| [`etl/prod`](http://h/deployments/deployment/id-1) | created | `1a2b3c4d` | `01234567` | `main` | `Fix \\| pipes <b>` |"), "{md}");
}

#[test]
fn gitlab_and_bitbucket_dotenv() {
    let dir = tempfile::tempdir().unwrap();
    let gitlab = [
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_DIR", dir.path().to_str().unwrap()),
    ];
    write(on(&gitlab), &report("m"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pinflow.env")).unwrap(),
        "PINFLOW_DEPLOYMENT_IDS=id-1,id-2\nPINFLOW_VERSION=1a2b3c4d\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let bitbucket = [
        ("BITBUCKET_BUILD_NUMBER", "1"),
        ("BITBUCKET_CLONE_DIR", dir.path().to_str().unwrap()),
    ];
    write(on(&bitbucket), &report("m"));
    assert!(std::fs::read_to_string(dir.path().join("pinflow.env"))
        .unwrap()
        .contains("PINFLOW_VERSION=1a2b3c4d"));
}

#[test]
fn annotations_and_issues_carry_file_and_line() {
    let err = Error::project("missing, 100%")
        .at(Location::line("prefect.yaml", Some(7)).what("deployment \"a\", `entrypoint`"));
    let github = on(&[("GITHUB_ACTIONS", "true")]);
    let annotation = github.annotation(Severity::Error, &err.to_string(), err.location());
    assert_eq!(annotation.unwrap(), "::error file=prefect.yaml,line=7::prefect.yaml:7 (deployment \"a\", `entrypoint`): missing, 100%25");
    let azure = on(&[("TF_BUILD", "true")]);
    assert_eq!(
        azure
            .annotation(
                Severity::Error,
                "bad\nthing",
                Some(&Location::line("p;y", Some(3)))
            )
            .unwrap(),
        "##vso[task.logissue type=error;sourcepath=p%3By;linenumber=3]bad thing"
    );
}

#[test]
fn hostile_commit_text_cannot_run_commands_in_the_summary() {
    let md = deploy_markdown(
        &report("::error::x\n##vso[task.complete result=Failed]"),
        false,
    );
    assert!(!md.contains("\n::") && !md.contains("##vso["), "{md}");
}

#[test]
fn secrets_are_redacted_from_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Secrets::default();
    secrets.learn("s3cr3t-version");
    let mut r = report("m");
    for d in &mut r.deployments {
        d.version = Some("s3cr3t-version".into());
    }
    let platform = on(&[
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_DIR", dir.path().to_str().unwrap()),
    ]);
    Reporter::new(&*platform, &secrets)
        .outputs(&r, &deploy_markdown(&r, false))
        .unwrap();
    let env = std::fs::read_to_string(dir.path().join("pinflow.env")).unwrap();
    assert!(
        env.contains("PINFLOW_VERSION=___\n") && !env.contains("s3cr3t"),
        "{env}"
    );
}

#[test]
fn text_ends_with_a_summary_line() {
    let mut r = report("m");
    r.deployments[1].action = Action::Unchanged;
    let text = text::deploy(&r, std::time::Duration::from_millis(1234));
    assert!(
        text.ends_with("1 created, 0 updated, 1 unchanged, 0 failed in 1.23 s\n"),
        "{text}"
    );
}

#[test]
fn tables_align_columns_and_versions_have_a_header_and_zones() {
    let rows = vec![
        vec!["ok".to_owned(), "a/long-name".into(), "(f.py:x)".into()],
        vec!["FAILED".to_owned(), "b".into()],
    ];
    assert_eq!(
        text::table(&rows),
        "ok      a/long-name  (f.py:x)\nFAILED  b\n"
    );
    let report = crate::history::VersionsReport {
        deployment: "etl/prod".into(),
        id: "d".into(),
        live: Some("v-1".into()),
        cloud_version_id: None,
        versions: vec![crate::history::VersionEntry {
            id: "v-1".into(),
            version: "1a2b3c4d".into(),
            version_info: serde_json::json!({"branch": "main", "commit_sha": "1a2b3c4d5e", "message": "Fix\nit"}),
            created: "2026-11-30T14:18:07.123456Z".into(),
            live: true,
            ci: serde_json::json!({"actor": "ann"}),
        }],
    };
    let shown = text::versions(&report);
    assert!(
        shown.contains("   VERSION   BRANCH  COMMIT    CREATED"),
        "{shown}"
    );
    assert!(
        shown.contains("*  1a2b3c4d  main    1a2b3c4d  2026-11-30 14:18:07 UTC  Fix it   ann  v-1"),
        "{shown}"
    );
}

#[test]
fn a_failure_in_markdown_stays_inside_its_fence() {
    let err = Error::project("prefect.yaml:3: ```\n## injected heading\n````` no");
    let md = failure_markdown("pinflow plan", &err);
    let fence = md.lines().nth(2).unwrap().trim_end_matches("text");
    assert!(fence.len() > 5 && fence.chars().all(|c| c == '`'), "{md}");
    assert!(md.trim_end().ends_with(fence));
    assert_eq!(md.matches(fence).count(), 2, "{md}");
}
