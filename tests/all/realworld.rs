//! The real-world corpus (tests/realworld/, see its README): 36 public Prefect projects, each
//! deployed with the real `prefect deploy --all` and with `pinflow deploy --all` against the
//! same server, from the same commit and environment. Where Prefect deploys, every deployment
//! pinflow stores must equal Prefect's, field by field; where Prefect refuses the project,
//! pinflow must refuse it too, writing nothing. One project pinflow refuses on purpose (see
//! [`Expect::PinflowRefuses`]).
//!
//! pinflow runs with `--pin-commit never --resolve-image never`: pinning is what it adds on
//! purpose (pin.rs). The one deliberate difference in what is stored: without a docstring or a
//! `description:`, Prefect stores the text "None" and pinflow stores no description.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::stored::{assert_same, stored};
use crate::support::{json_ok, pinflow, prefect_deploy_output, server, text, TestProject};

/// What each tool does with a project.
enum Expect {
    /// Both deploy this many deployments, stored identically.
    Identical(usize),
    /// Prefect refuses the project and so does pinflow (exit 3), with this in its message.
    BothRefuse(&'static str),
    /// Prefect stores the project and pinflow refuses it (exit 3) with this message, on
    /// purpose: what Prefect stores there fails when a run starts.
    PinflowRefuses(&'static str),
}

use Expect::*;

/// The corpus, in six groups that run in parallel (their flow names do not overlap).
const GROUPS: [&[(&str, Expect)]; 6] = [
    &[
        (
            "CBIIT+ChildhoodCancerDataInitiative-Prefect_Pipeline",
            Identical(57),
        ),
        (
            "3commacapital+prefect-flows",
            BothRefuse("unknown key `max_active_runs`"),
        ),
        ("4lissonsilveira+prefect-w-perma-skeleton", Identical(1)),
        ("Ben-Epstein+prefect-quickstart", Identical(1)),
    ],
    &[
        ("9MRTAE+ingest-gcp-mssql", Identical(28)),
        ("9xxxxxx+meprefect", Identical(9)),
        ("AbdessamadAouissi+spotify-elt-pipeline", Identical(2)),
        ("AbhishekRS4+Data_Ingestion_Prefect", Identical(1)),
        ("Adedayo19+spotify-data-logger", Identical(1)),
        ("CAJ2+sage-databot", BothRefuse("`entrypoint` is required")),
    ],
    &[
        ("9MRTAE+ingest_gcp_postgresql", Identical(18)),
        ("ArthurZakirov+sheets-to-postgresql", Identical(1)),
        ("Artoss+labour_market_AU", Identical(2)),
        ("Autonomous-Finance+dataos-pipeline", Identical(4)),
        ("Axioq+wolf-tracks", Identical(1)),
        ("BTHiggins+WeatherData", Identical(1)),
        (
            "CBIIT+Prefect_demo",
            BothRefuse("`parameters` is empty (null)"),
        ),
    ],
    &[
        ("CamilleLarpin+pea-pme-pulse", Identical(9)),
        ("Carlos-AMG+BookScraper", Identical(3)),
        ("Chanyanuch23+dsi321_2025", Identical(1)),
        ("CBIIT+C3DC-Prefect-Dataloader", Identical(1)),
        ("CBIIT+CCDI-Hub-Prefect-Dataloader", Identical(1)),
        ("CBIIT+prefect-hello-world", Identical(1)),
        (
            "CBIIT+prefect-toolkit",
            BothRefuse("`parameters` is empty (null)"),
        ),
        (
            "CBIIT+EntryRemoval-Prefect",
            PinflowRefuses(
                "indent `id`, `repository`, `branch` under `prefect.deployments.steps.git_clone:`",
            ),
        ),
    ],
    &[
        (
            "CBIIT+ChildhoodCancerDataInitiative-cBioPortal-Workflows",
            Identical(10),
        ),
        ("AMOS-experiment+CoInML", Identical(1)),
        ("Baskakovs+idx", Identical(2)),
        ("BryanWille+br381-risk-pipeline", Identical(2)),
        ("CBIIT+ccdi-cpi-etl", Identical(1)),
    ],
    &[
        ("AutoflowsDotDev+stock-market-assistant", Identical(1)),
        ("AgnelFernando+HybridRecommender", Identical(1)),
        ("9unn+dsi321_2025", Identical(1)),
        ("AbhishekRS4+ML_NY_Taxi", Identical(1)),
        ("Alejo74-siete+ETL-Pipeline", Identical(1)),
        ("zzstoatzz+my-prefect-server", Identical(10)),
    ],
];

#[test]
fn realworld_group_1() {
    run_group(GROUPS[0]);
}

#[test]
fn realworld_group_2() {
    run_group(GROUPS[1]);
}

#[test]
fn realworld_group_3() {
    run_group(GROUPS[2]);
}

#[test]
fn realworld_group_4() {
    run_group(GROUPS[3]);
}

#[test]
fn realworld_group_5() {
    run_group(GROUPS[4]);
}

#[test]
fn realworld_group_6() {
    run_group(GROUPS[5]);
}

#[test]
fn the_corpus_is_the_folder_and_adds_up() {
    let listed: BTreeSet<&str> = GROUPS
        .iter()
        .flat_map(|g| g.iter().map(|(n, _)| *n))
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(|e| e.ok().filter(|e| e.path().is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        on_disk,
        "every project folder is listed once, and every listed project exists"
    );
    let identical: usize = GROUPS
        .iter()
        .flat_map(|g| g.iter())
        .map(|(_, e)| if let Identical(n) = e { *n } else { 0 })
        .sum();
    assert_eq!(
        (listed.len(), identical),
        (36, 174),
        "the figures the docs give"
    );
    for page in [
        "README.md",
        "docs/prefect-deploy.md",
        "tests/realworld/README.md",
    ] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(page)).unwrap();
        let figure = format!("{identical} of {identical}");
        assert!(text.contains(&figure), "{page} gives the figures: {figure}");
    }
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld")
}

fn run_group(group: &[(&str, Expect)]) {
    for (name, expect) in group {
        run_project(name, expect);
    }
}

/// Deploys one corpus project with both tools and checks the outcome.
fn run_project(name: &str, expect: &Expect) {
    let (owner, repo) = name.split_once('+').unwrap();
    let p = project_from(
        &corpus().join(name),
        &format!("https://github.com/{owner}/{repo}.git"),
    );
    let yaml = std::fs::read_to_string(p.path().join("prefect.yaml")).unwrap();
    let env = environment(&yaml);
    let vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let ours = [
        "--pin-commit",
        "never",
        "--resolve-image",
        "never",
        "--output",
        "json",
    ];
    match expect {
        Identical(count) => {
            let planned = json_ok(&pinflow(
                p.path(),
                &[&["deploy", "--all", "--dry-run"], &ours[..]].concat(),
                &vars,
            ));
            let names = flow_and_name(&planned);
            assert_eq!(names.len(), *count, "{name}: deployments planned");
            let reference = prefect_deploy_output(p.path(), &["--all"], &vars);
            assert!(
                reference.status.success(),
                "{name}: prefect deploy failed:\n{}",
                text(&reference.stdout)
            );
            let theirs: Vec<Value> = names.iter().map(|(f, n)| stored(f, n)).collect();
            for (f, n) in &names {
                server().delete_deployment(f, n);
            }
            let out = pinflow(p.path(), &[&["deploy", "--all"], &ours[..]].concat(), &vars);
            json_ok(&out);
            for ((f, n), mut reference) in names.iter().zip(theirs) {
                if reference["description"] == "None" {
                    reference["description"] = Value::Null; // the deliberate difference
                }
                let mine = stored(f, n);
                assert_same(&reference, &mine);
                server().delete_deployment(f, n);
            }
        }
        BothRefuse(says) | PinflowRefuses(says) => {
            let reference = prefect_deploy_output(p.path(), &["--all"], &vars);
            let prefect_takes_it = matches!(expect, PinflowRefuses(_));
            assert_eq!(
                reference.status.success(),
                prefect_takes_it,
                "{name}: prefect deploy:\n{}",
                text(&reference.stdout)
            );
            let out = pinflow(p.path(), &[&["deploy", "--all"], &ours[..]].concat(), &vars);
            assert_eq!(out.status.code(), Some(3), "{name}: {}", text(&out.stderr));
            assert!(
                text(&out.stderr).contains(says),
                "{name}: {}",
                text(&out.stderr)
            );
        }
    }
}

/// A git repository holding the corpus folder `dir`, with `origin` as its remote (so that both
/// tools record the same version info).
fn project_from(dir: &Path, origin: &str) -> TestProject {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = TestProject::new(&files, "corpus");
    p.git(&["remote", "set-url", "origin", origin]);
    p
}

/// The environment the project expects of its CI: each `{{ $VAR }}` it names, its work pools
/// and secret blocks on the server, and a default work pool when a deployment names none.
fn environment(yaml: &str) -> Vec<(String, String)> {
    let s = server();
    let mut env: Vec<(String, String)> = s
        .vars()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let placeholder = regex::Regex::new(r"\{\{ *\$([A-Za-z_][A-Za-z0-9_]*) *\}\}").unwrap();
    let value = |var: &str| format!("rw-{}", var.to_ascii_lowercase().replace('_', "-"));
    for var in placeholder
        .captures_iter(yaml)
        .map(|c| c[1].to_owned())
        .collect::<BTreeSet<_>>()
    {
        env.push((var.clone(), value(&var)));
    }
    for block in regex::Regex::new(r"prefect\.blocks\.secret\.([A-Za-z0-9_-]+)")
        .unwrap()
        .captures_iter(yaml)
    {
        if s.get(&format!(
            "/block_types/slug/secret/block_documents/name/{}",
            &block[1]
        ))
        .is_none()
        {
            s.create_secret_block(&block[1], "corpus-secret");
        }
    }
    let config: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap_or_default();
    let deployments = config
        .get("deployments")
        .and_then(|d| d.as_sequence())
        .cloned()
        .unwrap_or_default();
    for d in &deployments {
        match d
            .get("work_pool")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
        {
            Some(pool) => {
                let pool = placeholder.replace_all(pool, |c: &regex::Captures| value(&c[1]));
                s.create_work_pool(&pool);
            }
            None if !env
                .iter()
                .any(|(k, _)| k == "PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME") =>
            {
                s.create_work_pool("rw-default-pool");
                env.push((
                    "PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME".into(),
                    "rw-default-pool".into(),
                ));
            }
            None => {}
        }
    }
    env
}

/// `(flow, deployment)` of each deployment in a pinflow JSON report.
fn flow_and_name(report: &Value) -> Vec<(String, String)> {
    report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (flow, name) = d["name"].as_str().unwrap().split_once('/').unwrap();
            (flow.to_owned(), name.to_owned())
        })
        .collect()
}
