//! `pinflow deploy` behaviour against the real server beyond the reference comparison.

use serde_json::json;

use crate::support::{json_ok, pinflow, server, text, TestProject};

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"FLOWNAME\")\ndef main(n: int = 1):\n    \"\"\"Doc.\"\"\"\n";

fn project(flow: &str, yaml: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOWNAME", flow)),
            ("prefect.yaml", yaml),
        ],
        "Initial commit",
    )
}

#[test]
fn blocks_and_variables_are_resolved_and_secrets_never_shown() {
    let s = server();
    s.post(
        "/variables/",
        &json!({"name": "pinflow_batch", "value": 250}),
    );
    let secret_type = s
        .get("/block_types/slug/secret")
        .expect("the secret block type is registered");
    let schemas = s.post(
        "/block_schemas/filter",
        &json!({"block_schemas": {"block_type_id": {"any_": [secret_type["id"]]}}}),
    );
    s.post(
        "/block_documents/",
        &json!({
            "name": "pinflow-canary", "data": {"value": "s3cr3t-canary-value"},
            "block_schema_id": schemas[0]["id"], "block_type_id": secret_type["id"],
        }),
    );
    let yaml = "deployments:\n  - name: refs\n    entrypoint: flows.py:main\n    parameters:\n      n: '{{ prefect.variables.pinflow_batch }}'\n    work_pool:\n      name: test-pool\n      job_variables:\n        env:\n          TOKEN: '{{ prefect.blocks.secret.pinflow-canary }}'\n    pull:\n      - prefect.deployments.steps.run_shell_script:\n          script: echo '{{ prefect.blocks.secret.pinflow-canary }}'\n";
    let p = project("refs-flow", yaml);
    let mut vars = s.vars();
    vars.push(("PREFECT_API_KEY", "pnu_api_key_canary"));
    for args in [
        vec!["deploy", "--output", "json"],
        vec!["deploy"],
        vec!["deploy", "--dry-run", "--output", "json"],
    ] {
        let out = pinflow(p.path(), &args, &vars);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        for stream in [text(&out.stdout), text(&out.stderr)] {
            assert!(
                !stream.contains("s3cr3t-canary-value"),
                "{args:?} leaked the secret block value:\n{stream}"
            );
            assert!(
                !stream.contains("pnu_api_key_canary"),
                "{args:?} leaked the API key:\n{stream}"
            );
        }
    }
    let d = s.deployment("refs-flow", "refs").unwrap();
    assert_eq!(
        d["parameters"]["n"],
        json!(250),
        "a whole-value variable keeps its type"
    );
    assert_eq!(
        d["job_variables"]["env"]["TOKEN"], "s3cr3t-canary-value",
        "as Prefect, the value is stored"
    );
    assert_eq!(
        d["pull_steps"][0]["prefect.deployments.steps.run_shell_script"]["script"],
        "echo '{{ prefect.blocks.secret.pinflow-canary }}'",
        "pull steps are resolved by the worker"
    );
}

#[test]
fn deploys_several_concurrently_and_reruns_are_unchanged() {
    let s = server();
    let mut yaml = String::from("deployments:\n");
    for i in 0..6 {
        yaml.push_str(&format!("  - name: many-{i}\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n"));
    }
    let p = project("many-flow", &yaml);
    let before = s.deployment_count("many-flow");
    let report = json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--concurrency", "3", "--output", "json"],
        &s.vars(),
    ));
    let actions: Vec<&str> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["created"; 6]);
    let again = json_ok(&pinflow(
        p.path(),
        &["deploy", "many-*", "--output", "json"],
        &s.vars(),
    ));
    assert!(
        again["deployments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["action"] == "unchanged"),
        "a re-run of the same commit writes nothing"
    );
    assert!(s.deployment_count("many-flow") >= before + 6);
    let names: Vec<&str> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[0], "many-flow/many-0",
        "results keep the file's order"
    );
    let d = s.deployment("many-flow", "many-5").unwrap();
    assert_eq!(report["deployments"][5]["id"], d["id"]);
    assert!(report["deployments"][5]["url"]
        .as_str()
        .unwrap()
        .ends_with(d["id"].as_str().unwrap()));
}

#[test]
fn one_failing_deployment_does_not_stop_the_others() {
    let s = server();
    // The server refuses the second deployment's create with a 422 (injected by a proxy:
    // whatever pinflow can check, it refuses at planning, before anything is written). The
    // create is known by its body, so a retry of the first (a busy server's 503) is not it.
    let proxy = crate::support::proxy::start_with_body(&s.api_url, |key, _, body| {
        use crate::support::proxy::Fault;
        let bad = String::from_utf8_lossy(body).contains(r#""name":"bad""#);
        match (key, bad) {
            ("POST /api/deployments/", true) => Fault::Answer(
                422,
                r#"{"detail": [{"loc": ["body", "parameters", "n"], "msg": "'many' is not valid", "type": "value_error"}]}"#.into(),
            ),
            _ => Fault::Forward,
        }
    });
    let yaml = "deployments:\n  - name: good\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n  - name: bad\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let p = project("partial-flow", yaml);
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--concurrency", "1", "--output", "json"],
        &[("PREFECT_API_URL", proxy.url.as_str())],
    );
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["deployments"][0]["action"], "created");
    assert_eq!(report["deployments"][1]["action"], "failed");
    let error = report["deployments"][1]["error"].as_str().unwrap();
    assert!(
        error.contains("422") && error.contains("parameters.n"),
        "the server's detail names the field: {error}"
    );
    assert!(s.deployment("partial-flow", "good").is_some());
    assert!(s.deployment("partial-flow", "bad").is_none());
}

#[test]
fn basic_auth_and_csrf_on_a_hardened_server() {
    let s = crate::support::secured_server();
    let yaml = "deployments:\n  - name: hardened\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let p = project("secured-flow", yaml);
    let report = json_ok(&pinflow(
        p.path(),
        &["deploy", "--output", "json"],
        &s.vars(),
    ));
    assert_eq!(report["deployments"][0]["action"], "created");
    let again = json_ok(&pinflow(
        p.path(),
        &["deploy", "--output", "json"],
        &s.vars(),
    ));
    assert_eq!(again["deployments"][0]["action"], "unchanged");
    let forced = json_ok(&pinflow(
        p.path(),
        &["deploy", "--force", "--output", "json"],
        &s.vars(),
    ));
    assert_eq!(
        forced["deployments"][0]["action"], "updated",
        "history records work behind auth and CSRF"
    );
    assert!(s.deployment("secured-flow", "hardened").is_some());
    // Without the credentials the server refuses, and pinflow says which setting to check.
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[("PREFECT_API_URL", s.api_url.as_str())],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(
        err.contains("401") && err.contains("PREFECT_API_AUTH_STRING"),
        "{err}"
    );
    assert!(!err.contains("pinflow-pass"));
}
