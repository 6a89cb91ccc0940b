//! Several project files in one run (`--prefect-file` repeated or a glob): each file deployed
//! as the real `prefect deploy --all` deploys it when run in the file's folder, in one run with
//! one report; a deployment declared by two files refuses the run before anything is written.

use serde_json::Value;

use crate::support::stored::{assert_same, stored};
use crate::support::{
    deployments_yaml as file, json_ok, pinflow, prefect_deploy, server, text, TestProject,
};

/// A project folder's flow, named `flow`.
fn flow(flow: &str) -> String {
    format!(
        r#"from prefect import flow


@flow(name="{flow}")
def main(rows: int = 10):
    """Loads {flow}."""
"#
    )
}

fn monorepo() -> TestProject {
    TestProject::new(
        &[
            ("etl/flows.py", &flow("mono-etl")),
            ("etl/prefect.yaml", &file(&["nightly", "hourly"])),
            ("ml/flows.py", &flow("mono-ml")),
            ("ml/prefect.yaml", &file(&["train"])),
        ],
        "two projects",
    )
}

const DEPLOYED: [(&str, &str); 3] = [
    ("mono-etl", "nightly"),
    ("mono-etl", "hourly"),
    ("mono-ml", "train"),
];

#[test]
fn a_glob_deploys_each_file_as_prefect_deploy_does_in_its_folder() {
    let s = server();
    let vars = s.vars();
    let p = monorepo();
    for folder in ["etl", "ml"] {
        prefect_deploy(&p.path().join(folder), &["--all"], &vars);
    }
    let reference: Vec<Value> = DEPLOYED.iter().map(|(f, n)| stored(f, n)).collect();
    for (f, n) in DEPLOYED {
        s.delete_deployment(f, n);
    }
    let args = [
        "deploy",
        "--all",
        "--prefect-file",
        "*/prefect.yaml",
        "--pin-commit",
        "never",
        "--output",
        "json",
    ];
    let report = json_ok(&pinflow(p.path(), &args, &vars));
    let names: Vec<&str> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["mono-etl/nightly", "mono-etl/hourly", "mono-ml/train"],
        "one report, the files in order"
    );
    for ((f, n), reference) in DEPLOYED.iter().zip(&reference) {
        assert_same(reference, &stored(f, n));
    }
    // The same files named one by one are the same run: nothing changed.
    let again = json_ok(&pinflow(
        p.path(),
        &[
            "deploy",
            "--all",
            "--prefect-file",
            "etl/prefect.yaml",
            "--prefect-file",
            "ml/prefect.yaml",
            "--pin-commit",
            "never",
            "--output",
            "json",
        ],
        &vars,
    ));
    for d in again["deployments"].as_array().unwrap() {
        assert_eq!(d["action"], "unchanged", "{d}");
    }
}

#[test]
fn several_files_are_refused_before_anything_is_written_when_they_clash() {
    let s = server();
    let vars = s.vars();
    let p = TestProject::new(
        &[
            ("a/flows.py", &flow("mono-clash")),
            ("a/prefect.yaml", &file(&["same"])),
            ("b/flows.py", &flow("mono-clash")),
            ("b/prefect.yaml", &file(&["same", "other"])),
        ],
        "two files, one deployment",
    );
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--prefect-file", "*/prefect.yaml"],
        &vars,
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("\"mono-clash/same\" is declared by"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        s.deployment("mono-clash", "same").is_none(),
        "nothing is written"
    );
    assert!(
        s.deployment("mono-clash", "other").is_none(),
        "nothing is written"
    );

    let out = pinflow(
        p.path(),
        &["deploy", "same", "--prefect-file", "*/prefect.yaml"],
        &vars,
    );
    assert_eq!(out.status.code(), Some(2), "names with several files");
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--prefect-file", "*/none.yaml"],
        &vars,
    );
    assert_eq!(out.status.code(), Some(2), "a glob that matches nothing");
    assert!(text(&out.stderr).contains("matches no file"));
}

#[test]
fn a_deployment_moved_to_another_file_of_the_run_is_not_pruned() {
    let s = server();
    let mut vars = s.vars();
    vars.extend([
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "org/mono-move"),
    ]);
    let p = TestProject::new(
        &[
            ("a/flows.py", &flow("mono-move")),
            ("a/prefect.yaml", &file(&["moved", "stays-a"])),
            ("b/flows.py", &flow("mono-move")),
            ("b/prefect.yaml", &file(&["stays-b"])),
        ],
        "moved starts in a",
    );
    let glob = ["deploy", "--all", "--prefect-file", "*/prefect.yaml"];
    let out = pinflow(p.path(), &glob, &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    p.commit(
        &[
            ("a/prefect.yaml", &file(&["stays-a"])),
            ("b/prefect.yaml", &file(&["stays-b", "moved"])),
        ],
        "moved goes to b",
    );
    let out = pinflow(p.path(), &[&glob[..], &["--prune"]].concat(), &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for name in ["moved", "stays-a", "stays-b"] {
        assert!(s.deployment("mono-move", name).is_some(), "{name} is kept");
    }
    // Gone from every file, it goes.
    p.commit(&[("b/prefect.yaml", &file(&["stays-b"]))], "moved is gone");
    let out = pinflow(p.path(), &[&glob[..], &["--prune"]].concat(), &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        s.deployment("mono-move", "moved").is_none(),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_missing_work_pool_in_one_file_writes_nothing_of_any_file() {
    let s = server();
    let vars = s.vars();
    let p = TestProject::new(
        &[
            ("a/flows.py", &flow("mono-pool")),
            ("a/prefect.yaml", &file(&["fine"])),
            ("b/flows.py", &flow("mono-pool")),
            (
                "b/prefect.yaml",
                "deployments:\n  - name: lost\n    entrypoint: flows.py:main\n    work_pool: {name: no-such-pool}\n",
            ),
        ],
        "one pool is missing",
    );
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--prefect-file", "*/prefect.yaml"],
        &vars,
    );
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("no-such-pool"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        s.deployment("mono-pool", "fine").is_none(),
        "a's deployment is not written"
    );
}

#[test]
fn one_plan_file_holds_every_file_of_a_glob_and_applies_as_the_glob_deploys() {
    let s = server();
    let vars = s.vars();
    let p = TestProject::new(
        &[
            ("etl/flows.py", &flow("mono-plan-etl")),
            ("etl/prefect.yaml", &file(&["nightly", "hourly"])),
            ("ml/flows.py", &flow("mono-plan-ml")),
            ("ml/prefect.yaml", &file(&["train"])),
        ],
        "two projects",
    );
    let names = [
        ("mono-plan-etl", "nightly"),
        ("mono-plan-etl", "hourly"),
        ("mono-plan-ml", "train"),
    ];
    let glob = ["--all", "--prefect-file", "*/prefect.yaml"];
    let out = pinflow(p.path(), &[&["deploy"][..], &glob].concat(), &vars);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let deployed: Vec<Value> = names.iter().map(|(f, n)| stored(f, n)).collect();
    for (f, n) in names {
        s.delete_deployment(f, n);
    }

    let out = pinflow(
        p.path(),
        &[&["plan"][..], &glob, &["--out", "plan.json"]].concat(),
        &vars,
    );
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(p.path().join("plan.json")).unwrap())
            .unwrap();
    let files: Vec<&str> = plan["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["prefect_file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["etl/prefect.yaml", "ml/prefect.yaml"],
        "one file, both projects"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::copy(
        p.path().join("plan.json"),
        elsewhere.path().join("plan.json"),
    )
    .unwrap();
    let report = json_ok(&pinflow(
        elsewhere.path(),
        &["apply", "plan.json", "--output", "json"],
        &vars,
    ));
    assert_eq!(
        report["deployments"].as_array().unwrap().len(),
        3,
        "{report}"
    );
    let applied: Vec<Value> = names.iter().map(|(f, n)| stored(f, n)).collect();
    for (a, d) in applied.iter().zip(&deployed) {
        assert_same(a, d);
    }
}
