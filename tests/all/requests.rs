//! What a deploy costs in requests, counted through the request trace: reads are batched per
//! run, not per deployment, and only what changed is written.

use serde_json::Value;

use crate::support::{json_ok, pinflow, server, TestProject};

const N: usize = 12;

fn yaml(changed: Option<usize>) -> String {
    let mut yaml = String::from("deployments:\n");
    for i in 0..N {
        let description = if Some(i) == changed {
            "changed"
        } else {
            "same"
        };
        yaml.push_str(&format!(
            "  - name: d{i}\n    entrypoint: flows.py:main\n    description: {description}\n    work_pool: {{name: test-pool}}\n"
        ));
    }
    yaml
}

/// `METHOD path` of every request of one `pinflow args` run, and its report.
fn traced(p: &TestProject, args: &[&str]) -> (Vec<String>, Value) {
    let s = server();
    let trace = p.path().join("trace.jsonl");
    let _ = std::fs::remove_file(&trace);
    let mut vars = s.vars();
    let path = trace.to_str().unwrap().to_owned();
    vars.push(("PINFLOW_TRACE_REQUESTS", &path));
    let report = json_ok(&pinflow(p.path(), args, &vars));
    let requests = std::fs::read_to_string(&trace)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let r: Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    (requests, report)
}

/// How many requests start with `prefix` (`PATCH`) or are exactly it (`POST /api/flows/`).
fn count(requests: &[String], prefix: &str) -> usize {
    requests
        .iter()
        .filter(|r| {
            if prefix.contains(' ') {
                *r == prefix
            } else {
                r.starts_with(prefix)
            }
        })
        .count()
}

const FLOW: &str = r#"
from prefect import flow

@flow(name="batched")
def main():
    pass
"#;

const ALL: [&str; 4] = ["deploy", "--all", "--output", "json"];

/// A project of flow `flow` with N deployments; returns it and the requests of its first
/// deploy.
fn deployed(flow: &str) -> (TestProject, Vec<String>) {
    let flows = FLOW.replace("batched", flow);
    let p = TestProject::new(&[("flows.py", &flows), ("prefect.yaml", &yaml(None))], "m");
    let (created, _) = traced(&p, &ALL);
    (p, created)
}

#[test]
fn a_first_deploy_creates_each_deployment_and_the_flow_once_and_reads_nothing_back() {
    let (_, created) = deployed("batched");
    assert_eq!(count(&created, "POST /api/deployments/"), N, "{created:#?}");
    assert_eq!(
        count(&created, "POST /api/flows/"),
        1,
        "the flow is created once"
    );
    assert_eq!(count(&created, "GET"), 0, "no read-back: {created:#?}");
}

#[test]
fn nothing_changed_is_three_reads_whatever_the_number_of_deployments() {
    let (p, _) = deployed("batched-same");
    let (same, report) = traced(&p, &ALL);
    assert!(report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["action"] == "unchanged"));
    // The flows and the deployments are read at once, in either order.
    let mut reads = same.clone();
    reads[..2].sort();
    assert_eq!(
        reads,
        [
            "POST /api/deployments/filter",
            "POST /api/flows/filter",
            "POST /api/artifacts/latest/filter"
        ]
    );
}

#[test]
fn one_changed_deployment_is_that_ones_writes_only_and_no_read_back() {
    let (p, _) = deployed("batched-one");
    std::fs::write(p.path().join("prefect.yaml"), yaml(Some(3))).unwrap();
    let (one, report) = traced(&p, &ALL);
    let actions: Vec<&str> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "updated").count(),
        1,
        "{actions:?}"
    );
    assert_eq!(count(&one, "PATCH"), 1, "{one:#?}");
    assert_eq!(count(&one, "POST /api/artifacts/"), 1, "{one:#?}");
    assert_eq!(
        count(&one, "DELETE"),
        0,
        "no automations to delete: {one:#?}"
    );
    assert_eq!(count(&one, "GET"), 0, "{one:#?}");
    assert!(one.len() <= 7, "{one:#?}");
}

/// All updated: per deployment a PATCH and a history record, nothing else; per run, the
/// newest records are read once (the table each new record carries on, docs/versions.md).
#[test]
fn all_updated_is_a_patch_and_a_record_per_deployment_and_one_read_of_the_newest() {
    let (p, _) = deployed("batched-forced");
    let (forced, _) = traced(&p, &["deploy", "--all", "--force", "--output", "json"]);
    assert_eq!(count(&forced, "PATCH"), N);
    assert_eq!(count(&forced, "POST /api/artifacts/"), N);
    assert_eq!(count(&forced, "POST /api/artifacts/latest/filter"), 1);
    assert_eq!(count(&forced, "POST /api/artifacts/filter"), 0);
    assert!(forced.len() <= 2 * N + 5, "{forced:#?}");
}
