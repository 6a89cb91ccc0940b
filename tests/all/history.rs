//! Version history, rollback and promote against the real server (issue: history on any server).

use serde_json::{json, Value};

use crate::support::{json_ok, pinflow, server, text, TestProject};

mod ui;

fn flow_source(flow: &str, default: i64) -> String {
    format!("from prefect import flow\n\n@flow(name=\"{flow}\")\ndef main(n: int = {default}):\n    pass\n")
}

fn yaml(batch: i64, image: &str) -> String {
    format!(
        "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    parameters: {{n: {batch}}}\n    \
         work_pool:\n      name: test-pool\n      job_variables: {{image: \"{image}\"}}\n    \
         pull:\n      - prefect.deployments.steps.git_clone:\n          repository: https://github.com/org/repo.git\n          branch: main\n"
    )
}

/// A project deployed at two commits; returns it, the two SHAs and the deployment id.
fn two_versions(flow: &str) -> (TestProject, String, String, String) {
    let p = TestProject::new(
        &[
            ("flows.py", &flow_source(flow, 1)),
            ("prefect.yaml", &yaml(10, "app:1")),
        ],
        "v1",
    );
    let first = p.head();
    let out = json_ok(&pinflow(
        p.path(),
        &["deploy", "--output", "json"],
        &server().vars(),
    ));
    let id = out["deployments"][0]["id"].as_str().unwrap().to_owned();
    let second = p.commit(
        &[
            ("flows.py", &flow_source(flow, 2)),
            ("prefect.yaml", &yaml(20, "app:2")),
        ],
        "v2",
    );
    json_ok(&pinflow(
        p.path(),
        &["deploy", "--output", "json"],
        &server().vars(),
    ));
    (p, first, second, id)
}

fn run_json(p: &TestProject, args: &[&str]) -> Value {
    json_ok(&pinflow(p.path(), args, &server().vars()))
}

fn fails(p: &TestProject, args: &[&str]) -> (i32, String) {
    let out = pinflow(p.path(), args, &server().vars());
    assert!(
        !out.status.success(),
        "expected failure: {}",
        text(&out.stdout)
    );
    (out.status.code().unwrap(), text(&out.stderr))
}

#[test]
fn rollback_restores_versioned_fields_only_and_promote_returns() {
    let s = server();
    let (p, first, second, id) = two_versions("hist-roll");
    // Out-of-band operational changes that rollback must not touch.
    s.post(
        &format!("/deployments/{id}/schedules"),
        &json!([{"schedule": {"cron": "0 3 * * *"}, "active": true}]),
    );
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"paused": true, "concurrency_limit": 5}),
    );
    let before = s.deployment("hist-roll", "prod").unwrap();

    let listed = run_json(&p, &["versions", "hist-roll/prod", "--output", "json"]);
    let versions = listed["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], json!(&second[..8]), "newest first");
    assert_eq!(versions[0]["live"], json!(true));
    assert_eq!(listed["live"], versions[0]["id"]);
    assert_eq!(versions[1]["version_info"]["commit_sha"], json!(first));
    assert_eq!(versions[1]["version_info"]["message"], json!("v1"));

    let rolled = run_json(&p, &["rollback", "hist-roll/prod", "--output", "json"]);
    assert_eq!(rolled["action"], "rollback");
    assert_eq!(rolled["to"]["version"], json!(&first[..8]));
    let after = s.deployment("hist-roll", "prod").unwrap();
    assert_eq!(after["version"], json!(&first[..8]));
    assert_eq!(after["parameters"], json!({"n": 10}));
    assert_eq!(after["job_variables"], json!({"image": "app:1"}));
    assert_eq!(
        after["parameter_openapi_schema"]["properties"]["n"]["default"],
        json!(1)
    );
    assert_eq!(after["pull_steps"], before["pull_steps"]);
    for untouched in ["schedules", "paused", "global_concurrency_limit"] {
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(items) = v.as_array_mut() {
                items.iter_mut().for_each(|i| {
                    i.as_object_mut().map(|m| m.remove("updated"));
                });
            }
            if let Some(m) = v.as_object_mut() {
                m.remove("updated");
            }
            v
        };
        assert_eq!(
            strip(&after[untouched]),
            strip(&before[untouched]),
            "{untouched} must stay as it was"
        );
    }
    assert_eq!(after["paused"], json!(true));

    let listed = run_json(&p, &["versions", "hist-roll/prod", "--output", "json"]);
    assert_eq!(
        listed["versions"][1]["live"],
        json!(true),
        "v1 is live after the rollback"
    );

    let promoted = run_json(&p, &["promote", "hist-roll/prod", "--output", "json"]);
    assert_eq!(promoted["to"]["version"], json!(&second[..8]));
    let back = s.deployment("hist-roll", "prod").unwrap();
    assert_eq!(
        (back["parameters"].clone(), back["job_variables"].clone()),
        (json!({"n": 20}), json!({"image": "app:2"}))
    );
    assert_eq!(back["paused"], json!(true));
}

#[test]
fn unchanged_force_to_by_name_and_id_and_dry_run() {
    let s = server();
    let (p, first, second, _) = two_versions("hist-to");
    let again = run_json(&p, &["deploy", "--output", "json"]);
    assert_eq!(again["deployments"][0]["action"], "unchanged");
    let listed = run_json(&p, &["versions", "hist-to/prod", "--output", "json"]);
    assert_eq!(
        listed["versions"].as_array().unwrap().len(),
        2,
        "an unchanged deploy records nothing"
    );
    let forced = run_json(&p, &["deploy", "--force", "--output", "json"]);
    assert_eq!(forced["deployments"][0]["action"], "updated");
    let listed = run_json(&p, &["versions", "hist-to/prod", "--output", "json"]);
    assert_eq!(
        listed["versions"].as_array().unwrap().len(),
        3,
        "--force records a version"
    );

    let dry = run_json(
        &p,
        &[
            "rollback",
            "hist-to/prod",
            "--to",
            &first[..8],
            "--dry-run",
            "--output",
            "json",
        ],
    );
    assert_eq!(dry["action"], "dry-run");
    assert_eq!(dry["request"]["body"]["parameters"], json!({"n": 10}));
    assert_eq!(
        s.deployment("hist-to", "prod").unwrap()["version"],
        json!(&second[..8]),
        "dry-run changes nothing"
    );

    let by_name = run_json(
        &p,
        &[
            "rollback",
            "hist-to/prod",
            "--to",
            &first[..8],
            "--output",
            "json",
        ],
    );
    assert_eq!(
        s.deployment("hist-to", "prod").unwrap()["version"],
        json!(&first[..8])
    );
    let v2_id = listed["versions"][1]["id"].as_str().unwrap().to_owned();
    let by_id = run_json(
        &p,
        &[
            "promote",
            "hist-to/prod",
            "--to",
            &v2_id,
            "--output",
            "json",
        ],
    );
    assert_eq!(by_id["to"]["id"], json!(v2_id));
    assert_eq!(by_name["from"]["version"], json!(&second[..8]));
    // Two versions named alike (the forced redeploy): the name is ambiguous, the id is not.
    let (code, err) = fails(&p, &["rollback", "hist-to/prod", "--to", &second[..8]]);
    assert_eq!(code, 2);
    assert!(
        err.contains("names 2 versions") && err.contains(&v2_id),
        "{err}"
    );
}

#[test]
fn an_edit_outside_pinflow_shows_as_untracked() {
    let s = server();
    let (p, first, _, id) = two_versions("hist-oob");
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"parameters": {"n": 99}}),
    );
    let listed = run_json(&p, &["versions", "hist-oob/prod", "--output", "json"]);
    assert_eq!(listed["live"], Value::Null);
    assert!(listed["versions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["live"] == json!(false)));
    let out = pinflow(p.path(), &["versions", "hist-oob/prod"], &s.vars());
    assert!(
        text(&out.stdout).contains("untracked"),
        "{}",
        text(&out.stdout)
    );
    let (code, err) = fails(&p, &["rollback", "hist-oob/prod"]);
    assert_eq!(code, 2);
    assert!(err.contains("untracked") && err.contains("--to"), "{err}");
    run_json(
        &p,
        &[
            "rollback",
            "hist-oob/prod",
            "--to",
            &first[..8],
            "--output",
            "json",
        ],
    );
    assert_eq!(
        s.deployment("hist-oob", "prod").unwrap()["parameters"],
        json!({"n": 10})
    );
}

#[test]
fn errors_for_missing_history_ends_and_names() {
    let s = server();
    let (p, _, _, _) = two_versions("hist-err");
    let (code, err) = fails(&p, &["promote", "hist-err/prod"]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing newer"), "{err}");
    run_json(&p, &["rollback", "hist-err/prod", "--output", "json"]);
    let (_, err) = fails(&p, &["rollback", "hist-err/prod"]);
    assert!(err.contains("nothing older"), "{err}");
    let (_, err) = fails(&p, &["rollback", "hist-err/prod", "--to", "nope"]);
    assert!(
        err.contains("no version of hist-err/prod") && err.contains("its versions:"),
        "{err}"
    );
    let (code, err) = fails(&p, &["versions", "hist-err/absent"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    // A deployment made by prefect deploy has no pinflow history yet.
    let q = TestProject::new(
        &[
            ("flows.py", &flow_source("hist-none", 1)),
            ("prefect.yaml", &yaml(1, "a:1")),
        ],
        "m",
    );
    let mut vars = s.vars();
    vars.push(("PREFECT_HOME", "/tmp"));
    crate::support::prefect_deploy(q.path(), &["--all"], &vars);
    let (code, err) = fails(&q, &["rollback", "hist-none/prod"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no pinflow history") && err.contains("pinflow deploy"),
        "{err}"
    );
}

#[test]
fn concurrent_deploys_leave_a_truthful_history() {
    let s = server();
    let (p, _, _, _) = two_versions("hist-race");
    // Two more commits deployed at once from two processes (two CI jobs).
    let a = p.commit(&[("prefect.yaml", &yaml(30, "app:3"))], "v3");
    let dir_a = tempfile::tempdir().unwrap();
    p.git(&["worktree", "add", "-q", dir_a.path().to_str().unwrap(), &a]);
    let b = p.commit(&[("prefect.yaml", &yaml(40, "app:4"))], "v4");
    let exe = env!("CARGO_BIN_EXE_pinflow");
    let spawn = |dir: &std::path::Path| {
        crate::support::clean_command(exe, dir, &s.vars())
            .args(["deploy", "--output", "json"])
            .output()
    };
    let (ra, rb) = std::thread::scope(|scope| {
        let ha = scope.spawn(|| spawn(dir_a.path()));
        let hb = scope.spawn(|| spawn(p.path()));
        (ha.join().unwrap().unwrap(), hb.join().unwrap().unwrap())
    });
    assert!(
        ra.status.success() && rb.status.success(),
        "{}\n{}",
        text(&ra.stderr),
        text(&rb.stderr)
    );
    let listed = run_json(&p, &["versions", "hist-race/prod", "--output", "json"]);
    let versions = listed["versions"].as_array().unwrap();
    let names: Vec<&str> = versions
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions.len(), 4, "no record lost: {names:?}");
    assert!(
        names.contains(&&a[..8]) && names.contains(&&b[..8]),
        "{names:?}"
    );
    let stored = s.deployment("hist-race", "prod").unwrap();
    let live: Vec<&Value> = versions
        .iter()
        .filter(|v| v["live"] == json!(true))
        .collect();
    assert_eq!(live.len(), 1);
    assert_eq!(
        live[0]["version"], stored["version"],
        "live is what the server runs"
    );
}

#[test]
fn a_long_history_is_read_only_as_far_back_as_needed() {
    let s = server();
    let p = TestProject::new(
        &[
            ("flows.py", &flow_source("hist-long", 1)),
            ("prefect.yaml", &yaml(10, "app:1")),
        ],
        "v1",
    );
    let first = p.head();
    let second = p.commit(&[("README.md", "unrelated\n")], "docs");
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.jsonl");
    let at = |sha: &str, args: &[&str]| {
        let mut vars = s.vars();
        vars.extend([
            ("GITHUB_SHA", sha),
            ("GITHUB_REF_NAME", "main"),
            ("GITHUB_REPOSITORY", "org/repo"),
            ("PINFLOW_TRACE_REQUESTS", trace.to_str().unwrap()),
        ]);
        let _ = std::fs::remove_file(&trace);
        let out = json_ok(&pinflow(p.path(), args, &vars));
        let filters: Vec<Value> = std::fs::read_to_string(&trace)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|r| r["path"] == "/api/artifacts/filter")
            .map(|r| r["body"]["limit"].clone())
            .collect();
        (out, filters)
    };
    at(&first, &["deploy", "--output", "json"]);
    // Twelve versions of the second commit on top: the first one is 13th from the newest.
    for _ in 0..12 {
        at(&second, &["deploy", "--force", "--output", "json"]);
    }
    let (again, filters) = at(&second, &["deploy", "--output", "json"]);
    assert_eq!(again["deployments"][0]["action"], "unchanged");
    assert_eq!(
        filters,
        Vec::<Value>::new(),
        "the live version is the newest record, read with all deployments' newest records: \
         the history itself is not read"
    );

    let short: String = first.chars().take(8).collect();
    at(
        &second,
        &[
            "rollback",
            "hist-long/prod",
            "--to",
            &short,
            "--output",
            "json",
        ],
    );
    let (back, filters) = at(&first, &["deploy", "--output", "json"]);
    assert_eq!(
        back["deployments"][0]["action"], "unchanged",
        "the live version is found beyond the first page"
    );
    assert_eq!(filters, [json!(10), json!(200)]);
    let (listed, _) = at(
        &second,
        &[
            "versions",
            "hist-long/prod",
            "--limit",
            "50",
            "--output",
            "json",
        ],
    );
    assert_eq!(listed["versions"].as_array().unwrap().len(), 13);
}
