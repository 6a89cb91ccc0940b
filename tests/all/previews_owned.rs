//! Previews touch only what is proven theirs, against a real server: `deploy --preview` never
//! overwrites a deployment whose pinflow history does not say it is this repository's preview
//! of this pull request (another repository's preview, a production deployment made by
//! `pinflow deploy` or by the real `prefect deploy`, whatever its tags), checking every
//! preview before writing any; and `preview cleanup` deletes only such proven previews, and
//! says what it left alone.

use serde_json::Value;

use crate::support::{json_ok, pinflow, prefect_deploy, server, text, TestProject};

const FLOW: &str =
    "from prefect import flow\n\n@flow(name=\"FLOW\")\ndef main(x: int = 1):\n    pass\n";

/// A project of flow `flow` whose prefect.yaml is `yaml`.
fn project(flow: &str, yaml: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", flow)),
            ("prefect.yaml", yaml),
        ],
        "m",
    )
}

/// A GitHub Actions build of `sha` in repository `repository`.
fn github(sha: &str, repository: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GITHUB_ACTIONS", "true".into()),
        ("GITHUB_SHA", sha.into()),
        ("GITHUB_REF_NAME", "feature".into()),
        ("GITHUB_REPOSITORY", repository.into()),
    ]
}

/// Runs pinflow with the server's variables and `env`.
fn run(p: &TestProject, args: &[&str], env: &[(&'static str, String)]) -> std::process::Output {
    let s = server();
    let mut all = s.vars();
    all.extend(env.iter().map(|(k, v)| (*k, v.as_str())));
    pinflow(p.path(), args, &all)
}

/// How many history records deployment `d` has.
fn records(d: &Value) -> usize {
    server().history_len(d["id"].as_str().unwrap())
}

/// Asserts `out` is the refusal to overwrite `name`, and says `why`.
fn assert_refused(out: &std::process::Output, name: &str, why: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("deploy --preview refused")
            && stderr.contains(name)
            && stderr.contains(why)
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
}

const PROD: &str = r#"
deployments:
  - name: prod
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
"#;

#[test]
fn a_preview_never_overwrites_another_repositorys_preview() {
    let s = server();
    let p = project("owned-flow", PROD);
    let args = ["deploy", "--all", "--preview", "--pull-request", "7"];
    // Repository A's pull request 7.
    let a = github(&p.head(), "org/a");
    json_ok(&run(&p, &[&args[..], &["--output", "json"]].concat(), &a));
    let before = s.deployment("owned-flow", "prod-pr-7").unwrap();
    // Repository B's pull request 7, same flow and deployment, on the same workspace.
    let next = p.commit(
        &[(
            "flows.py",
            &FLOW.replace("FLOW", "owned-flow").replace("= 1", "= 2"),
        )],
        "b",
    );
    let out = run(&p, &args, &github(&next, "org/b"));
    assert_refused(
        &out,
        "owned-flow/prod-pr-7",
        "pull request 7 of github.com/org/a",
    );
    let after = s.deployment("owned-flow", "prod-pr-7").unwrap();
    assert_eq!(after["version"], before["version"]);
    assert_eq!(after["tags"], before["tags"]);
    assert_eq!(records(&after), 1);
    // Outside CI (no repository), pull request 7 is not repository A's either.
    let out = run(&p, &args, &[]);
    assert_refused(
        &out,
        "owned-flow/prod-pr-7",
        "pull request 7 of github.com/org/a",
    );
    // Repository A's next push updates its own preview.
    let out = json_ok(&run(
        &p,
        &[&args[..], &["--output", "json"]].concat(),
        &github(&next, "org/a"),
    ));
    assert_eq!(out["deployments"][0]["action"], "updated", "{out}");
    let updated = s.deployment("owned-flow", "prod-pr-7").unwrap();
    assert_eq!(updated["version"], &next[..8]);
    assert_eq!(records(&updated), 2);
}

/// `ingest` and `other`, and the production deployment `ingest-2024` (active schedule, and
/// the tags a preview of pull request 2024 would have: anyone can set tags).
const INGEST: &str = r#"
deployments:
  - name: ingest
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
  - name: other
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
  - name: ingest-2024
    entrypoint: flows.py:main
    tags: [preview, pr-2024, "repo:github.com/org/repo"]
    work_pool: {name: test-pool}
    schedules:
      - cron: "0 3 * * *"
"#;

/// Previews of `ingest` and `other` named `{name}-{number}` for pull request 2024 of
/// org/repo must not touch the production `ingest-2024` of flow `flow`, however it was made,
/// nor create `other-2024` (every preview is checked before any is written).
fn assert_production_is_left_alone(p: &TestProject, flow: &str, why: &str) {
    let s = server();
    let production = s.deployment(flow, "ingest-2024").expect("production");
    let history = records(&production);
    let preview = [
        "deploy",
        "ingest",
        "other",
        "--preview",
        "--pull-request",
        "2024",
        "--preview-name",
        "{name}-{number}",
    ];
    for args in [&preview[..], &[&preview[..], &["--force"]].concat()] {
        let out = run(p, args, &github(&p.head(), "org/repo"));
        let name = format!("{flow}/ingest-2024");
        assert_refused(&out, &name, why);
        let now = s.deployment(flow, "ingest-2024").unwrap();
        for field in [
            "version",
            "tags",
            "schedules",
            "updated",
            "parameter_openapi_schema",
        ] {
            assert_eq!(now[field], production[field], "{field}");
        }
        assert_eq!(now["schedules"][0]["active"], true);
        assert_eq!(records(&now), history);
        assert!(
            s.deployment(flow, "other-2024").is_none(),
            "nothing written"
        );
    }
    // A plan of those previews says so too.
    let plan = [&["plan"][..], &preview[1..]].concat();
    assert_refused(&run(p, &plan, &[]), "ingest-2024", why);
}

#[test]
fn a_preview_name_never_takes_a_deployment_made_by_pinflow_deploy() {
    let p = project("ingest-flow", INGEST);
    json_ok(&run(
        &p,
        &["deploy", "ingest-2024", "--output", "json"],
        &[],
    ));
    assert_production_is_left_alone(&p, "ingest-flow", "not a preview's");
}

#[test]
fn a_preview_name_never_takes_a_deployment_made_by_prefect_deploy() {
    let s = server();
    let p = project("ingest-reference", INGEST);
    prefect_deploy(p.path(), &["-n", "ingest-2024"], &s.vars());
    assert_production_is_left_alone(&p, "ingest-reference", "no pinflow history");
}

/// `prod`, and `hand-pr-4071`: a deployment made by hand with a preview's tags.
const HAND: &str = r#"
deployments:
  - name: prod
    entrypoint: flows.py:main
    tags: ["repo:github.com/org/a"]
    work_pool: {name: test-pool}
  - name: hand-pr-4071
    entrypoint: flows.py:main
    tags: [preview, pr-4071, "repo:github.com/org/a"]
    work_pool: {name: test-pool}
"#;

/// In flow `flow`: `hand-pr-N` made by pinflow deploy (and in flow `{flow}-ref` by prefect
/// deploy), with a preview's tags; and previews of pull request N: repository B's
/// (`prod-b-pr-N`, which also says `repo:github.com/org/a` in its tags: a prefect.yaml sets
/// any tag), repository A's (`prod-pr-N`) and one deployed outside CI (`prod-local-N`).
fn hand_made_and_previews(flow: &str, pr: &str) -> TestProject {
    let hand = HAND.replace("4071", pr);
    let p = project(flow, &hand);
    let by_hand = format!("hand-pr-{pr}");
    json_ok(&run(&p, &["deploy", &by_hand, "--output", "json"], &[]));
    let q = project(&format!("{flow}-ref"), &hand);
    prefect_deploy(q.path(), &["-n", &by_hand], &server().vars());
    let preview = ["deploy", "prod", "--preview", "--pull-request", pr];
    let named = |name: &'static str| [&preview[..], &["--preview-name", name]].concat();
    let json = ["--output", "json"];
    let b = github(&p.head(), "org/b");
    json_ok(&run(
        &p,
        &[&named("{name}-b-pr-{number}")[..], &json].concat(),
        &b,
    ));
    let a = github(&p.head(), "org/a");
    json_ok(&run(&p, &[&preview[..], &json].concat(), &a));
    json_ok(&run(
        &p,
        &[&named("{name}-local-{number}")[..], &json].concat(),
        &[],
    ));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    p
}

/// The sorted names in a list of deployments.
fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_repositorys_cleanup_deletes_its_own_preview_only_and_says_why_not_the_rest() {
    let p = hand_made_and_previews("cleanup-owned", "4071");
    let cleanup = ["preview", "cleanup", "--pull-request", "4071"];
    let cleanup = [&cleanup[..], &["--output", "json"]].concat();
    let out = json_ok(&run(&p, &cleanup, &github(&p.head(), "org/a")));
    assert_eq!(
        names(&out["deleted"]),
        ["cleanup-owned/prod-pr-4071"],
        "{out}"
    );
    assert_eq!(
        names(&out["skipped"]),
        [
            "cleanup-owned-ref/hand-pr-4071",
            "cleanup-owned/hand-pr-4071",
            "cleanup-owned/prod-b-pr-4071",
            "cleanup-owned/prod-local-4071",
        ],
        "{out}"
    );
    let why = out["skipped"].to_string();
    assert!(
        why.contains("not a preview's") && why.contains("no pinflow history"),
        "{why}"
    );
    assert!(
        why.contains("pull request 4071 of github.com/org/b"),
        "{why}"
    );
    assert!(server()
        .deployment("cleanup-owned", "prod-pr-4071")
        .is_none());
}

#[test]
fn cleanup_outside_ci_deletes_any_repositorys_proven_preview_never_a_hand_made_one() {
    let (s, flow) = (server(), "cleanup-any");
    let p = hand_made_and_previews(flow, "4072");
    let cleanup = ["preview", "cleanup", "--pull-request", "4072"];
    let out = run(&p, &[&cleanup[..], &["--older-than", "0m"]].concat(), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains(&format!("deleted  {flow}/prod-b-pr-4072"))
            && shown.contains(&format!("deleted  {flow}/prod-local-4072"))
            && shown.contains(&format!("deleted  {flow}/prod-pr-4072"))
            && shown.contains(&format!("skipped  {flow}/hand-pr-4072: "))
            && shown.contains(&format!("skipped  {flow}-ref/hand-pr-4072: ")),
        "{shown}"
    );
    for d in ["prod-b-pr-4072", "prod-local-4072", "prod-pr-4072"] {
        assert!(s.deployment(flow, d).is_none(), "{flow}/{d}");
    }
    assert!(s.deployment(flow, "hand-pr-4072").is_some());
    assert!(s
        .deployment(&format!("{flow}-ref"), "hand-pr-4072")
        .is_some());
}

#[test]
fn a_preview_taken_over_by_prefect_deploy_is_no_longer_the_pull_requests() {
    let s = server();
    let p = project("taken-over", PROD);
    let args = [
        "deploy",
        "prod",
        "--preview",
        "--pull-request",
        "2024",
        "--preview-name",
        "{name}-{number}",
    ];
    let ci = github(&p.head(), "org/repo");
    json_ok(&run(&p, &[&args[..], &["--output", "json"]].concat(), &ci));
    // The name is taken over by production, deployed with the real prefect deploy: pinflow's
    // last record still says preview, the deployment no longer is one.
    let yaml = format!("{PROD}  - name: prod-2024\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n");
    p.commit(&[("prefect.yaml", &yaml)], "production");
    prefect_deploy(p.path(), &["-n", "prod-2024"], &s.vars());
    let production = s.deployment("taken-over", "prod-2024").unwrap();
    let out = run(&p, &args, &github(&p.head(), "org/repo"));
    assert_refused(
        &out,
        "taken-over/prod-2024",
        "no longer has the preview's tags",
    );
    let now = s.deployment("taken-over", "prod-2024").unwrap();
    assert_eq!(now["updated"], production["updated"]);
}
