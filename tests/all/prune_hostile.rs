//! Hostile cases of `--prune` and drift, found by a red team: another repository's clone,
//! an edit made in the UI, a pull request pipeline pinflow has no number for, and a server
//! answering with thousands of schedules.

use crate::support::{deployments_yaml as file, ok, pinflow, server, text, TestProject};

const FLOW_A: &str = r#"from prefect import flow

@flow(name="team-a-flow")
def main():
    pass
"#;

const FLOW_B: &str = r#"from prefect import flow

@flow(name="team-b-flow")
def main():
    pass
"#;

/// Outside CI the repository is unknown, so every repository's root `prefect.yaml` would have
/// the same origin: `--prune` run from one team's clone on a laptop would delete another team's
/// deployments. It is refused there.
#[test]
fn prune_outside_ci_never_deletes_another_repositorys_deployments() {
    let s = server();
    let vars = s.vars();
    let a = TestProject::new(
        &[("flows.py", FLOW_A), ("prefect.yaml", &file(&["nightly"]))],
        "team a",
    );
    let b = TestProject::new(
        &[("flows.py", FLOW_B), ("prefect.yaml", &file(&["hourly"]))],
        "team b",
    );
    ok(&pinflow(a.path(), &["deploy", "--all"], &vars));
    ok(&pinflow(b.path(), &["deploy", "--all"], &vars));
    let out = pinflow(b.path(), &["deploy", "--all", "--prune"], &vars);
    assert_eq!(out.status.code(), Some(2), "refused outside CI");
    assert!(
        text(&out.stderr).contains("--prune needs to know which repository"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        s.deployment("team-a-flow", "nightly").is_some(),
        "team b's prune deleted team a's deployment"
    );
}

/// A server's answer is attacker-controlled: the live deployment's schedules and its newest
/// history record's `deployed.schedules` are both the server's, and drift pairs them with
/// `pair_schedules`, whose `same_value` (two canonical JSON strings per pair) and slug scan run
/// for every live × recorded pair. 1500 of each (a few hundred KiB, far under the answer caps)
/// keep a plan busy for a minute in a debug build, and the time grows with the square.
#[test]
fn drift_over_a_hostile_servers_schedules_is_bounded_in_time() {
    use serde_json::{json, Value};
    const N: usize = 1500;
    let s = server();
    let vars = s.vars();
    let p = TestProject::new(
        &[
            (
                "flows.py",
                FLOW_A.replace("team-a-flow", "many-schedules").as_str(),
            ),
            (
                "prefect.yaml",
                &(file(&["drifty"]) + "    schedules:\n      - cron: \"0 * * * *\"\n"),
            ),
        ],
        "one",
    );
    ok(&pinflow(p.path(), &["deploy", "--all"], &vars));
    let id = s.deployment("many-schedules", "drifty").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let live: Vec<Value> = (0..N)
        .map(|i| {
            json!({"schedule": {"cron": format!("{} {} * * *", i % 60, i / 60 % 24)},
                        "active": true, "slug": format!("live-{i}")})
        })
        .collect();
    s.patch(&format!("/deployments/{id}"), &json!({"schedules": live}));
    let key = format!("pinflow-{id}");
    let newest = s.post(
        "/artifacts/filter",
        &json!({"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC", "limit": 1}),
    );
    let mut data = newest[0]["data"].clone();
    let recorded: Vec<Value> = (0..N)
        .map(|i| {
            json!({"schedule": {"cron": format!("{} {} {} * *", i % 60, i / 60 % 24, i % 28 + 1)},
                        "active": true, "slug": format!("rec-{i}"), "parameters": {}})
        })
        .collect();
    data["deployed"] = json!({"paused": false, "schedules": recorded, "kept_paused": []});
    s.post(
        "/artifacts/",
        &json!({"key": key, "type": "pinflow-version", "data": data, "description": "forged"}),
    );
    let started = std::time::Instant::now();
    let out = pinflow(p.path(), &["plan", "--all", "--output", "json"], &vars);
    let took = started.elapsed();
    assert!(
        matches!(out.status.code(), Some(0 | 6)),
        "{}",
        text(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !plan["deployments"][0]["drift"]
            .as_array()
            .unwrap()
            .is_empty(),
        "the forged record is read: {plan}"
    );
    assert!(
        took < std::time::Duration::from_secs(20),
        "plan took {took:?} over {N} live and {N} recorded schedules"
    );
}

/// `--prune` says it never deletes a deployment edited since pinflow deployed it, but it only
/// compares the versioned fields: a deployment whose schedules someone changed in the UI (or
/// whose concurrency limit, or `paused`) is deleted all the same, though its record's
/// `deployed` says what pinflow sent of them.
#[test]
fn prune_leaves_alone_a_deployment_whose_schedules_were_edited_on_the_server() {
    use serde_json::json;
    let s = server();
    let mut vars = s.vars();
    vars.extend([
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "org/red-team-edited"),
    ]);
    let flow = FLOW_A.replace("team-a-flow", "edited-schedules");
    let p = TestProject::new(
        &[
            ("flows.py", flow.as_str()),
            ("prefect.yaml", &file(&["stays", "edited-in-ui"])),
        ],
        "one",
    );
    ok(&pinflow(p.path(), &["deploy", "--all"], &vars));
    let id = s.deployment("edited-schedules", "edited-in-ui").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"schedules": [{"schedule": {"cron": "0 6 * * *"}, "active": true}],
                "concurrency_limit": 3}),
    );
    p.commit(&[("prefect.yaml", &file(&["stays"]))], "two");
    let out = pinflow(p.path(), &["deploy", "--all", "--prune"], &vars);
    let shown = ok(&out);
    assert!(
        s.deployment("edited-schedules", "edited-in-ui").is_some(),
        "a deployment scheduled in the UI since pinflow deployed it was pruned:\n{shown}"
    );
}

/// GitLab runs pipelines for a GitHub repository's pull requests ("external pull requests",
/// `CI_EXTERNAL_PULL_REQUEST_IID`); pinflow does not take them for pull request builds, so
/// `--prune` runs there with the pull request's project file.
#[test]
fn prune_refuses_a_gitlab_external_pull_request_pipeline() {
    let s = server();
    let mut vars = s.vars();
    let dir = tempfile::tempdir().unwrap();
    let dir_s = dir.path().to_str().unwrap().to_owned();
    vars.extend([
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_DIR", dir_s.as_str()),
        ("CI_SERVER_URL", "https://gitlab.com"),
        ("CI_PROJECT_PATH", "org/red-team-external"),
        ("CI_PIPELINE_SOURCE", "external_pull_request_event"),
        ("CI_EXTERNAL_PULL_REQUEST_IID", "7"),
    ]);
    let p = TestProject::new(
        &[("flows.py", FLOW_B), ("prefect.yaml", &file(&["external"]))],
        "one",
    );
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--prune", "--dry-run"],
        &vars,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = pinflow(p.path(), &["deploy", "--all", "--prune"], &vars);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--prune ran on an external pull request's pipeline:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Without a `.git` folder (GitLab's `GIT_STRATEGY: none`, Azure's `checkout: none` with the
/// files from an artifact) the project file's path is taken from the working directory, so
/// `a/prefect.yaml` and `b/prefect.yaml` of one monorepo are both `prefect.yaml`: the job
/// deploying `b` prunes what the job deploying `a` deployed.
#[test]
fn prune_without_a_git_folder_never_deletes_another_project_files_deployments() {
    let s = server();
    let mut vars = s.vars();
    vars.extend([
        ("GITLAB_CI", "true"),
        ("CI_SERVER_URL", "https://gitlab.com"),
        ("CI_PROJECT_PATH", "org/red-team-mono"),
        ("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"),
        ("CI_COMMIT_REF_NAME", "main"),
    ]);
    let p = TestProject::new(
        &[
            (
                "a/flows.py",
                FLOW_A.replace("team-a-flow", "mono-a").as_str(),
            ),
            ("a/prefect.yaml", &file(&["a-prod"])),
            (
                "b/flows.py",
                FLOW_B.replace("team-b-flow", "mono-b").as_str(),
            ),
            ("b/prefect.yaml", &file(&["b-prod"])),
        ],
        "one",
    );
    std::fs::remove_dir_all(p.path().join(".git")).unwrap();
    ok(&pinflow(&p.path().join("a"), &["deploy", "--all"], &vars));
    let out = pinflow(&p.path().join("b"), &["deploy", "--all", "--prune"], &vars);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the project file's place in its repository"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        s.deployment("mono-a", "a-prod").is_some(),
        "b's prune deleted a's deployment"
    );
    // With the platform's checkout as the root, the two files are two projects.
    let root = p.path().display().to_string();
    vars.push(("CI_PROJECT_DIR", root.as_str()));
    ok(&pinflow(&p.path().join("a"), &["deploy", "--all"], &vars));
    ok(&pinflow(
        &p.path().join("b"),
        &["deploy", "--all", "--prune"],
        &vars,
    ));
    assert!(
        s.deployment("mono-a", "a-prod").is_some(),
        "a's file is another project"
    );
}
