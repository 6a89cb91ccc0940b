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
        "POST /api/deployments/" if n < 3 => Fault::Status(503, vec![]),
        "POST /api/work_pools/filter" if n == 0 => Fault::Status(429, vec![("retry-after", "1")]),
        k if k.starts_with("POST /api/artifacts/") && !k.contains("filter") && n == 0 => {
            Fault::Status(502, vec![])
        }
        _ => Fault::Forward,
    });
    let p = project("fault-burst", 1);
    let (out, took) = run(&p, &proxy.url, &["deploy", "--output", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        proxy.count(|k| k == "POST /api/deployments/"),
        4,
        "3 refused, then done"
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

/// Deploys `flow` through a proxy that applies `fault` to the first history write; returns
/// pinflow's stderr and how many history writes the proxy saw.
fn deploy_with_history_fault(flow: &str, fault: fn() -> Fault) -> (String, usize) {
    let s = server();
    let proxy = proxy::start(&s.api_url, move |key, n| match key {
        "POST /api/artifacts/" if n == 0 => fault(),
        _ => Fault::Forward,
    });
    let p = project(flow, 1);
    let (out, took) = run(&p, &proxy.url, &["deploy"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(took < Duration::from_secs(30), "bounded: {took:?}");
    assert_eq!(records(flow).len(), 1, "exactly one history record");
    // Running again finds the version live and writes nothing more.
    let (again, _) = run(&p, &proxy.url, &["deploy", "--output", "json"]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["deployments"][0]["action"], "unchanged");
    assert_eq!(records(flow).len(), 1);
    let writes = proxy.count(|k| k == "POST /api/artifacts/");
    (text(&out.stderr), writes)
}

#[test]
fn a_history_write_whose_answer_was_lost_is_found_not_written_again() {
    // The server stores the record; pinflow never hears back, or hears a gateway's late 502.
    for (flow, fault) in [
        ("fault-lost", (|| Fault::DropAfterForward) as fn() -> Fault),
        ("fault-late-502", || Fault::StatusAfterForward(502)),
    ] {
        let (stderr, writes) = deploy_with_history_fault(flow, fault);
        assert_eq!(writes, 1, "{flow}: a write that happened is not sent again");
        assert!(
            stderr.contains("the server had done it"),
            "{flow}: {stderr}"
        );
    }
}

#[test]
fn a_history_write_that_never_arrived_is_sent_again() {
    let (stderr, writes) = deploy_with_history_fault("fault-dropped", || Fault::Drop);
    assert_eq!(writes, 2);
    assert!(
        stderr.contains("not done, sending it again (retry 1 of"),
        "{stderr}"
    );
}

#[test]
fn a_server_that_stays_busy_ends_with_a_clear_error_after_bounded_retries() {
    let s = server();
    let proxy = proxy::start(&s.api_url, |key, _| {
        if key == "POST /api/deployments/" {
            Fault::Status(503, vec![])
        } else {
            Fault::Forward
        }
    });
    let p = project("fault-busy", 1);
    let started = Instant::now();
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[
            ("PREFECT_API_URL", proxy.url.as_str()),
            ("PREFECT_CLIENT_MAX_RETRIES", "2"),
            ("PINFLOW_LOG", "debug"),
        ],
    );
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("POST /api/deployments/ failed with 503 Service Unavailable"),
        "{stderr}"
    );
    // A busy server gets four times PREFECT_CLIENT_MAX_RETRIES, each one logged.
    for n in 1..=8 {
        assert!(stderr.contains(&format!("retry {n} of 8")), "{stderr}");
    }
    let posts = proxy.count(|k| k == "POST /api/deployments/");
    assert_eq!(posts, 9, "one request and eight retries");
    assert!(took < Duration::from_secs(30), "bounded: {took:?}");
    assert!(s.deployment("fault-busy", "prod").is_none());
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
    let patches = proxy.count(|k| k.starts_with("PATCH"));
    assert_eq!(patches, 2, "an idempotent PATCH is sent again");
    assert_eq!(records("fault-patch").len(), 2, "one record per version");
    assert_eq!(
        s.deployment("fault-patch", "prod").unwrap()["parameter_openapi_schema"]["properties"]["n"]
            ["default"],
        json!(2)
    );
}

#[test]
fn answers_cut_off_midway_are_read_again() {
    let s = server();
    let p = project("fault-cut", 1);
    assert!(pinflow(p.path(), &["deploy"], &s.vars()).status.success());
    p.commit(&[("flows.py", "from prefect import flow\n\n@flow(name=\"fault-cut\")\ndef main(n: int = 2):\n    pass\n")], "v2");
    // Every read is cut off once: the flows, the deployments, the history, the work pools.
    let proxy = proxy::start(&s.api_url, |key, n| match key {
        k if n == 0 && (k.starts_with("GET ") || k.ends_with("/filter")) => Fault::CutOff,
        _ => Fault::Forward,
    });
    let (out, took) = run(&p, &proxy.url, &["deploy"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the answer was cut off; retry 1 of"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(30), "bounded: {took:?}");
    assert_eq!(records("fault-cut").len(), 2, "one record per version");
}

#[test]
fn a_stalled_server_ends_the_command_by_itself() {
    let s = server();
    let proxy = proxy::start(&s.api_url, |key, _| {
        if key == "POST /api/flows/filter" {
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

#[test]
fn a_trigger_whose_answer_was_lost_becomes_exactly_one_automation() {
    let s = server();
    let yaml = "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n    triggers:\n      - {expect: [a.happened]}\n      - {expect: [b.happened]}\n";
    let flow = "from prefect import flow\n\n@flow(name=\"fault-trig\")\ndef main():\n    pass\n";
    // The first automation is created but its answer lost; the second never reaches the server.
    let proxy = proxy::start(&s.api_url, |key, n| match (key, n) {
        ("POST /api/automations/", 0) => Fault::DropAfterForward,
        ("POST /api/automations/", 1) => Fault::Drop,
        _ => Fault::Forward,
    });
    let p = TestProject::new(&[("flows.py", flow), ("prefect.yaml", yaml)], "v1");
    let (out, took) = run(&p, &proxy.url, &["deploy"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(took < Duration::from_secs(30), "bounded: {took:?}");
    assert!(stderr.contains("the server had done it"), "{stderr}");
    assert!(stderr.contains("not done, sending it again"), "{stderr}");
    let id = s.deployment("fault-trig", "prod").unwrap()["id"].clone();
    let mut names: Vec<String> = s
        .post("/automations/filter", &json!({}))
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["actions"][0]["deployment_id"] == id)
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["prod__automation_1", "prod__automation_2"]);
    assert_eq!(proxy.count(|k| k == "POST /api/automations/"), 3);
}
