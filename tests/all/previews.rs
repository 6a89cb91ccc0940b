//! Pull request previews against a real server: `deploy --preview` makes each deployment's
//! own copy (name, inactive schedules, tags, no triggers, the PR's head commit), a push
//! updates it, the production deployment is untouched, and `preview cleanup` deletes it with
//! its history.

use serde_json::{json, Value};

use crate::support::forge::{Forge, Host};
use crate::support::{ci_env, json_ok, pinflow, server, text, TestProject};

const FLOW: &str =
    "from prefect import flow\n\n@flow(name=\"preview-flow\")\ndef main(x: int = 1):\n    pass\n";
const YAML: &str = r#"
deployments:
  - name: prod
    entrypoint: flows.py:main
    tags: [etl]
    work_pool: {name: test-pool}
    schedules:
      - cron: "0 2 * * *"
    triggers:
      - enabled: true
        match: {prefect.resource.id: my.external.resource}
        expect: [external.resource.pinged]
"#;

/// A project of flow `flow` (this file's flow renamed) with this file's deployment.
fn project(flow: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("preview-flow", flow)),
            ("prefect.yaml", YAML),
        ],
        "m",
    )
}

/// The automations whose action runs deployment `id`.
fn automations_of(id: &str) -> usize {
    let all = server().post("/automations/filter", &json!({}));
    all.as_array()
        .unwrap()
        .iter()
        .filter(|a| a["actions"][0]["deployment_id"] == json!(id))
        .count()
}

#[test]
fn a_pull_request_gets_its_own_previews_and_cleanup_removes_them() {
    let s = server();
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", YAML)], "main");
    let vars = s.vars();
    json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--output", "json"],
        &vars,
    ));
    let prod = s.deployment("preview-flow", "prod").unwrap();

    // A GitLab merge request build (!31) of a new commit.
    let head = p.commit(
        &[("flows.py", &FLOW.replace("x: int = 1", "x: int = 2"))],
        "feature",
    );
    let mut env: Vec<(&str, String)> = ci_env("gitlab", &head, "feature", p.path());
    env.push(("CI_MERGE_REQUEST_IID", "31".into()));
    env.push(("CI_PROJECT_PATH", "group/app".into()));
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend(vars.iter().copied());
    let out = json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--preview", "--output", "json"],
        &all,
    ));
    assert_eq!(out["deployments"][0]["name"], "preview-flow/prod-pr-31");
    let preview = s
        .deployment("preview-flow", "prod-pr-31")
        .expect("the preview");
    assert_eq!(preview["version"], &head[..8]);
    assert_eq!(
        preview["tags"],
        json!(["etl", "preview", "pr-31", "repo:gitlab.com/group/app"])
    );
    assert_eq!(preview["schedules"][0]["active"], false);
    assert_eq!(
        preview["parameter_openapi_schema"]["properties"]["x"]["default"],
        2
    );
    let preview_id = preview["id"].as_str().unwrap().to_owned();
    assert_eq!(automations_of(&preview_id), 0, "a preview has no triggers");
    // Production is as it was.
    let prod_now = s.deployment("preview-flow", "prod").unwrap();
    assert_eq!(prod_now["version"], prod["version"]);
    assert_eq!(prod_now["schedules"][0]["active"], true);
    assert_eq!(automations_of(prod["id"].as_str().unwrap()), 1);

    // The next push updates the same preview: a new version, not a new deployment.
    let next = p.commit(&[("README.md", "more")], "next push");
    let env_next: Vec<(&str, String)> = env
        .iter()
        .map(|(k, v)| (*k, if v == &head { next.clone() } else { v.clone() }))
        .collect();
    let mut all: Vec<(&str, &str)> = env_next.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend(vars.iter().copied());
    let out = json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--preview", "--output", "json"],
        &all,
    ));
    assert_eq!(out["deployments"][0]["action"], "updated", "{out}");
    let again = s.deployment("preview-flow", "prod-pr-31").unwrap();
    assert_eq!(again["id"], json!(preview_id));
    assert_eq!(again["version"], &next[..8]);
    assert_eq!(server().history_len(&preview_id), 2);

    // A plan of the previews compares with the previews, not with production.
    let out = pinflow(
        p.path(),
        &["plan", "--all", "--preview", "--output", "json"],
        &all,
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["deployments"][0]["change"], "unchanged", "{plan}");

    // Cleanup of another pull request's previews deletes nothing; a dry run lists ours.
    let other = json_ok(&pinflow(
        p.path(),
        &[
            "preview",
            "cleanup",
            "--pull-request",
            "32",
            "--output",
            "json",
        ],
        &vars,
    ));
    assert_eq!(other["deleted"], json!([]));
    // Nor does the cleanup of merge request 31 of another project on the same workspace.
    let mut elsewhere: Vec<(&str, &str)> = all
        .iter()
        .map(|&(k, v)| {
            (
                k,
                if k == "CI_PROJECT_PATH" {
                    "group/other"
                } else {
                    v
                },
            )
        })
        .collect();
    elsewhere.push(("PINFLOW_OUTPUT", "json"));
    let other = json_ok(&pinflow(p.path(), &["preview", "cleanup"], &elsewhere));
    assert_eq!(other["deleted"], json!([]));
    let listed = json_ok(&pinflow(
        p.path(),
        &["preview", "cleanup", "--dry-run", "--output", "json"],
        &all,
    ));
    assert_eq!(listed["deleted"][0]["name"], "preview-flow/prod-pr-31");
    assert!(s.deployment("preview-flow", "prod-pr-31").is_some());

    // On the merge request's close: the preview and its history go; production stays.
    let out = pinflow(p.path(), &["preview", "cleanup"], &all);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("deleted  preview-flow/prod-pr-31") && shown.contains("2 version(s)"),
        "{shown}"
    );
    assert!(s.deployment("preview-flow", "prod-pr-31").is_none());
    assert_eq!(server().history_len(&preview_id), 0);
    assert!(s.deployment("preview-flow", "prod").is_some());
}

#[test]
fn previews_say_what_they_need() {
    let s = server();
    let p = project("preview-flow");
    // Not a pull request build, and no --pull-request.
    let out = pinflow(p.path(), &["deploy", "--all", "--preview"], &s.vars());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--pull-request N"),
        "{}",
        text(&out.stderr)
    );
    // A pattern that would give every pull request's previews one name.
    let out = pinflow(
        p.path(),
        &[
            "deploy",
            "--all",
            "--preview",
            "--pull-request",
            "3",
            "--preview-name",
            "{name}-preview",
        ],
        &s.vars(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has no {number}"),
        "{}",
        text(&out.stderr)
    );
    // Cleanup without a pull request or an age.
    let out = pinflow(p.path(), &["preview", "cleanup"], &s.vars());
    assert_eq!(out.status.code(), Some(2));
    let out = pinflow(
        p.path(),
        &["preview", "cleanup", "--older-than", "7 days"],
        &s.vars(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a duration"),
        "{}",
        text(&out.stderr)
    );
    assert!(s.deployment("preview-flow", "prod-pr-3").is_none());
}

#[test]
fn old_previews_are_swept_by_age() {
    let s = server();
    let p = project("sweep-flow");
    let mut vars = s.vars();
    vars.extend([("PINFLOW_PULL_REQUEST", "77")]);
    json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--preview", "--output", "json"],
        &vars,
    ));
    assert!(s.deployment("sweep-flow", "prod-pr-77").is_some());
    // Updated just now: not older than a day, so it stays.
    let kept = json_ok(&pinflow(
        p.path(),
        &[
            "preview",
            "cleanup",
            "--older-than",
            "1d",
            "--output",
            "json",
        ],
        &s.vars(),
    ));
    assert!(
        !kept["deleted"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "sweep-flow/prod-pr-77"),
        "{kept}"
    );
    assert!(s.deployment("sweep-flow", "prod-pr-77").is_some());
    // A second later it is older than 0 minutes: swept (narrowed to this pull request, as the
    // server is shared with other tests' previews).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let swept = json_ok(&pinflow(
        p.path(),
        &[
            "preview",
            "cleanup",
            "--older-than",
            "0m",
            "--output",
            "json",
        ],
        &vars,
    ));
    assert_eq!(
        swept["deleted"][0]["name"], "sweep-flow/prod-pr-77",
        "{swept}"
    );
    assert!(s.deployment("sweep-flow", "prod-pr-77").is_none());
}

#[test]
fn the_action_deploys_previews_and_cleans_them_up() {
    let s = server();
    let p = project("action-preview");
    let sha = p.head();
    let run = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
    let output = p.path().join("gh-output");
    let summary = p.path().join("gh-summary.md");
    let forge = Forge::start(Host::Github, "tok-action-canary-3391");
    let step = |command: &str| {
        let vars = [
            s.vars().as_slice(),
            &[
                ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow")),
                ("PINFLOW_COMMAND", command),
                ("PINFLOW_ALL", "true"),
                ("PINFLOW_PREVIEW", "true"),
                ("PINFLOW_PREVIEW_NAME", "{name}-pr-{number}"),
                ("PINFLOW_OLDER_THAN", ""),
                ("PINFLOW_COMMENT", "true"),
                ("GITHUB_API_URL", forge.url.as_str()),
                ("GITHUB_TOKEN", forge.token.as_str()),
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_OUTPUT", output.to_str().unwrap()),
                ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
                ("GITHUB_SHA", sha.as_str()),
                ("GITHUB_REF", "refs/pull/5/merge"),
                ("GITHUB_REF_NAME", "5/merge"),
                ("GITHUB_HEAD_REF", "feature"),
                ("GITHUB_REPOSITORY", "org/repo"),
            ],
        ]
        .concat();
        crate::support::clean_command("bash", p.path(), &vars)
            .arg(&run)
            .output()
            .unwrap()
    };
    let out = step("deploy");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(s.deployment("action-preview", "prod-pr-5").is_some());
    assert!(s.deployment("action-preview", "prod").is_none());
    // The action's `comment` input: the previews in a comment on pull request 5.
    let comments = forge.comments();
    assert_eq!(comments.len(), 1, "{}", text(&out.stderr));
    assert!(comments[0].body.contains("action-preview/prod-pr-5"));
    assert_eq!(forge.violations(), Vec::<String>::new());
    // Besides GET /user (whose the token is), only pull request 5's comments.
    assert!(forge
        .requests()
        .iter()
        .all(|r| r.contains("/issues/5/") || r == "GET /user"));
    // The job summary says these are the pull request's previews, as the comment does.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("### pinflow previews of this pull request\n"),
        "{md}"
    );
    assert!(md.contains("action-preview/prod-pr-5"), "{md}");
    let out = step("preview-cleanup");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(s.deployment("action-preview", "prod-pr-5").is_none());
    // With `comment`, the comment says the previews are gone.
    let comments = forge.comments();
    assert_eq!(comments.len(), 1, "{}", text(&out.stderr));
    assert!(
        comments[0]
            .body
            .contains("`pinflow preview cleanup`: `action-preview/prod-pr-5`"),
        "{}",
        comments[0].body
    );
    assert_eq!(forge.violations(), Vec::<String>::new());
}
