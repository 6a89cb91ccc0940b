//! Faults between pinflow and the real Prefect server, injected by a proxy: every deploy,
//! rollback and promote either completes exactly once (one version, one history record) or
//! fails with a clear error and a non-zero exit, within a bounded time.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::proxy::{self, Fault};
use crate::support::{pinflow, server, text, TestProject};

fn project(flow: &str, n: i64) -> TestProject {
    let source = format!(
        "from prefect import flow\n\n@flow(name=\"{flow}\")\ndef main(n: int = {n}):\n    pass\n"
    );
    TestProject::new(&[("flows.py", &source), ("prefect.yaml", "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n")], "v1")
}

/// The history records of `flow/prod`, read straight from the server.
fn records(flow: &str) -> Vec<Value> {
    let s = server();
    let id = s.deployment(flow, "prod").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let artifacts = s.post(
        "/artifacts/filter",
        &json!({"artifacts": {"key": {"any_": [format!("pinflow-{id}")]}}}),
    );
    artifacts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["data"].clone())
        .collect()
}

fn run(p: &TestProject, url: &str, args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = pinflow(
        p.path(),
        args,
        &[
            ("PREFECT_API_URL", url),
            ("PREFECT_API_REQUEST_TIMEOUT", "2"),
        ],
    );
    (out, started.elapsed())
}

#[test]
fn bursts_of_503_and_429_with_retry_after_still_deploy_exactly_once() {
    let s = server();
    let proxy = proxy::start(&s.api_url, |key, n| match key {
        k if k.starts_with("POST /api/deployments/") && n < 3 => Fault::Status(503, vec![]),
        k if k.starts_with("GET /api/work_pools/") && n == 0 => {
            Fault::Status(429, vec![("retry-after", "1")])
        }
        k if k.starts_with("POST /api/artifacts/") && !k.contains("filter") && n == 0 => {
            Fault::Status(502, vec![])
        }
        _ => Fault::Forward,
    });
    let p = project("fault-burst", 1);
    let (out, took) = run(&p, &proxy.url, &["deploy", "--output", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let seen = proxy.seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter()
            .filter(|k| k.starts_with("POST /api/deployments/"))
            .count(),
        4,
        "3 refused, then done: {seen:?}"
    );
    assert!(
        took >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(
        records("fault-burst").len(),
        1,
        "exactly one history record"
    );
}

#[test]
fn a_lost_answer_to_a_history_write_is_not_repeated_and_a_rerun_heals() {
    let s = server();
    // The server stores the record, but pinflow never hears back.
    let proxy = proxy::start(&s.api_url, |key, n| match key {
        "POST /api/artifacts/" if n == 0 => Fault::DropAfterForward,
        _ => Fault::Forward,
    });
    let p = project("fault-lost", 1);
    let (out, took) = run(&p, &proxy.url, &["deploy"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("recording the version in the history failed"),
        "{}",
        text(&out.stderr)
    );
    assert!(took < Duration::from_secs(30));
    assert_eq!(
        records("fault-lost").len(),
        1,
        "a write that may have happened is not sent twice"
    );
    // Running again finds the version live and writes nothing more.
    let (out, _) = run(&p, &proxy.url, &["deploy", "--output", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["deployments"][0]["action"],
        "unchanged",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records("fault-lost").len(), 1);
}

#[test]
fn a_lost_answer_to_an_update_is_retried_safely() {
    let s = server();
    let p = project("fault-patch", 1);
    let direct = pinflow(p.path(), &["deploy"], &s.vars());
    assert!(direct.status.success());
    p.commit(&[("flows.py", "from prefect import flow\n\n@flow(name=\"fault-patch\")\ndef main(n: int = 2):\n    pass\n")], "v2");
    let proxy = proxy::start(&s.api_url, |key, n| {
        if key.starts_with("PATCH /api/deployments/") && n == 0 {
            Fault::DropAfterForward
        } else {
            Fault::Forward
        }
    });
    let (out, _) = run(&p, &proxy.url, &["deploy"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let patches = proxy
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|k| k.starts_with("PATCH"))
        .count();
    assert_eq!(patches, 2, "an idempotent PATCH is sent again");
    assert_eq!(records("fault-patch").len(), 2, "one record per version");
    assert_eq!(
        s.deployment("fault-patch", "prod").unwrap()["parameter_openapi_schema"]["properties"]["n"]
            ["default"],
        json!(2)
    );
}

#[test]
fn a_stalled_server_ends_the_command_by_itself() {
    let s = server();
    let proxy = proxy::start(&s.api_url, |key, _| {
        if key.starts_with("GET /api/deployments/name/") {
            Fault::Stall
        } else {
            Fault::Forward
        }
    });
    let p = project("fault-stall", 1);
    let (out, took) = run(&p, &proxy.url, &["deploy"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr).contains("no answer within 2s"),
        "{}",
        text(&out.stderr)
    );
    assert!(took < Duration::from_secs(60), "bounded: {took:?}");
    assert!(
        s.deployment("fault-stall", "prod").is_none(),
        "nothing half-applied"
    );
}

#[test]
fn rollback_and_promote_through_faults_record_each_move_once() {
    let s = server();
    let p = project("fault-move", 1);
    assert!(pinflow(p.path(), &["deploy"], &s.vars()).status.success());
    p.commit(&[("flows.py", "from prefect import flow\n\n@flow(name=\"fault-move\")\ndef main(n: int = 2):\n    pass\n")], "v2");
    assert!(pinflow(p.path(), &["deploy"], &s.vars()).status.success());
    let proxy = proxy::start(&s.api_url, |key, n| match key {
        k if k.starts_with("PATCH /api/deployments/") && n % 2 == 0 => Fault::Status(503, vec![]),
        k if k.starts_with("GET /api/deployments/") && n == 1 => {
            Fault::Delay(Duration::from_millis(500))
        }
        _ => Fault::Forward,
    });
    for command in ["rollback", "promote"] {
        let (out, took) = run(&p, &proxy.url, &[command, "fault-move/prod"]);
        assert!(out.status.success(), "{command}: {}", text(&out.stderr));
        assert!(took < Duration::from_secs(30));
    }
    let events: Vec<String> = records("fault-move")
        .iter()
        .map(|r| r["event"].as_str().unwrap().to_owned())
        .collect();
    let count = |e: &str| events.iter().filter(|x| *x == e).count();
    assert_eq!(
        (count("created"), count("rollback"), count("promote")),
        (2, 1, 1),
        "{events:?}"
    );
    assert_eq!(
        s.deployment("fault-move", "prod").unwrap()["parameter_openapi_schema"]["properties"]["n"]
            ["default"],
        json!(2)
    );
}
