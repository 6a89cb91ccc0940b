//! Native CI outputs through the binary, from each platform's environment, on the real server.

use serde_json::Value;

use crate::support::{ci_env, ci_files, pinflow, server, text, with, Scenario, TestProject};

const FLOW: &str = r#"
from prefect import flow

@flow(name="FLOW")
def main():
    pass
"#;
const YAML: &str = r#"deployments:
  - name: a
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
  - name: b
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
"#;
const HOSTILE: &str =
    "##vso[task.setvariable variable=pwned]yes\n::error::pwned\n\x1b[31m##[group]pwned";

fn project(flow: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", flow)),
            ("prefect.yaml", YAML),
        ],
        HOSTILE,
    )
}

/// No line a runner would execute carries text from the commit.
fn assert_inert(stream: &str) {
    for line in stream.lines() {
        if line.starts_with("::") || line.contains("##vso[") || line.contains("##[") {
            assert!(
                !line.contains("pwned"),
                "commit text reached a command line: {line:?}"
            );
        }
    }
}

/// A GitHub Actions build of flow `flow`'s project whose commit message is HOSTILE.
fn on_github(flow: &str) -> Scenario {
    let flows = FLOW.replace("FLOW", flow);
    let s = Scenario::new(&[("flows.py", &flows), ("prefect.yaml", YAML)]).on("github");
    s.project.commit(&[], HOSTILE);
    s
}

#[test]
fn github_outputs_hold_the_ids_the_version_and_the_deployments_whole() {
    let s = on_github("ci-github");
    let report = s.json(&["deploy", "--all", "--output", "json"]);
    let ids: Vec<&str> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let written = std::fs::read_to_string(s.path().join("github-output")).unwrap();
    assert!(
        written.contains(&format!("deployment-ids={}\n", ids.join(","))),
        "{written}"
    );
    let sha = s.project.head();
    assert!(
        written.contains(&format!("version={}\n", &sha[..8])),
        "{written}"
    );
    let json = written
        .split("deployments<<PINFLOW_EOF_7f3a\n")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    let deployments: Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        deployments[0]["version_info"]["message"],
        "##vso[task.setvariable variable=pwned]yes"
    );
}

#[test]
fn the_github_summary_links_each_deployment_and_no_log_line_runs_commit_text() {
    let s = on_github("ci-github-summary");
    let out = s.run(&["deploy", "--all", "--output", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = report["deployments"][0]["id"].as_str().unwrap();
    let md = std::fs::read_to_string(s.path().join("github-summary")).unwrap();
    let ui = server().api_url.trim_end_matches("/api").to_owned();
    assert!(
        md.contains(&format!(
            "[`ci-github-summary/a`]({ui}/deployments/deployment/{id})"
        )),
        "{md}"
    );
    assert!(text(&out.stderr).contains("::group::pinflow deploy"));
    assert_inert(&text(&out.stdout));
    assert_inert(&text(&out.stderr));
    assert_inert(&md);
    let versions = s.run(&["versions", "ci-github-summary/a"]);
    assert_inert(&text(&versions.stdout));
}

#[test]
fn a_project_error_is_a_github_annotation_at_its_file_and_line() {
    let s = on_github("ci-github-error");
    let gone = YAML.replacen("flows.py:main", "gone.py:main", 1);
    std::fs::write(s.path().join("prefect.yaml"), gone).unwrap();
    let err = s.exits(&["deploy", "--all"], 3);
    assert!(
        err.contains("::error file=") && err.contains("prefect.yaml,line=3::"),
        "{err}"
    );
}

#[test]
fn azure_output_variables_and_issues() {
    let s = server();
    let p = project("ci-azure");
    let sha = p.head();
    let env = ci_env("azure", &sha, "main", p.path());
    let mut vars = with(&s.vars(), &env);
    vars.push(("BUILD_SOURCEVERSIONMESSAGE", HOSTILE));
    let out = pinflow(p.path(), &["deploy", "--all"], &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "##vso[task.setvariable variable=version;isOutput=true]{}",
            &sha[..8]
        )),
        "{err}"
    );
    assert!(
        err.contains("##vso[task.setvariable variable=deploymentIds;isOutput=true]"),
        "{err}"
    );
    assert_inert(&err);
    assert_inert(&text(&out.stdout));
    let out = pinflow(p.path(), &["deploy", "nope"], &vars);
    assert!(
        text(&out.stderr).contains("##vso[task.logissue type=error]no deployment matches"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn gitlab_and_bitbucket_dotenv_files() {
    let s = server();
    let p = project("ci-gitlab");
    let sha = p.head();
    let env = ci_env("gitlab", &sha, "main", p.path());
    let out = pinflow(p.path(), &["deploy", "--all"], &with(&s.vars(), &env));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let env = std::fs::read_to_string(p.path().join("pinflow.env")).unwrap();
    assert!(
        env.starts_with("PINFLOW_DEPLOYMENT_IDS=")
            && env.contains(&format!("PINFLOW_VERSION={}\n", &sha[..8])),
        "{env}"
    );
    assert!(text(&out.stderr).contains("section_start:"));

    let q = project("ci-bitbucket");
    let sha = q.head();
    let env = ci_env("bitbucket", &sha, "main", q.path());
    let out = pinflow(q.path(), &["deploy", "--all"], &with(&s.vars(), &env));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(q.path().join("pinflow.env"))
        .unwrap()
        .contains(&sha[..8]));
    assert!(
        text(&out.stderr).contains("✔ pinflow deployed 2 deployment(s)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_hostile_branch_name_is_inert_on_every_platform() {
    let s = server();
    let p = project("ci-branch");
    let sha = p.head();
    // Git allows all of this in a branch name (no spaces, no colons): a CI variable carries it.
    let branch = "##vso[task.setvariable]pwned##[group]pwned\x1b[31m";
    for platform in ["github", "gitlab", "bitbucket", "azure"] {
        let env = ci_env(platform, &sha, branch, p.path());
        let vars = with(&s.vars(), &env);
        for args in [
            vec!["deploy", "--all", "--force"],
            vec!["deploy", "--all", "--force", "--output", "json"],
            vec!["versions", "ci-branch/a"],
            vec!["version-info", "--output", "env"],
        ] {
            let out = pinflow(p.path(), &args, &vars);
            assert!(
                out.status.success(),
                "{platform} {args:?}: {}",
                text(&out.stderr)
            );
            for stream in [text(&out.stdout), text(&out.stderr)]
                .into_iter()
                .chain(ci_files(p.path()))
            {
                assert_inert(&stream);
                // (GitLab's own section markers are escapes too; the branch's colour is not.)
                assert!(
                    !stream.contains("\x1b[31m"),
                    "{platform} {args:?}: the branch's escape: {stream:?}"
                );
            }
        }
    }
}

#[test]
fn a_failed_run_says_why_in_the_github_job_summary() {
    let s = server();
    let p = TestProject::new(
        &[(
            "prefect.yaml",
            r#"deployments:
  - name: broken
    entrypoint: missing.py:main
    work_pool: {name: test-pool}
"#,
        )],
        "a broken entrypoint",
    );
    let ci = ci_env("github", &p.head(), "main", p.path());
    for command in ["deploy", "plan"] {
        let _ = std::fs::remove_file(p.path().join("github-summary"));
        let out = pinflow(p.path(), &[command, "--all"], &with(&s.vars(), &ci));
        assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
        let summary = std::fs::read_to_string(p.path().join("github-summary"))
            .unwrap_or_else(|_| panic!("{command}: no job summary"));
        assert!(
            summary.contains(&format!("### pinflow {command} failed"))
                && summary.contains("missing.py"),
            "{command}: {summary}"
        );
    }
}
