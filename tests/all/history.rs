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
fn versions_lists_newest_first_with_the_live_one_and_each_ones_commit() {
    let (p, first, second, _) = two_versions("hist-list");
    let listed = run_json(&p, &["versions", "hist-list/prod", "--output", "json"]);
    let versions = listed["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], json!(&second[..8]), "newest first");
    assert_eq!(versions[0]["live"], json!(true));
    assert_eq!(listed["live"], versions[0]["id"]);
    assert_eq!(versions[1]["version_info"]["commit_sha"], json!(first));
    assert_eq!(versions[1]["version_info"]["message"], json!("v1"));
}

/// Out-of-band operational changes to deployment `id` that rollback and promote must not
/// touch: a schedule, paused, a concurrency limit.
fn change_out_of_band(id: &str) {
    server().post(
        &format!("/deployments/{id}/schedules"),
        &json!([{"schedule": {"cron": "0 3 * * *"}, "active": true}]),
    );
    server().patch(
        &format!("/deployments/{id}"),
        &json!({"paused": true, "concurrency_limit": 5}),
    );
}

/// `v` without the server's `updated` stamps (its own, or its items').
fn without_updated(v: &Value) -> Value {
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
}

#[test]
fn rollback_restores_versioned_fields_only() {
    let s = server();
    let (p, first, _, id) = two_versions("hist-roll");
    change_out_of_band(&id);
    let before = s.deployment("hist-roll", "prod").unwrap();
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
        assert_eq!(
            without_updated(&after[untouched]),
            without_updated(&before[untouched]),
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
}

#[test]
fn promote_after_a_rollback_returns_to_the_newer_version_only() {
    let (p, _, second, id) = two_versions("hist-promote");
    change_out_of_band(&id);
    run_json(&p, &["rollback", "hist-promote/prod", "--output", "json"]);
    let promoted = run_json(&p, &["promote", "hist-promote/prod", "--output", "json"]);
    assert_eq!(promoted["to"]["version"], json!(&second[..8]));
    let back = server().deployment("hist-promote", "prod").unwrap();
    assert_eq!(
        (back["parameters"].clone(), back["job_variables"].clone()),
        (json!({"n": 20}), json!({"image": "app:2"}))
    );
    assert_eq!(back["paused"], json!(true));
}

#[test]
fn an_unchanged_deploy_records_nothing_and_force_records_a_version() {
    let (p, ..) = two_versions("hist-same");
    let again = run_json(&p, &["deploy", "--output", "json"]);
    assert_eq!(again["deployments"][0]["action"], "unchanged");
    let listed = run_json(&p, &["versions", "hist-same/prod", "--output", "json"]);
    assert_eq!(
        listed["versions"].as_array().unwrap().len(),
        2,
        "an unchanged deploy records nothing"
    );
    let forced = run_json(&p, &["deploy", "--force", "--output", "json"]);
    assert_eq!(forced["deployments"][0]["action"], "updated");
    let listed = run_json(&p, &["versions", "hist-same/prod", "--output", "json"]);
    assert_eq!(
        listed["versions"].as_array().unwrap().len(),
        3,
        "--force records a version"
    );
}

/// Two versions of `flow`, the second deployed again with --force; returns the project, the
/// two SHAs and the id of the second's first record.
fn two_versions_the_second_forced(flow: &str) -> (TestProject, String, String, String) {
    let (p, first, second, _) = two_versions(flow);
    run_json(&p, &["deploy", "--force", "--output", "json"]);
    let target = format!("{flow}/prod");
    let listed = run_json(&p, &["versions", &target, "--output", "json"]);
    let v2_id = listed["versions"][1]["id"].as_str().unwrap().to_owned();
    (p, first, second, v2_id)
}

#[test]
fn a_rollback_dry_run_shows_the_request_and_changes_nothing() {
    let (p, first, second, _) = two_versions_the_second_forced("hist-dry");
    let to = ["rollback", "hist-dry/prod", "--to", &first[..8]];
    let dry = run_json(&p, &[&to[..], &["--dry-run", "--output", "json"]].concat());
    assert_eq!(dry["action"], "dry-run");
    assert_eq!(dry["request"]["body"]["parameters"], json!({"n": 10}));
    assert_eq!(
        server().deployment("hist-dry", "prod").unwrap()["version"],
        json!(&second[..8]),
        "dry-run changes nothing"
    );
}

#[test]
fn rollback_to_a_version_by_name_and_promote_to_one_by_id() {
    let (p, first, second, v2_id) = two_versions_the_second_forced("hist-to");
    let to = ["rollback", "hist-to/prod", "--to", &first[..8]];
    let by_name = run_json(&p, &[&to[..], &["--output", "json"]].concat());
    assert_eq!(
        server().deployment("hist-to", "prod").unwrap()["version"],
        json!(&first[..8])
    );
    let promote = ["promote", "hist-to/prod", "--to", &v2_id];
    let by_id = run_json(&p, &[&promote[..], &["--output", "json"]].concat());
    assert_eq!(by_id["to"]["id"], json!(v2_id));
    assert_eq!(by_name["from"]["version"], json!(&second[..8]));
}

#[test]
fn two_versions_named_alike_are_ambiguous_by_name_and_the_error_gives_their_ids() {
    let (p, _, second, v2_id) = two_versions_the_second_forced("hist-alike");
    let (code, err) = fails(&p, &["rollback", "hist-alike/prod", "--to", &second[..8]]);
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

/// Runs pinflow as a GitHub build of `sha`; returns its JSON and the `limit` of each history
/// read (POST /artifacts/filter) it made.
fn traced(p: &TestProject, sha: &str, args: &[&str]) -> (Value, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.jsonl");
    let mut vars = server().vars();
    vars.extend([
        ("GITHUB_SHA", sha),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
        ("PINFLOW_TRACE_REQUESTS", trace.to_str().unwrap()),
    ]);
    let out = json_ok(&pinflow(p.path(), args, &vars));
    let limits = std::fs::read_to_string(&trace)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["path"] == "/api/artifacts/filter")
        .map(|r| r["body"]["limit"].clone())
        .collect();
    (out, limits)
}

/// Flow `flow` deployed at a first commit, then twelve versions of a second commit on top:
/// the first one is 13th from the newest. Returns the project and the two SHAs.
fn thirteen_versions(flow: &str) -> (TestProject, String, String) {
    let p = TestProject::new(
        &[
            ("flows.py", &flow_source(flow, 1)),
            ("prefect.yaml", &yaml(10, "app:1")),
        ],
        "v1",
    );
    let first = p.head();
    let second = p.commit(&[("README.md", "unrelated\n")], "docs");
    traced(&p, &first, &["deploy", "--output", "json"]);
    for _ in 0..12 {
        traced(&p, &second, &["deploy", "--force", "--output", "json"]);
    }
    (p, first, second)
}

#[test]
fn an_unchanged_deploy_reads_no_history() {
    let (p, _, second) = thirteen_versions("hist-long-same");
    let (again, limits) = traced(&p, &second, &["deploy", "--output", "json"]);
    assert_eq!(again["deployments"][0]["action"], "unchanged");
    assert_eq!(
        limits,
        Vec::<Value>::new(),
        "the live version is the newest record, read with all deployments' newest records: \
         the history itself is not read"
    );
}

#[test]
fn a_live_version_beyond_the_first_page_is_found_reading_only_as_far_back_as_needed() {
    let (p, first, second) = thirteen_versions("hist-long");
    let rollback = ["rollback", "hist-long/prod", "--to", &first[..8]];
    traced(
        &p,
        &second,
        &[&rollback[..], &["--output", "json"]].concat(),
    );
    let (back, limits) = traced(&p, &first, &["deploy", "--output", "json"]);
    assert_eq!(
        back["deployments"][0]["action"], "unchanged",
        "the live version is found beyond the first page"
    );
    assert_eq!(limits, [json!(10), json!(200)]);
    let versions = ["versions", "hist-long/prod", "--limit", "50"];
    let (listed, _) = traced(
        &p,
        &second,
        &[&versions[..], &["--output", "json"]].concat(),
    );
    assert_eq!(listed["versions"].as_array().unwrap().len(), 13);
}
