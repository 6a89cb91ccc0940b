//! The parameter-schema corpus (tests/corpus/): flow signatures written for this purpose,
//! among them the shapes real projects use (aliases, imports from the project's own modules,
//! `Field` constraints, constructed defaults, docstring edge cases).
//! The real `prefect deploy` 3.9.1 deploys them all; pinflow must produce the same schema,
//! byte for byte (compact JSON, key order included), for at least 95% of them, and every
//! remaining difference is listed here with its reason.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{json_ok, pinflow, prefect_deploy, server, TestProject};

/// Differences pinflow keeps, with the reason. Empty when every signature matches.
const KNOWN: &[(&str, &str)] = &[];

/// `(file, function)` of every `@flow` in the corpus, and the methods by hand.
fn entrypoints(files: &[(&str, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (file, text) in files {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("@flow") {
                if let Some(def) = lines.get(i + 1).and_then(|l| l.strip_prefix("def ")) {
                    out.push(format!("corpus/{file}:{}", def.split('(').next().unwrap()));
                }
            }
        }
    }
    out.push("corpus/methods.py:Jobs.run".into());
    out
}

#[test]
fn corpus_schemas_match_prefect_deploy() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let files: Vec<(&str, String)> = [
        "types_.py",
        "models.py",
        "docstrings.py",
        "methods.py",
        "imports.py",
        "limits.py",
        "limits_shared.py",
        "extras.py",
        "configs.py",
        "blocks.py",
        "realworld.py",
        "shapes.py",
        "pkg/__init__.py",
        "pkg/models.py",
    ]
    .into_iter()
    .map(|f| (f, std::fs::read_to_string(dir.join(f)).unwrap()))
    .collect();
    let eps = entrypoints(&files);
    assert!(eps.len() >= 60, "the corpus has {} signatures", eps.len());
    let mut yaml = String::from("deployments:\n");
    for (i, ep) in eps.iter().enumerate() {
        yaml.push_str(&format!(
            "  - name: corpus-{i}\n    entrypoint: {ep}\n    work_pool: {{name: test-pool}}\n"
        ));
    }
    let mut project_files: Vec<(String, String)> = files
        .iter()
        .map(|(f, t)| (format!("corpus/{f}"), t.clone()))
        .collect();
    project_files.push(("prefect.yaml".into(), yaml));
    let refs: Vec<(&str, &str)> = project_files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = TestProject::new(&refs, "corpus");

    // pinflow, without a server.
    let ours = json_ok(&pinflow(
        p.path(),
        &["deploy", "--all", "--dry-run", "--output", "json"],
        &[],
    ));
    let ours: BTreeMap<String, (String, Value)> = ours["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = d["name"].as_str().unwrap().to_owned();
            let deployment = name.rsplit('/').next().unwrap().to_owned();
            (
                deployment,
                (
                    name,
                    d["request"]["body"]["parameter_openapi_schema"].clone(),
                ),
            )
        })
        .collect();
    // The reference.
    let s = server();
    prefect_deploy(p.path(), &["--all"], &s.vars());

    let mut matched = 0;
    let mut differences = Vec::new();
    for (i, ep) in eps.iter().enumerate() {
        let deployment = format!("corpus-{i}");
        let (full, schema) = &ours[&deployment];
        let (flow, _) = full.rsplit_once('/').unwrap();
        let Some(stored) = s.deployment(flow, &deployment) else {
            differences.push(format!(
                "{ep}: prefect stored no deployment under flow {flow:?} (pinflow's flow name)"
            ));
            continue;
        };
        let (want, got) = (
            serde_json::to_string(&stored["parameter_openapi_schema"]).unwrap(),
            serde_json::to_string(schema).unwrap(),
        );
        if want == got {
            matched += 1;
        } else if !KNOWN.iter().any(|(k, _)| k == ep) {
            differences.push(format!("{ep}:\n  prefect: {want}\n  pinflow: {got}"));
        }
    }
    let share = matched as f64 / eps.len() as f64;
    eprintln!(
        "schema corpus: {matched} of {} identical ({:.1}%)",
        eps.len(),
        share * 100.0
    );
    assert!(
        differences.is_empty(),
        "unexplained differences:\n{}",
        differences.join("\n")
    );
    assert!(share >= 0.95, "{matched} of {} identical", eps.len());
}

#[test]
fn python_flag_gives_prefects_exact_schema_for_types_only_python_knows() {
    let flow = "import ipaddress\n\nimport pydantic\nfrom prefect import flow\n\n\n@flow(name=\"py-flag\")\ndef main(url: pydantic.HttpUrl, host: ipaddress.IPv4Address = ipaddress.IPv4Address(\"10.0.0.1\")):\n    pass\n";
    let yaml = "deployments:\n  - name: py\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let p = TestProject::new(&[("flows.py", flow), ("prefect.yaml", yaml)], "python flag");
    let python = crate::support::prefect_bin().with_file_name("python");
    let with = json_ok(&pinflow(
        p.path(),
        &[
            "deploy",
            "--dry-run",
            "--output",
            "json",
            "--python",
            python.to_str().unwrap(),
        ],
        &[],
    ));
    let without = pinflow(p.path(), &["deploy", "--dry-run", "--output", "json"], &[]);
    assert!(crate::support::text(&without.stderr).contains("not understood statically"));
    let without = json_ok(&without);
    let s = server();
    prefect_deploy(p.path(), &["--all"], &s.vars());
    let stored = s.deployment("py-flag", "py").unwrap()["parameter_openapi_schema"].clone();
    let schema =
        |v: &Value| v["deployments"][0]["request"]["body"]["parameter_openapi_schema"].clone();
    assert_eq!(
        serde_json::to_string(&schema(&with)).unwrap(),
        serde_json::to_string(&stored).unwrap()
    );
    assert_ne!(schema(&without), stored, "statically these types stay open");
    assert_eq!(
        schema(&without)["properties"]["url"],
        serde_json::json!({"position": 0, "title": "url"})
    );
}
