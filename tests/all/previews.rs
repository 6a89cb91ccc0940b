//! Pull request previews against a real server: `deploy --preview` makes each deployment's
//! own copy (name, inactive schedules, tags, no triggers, the PR's head commit), a push
//! updates it, the production deployment is untouched, and `preview cleanup` deletes it with
//! its history.

use serde_json::{json, Value};

use crate::support::forge::{Forge, Host};
use crate::support::{json_ok, pinflow, server, text, Scenario, TestProject};

const FLOW: &str = r#"
from prefect import flow

@flow(name="preview-flow")
def main(x: int = 1):
    pass
"#;
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
const PREVIEW: &[&str] = &["deploy", "--all", "--preview", "--output", "json"];

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

/// Flow `flow`'s production deployment, deployed; then a GitLab merge request build (!`mr`
/// of group/app) of a new commit that changes a parameter's default.
fn merge_request(flow: &str, mr: &str) -> Scenario {
    let flows = FLOW.replace("preview-flow", flow);
    let s = Scenario::new(&[("flows.py", &flows), ("prefect.yaml", YAML)]);
    s.json(&["deploy", "--all", "--output", "json"]);
    s.commit(&[("flows.py", &flows.replace("x: int = 1", "x: int = 2"))]);
    s.on("gitlab")
        .branch("feature")
        .env("CI_MERGE_REQUEST_IID", mr)
        .env("CI_PROJECT_PATH", "group/app")
}

/// Runs `pinflow args...` in `s`'s project outside CI (the server's variables only).
fn off_ci(s: &Scenario, args: &[&str]) -> Value {
    json_ok(&pinflow(s.path(), args, &server().vars()))
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
fn a_merge_request_gets_its_own_copy_of_each_deployment() {
    let s = merge_request("preview-copy", "31");
    let out = s.json(PREVIEW);
    assert_eq!(out["deployments"][0]["name"], "preview-copy/prod-pr-31");
    let preview = server()
        .deployment("preview-copy", "prod-pr-31")
        .expect("the preview");
    assert_eq!(preview["version"], &s.project.head()[..8]);
    assert_eq!(
        preview["tags"],
        json!(["etl", "preview", "pr-31", "repo:gitlab.com/group/app"])
    );
    assert_eq!(preview["schedules"][0]["active"], false);
    assert_eq!(
        preview["parameter_openapi_schema"]["properties"]["x"]["default"],
        2
    );
    let preview_id = preview["id"].as_str().unwrap();
    assert_eq!(automations_of(preview_id), 0, "a preview has no triggers");
}

#[test]
fn a_preview_leaves_production_as_it_was() {
    let s = merge_request("preview-prod", "37");
    let prod = server().deployment("preview-prod", "prod").unwrap();
    s.json(PREVIEW);
    let prod_now = server().deployment("preview-prod", "prod").unwrap();
    assert_eq!(prod_now["version"], prod["version"]);
    assert_eq!(prod_now["schedules"][0]["active"], true);
    assert_eq!(automations_of(prod["id"].as_str().unwrap()), 1);
}

#[test]
fn the_next_push_updates_the_same_preview() {
    let s = merge_request("preview-push", "33");
    s.json(PREVIEW);
    let first = server().deployment("preview-push", "prod-pr-33").unwrap();
    let next = s.commit(&[("README.md", "more")]);
    let out = s.json(PREVIEW);
    assert_eq!(out["deployments"][0]["action"], "updated", "{out}");
    let again = server().deployment("preview-push", "prod-pr-33").unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["version"], &next[..8]);
    assert_eq!(server().history_len(first["id"].as_str().unwrap()), 2);
}

#[test]
fn a_plan_of_the_previews_compares_with_the_previews_not_production() {
    let s = merge_request("preview-plan", "34");
    s.json(PREVIEW);
    let out = s.run(&["plan", "--all", "--preview", "--output", "json"]);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["deployments"][0]["change"], "unchanged", "{plan}");
}

#[test]
fn cleanup_of_another_pull_request_or_project_deletes_nothing_and_a_dry_run_lists() {
    let s = merge_request("preview-other", "35");
    s.json(PREVIEW);
    let other = off_ci(
        &s,
        &[
            "preview",
            "cleanup",
            "--pull-request",
            "32",
            "--output",
            "json",
        ],
    );
    assert_eq!(other["deleted"], json!([]));
    let listed = s.json(&["preview", "cleanup", "--dry-run", "--output", "json"]);
    assert_eq!(listed["deleted"][0]["name"], "preview-other/prod-pr-35");
    // Nor does the cleanup of merge request 35 of another project on the same workspace.
    let elsewhere = s.env("CI_PROJECT_PATH", "group/other");
    let other = elsewhere
        .env("PINFLOW_OUTPUT", "json")
        .json(&["preview", "cleanup"]);
    assert_eq!(other["deleted"], json!([]));
    assert!(server().deployment("preview-other", "prod-pr-35").is_some());
}

#[test]
fn closing_the_merge_request_deletes_its_previews_and_their_history() {
    let s = merge_request("preview-close", "36");
    s.json(PREVIEW);
    s.commit(&[("README.md", "more")]);
    s.json(PREVIEW);
    let id = server().deployment("preview-close", "prod-pr-36").unwrap()["id"].clone();
    let shown = s.ok(&["preview", "cleanup"]);
    assert!(
        shown.contains("deleted  preview-close/prod-pr-36") && shown.contains("2 version(s)"),
        "{shown}"
    );
    assert!(server().deployment("preview-close", "prod-pr-36").is_none());
    assert_eq!(server().history_len(id.as_str().unwrap()), 0);
    assert!(server().deployment("preview-close", "prod").is_some());
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

/// A GitHub Actions run of the action (action/run.sh) with `command` on pull request `pr`
/// of `s`'s project, with `comment`, on `forge`.
fn run_action(s: &Scenario, forge: &Forge, pr: &str, command: &str) -> std::process::Output {
    let run = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
    let (git_ref, ref_name) = (format!("refs/pull/{pr}/merge"), format!("{pr}/merge"));
    let vars = s.vars();
    let mut all: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    all.extend([
        ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow")),
        ("PINFLOW_COMMAND", command),
        ("PINFLOW_ALL", "true"),
        ("PINFLOW_PREVIEW", "true"),
        ("PINFLOW_PREVIEW_NAME", "{name}-pr-{number}"),
        ("PINFLOW_OLDER_THAN", ""),
        ("PINFLOW_COMMENT", "true"),
        ("GITHUB_API_URL", forge.url.as_str()),
        ("GITHUB_TOKEN", forge.token.as_str()),
        ("GITHUB_REF", &git_ref),
        ("GITHUB_REF_NAME", &ref_name),
        ("GITHUB_HEAD_REF", "feature"),
    ]);
    let out = crate::support::clean_command("bash", s.path(), &all)
        .arg(&run)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// A project of flow `flow` built on GitHub Actions.
fn on_github(flow: &str) -> Scenario {
    let flows = FLOW.replace("preview-flow", flow);
    Scenario::new(&[("flows.py", &flows), ("prefect.yaml", YAML)]).on("github")
}

#[test]
fn the_action_deploys_previews_comments_on_the_pull_request_and_sums_them_up() {
    let s = on_github("action-preview");
    let forge = Forge::start(Host::Github, "tok-action-canary-3391");
    let out = run_action(&s, &forge, "5", "deploy");
    assert!(server().deployment("action-preview", "prod-pr-5").is_some());
    assert!(server().deployment("action-preview", "prod").is_none());
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
    let md = std::fs::read_to_string(s.path().join("github-summary")).unwrap();
    assert!(
        md.starts_with("### pinflow previews of this pull request\n"),
        "{md}"
    );
    assert!(md.contains("action-preview/prod-pr-5"), "{md}");
}

#[test]
fn the_actions_cleanup_deletes_the_previews_and_says_so_in_the_comment() {
    let s = on_github("action-cleanup");
    let forge = Forge::start(Host::Github, "tok-action-canary-3392");
    run_action(&s, &forge, "6", "deploy");
    assert!(server().deployment("action-cleanup", "prod-pr-6").is_some());
    let out = run_action(&s, &forge, "6", "preview-cleanup");
    assert!(server().deployment("action-cleanup", "prod-pr-6").is_none());
    // With `comment`, the comment says the previews are gone.
    let comments = forge.comments();
    assert_eq!(comments.len(), 1, "{}", text(&out.stderr));
    assert!(
        comments[0]
            .body
            .contains("`pinflow preview cleanup`: `action-cleanup/prod-pr-6`"),
        "{}",
        comments[0].body
    );
    assert_eq!(forge.violations(), Vec::<String>::new());
}
