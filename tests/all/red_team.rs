//! Red-team findings against this session's changes, each a test that fails until fixed.

use crate::support::{pinflow, server, text, TestProject};

const FLOW_A: &str = r#"from prefect import flow

@flow(name="team-a-flow")
def main():
    pass
"#;

const FLOW_B: &str = r#"from prefect import flow

@flow(name="team-b-flow")
def main():
    pass
"#;

fn file(names: &[&str]) -> String {
    let mut yaml = String::from("deployments:\n");
    for name in names {
        yaml.push_str(&format!(
            "  - name: {name}\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n"
        ));
    }
    yaml
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Outside CI the repository is unknown, so every repository's root `prefect.yaml` has the same
/// origin `(None, "prefect.yaml")`: `--prune` run from one team's clone on a laptop deletes
/// another team's deployments, deployed from a different repository.
#[test]
fn prune_outside_ci_never_deletes_another_repositorys_deployments() {
    let s = server();
    let vars = s.vars();
    let a = TestProject::new(
        &[("flows.py", FLOW_A), ("prefect.yaml", &file(&["nightly"]))],
        "team a",
    );
    let b = TestProject::new(
        &[("flows.py", FLOW_B), ("prefect.yaml", &file(&["hourly"]))],
        "team b",
    );
    ok(&pinflow(a.path(), &["deploy", "--all"], &vars));
    ok(&pinflow(b.path(), &["deploy", "--all"], &vars));
    let out = pinflow(b.path(), &["deploy", "--all", "--prune"], &vars);
    let shown = ok(&out);
    assert!(
        s.deployment("team-a-flow", "nightly").is_some(),
        "team b's prune deleted team a's deployment:\n{shown}{}",
        text(&out.stderr)
    );
}
