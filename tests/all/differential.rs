//! Differential tests: the real `prefect deploy` 3.9.1 and `pinflow deploy` on the same
//! project, environment and commit; the stored deployments must agree field by field.
//!
//! pinflow runs with `--pin-commit never` here: pinning is what it adds on purpose (tested in
//! pin.rs and below). Deliberate differences, asserted here with the reason:
//! - description: with no docstring and no `description:`, Prefect stores the string "None";
//!   pinflow stores null (no description).

use serde_json::{json, Value};

use crate::support::stored::{assert_same, stored};
use crate::support::{
    json_ok, pinflow, prefect_deploy, prefect_deploy_output, server, text, TestProject,
};

/// Deploys `names` with the reference, records, deletes, deploys with pinflow, records.
fn both(
    p: &TestProject,
    deployments: &[(&str, &str)],
    args: &[&str],
    vars: &[(&str, &str)],
) -> Vec<(Value, Value)> {
    let s = server();
    let mut all = s.vars();
    all.extend_from_slice(vars);
    prefect_deploy(p.path(), args, &all);
    let reference: Vec<Value> = deployments.iter().map(|(f, n)| stored(f, n)).collect();
    for (f, n) in deployments {
        s.delete_deployment(f, n);
    }
    let mut pin_args = vec!["deploy", "--pin-commit", "never", "--output", "json"];
    pin_args.extend_from_slice(args);
    let report = json_ok(&pinflow(p.path(), &pin_args, &all));
    assert_eq!(
        report["deployments"].as_array().unwrap().len(),
        deployments.len()
    );
    let ours: Vec<Value> = deployments.iter().map(|(f, n)| stored(f, n)).collect();
    reference.into_iter().zip(ours).collect()
}

const FLOWS: &str = r#"from typing import Optional, List, Dict
from prefect import flow


@flow(name="diff-anchors")
def etl(source: str, batch: int = 100, dry: bool = False, tags: List[str] = ["a"], opts: Optional[Dict[str, int]] = None):
    """Moves data.

    Args:
        source: where to read from
        batch: rows per batch
    """


@flow
def diff_plain(x: int = 1, *, label: str = "l"):
    pass
"#;

const ANCHORS_YAML: &str = r#"
name: diff
prefect-version: 3.9.1
definitions:
  pool: &pool
    name: test-pool
    job_variables:
      env: {MODE: prod}
  schedules:
    hourly: &hourly
      cron: "0 * * * *"
      slug: hourly
pull:
  - prefect.deployments.steps.git_clone:
      id: clone
      repository: https://github.com/org/repo.git
      branch: main
  - prefect.deployments.steps.set_working_directory:
      directory: "{{ clone.directory }}"
deployments:
  - name: prod
    entrypoint: flows.py:etl
    tags: [prod, "7"]
    description: "Production ETL"
    parameters: {source: s3://bucket, batch: 50}
    work_pool: *pool
    schedules:
      - *hourly
      - interval: 600
        anchor_date: "2026-01-01T00:00:00Z"
        timezone: Europe/Paris
        active: false
    concurrency_limit: {limit: 2, collision_strategy: CANCEL_NEW}
    enforce_parameter_schema: false
  - name: staging
    entrypoint: flows.py:etl
    parameters: {source: s3://staging}
    work_pool:
      <<: *pool
      work_queue_name: low
    concurrency_limit: 3
    pull: []
"#;

#[test]
fn github_build_with_anchors_schedules_concurrency_and_pull_overrides() {
    let p = TestProject::new(
        &[("flows.py", FLOWS), ("prefect.yaml", ANCHORS_YAML)],
        "Add ETL\n\nbody",
    );
    let sha = p.head();
    let vars = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_SHA", sha.as_str()),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
        ("GITHUB_SERVER_URL", "https://github.com"),
    ];
    let pairs = both(
        &p,
        &[("diff-anchors", "prod"), ("diff-anchors", "staging")],
        &["--all"],
        &vars,
    );
    for (reference, ours) in &pairs {
        assert_same(reference, ours);
        assert_eq!(ours["version"], json!(&sha[..8]));
    }
    assert_eq!(pairs[0].1["schedules"].as_array().unwrap().len(), 2);
    assert_eq!(
        pairs[0].1["concurrency_options"]["collision_strategy"],
        "CANCEL_NEW"
    );
    assert_eq!(pairs[1].1["pull_steps"], json!([]));
    // By default, on CI, pinflow also pins this repository's clone to the commit.
    let pinned = json_ok(&pinflow(
        p.path(),
        &["deploy", "prod", "--output", "json"],
        &[server().vars(), vars.to_vec()].concat(),
    ));
    assert_eq!(pinned["deployments"][0]["pinned"]["commit_sha"], json!(sha));
    let stored = server().deployment("diff-anchors", "prod").unwrap();
    assert_eq!(
        stored["pull_steps"][0]["prefect.deployments.steps.git_clone"],
        json!({"id": "clone", "repository": "https://github.com/org/repo.git", "commit_sha": sha})
    );
}

const TEMPLATED_YAML: &str = r#"
build:
  - prefect.deployments.steps.run_shell_script:
      id: get-tag
      script: echo v{{ $BUILD_NUM }}
deployments:
  - name: templated
    entrypoint: flows.py:diff_plain
    version: "{{ get-tag.stdout }}"
    tags: ["{{ $TEAM }}", static]
    parameters:
      label: "run {{ $NUM }} {{ ctx.flow_run.id }}"
    work_pool:
      name: "{{ $POOL }}"
      job_variables:
        image: "registry.local/app:{{ get-tag.stdout }}"
        env:
          NAME: "{{ ctx.flow.name }}"
          MISSING: "{{ not-a-step.value }}"
"#;

#[test]
fn gitlab_build_with_env_templates_step_outputs_and_default_pull() {
    let p = TestProject::new(
        &[("flows.py", FLOWS), ("prefect.yaml", TEMPLATED_YAML)],
        "Template things",
    );
    let sha = p.head();
    let vars = [
        ("GITLAB_CI", "true"),
        ("CI_COMMIT_SHA", sha.as_str()),
        ("CI_COMMIT_REF_NAME", "main"),
        ("CI_PROJECT_NAME", "repo"),
        ("CI_PROJECT_URL", "https://gitlab.com/org/repo"),
        ("BUILD_NUM", "42"),
        ("TEAM", "data"),
        ("NUM", "5"),
        ("POOL", "test-pool"),
    ];
    let pairs = both(
        &p,
        &[("diff-plain", "templated")],
        &["-n", "templated"],
        &vars,
    );
    let (reference, ours) = &pairs[0];
    // No docstring: Prefect stores the text "None"; pinflow stores no description.
    assert_eq!(reference["description"], json!("None"));
    assert_eq!(ours["description"], Value::Null);
    let mut reference = reference.clone();
    reference["description"] = Value::Null;
    assert_same(&reference, ours);
    assert_eq!(ours["version"], json!("v42"));
    assert_eq!(
        ours["parameters"],
        json!({"label": "run 5 {{ ctx.flow_run.id }}"})
    );
    assert_eq!(
        ours["job_variables"]["env"],
        json!({"NAME": "{{ ctx.flow.name }}"})
    );
}

#[test]
fn update_path_bitbucket_then_azure() {
    let yaml = "deployments:\n  - name: upd\n    entrypoint: flows.py:diff_plain\n    parameters: {x: 1}\n    work_pool: {name: test-pool}\n    schedules:\n      - cron: '5 4 * * *'\n      - interval: 3600\n        anchor_date: '2026-01-01T00:00:00'\n";
    let p = TestProject::new(&[("flows.py", FLOWS), ("prefect.yaml", yaml)], "first");
    let first = p.head();
    let bitbucket = |sha: &str| {
        vec![
            ("BITBUCKET_COMMIT", sha.to_owned()),
            ("BITBUCKET_BRANCH", "main".to_owned()),
            ("BITBUCKET_REPO_SLUG", "repo".to_owned()),
            (
                "BITBUCKET_GIT_HTTP_ORIGIN",
                "http://bitbucket.org/org/repo".to_owned(),
            ),
        ]
    };
    let v1 = bitbucket(&first);
    let v1: Vec<(&str, &str)> = v1.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let s = server();
    let mut all = s.vars();
    all.extend_from_slice(&v1);
    // Reference: create at the first commit, update at the second (Azure environment).
    prefect_deploy(p.path(), &["--all"], &all);
    let yaml2 = yaml
        .replace("{x: 1}", "{x: 2}")
        .replace("5 4 * * *", "0 6 * * 1");
    let second = p.commit(&[("prefect.yaml", yaml2.as_str())], "second");
    let azure = [
        ("TF_BUILD", "True"),
        ("BUILD_SOURCEVERSION", second.as_str()),
        ("BUILD_SOURCEBRANCH", "refs/heads/main"),
        ("BUILD_SOURCEBRANCHNAME", "main"),
        ("BUILD_REPOSITORY_NAME", "repo"),
        (
            "BUILD_REPOSITORY_URI",
            "https://dev.azure.com/org/proj/_git/repo",
        ),
    ];
    let mut all2 = s.vars();
    all2.extend_from_slice(&azure);
    prefect_deploy(p.path(), &["--all"], &all2);
    let reference = stored("diff-plain", "upd");
    let reference_id = s.deployment("diff-plain", "upd").unwrap()["id"].clone();
    s.delete_deployment("diff-plain", "upd");
    // pinflow: the same two steps.
    p.git(&["checkout", "-q", &first]);
    let created = json_ok(&pinflow(p.path(), &["deploy", "--output", "json"], &all));
    assert_eq!(created["deployments"][0]["action"], "created");
    p.git(&["checkout", "-q", &second]);
    let updated = json_ok(&pinflow(p.path(), &["deploy", "--output", "json"], &all2));
    assert_eq!(updated["deployments"][0]["action"], "updated");
    assert_eq!(
        updated["deployments"][0]["id"],
        created["deployments"][0]["id"]
    );
    assert_ne!(updated["deployments"][0]["id"], reference_id);
    let ours = stored("diff-plain", "upd");
    assert_same(&reference, &ours);
    assert_eq!(ours["version"], json!(&second[..8]));
    assert_eq!(ours["parameters"], json!({"x": 2}));
}

/// The automations owned by deployment `flow/name`, without ids and timestamps.
fn automations(flow: &str, name: &str) -> Vec<Value> {
    let s = server();
    let id = s.deployment(flow, name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let all = s.post("/automations/filter", &json!({}));
    let mut out: Vec<Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["actions"][0]["deployment_id"] == json!(id))
        .map(|a| {
            let mut a = a.clone();
            let m = a.as_object_mut().unwrap();
            for k in ["id", "created", "updated"] {
                m.remove(k);
            }
            for action in m["actions"].as_array_mut().unwrap() {
                assert_eq!(
                    action["deployment_id"],
                    json!(id),
                    "the action runs this deployment"
                );
                action.as_object_mut().unwrap().remove("deployment_id");
            }
            m["trigger"].as_object_mut().unwrap().remove("id");
            a
        })
        .collect();
    out.sort_by_key(|a| a["name"].to_string());
    out
}

#[test]
fn triggers_become_the_same_automations() {
    let yaml = r#"
deployments:
  - name: trig
    entrypoint: flows.py:diff_plain
    work_pool: {name: test-pool}
    triggers:
      - type: event
        enabled: true
        match: {prefect.resource.id: my.external.resource}
        expect: [external.resource.pinged]
        parameters: {label: "{{ event.resource.name }}"}
      - name: named-trigger
        description: "runs on {{ $TEAM }} events"
        expect: [team.event]
        threshold: 2
        within: 60
        posture: Proactive
"#;
    let p = TestProject::new(&[("flows.py", FLOWS), ("prefect.yaml", yaml)], "triggers");
    let s = server();
    let mut vars = s.vars();
    vars.push(("TEAM", "data"));
    prefect_deploy(p.path(), &["--all"], &vars);
    let reference = automations("diff-plain", "trig");
    assert_eq!(reference.len(), 2);
    s.delete_deployment("diff-plain", "trig");
    json_ok(&pinflow(p.path(), &["deploy", "--output", "json"], &vars));
    let ours = automations("diff-plain", "trig");
    assert_eq!(ours, reference, "automations differ from prefect deploy");
    // A second deploy replaces them rather than adding more.
    let again = json_ok(&pinflow(
        p.path(),
        &["deploy", "--force", "--output", "json"],
        &vars,
    ));
    assert_eq!(again["deployments"][0]["action"], "updated");
    assert_eq!(automations("diff-plain", "trig"), reference);
    // A change to a trigger alone, on the same commit, is a change: not "unchanged".
    std::fs::write(
        p.path().join("prefect.yaml"),
        yaml.replace("threshold: 2", "threshold: 3"),
    )
    .unwrap();
    let changed = json_ok(&pinflow(p.path(), &["deploy", "--output", "json"], &vars));
    assert_eq!(changed["deployments"][0]["action"], "updated");
    let now = automations("diff-plain", "trig");
    assert_eq!(now.len(), 2);
    let named = now.iter().find(|a| a["name"] == "named-trigger").unwrap();
    assert_eq!(named["trigger"]["threshold"], 3, "{now:?}");
}

/// pinflow checks cron expressions before anything is written; it must never refuse one that
/// Prefect's own validator (its vendored croniter, in the reference install) takes.
#[test]
fn cron_expressions_pinflow_refuses_prefect_refuses_too() {
    let crons = [
        "*/15 * * * *",
        "0 9-17/2 * * MON-FRI",
        "0 0 L * *",
        "0 0 1,15 * 0",
        "0 0 * * 7",
        "0 12 * * 1#2",
        "0 */90 * * *",
        "0 0 ? * *",
        "@daily",
        "@midnight",
        "0 0 * * * 30",
        "0 0 * * * * 2030",
        "0 0 1-31/2 JAN-DEC SUN",
        "not a cron",
        "60 * * * *",
        "0 24 * * *",
        "0 2 0 * *",
        "0 2 * 13 *",
        "0 2 * * 1-8",
        "0 2 ; * *",
        "@fortnightly",
        "* * *",
    ];
    let python = crate::support::prefect_bin().with_file_name("python");
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import json, sys\nfrom prefect._internal.schemas.validators import validate_cron_string\n\
             def ok(c):\n    try:\n        validate_cron_string(c)\n        return True\n    except ValueError:\n        return False\n\
             print(json.dumps([ok(c) for c in json.loads(sys.argv[1])]))",
            &serde_json::to_string(&crons).unwrap(),
        ])
        .output()
        .expect("the reference Python runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let prefect_takes: Vec<bool> = serde_json::from_slice(&out.stdout).unwrap();
    let mut refused_by_both = 0;
    for (cron, prefect_ok) in crons.iter().zip(prefect_takes) {
        let yaml = format!(
            "deployments:\n  - name: c\n    entrypoint: flows.py:diff_plain\n    work_pool: {{name: p}}\n    schedules: [{{cron: {cron:?}}}]\n"
        );
        let p = TestProject::new(&[("flows.py", FLOWS), ("prefect.yaml", &yaml)], "cron");
        let checked = pinflow(p.path(), &["check"], &[]);
        let pinflow_ok = checked.status.success();
        assert!(
            pinflow_ok || !prefect_ok,
            "{cron:?}: Prefect takes it, pinflow refuses: {}",
            text(&checked.stderr)
        );
        refused_by_both += usize::from(!pinflow_ok);
    }
    assert_eq!(refused_by_both, 9, "pinflow refuses the plainly bad ones");
}

#[test]
fn shapes_real_projects_write_are_taken_as_prefect_takes_them() {
    // Written by older `prefect init` templates and by hand: an empty `schedule:`, a
    // concurrency strategy without a limit, a key written twice (the last one counts).
    let yaml = r#"
deployments:
  - name: legacy
    entrypoint: flows.py:diff_plain
    schedule: {}
    work_pool: {name: test-pool}
  - name: strategy
    entrypoint: flows.py:diff_plain
    concurrency_limit: {collision_strategy: CANCEL_NEW}
    work_pool: {name: test-pool}
  - name: twice
    entrypoint: flows.py:diff_plain
    schedules:
      - cron: "0 1 * * *"
    tags: [first]
    schedules:
      - cron: "0 2 * * *"
    work_pool: {name: test-pool}
"#;
    let p = TestProject::new(&[("flows.py", FLOWS), ("prefect.yaml", yaml)], "real");
    let names = [
        ("diff-plain", "legacy"),
        ("diff-plain", "strategy"),
        ("diff-plain", "twice"),
    ];
    for (mut reference, ours) in both(&p, &names, &["--all"], &[]) {
        // No docstring: the one deliberate difference (see the top of this file).
        reference["description"] = Value::Null;
        assert_same(&reference, &ours);
    }
    let twice = stored("diff-plain", "twice");
    assert_eq!(twice["schedules"][0]["schedule"]["cron"], "0 2 * * *");
    let strategy = stored("diff-plain", "strategy");
    assert_eq!(strategy["concurrency_limit"], Value::Null);
    assert_eq!(
        strategy["concurrency_options"]["collision_strategy"],
        "CANCEL_NEW"
    );
    // And the other way round: what Prefect refuses, pinflow refuses, writing nothing.
    let refused = yaml.replace(
        "cron: \"0 2 * * *\"",
        "cron: \"0 2 * * *\"\n        max_scheduled_runs: 5",
    );
    std::fs::write(p.path().join("prefect.yaml"), refused).unwrap();
    let out = pinflow(p.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("unknown key `max_scheduled_runs`"));
}

#[test]
fn values_prefect_reads_loosely_or_refuses_are_read_and_refused_alike() {
    // Prefect checks the file with pydantic in lax mode: these spellings it reads…
    let taken = r#"
deployments:
  - name: lax-words
    entrypoint: flows.py:diff_plain
    work_pool: {name: test-pool}
    paused: "yes"
    enforce_parameter_schema: "false"
    concurrency_limit: "3"
  - name: lax-numbers
    entrypoint: flows.py:diff_plain
    work_pool: {name: test-pool}
    paused: 0
    concurrency_limit: {limit: "2", grace_period_seconds: "60", collision_strategy: CANCEL_NEW}
    schedules:
      - interval: "10:00"
        anchor_date: "2026-01-01T00:00:00Z"
        active: "no"
      - cron: "0 3 * * *"
        day_or: "false"
  - name:
    entrypoint:
    work_pool:
      name:
"#;
    let p = TestProject::new(&[("flows.py", FLOWS), ("prefect.yaml", taken)], "lax");
    let names = [("diff-plain", "lax-words"), ("diff-plain", "lax-numbers")];
    for (mut reference, ours) in both(&p, &names, &["--all"], &[]) {
        reference["description"] = Value::Null; // no docstring: see the top of this file
        assert_same(&reference, &ours);
    }
    assert_eq!(stored("diff-plain", "lax-words")["concurrency_limit"], 3);
    let schedules = stored("diff-plain", "lax-numbers")["schedules"].clone();
    let interval = schedules
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["schedule"]["interval"] == 36000.0);
    assert_eq!(interval.unwrap()["active"], false, "{schedules}");
    // …and these it refuses, whole file and all: so does pinflow, writing nothing.
    let s = server();
    for (fragment, says) in [
        ("parameters: null", "`parameters` is empty (null)"),
        (
            "work_pool: {name: test-pool, job_variables: null}",
            "`work_pool.job_variables` is empty",
        ),
        (
            "version: 1.10",
            "(1.1 as YAML reads it); quote the value as you wrote it",
        ),
        ("description: 5", "must be text"),
        (
            "schedules: [{interval: \"600\"}]",
            "as a number, without quotes",
        ),
        (
            "schedules: [{cron: \"0 * * * *\", parameters: null}]",
            "`parameters` is empty",
        ),
        ("paused: \"maybe\"", "must be true or false"),
    ] {
        let yaml = format!(
            "deployments:\n  - name: refused\n    entrypoint: flows.py:diff_plain\n    \
             work_pool: {{name: test-pool}}\n    {fragment}\n"
        );
        std::fs::write(p.path().join("prefect.yaml"), yaml).unwrap();
        let reference = prefect_deploy_output(p.path(), &["--all"], &s.vars());
        assert!(!reference.status.success(), "{fragment}: Prefect took it");
        assert!(
            s.deployment("diff-plain", "refused").is_none(),
            "{fragment}"
        );
        let out = pinflow(p.path(), &["deploy", "--all"], &s.vars());
        assert_eq!(
            out.status.code(),
            Some(3),
            "{fragment}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(says),
            "{fragment}: {}",
            text(&out.stderr)
        );
        assert!(
            s.deployment("diff-plain", "refused").is_none(),
            "{fragment}"
        );
    }
}
