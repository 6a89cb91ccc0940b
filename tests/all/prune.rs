//! `--prune` against a real server: only the deployments pinflow deployed from this
//! repository and project file, and that nobody changed since, are deleted when the file no
//! longer declares them; a hand-made deployment, one made by `prefect deploy`, one of another
//! repository or project file, and one edited since are never deleted.

use serde_json::{json, Value};

use crate::support::{
    deployments_yaml as file, ok, pinflow, prefect_deploy, server, text, TestProject,
};

const FLOW: &str = r#"from prefect import flow

@flow(name="prune-flow")
def main(source: str = "a"):
    pass
"#;

/// The server's variables and a GitHub Actions build of `repository`.
fn github<'a>(vars: &[(&'a str, &'a str)], repository: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut all = vars.to_vec();
    all.extend([
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", repository),
    ]);
    all
}

fn plan_json(p: &TestProject, vars: &[(&str, &str)]) -> Value {
    let out = pinflow(
        p.path(),
        &["plan", "--all", "--prune", "--output", "json"],
        vars,
    );
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn deleted_in(plan: &Value) -> Vec<&str> {
    plan["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["change"] == "delete")
        .map(|d| d["name"].as_str().unwrap())
        .collect()
}

#[test]
fn prune_deletes_only_what_this_project_deployed_and_no_longer_declares() {
    let s = server();
    let vars = s.vars();
    let ours = github(&vars, "org/prune-ours");
    let theirs = github(&vars, "org/prune-theirs");
    let everything = ["keep", "gone", "edited", "by-prefect", "theirs"];
    let p = TestProject::new(
        &[
            ("flows.py", FLOW),
            ("prefect.yaml", &file(&everything)),
            ("other.yaml", &file(&["other-file"])),
        ],
        "first",
    );
    ok(&pinflow(
        p.path(),
        &["deploy", "keep", "gone", "edited"],
        &ours,
    ));
    ok(&pinflow(p.path(), &["deploy", "theirs"], &theirs));
    ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--prefect-file", "other.yaml"],
        &ours,
    ));
    prefect_deploy(p.path(), &["-n", "by-prefect"], &vars);
    let flow = s.deployment("prune-flow", "keep").unwrap()["flow_id"].clone();
    s.post(
        "/deployments/",
        &json!({"name": "by-hand", "flow_id": flow}),
    );
    // Edited outside pinflow since it deployed it.
    let edited = s.deployment("prune-flow", "edited").unwrap();
    let edited_id = edited["id"].as_str().unwrap();
    s.patch(
        &format!("/deployments/{edited_id}"),
        &json!({"description": "changed in the UI"}),
    );
    let gone_id = s.deployment("prune-flow", "gone").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(s.history_len(&gone_id) > 0);

    // The file now declares only `keep`.
    p.commit(&[("prefect.yaml", &file(&["keep"]))], "second");
    let out = pinflow(p.path(), &["deploy", "--prune"], &ours);
    assert_eq!(out.status.code(), Some(2), "--prune needs --all");
    assert!(text(&out.stderr).contains("--prune needs --all"));

    let plan = plan_json(&p, &ours);
    assert_eq!(deleted_in(&plan), ["prune-flow/gone"], "{plan}");
    let shown = text(&pinflow(p.path(), &["plan", "--all", "--prune"], &ours).stdout);
    assert!(shown.contains("1 to delete"), "{shown}");
    assert!(
        s.deployment("prune-flow", "gone").is_some(),
        "a plan deletes nothing"
    );

    let out = pinflow(p.path(), &["deploy", "--all", "--prune"], &ours);
    let shown = ok(&out);
    assert!(
        shown.contains("deleted") && shown.contains("prune-flow/gone"),
        "{shown}"
    );
    assert!(
        text(&out.stderr).contains("prune-flow/edited is no longer in prefect.yaml"),
        "the edited deployment is named as left alone: {}",
        text(&out.stderr)
    );
    assert!(s.deployment("prune-flow", "gone").is_none());
    assert_eq!(s.history_len(&gone_id), 0, "its history goes with it");
    for kept in [
        "keep",
        "edited",
        "by-prefect",
        "by-hand",
        "theirs",
        "other-file",
    ] {
        assert!(s.deployment("prune-flow", kept).is_some(), "{kept} is kept");
    }
    // Nothing more to prune.
    let out = pinflow(
        p.path(),
        &["plan", "--all", "--prune", "--output", "json"],
        &ours,
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(deleted_in(&plan).is_empty(), "{plan}");
}

#[test]
fn a_pull_requests_build_may_show_what_prune_would_delete_but_never_delete_it() {
    let s = server();
    let vars = s.vars();
    let mut pr = github(&vars, "org/prune-pr");
    pr.push(("GITHUB_REF", "refs/pull/7/merge"));
    let p = TestProject::new(
        &[("flows.py", FLOW), ("prefect.yaml", &file(&["stay", "go"]))],
        "first",
    );
    ok(&pinflow(
        p.path(),
        &["deploy", "--all"],
        &github(&vars, "org/prune-pr"),
    ));
    p.commit(&[("prefect.yaml", &file(&["stay"]))], "the branch drops go");
    let out = pinflow(p.path(), &["deploy", "--all", "--prune"], &pr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("pull request"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(deleted_in(&plan_json(&p, &pr)), ["prune-flow/go"]);
    assert!(
        s.deployment("prune-flow", "go").is_some(),
        "nothing is deleted"
    );
}
