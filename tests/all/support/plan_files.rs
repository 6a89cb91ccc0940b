//! What the tests of plan files share: a project with a git pull step, a GitHub push build's
//! variables, `plan --out` copied away from the checkout, and the digest as anyone can make it
//! (sorted-key JSON and SHA-256, written again here from the format's description).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{ci_env, ok, pinflow, server, text, TestProject};

pub const FLOW: &str =
    "from prefect import flow\n\n@flow(name=\"FLOW\")\ndef main(batch: int = 500, \
                    target: str = \"none\"):\n    \"\"\"Loads a batch.\"\"\"\n";

pub const GIT_PULL: &str = "    pull:\n      - prefect.deployments.steps.git_clone:\n          \
                        repository: https://github.com/org/repo.git\n          branch: main\n";

/// A project with the flow `flow` and deployments `yaml` (the `deployments:` list's items).
pub fn project(flow: &str, yaml: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", flow)),
            ("prefect.yaml", &format!("deployments:\n{yaml}")),
        ],
        "first",
    )
}

/// One deployment entry `name` in pool `red-pool` with a git pull step and `extra` lines.
pub fn entry(name: &str, extra: &str) -> String {
    format!(
        "  - name: {name}\n    entrypoint: flows.py:main\n{GIT_PULL}    work_pool:\n      \
         name: red-pool\n{extra}"
    )
}

/// A GitHub push build of `p` in repository `repo` on the shared server, with `more`.
pub fn vars(p: &TestProject, repo: &str, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let s = server();
    let mut v: Vec<(String, String)> = ci_env("github", &p.head(), "main", p.path())
        .into_iter()
        .filter(|(k, _)| *k != "GITHUB_REPOSITORY")
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    v.push(("GITHUB_REPOSITORY".into(), repo.into()));
    v.push(("GITHUB_EVENT_NAME".into(), "push".into()));
    v.extend(
        s.vars()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    v.extend(more.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    v
}

/// `vars` with `name` set to `value` (replacing it).
pub fn set(vars: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vars.iter().filter(|(k, _)| k != name).cloned().collect();
    v.push((name.into(), value.into()));
    v
}

pub fn run(dir: &Path, args: &[&str], vars: &[(String, String)]) -> std::process::Output {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pinflow(dir, args, &vars)
}

pub fn settle() {
    server().create_work_pool("red-pool");
}

pub fn deploy(p: &TestProject, v: &[(String, String)]) {
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        v,
    ));
}

/// `plan --all --out plan.json [extra]` in `p` (exit 0 or 6), copied into a folder of its own;
/// also the plan's output.
pub fn plan_out(
    p: &TestProject,
    v: &[(String, String)],
    extra: &[&str],
) -> (tempfile::TempDir, PathBuf, String) {
    let mut args = vec![
        "plan",
        "--all",
        "--resolve-image",
        "never",
        "--out",
        "plan.json",
    ];
    args.extend(extra);
    let out = run(p.path(), &args, v);
    assert!(
        matches!(out.status.code(), Some(0 | 6)),
        "plan: {}",
        text(&out.stderr)
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("plan.json");
    std::fs::copy(p.path().join("plan.json"), &file).unwrap();
    let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
    (elsewhere, file, shown)
}

pub fn read_plan(file: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// pinflow's canonical JSON (sorted keys, compact; integers as integers).
pub fn canonical(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical(&m[*k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest `apply` expects of `plan`: anyone can compute it.
pub fn redigest(plan: &mut Value) {
    let mut rest = plan.clone();
    rest.as_object_mut().unwrap().remove("digest");
    plan["digest"] = json!(format!("sha256:{}", sha256_hex(&canonical(&rest))));
}

/// `plan --all --out plan.json` in `p`: its exit code, what it showed, and the file written.
pub fn try_plan_out(p: &TestProject, v: &[(String, String)]) -> (Option<i32>, String, String) {
    let out = run(
        p.path(),
        &[
            "plan",
            "--all",
            "--resolve-image",
            "never",
            "--out",
            "plan.json",
        ],
        v,
    );
    let written = std::fs::read_to_string(p.path().join("plan.json")).unwrap_or_default();
    let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
    (out.status.code(), shown, written)
}
