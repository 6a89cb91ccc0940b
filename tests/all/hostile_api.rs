//! A hostile Prefect API through the binary: list endpoints that never end, deployments of
//! tens of MiB or of millions of tiny values, a server that ignores the tag filter. Every run
//! fails cleanly (or deletes only what is proven a preview) within bounded memory and time.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::hostile_prefect::{self, deployment, pinflow_measured};
use crate::support::{pinflow, text, TestProject};

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"hostile\")\ndef main():\n    pass\n";

/// Peak memory allowed to a run against a hostile server (KiB): well under 200 MiB.
const MAX_RSS_KIB: u64 = 120 << 10;

/// A project with deployment `hostile/d` in work pool `pool`.
fn hostile_project() -> TestProject {
    let yaml =
        "deployments:\n  - name: d\n    entrypoint: flows.py:main\n    work_pool: {name: pool}\n";
    TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m")
}

/// One item of a list endpoint, about 2 KB, numbered `i`.
fn endless_item(path: &str, i: usize) -> serde_json::Value {
    let pad = "p".repeat(1800);
    match path {
        "/api/flows/filter" => json!({"id": format!("f{i}"), "name": format!("hostile-{i}")}),
        "/api/deployments/filter" => deployment(
            &format!("d{i}"),
            "f1",
            &format!("d-{i}"),
            json!({"tags": ["preview", "pr-1"], "description": pad}),
        ),
        _ => json!({"id": format!("a{i}"), "key": "pinflow-d1", "created": "2020-01-01T00:00:00Z",
                    "latest_id": format!("a{i}"),
                    "data": {"pinflow": 1, "event": "created", "version": "v", "pad": pad}}),
    }
}

/// A server whose list endpoints always answer a full page, as if the list never ended.
fn endless_server() -> (String, hostile_prefect::Requests) {
    hostile_prefect::start(|r| {
        if r.path.ends_with("/filter") {
            let page: Vec<serde_json::Value> = (0..r.limit())
                .map(|i| endless_item(&r.path, r.offset() + i))
                .collect();
            return ("200 OK", json!(page).to_string());
        }
        if r.path == "/api/deployments/name/hostile/d" {
            return ("200 OK", deployment("d1", "f1", "d", json!({})).to_string());
        }
        ("404 Not Found", r#"{"detail": "Not found"}"#.to_owned())
    })
}

#[test]
fn endless_pages_end_in_a_clear_error_in_bounded_memory_and_time() {
    let p = hostile_project();
    let runs: [&[&str]; 3] = [
        &["preview", "cleanup", "--older-than", "0m"],
        &["plan"],
        &["versions", "hostile/d"],
    ];
    for args in runs {
        let (api, requests) = endless_server();
        let started = Instant::now();
        let (out, rss) = pinflow_measured(p.path(), args, &[("PREFECT_API_URL", api.as_str())]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {stderr}");
        assert!(
            stderr.contains("/filter: the server kept sending results past pinflow's bound")
                && stderr.contains("at most 50 pages"),
            "{args:?}: {stderr}"
        );
        assert!(rss < MAX_RSS_KIB, "{args:?}: {rss} KiB");
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{args:?}: {:?}",
            started.elapsed()
        );
        let sent = requests.lock().unwrap().len();
        assert!(sent < 120, "{args:?}: {sent} requests");
    }
}

/// A server whose deployment `hostile/d` is `extra` large, in lists and read alone.
fn huge_deployment_server(extra: serde_json::Value) -> (String, hostile_prefect::Requests) {
    let huge = deployment("d1", "f1", "d", extra).to_string();
    hostile_prefect::start(move |r| match r.path.as_str() {
        "/api/flows/filter" if r.offset() == 0 => (
            "200 OK",
            json!([{"id": "f1", "name": "hostile"}]).to_string(),
        ),
        "/api/deployments/filter" if r.offset() == 0 => ("200 OK", format!("[{huge}]")),
        "/api/deployments/name/hostile/d" | "/api/deployments/d1" => ("200 OK", huge.clone()),
        "/api/work_pools/pool" => ("200 OK", json!({"name": "pool"}).to_string()),
        p if p.ends_with("/filter") => ("200 OK", "[]".to_owned()),
        _ => ("404 Not Found", r#"{"detail": "Not found"}"#.to_owned()),
    })
}

#[test]
fn a_huge_deployment_fails_cleanly_in_bounded_memory() {
    let p = hostile_project();
    let big = |mib: usize| json!({"description": "x".repeat(mib << 20)});
    let nested = |n: usize| json!({"parameters": {"p": vec![json!([]); n]}});
    let one = "pinflow's bound for one object";
    let cases: Vec<(&str, serde_json::Value, &[&str], &str)> = vec![
        // In a page of results (plan) and read alone (versions).
        ("36 MiB", big(36), &["plan"], "larger than 16 MiB"),
        (
            "36 MiB",
            big(36),
            &["versions", "hostile/d"],
            "larger than 4 MiB",
        ),
        (
            "5 MiB",
            big(5),
            &["plan"],
            "an item of the answer is larger than 4 MiB",
        ),
        // Few bytes, many values: `[],` is 3 bytes of text and far more in memory.
        ("5M []", nested(5 << 20), &["plan"], "200000 JSON values"),
        ("60k []", nested(60_000), &["plan"], one),
        ("60k []", nested(60_000), &["versions", "hostile/d"], one),
    ];
    for (what, extra, args, says) in cases {
        let (api, _) = huge_deployment_server(extra);
        let (out, rss) = pinflow_measured(p.path(), args, &[("PREFECT_API_URL", api.as_str())]);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(4),
            "{what} {args:?}: {}",
            &stderr[..stderr.len().min(3000)]
        );
        assert!(stderr.contains(says), "{what} {args:?}: {stderr}");
        assert!(rss < MAX_RSS_KIB, "{what} {args:?}: {rss} KiB");
    }
}

/// A server that says all its deployments are tagged `preview` and `pr-7`: production
/// without those tags, a hand-made deployment with them, a preview of pull request 8, a
/// deployment whose history key holds another deployment's record, and one proven preview of
/// pull request 7.
fn a_server_that_ignores_the_tag_filter() -> (String, hostile_prefect::Requests) {
    let record = |of: &str, number: u64| {
        json!({"pinflow": 1, "event": "created", "deployment_id": of, "version": "v",
               "preview": {"repository": null, "number": number}})
    };
    let tagged = json!({"tags": ["preview", "pr-7"]});
    let listed = json!([
        deployment("d-prod", "f1", "prod", json!({"tags": ["etl"]})),
        deployment("d-hand", "f1", "hand-pr-7", tagged.clone()),
        deployment("d-eight", "f1", "eight", tagged.clone()),
        deployment("d-borrowed", "f1", "borrowed", tagged.clone()),
        deployment("d-proven", "f1", "proven", tagged),
    ]);
    let latest = json!([
        {"latest_id": "a8", "updated": "2020-01-01T00:00:00Z", "key": "pinflow-d-eight", "data": record("d-eight", 8)},
        {"latest_id": "ab", "updated": "2020-01-01T00:00:00Z", "key": "pinflow-d-borrowed", "data": record("d-proven", 7)},
        {"latest_id": "a7", "updated": "2020-01-01T00:00:00Z", "key": "pinflow-d-proven", "data": record("d-proven", 7)},
        {"latest_id": "ap", "updated": "2020-01-01T00:00:00Z", "key": "pinflow-d-prod", "data": record("d-prod", 7)},
    ]);
    let history = json!([{"id": "a7", "key": "pinflow-d-proven",
                          "created": "2020-01-01T00:00:00Z", "data": record("d-proven", 7)}]);
    hostile_prefect::start(move |r| {
        let first = r.offset() == 0;
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/api/deployments/filter") if first => ("200 OK", listed.to_string()),
            ("POST", "/api/flows/filter") if first => {
                ("200 OK", json!([{"id": "f1", "name": "etl"}]).to_string())
            }
            ("POST", "/api/artifacts/latest/filter") if first => ("200 OK", latest.to_string()),
            ("POST", "/api/artifacts/filter") if first => ("200 OK", history.to_string()),
            ("POST", _) => ("200 OK", "[]".to_owned()),
            ("DELETE", _) => ("204 No Content", String::new()),
            _ => ("404 Not Found", r#"{"detail": "Not found"}"#.to_owned()),
        }
    })
}

/// `preview cleanup --pull-request 7` against that server: its JSON report, its stderr and
/// the paths it sent DELETE to.
fn cleanup_of_pull_request_7() -> (serde_json::Value, String, Vec<String>) {
    let p = hostile_project();
    let (api, requests) = a_server_that_ignores_the_tag_filter();
    let args = [
        "preview",
        "cleanup",
        "--pull-request",
        "7",
        "--output",
        "json",
    ];
    let out = pinflow(p.path(), &args, &[("PREFECT_API_URL", api.as_str())]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report = serde_json::from_slice(&out.stdout).unwrap();
    let deleted = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path.clone())
        .collect();
    (report, stderr, deleted)
}

#[test]
fn a_server_that_ignores_the_tag_filter_gets_nothing_unproven_deleted() {
    let (report, _, deleted) = cleanup_of_pull_request_7();
    assert_eq!(report["deleted"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["deleted"][0]["name"], "etl/proven");
    assert_eq!(
        deleted,
        [
            "/api/automations/owned-by/prefect.deployment.d-proven",
            "/api/deployments/d-proven",
            "/api/artifacts/a7"
        ],
        "{deleted:?}"
    );
}

#[test]
fn a_server_that_ignores_the_tag_filter_is_told_what_was_skipped_and_why() {
    let (report, stderr, _) = cleanup_of_pull_request_7();
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["etl/hand-pr-7", "etl/eight", "etl/borrowed"],
        "{report}"
    );
    let why = report["skipped"].to_string();
    assert!(
        why.contains("no pinflow history") && why.contains("pull request 8"),
        "{why}"
    );
    assert!(stderr.contains("without the tags asked for"), "{stderr}");
}

#[test]
fn a_preview_made_by_someone_else_meanwhile_is_not_overwritten() {
    let p = hostile_project();
    // When the run reads what exists, `d-pr-7` does not; when it is about to create it,
    // another build has just made it (creating a deployment is an upsert on Prefect).
    let (api, requests) = hostile_prefect::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/api/work_pools/filter") => ("200 OK", json!([{"name": "pool"}]).to_string()),
        ("POST", "/api/flows/") => ("200 OK", json!({"id": "f1", "name": "hostile"}).to_string()),
        ("POST", p) if p.ends_with("/filter") => ("200 OK", "[]".to_owned()),
        ("GET", "/api/deployments/name/hostile/d-pr-7") => (
            "200 OK",
            deployment("d-other", "f1", "d-pr-7", json!({})).to_string(),
        ),
        _ => ("404 Not Found", r#"{"detail": "Not found"}"#.to_owned()),
    });
    let out = pinflow(
        p.path(),
        &["deploy", "--preview", "--pull-request", "7"],
        &[("PREFECT_API_URL", api.as_str())],
    );
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("hostile/d-pr-7 (id d-other) was created by someone else"),
        "{stderr}"
    );
    let writes: Vec<String> = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path.starts_with("/api/deployments") && r.method != "GET")
        .filter(|r| !r.path.ends_with("/filter"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(writes, Vec::<String>::new());
}
