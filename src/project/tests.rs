//! prefect.yaml loading: anchors, defaults, overrides, what Prefect takes and refuses.

use super::*;

fn parse(text: &str) -> Result<Project> {
    Project::parse(Path::new("prefect.yaml"), text.to_owned())
}

const ANCHORS: &str = "\
name: p
definitions:
  work_pools:
    pool: &pool
      name: pool-a
      job_variables: {image: app:1}
  actions:
    clone: &clone
      - prefect.deployments.steps.git_clone: {repository: https://x/r.git}
pull: *clone
deployments:
  - name: prod
    entrypoint: flows/etl.py:run_etl
    work_pool: *pool
  - name: dev
    entrypoint: flows/etl.py:run_etl
    pull: []
    work_pool:
      <<: *pool
      work_queue_name: low
  - name: other
    entrypoint: other.py:flow_b
    build: null
";

#[test]
fn anchors_merge_keys_defaults_and_overrides() {
    let p = parse(ANCHORS).unwrap();
    let prod = &p.deployments[0];
    assert_eq!(prod.config["work_pool"]["name"], "pool-a");
    assert_eq!(prod.config["work_pool"]["work_queue_name"], Value::Null);
    assert_eq!(prod.config["parameters"], serde_json::json!({}));
    assert_eq!(prod.pull.as_ref().unwrap().len(), 1);
    let dev = &p.deployments[1];
    assert_eq!(dev.config["work_pool"]["work_queue_name"], "low");
    assert_eq!(dev.config["work_pool"]["job_variables"]["image"], "app:1");
    assert_eq!(dev.pull, Some(vec![]));
}

#[test]
fn selection_by_name_flow_and_glob() {
    let p = parse(ANCHORS).unwrap();
    let names = |pats: &[&str]| -> Vec<String> {
        let pats: Vec<String> = pats.iter().map(|s| s.to_string()).collect();
        p.select(&pats, false, &|_| None)
            .unwrap()
            .iter()
            .map(|d| d.name.clone())
            .collect()
    };
    assert_eq!(names(&["prod"]), ["prod"]);
    assert_eq!(names(&["run-etl/dev"]), ["dev"]);
    assert_eq!(names(&["run_etl/*"]), ["prod", "dev"]);
    assert_eq!(names(&["*o*", "dev"]), ["prod", "dev", "other"]);
    let err = p.select(&["nope".into()], false, &|_| None).unwrap_err();
    assert!(err.to_string().contains("run-etl/prod"), "{err}");
    assert!(p.select(&[], false, &|_| None).is_err());
    assert_eq!(p.select(&[], true, &|_| None).unwrap().len(), 3);
    // The flow's name selects as well as its function's, and is what "Known" lists.
    let named = |d: &DeploymentConfig| (d.name == "prod").then(|| "etl".to_owned());
    let by_flow: Vec<&str> = p
        .select(&["etl/prod".into()], false, &named)
        .unwrap()
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(by_flow, ["prod"]);
    assert!(p.select(&["run-etl/prod".into()], false, &named).is_ok());
    let err = p.select(&["nope".into()], false, &named).unwrap_err();
    assert!(
        err.to_string()
            .contains("Known: etl/prod, run-etl/dev, flow-b/other"),
        "{err}"
    );
}

#[test]
fn lines_of_deployments_and_fields() {
    let p = parse(ANCHORS).unwrap();
    assert_eq!(p.deployment_line(0), Some(12));
    assert_eq!(p.deployment_line(1), Some(15));
    assert_eq!(p.field_line(1, "work_pool"), Some(18));
    assert_eq!(p.location(2, "entrypoint").to_string(), "prefect.yaml:22");
}

#[test]
fn yaml_syntax_error_names_the_line() {
    let err = parse("deployments:\n  - name: a\n    tags: [x\n").unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Project);
    assert!(err.to_string().starts_with("prefect.yaml:"), "{err}");
    assert!(err.to_string().contains("invalid YAML"), "{err}");
}

#[test]
fn alias_bombs_deep_nesting_and_huge_files_are_refused_quickly() {
    let mut bomb = vec!["a0: &a0 [x, x, x, x, x, x, x, x, x, x]".to_owned()];
    for i in 1..10 {
        bomb.push(format!(
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    bomb.push("deployments: *a9".into());
    let started = std::time::Instant::now();
    let err = parse(&bomb.join("\n")).unwrap_err();
    assert!(err.to_string().contains("alias bomb"), "{err}");
    let deep = format!("deployments: {}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse(&deep)
        .unwrap_err()
        .to_string()
        .contains("nested too deeply"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("prefect.yaml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(MAX_FILE_BYTES as usize))).unwrap();
    assert!(Project::load(&big)
        .unwrap_err()
        .to_string()
        .contains("at most"));
}

#[test]
fn bad_shapes_are_project_errors() {
    for (text, needle) in [
        ("- a\n", "expected a mapping"),
        ("deployments: {a: 1}\n", "must be a list"),
        (
            "deployments:\n  - name: 7\n",
            "must be text, found a number (7 as YAML reads it)",
        ),
        ("prefect-version: 3.0\n", "`prefect-version` must be text"),
        (
            "deployments:\n  - name: a\n    pull: 3\n",
            "deployments[0].pull",
        ),
        (
            "deployments:\n  - name: a\n    pull:\n      - a: 1\n        b: 2\n",
            "step 0 has 2 keys (a, b)",
        ),
        (
            "pull:\n  - prefect.deployments.steps.git_clone:\n    id: c\n    branch: main\n",
            "indent `id`, `branch` under `prefect.deployments.steps.git_clone:`",
        ),
        ("pull:\n  - run_it\n", "exactly one key"),
    ] {
        let err = parse(text).unwrap_err();
        assert!(err.to_string().contains(needle), "{text:?}: {err}");
    }
}

#[test]
fn entries_without_a_name_are_skipped_as_prefect_skips_them() {
    let p =
        parse("deployments:\n  - name:\n    entrypoint:\n  - name: real\n    entrypoint: a.py:f\n")
            .unwrap();
    let names: Vec<&str> = p.deployments.iter().map(|d| d.name.as_str()).collect();
    assert_eq!((names, p.deployments[0].index), (vec!["real"], 1));
    let only = parse("deployments:\n  - entrypoint: a.py:f\n").unwrap();
    let err = only.select(&[], true, &|_| None).unwrap_err().to_string();
    assert!(
        err.contains("no deployment has a `name` (1 without one skipped"),
        "{err}"
    );
}
