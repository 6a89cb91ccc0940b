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

#[test]
fn reads_are_batched_and_only_what_changed_is_written() {
    let flow = "from prefect import flow\n\n@flow(name=\"batched\")\ndef main():\n    pass\n";
    let p = TestProject::new(&[("flows.py", flow), ("prefect.yaml", &yaml(None))], "m");
    let all = ["deploy", "--all", "--output", "json"];
    let (created, _) = traced(&p, &all);
    assert_eq!(count(&created, "POST /api/deployments/"), N, "{created:#?}");
    assert_eq!(
        count(&created, "POST /api/flows/"),
        1,
        "the flow is created once"
    );
    assert_eq!(count(&created, "GET"), 0, "no read-back: {created:#?}");
    // Nothing changed: three requests in all, whatever the number of deployments.
    let (same, report) = traced(&p, &all);
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
    // One changed: that one's writes only, and no read-back.
    std::fs::write(p.path().join("prefect.yaml"), yaml(Some(3))).unwrap();
    let (one, report) = traced(&p, &all);
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
    // All updated: per deployment a PATCH and a history record, nothing else; per run, the
    // newest records are read once (the table each new record carries on, docs/versions.md).
    let (forced, _) = traced(&p, &["deploy", "--all", "--force", "--output", "json"]);
    assert_eq!(count(&forced, "PATCH"), N);
    assert_eq!(count(&forced, "POST /api/artifacts/"), N);
    assert_eq!(count(&forced, "POST /api/artifacts/latest/filter"), 1);
    assert_eq!(count(&forced, "POST /api/artifacts/filter"), 0);
    assert!(forced.len() <= 2 * N + 5, "{forced:#?}");
}
