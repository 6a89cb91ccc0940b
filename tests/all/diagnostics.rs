//! `--output json` always prints one JSON document: a failed run's is its diagnostics, the
//! error last with its stable code and place, and the exit code is the one the text output
//! gives. Warnings reach the document too.

use serde_json::Value;

use crate::support::{pinflow, server, text, TestProject};

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"diag\")\ndef main():\n    pass\n";
const GOOD: &str =
    "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
/// A YAML syntax error on line 3.
const BROKEN: &str = "deployments:\n  - name: a\n    tags: [x\n";

/// Runs `args` as text and as `--output json`; asserts the JSON run prints one document whose
/// last diagnostic is an error with `code`, and that both exit with `exit`. Returns the error.
fn fails_as_json(
    p: &TestProject,
    args: &[&str],
    vars: &[(&str, &str)],
    code: &str,
    exit: i32,
) -> Value {
    let as_text = pinflow(p.path(), args, vars);
    assert_eq!(
        as_text.status.code(),
        Some(exit),
        "{args:?}: {}",
        text(&as_text.stderr)
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--output", "json"]);
    let out = pinflow(p.path(), &json_args, vars);
    assert_eq!(
        out.status.code(),
        Some(exit),
        "{json_args:?}: {}",
        text(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{json_args:?}: stdout is not one JSON document ({e}):\n{}",
            text(&out.stdout)
        )
    });
    let last = doc["diagnostics"]
        .as_array()
        .and_then(|d| d.last())
        .unwrap_or_else(|| panic!("{json_args:?}: no diagnostics: {doc}"))
        .clone();
    assert_eq!(last["severity"], "error", "{json_args:?}: {doc}");
    assert_eq!(last["code"], code, "{json_args:?}: {doc}");
    assert!(
        last["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{json_args:?}: {doc}"
    );
    last
}

fn project(yaml: &str) -> TestProject {
    TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m")
}

#[test]
fn deploy_plan_and_check_failures_are_documents_with_the_place() {
    let s = server();
    let p = project(BROKEN);
    for args in [
        vec!["deploy", "--all"],
        vec!["plan", "--all"],
        vec!["check"],
    ] {
        let error = fails_as_json(&p, &args, &s.vars(), "project", 3);
        assert_eq!(
            error["location"]["file"], "prefect.yaml",
            "{args:?}: {error}"
        );
        assert!(error["location"]["line"].is_u64(), "{args:?}: {error}");
    }
    // A usage error has no place.
    let p = project(GOOD);
    let error = fails_as_json(&p, &["deploy", "nope"], &s.vars(), "usage", 2);
    assert!(error["location"].is_null(), "{error}");
}

#[test]
fn check_lists_every_problem_in_its_document() {
    let yaml = format!(
        "{GOOD}  - name: b\n    entrypoint: gone.py:main\n    work_pool: {{name: test-pool}}\n"
    );
    let p = project(&yaml);
    let out = pinflow(p.path(), &["check", "--output", "json"], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["deployments"][0]["ok"], true, "{doc}");
    assert_eq!(doc["deployments"][1]["ok"], false, "{doc}");
    let errors: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{doc}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("gone.py"),
        "{doc}"
    );
}

#[test]
fn history_commands_failures_are_documents() {
    let s = server();
    let p = project(GOOD);
    for args in [
        vec!["versions", "diag/none"],
        vec!["rollback", "diag/none"],
        vec!["promote", "diag/none"],
    ] {
        fails_as_json(&p, &args, &s.vars(), "usage", 2);
    }
    // Without a server to ask.
    fails_as_json(&p, &["versions", "diag/a"], &[], "usage", 2);
    let cleanup = ["preview", "cleanup", "--older-than", "soon"];
    fails_as_json(&p, &cleanup, &s.vars(), "usage", 2);
    // A server that is not there: a service error.
    let gone = [
        ("PREFECT_API_URL", "http://127.0.0.1:9/api"),
        ("PREFECT_CLIENT_MAX_RETRIES", "0"),
    ];
    fails_as_json(&p, &["versions", "diag/a"], &gone, "service", 4);
}

#[test]
fn version_info_and_resolve_image_failures_are_documents() {
    let p = project(GOOD);
    fails_as_json(
        &p,
        &["version-info", "--version-type", "vcs:nope"],
        &[],
        "usage",
        2,
    );
    fails_as_json(&p, &["resolve-image", "Not An Image"], &[], "usage", 2);
}

#[test]
fn warnings_reach_the_document() {
    let s = server();
    let yaml = format!("{GOOD}    sla: [{{name: x}}]\nsurprise: 1\n");
    let p = project(&yaml);
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--dry-run", "--output", "json"],
        &s.vars(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"unknown-key") && codes.contains(&"sla-not-applied"),
        "{doc}"
    );
    let unknown = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-key")
        .unwrap();
    assert_eq!(unknown["location"]["file"], "prefect.yaml", "{doc}");
}

#[test]
fn a_refused_command_line_is_a_document_too() {
    let p = project(GOOD);
    for args in [
        vec!["versions", "--output", "json", "--bogus"],
        vec!["deploy", "--output=json", "--concurrency", "0"],
        vec!["version-info", "--version-tpye", "x"],
    ] {
        let out = pinflow(p.path(), &args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not one JSON document ({e}): {}",
                text(&out.stdout)
            )
        });
        assert_eq!(doc["diagnostics"][0]["code"], "usage", "{doc}");
        assert!(!text(&out.stderr).is_empty());
    }
    // Text output stays text.
    let out = pinflow(p.path(), &["versions", "--bogus"], &[]);
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}
