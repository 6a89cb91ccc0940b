//! Plan files against real servers: `plan --out` writes what a deploy would do, `apply` applies
//! exactly that (from a folder without the checkout), refuses a stale plan against the server it
//! was made against, and promotes it to another server with the same code and that server's
//! settings; no secret ever reaches the file.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{ci_env, json_ok, ok, pinflow, secured_server, server, text, TestProject};

const FLOW: &str =
    "from prefect import flow\n\n@flow(name=\"FLOW\")\ndef main(batch: int = 500):\n    \"\"\"Loads a batch.\"\"\"\n";

/// A project whose deployment `a` takes its pool, region and database from the environment
/// and the server, and pulls its code from a git repository.
fn project(flow: &str, yaml_extra: &str) -> TestProject {
    let yaml = format!(
        "pull:\n  - prefect.deployments.steps.git_clone:\n      repository: https://github.com/org/repo.git\n      branch: main\n\
         deployments:\n  - name: a\n    entrypoint: flows.py:main\n    tags: [\"{{{{ $REGION }}}}\"]\n    parameters:\n      batch: 1000\n    \
         work_pool:\n      name: \"{{{{ $POOL }}}}\"\n      job_variables:\n        image: img:1\n        env:\n          \
         REGION: \"{{{{ $REGION }}}}\"\n          DB: \"{{{{ prefect.variables.lc_db }}}}\"\n{yaml_extra}"
    );
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", flow)),
            ("prefect.yaml", &yaml),
        ],
        "first",
    )
}

/// The variables a GitHub build of `p`'s head on `main` sets, with the pool and region.
fn vars(p: &TestProject, on: &[(&str, &str)], pool: &str, region: &str) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = ci_env("github", &p.head(), "main", p.path())
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    vars.extend(on.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    vars.push(("POOL".into(), pool.into()));
    vars.push(("REGION".into(), region.into()));
    vars
}

fn run(dir: &Path, args: &[&str], vars: &[(String, String)]) -> std::process::Output {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pinflow(dir, args, &vars)
}

/// Makes work pool `pool` and variable `lc_db` (= `db`) on `s`, once per value.
fn settle(s: &crate::support::server::Server, pool: &str, db: &str) {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    s.create_work_pool(pool);
    if s.get("/variables/name/lc_db").is_none() {
        s.post("/variables/", &json!({"name": "lc_db", "value": db}));
    }
}

/// `plan --out` in `p`: the plan file, copied into a fresh folder that holds nothing else (the
/// job that applies it has no checkout).
fn plan_out(p: &TestProject, vars: &[(String, String)]) -> (tempfile::TempDir, PathBuf) {
    let args = [
        "plan",
        "--all",
        "--resolve-image",
        "never",
        "--out",
        "plan.json",
    ];
    let out = run(p.path(), &args, vars);
    assert_eq!(
        out.status.code(),
        Some(6),
        "plan with changes: {}",
        text(&out.stderr)
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("plan.json");
    std::fs::copy(p.path().join("plan.json"), &file).unwrap();
    (elsewhere, file)
}

/// What a run shows: its output but the lines that mask a value in GitHub's log.
fn shown(out: &std::process::Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
        .lines()
        .filter(|l| !l.starts_with("::add-mask::"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plan_json(file: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn a_plan_file_is_applied_from_a_folder_without_the_checkout_as_planned() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-applied";
    let p = project(flow, "");
    let vars = vars(&p, &s.vars(), "lc-staging", "eu");
    let (dir, file) = plan_out(&p, &vars);
    let plan = plan_json(&file);
    let code = &plan["files"][0]["deployments"][0]["code"];
    assert_eq!(
        code["version_info"]["commit_sha"],
        json!(p.head()),
        "{plan}"
    );
    assert_eq!(
        code["pull_steps"][0]["prefect.deployments.steps.git_clone"]["commit_sha"],
        json!(p.head()),
        "the commit is pinned into the frozen pull step"
    );
    assert!(
        s.deployment(flow, "a").is_none(),
        "plan --out writes nothing"
    );

    let out = run(
        dir.path(),
        &["apply", "plan.json", "--output", "json"],
        &vars,
    );
    let report = json_ok(&out);
    assert_eq!(report["deployments"][0]["action"], "created", "{report}");
    let d = s.deployment(flow, "a").expect("applied");
    assert_eq!(d["version"], json!(p.head()[..8]));
    assert_eq!(d["work_pool_name"], "lc-staging");
    assert_eq!(d["job_variables"]["env"]["REGION"], "eu");
    assert_eq!(d["job_variables"]["env"]["DB"], "staging-db");
    assert_eq!(d["parameters"]["batch"], 1000);
    assert_eq!(d["description"], "Loads a batch.");
    assert_eq!(d["pull_steps"], code["pull_steps"]);
    assert_eq!(s.history_len(d["id"].as_str().unwrap()), 1);

    // The plan is used up: applying it again finds the deployment it would create.
    let again = run(dir.path(), &["apply", "plan.json"], &vars);
    assert_eq!(again.status.code(), Some(7), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains(&format!("{flow}/a was created on the server")),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        s.history_len(d["id"].as_str().unwrap()),
        1,
        "nothing written"
    );
}

#[test]
fn a_stale_plan_is_refused_with_what_moved_and_applied_with_force() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-stale";
    let p = project(flow, "");
    let v = vars(&p, &s.vars(), "lc-staging", "eu");
    ok(&run(p.path(), &["deploy", "--all"], &v));
    p.commit(
        &[(
            "flows.py",
            &FLOW.replace("FLOW", flow).replace("500", "600"),
        )],
        "second",
    );
    let v = vars(&p, &s.vars(), "lc-staging", "eu");
    let (dir, _) = plan_out(&p, &v);

    // Someone edits the deployment in the UI after the plan was reviewed.
    let d = s.deployment(flow, "a").unwrap();
    let id = d["id"].as_str().unwrap().to_owned();
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"tags": ["hand-edited"]}),
    );

    let refused = run(dir.path(), &["apply", "plan.json", "--output", "json"], &v);
    assert_eq!(refused.status.code(), Some(7), "{}", text(&refused.stderr));
    let err = text(&refused.stderr);
    assert!(
        err.contains("the plan is stale") && err.contains("`tags` changed on the server"),
        "{err}"
    );
    let doc: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "stale", "{doc}");
    assert_eq!(s.history_len(&id), 1, "nothing applied");
    assert_eq!(
        s.deployment(flow, "a").unwrap()["tags"],
        json!(["hand-edited"])
    );

    ok(&run(dir.path(), &["apply", "plan.json", "--force"], &v));
    let d = s.deployment(flow, "a").unwrap();
    assert_eq!(d["tags"], json!(["eu"]));
    assert_eq!(d["version"], json!(p.head()[..8]));
    assert_eq!(s.history_len(&id), 2);
}

#[test]
fn a_plan_rendering_differently_where_it_is_applied_is_stale() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-rendered";
    let p = project(flow, "");
    let (dir, _) = plan_out(&p, &vars(&p, &s.vars(), "lc-staging", "eu"));
    let refused = run(
        dir.path(),
        &["apply", "plan.json"],
        &vars(&p, &s.vars(), "lc-staging", "us"),
    );
    assert_eq!(refused.status.code(), Some(7), "{}", text(&refused.stderr));
    let err = text(&refused.stderr);
    // Environment values are hidden in a plan, and compared only under the jobs' key.
    assert!(
        err.contains("`tags` render differently here") && !err.contains("`job_variables`"),
        "{err}"
    );
    assert!(s.deployment(flow, "a").is_none());
}

#[test]
fn a_signed_plan_compares_hidden_values_and_is_applied_only_with_its_key() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-signed";
    let p = project(flow, "");
    let key = (
        "PINFLOW_PLAN_KEY".to_owned(),
        "lc-plan-key-0123456789".to_owned(),
    );
    let with_key = |region: &str, key: &(String, String)| {
        let mut v = vars(&p, &s.vars(), "lc-staging", region);
        v.push(key.clone());
        v
    };
    let (dir, file) = plan_out(&p, &with_key("eu", &key));
    let plan = plan_json(&file);
    assert!(
        plan["digest"].as_str().unwrap().starts_with("hmac-sha256:"),
        "{plan}"
    );
    assert!(!std::fs::read_to_string(&file).unwrap().contains(&key.1));

    // Only the key opens it: none, another, or the file changed and its digest made again.
    let unkeyed = run(
        dir.path(),
        &["apply", "plan.json"],
        &vars(&p, &s.vars(), "lc-staging", "eu"),
    );
    assert_eq!(unkeyed.status.code(), Some(2));
    assert!(
        text(&unkeyed.stderr).contains("the plan is signed"),
        "{}",
        text(&unkeyed.stderr)
    );
    let other = (
        "PINFLOW_PLAN_KEY".to_owned(),
        "another-key-0123456789".to_owned(),
    );
    let wrong = run(dir.path(), &["apply", "plan.json"], &with_key("eu", &other));
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("signature does not match"));

    // A hidden value (an environment variable of the job) rendering differently is stale.
    let stale = run(dir.path(), &["apply", "plan.json"], &with_key("us", &key));
    assert_eq!(stale.status.code(), Some(7), "{}", text(&stale.stderr));
    assert!(text(&stale.stderr).contains("`job_variables`, `tags` render differently"));
    ok(&run(
        dir.path(),
        &["apply", "plan.json"],
        &with_key("eu", &key),
    ));
    assert_eq!(
        s.deployment(flow, "a").unwrap()["job_variables"]["env"]["REGION"],
        "eu"
    );
}

#[test]
fn a_plan_promoted_to_another_server_keeps_the_code_and_takes_that_servers_settings() {
    let (staging, production) = (server(), secured_server());
    settle(staging, "lc-staging", "staging-db");
    settle(production, "lc-prod", "prod-db");
    let flow = "lc-promoted";
    let p = project(flow, "");
    let on_staging = vars(&p, &staging.vars(), "lc-staging", "eu");
    let (dir, _) = plan_out(&p, &on_staging);
    ok(&run(dir.path(), &["apply", "plan.json"], &on_staging));
    // Production's job: its own server, pool and region, the same file.
    let on_production = vars(&p, &production.vars(), "lc-prod", "us");
    ok(&run(dir.path(), &["apply", "plan.json"], &on_production));

    let (s, d) = (
        staging.deployment(flow, "a").unwrap(),
        production.deployment(flow, "a").unwrap(),
    );
    for field in [
        "entrypoint",
        "pull_steps",
        "version",
        "version_info",
        "parameter_openapi_schema",
        "parameters",
        "description",
    ] {
        assert_eq!(
            s[field], d[field],
            "{field} is the code's, the same everywhere"
        );
    }
    assert_eq!(s["job_variables"]["image"], d["job_variables"]["image"]);
    assert_eq!(
        (&s["work_pool_name"], &d["work_pool_name"]),
        (&json!("lc-staging"), &json!("lc-prod"))
    );
    assert_eq!(
        d["job_variables"]["env"],
        json!({"REGION": "us", "DB": "prod-db"})
    );
    let pinned = &d["pull_steps"][0]["prefect.deployments.steps.git_clone"]["commit_sha"];
    assert_eq!(pinned, &json!(p.head()));

    // Its history on production names the same version and commit.
    let listed = json_ok(&run(
        dir.path(),
        &["versions", &format!("{flow}/a"), "--output", "json"],
        &on_production,
    ));
    let newest = &listed["versions"][0];
    assert_eq!(newest["version"], s["version"], "{listed}");
    assert_eq!(newest["live"], true, "{listed}");
    assert!(listed.to_string().contains(&p.head()), "{listed}");
}

#[test]
fn no_secret_reaches_a_plan_file_and_apply_renders_them_on_the_target() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    s.create_secret_block("lc-token", "lc-block-canary-71");
    s.post(
        "/variables/",
        &json!({"name": "lc_secret_var", "value": "lc-variable-canary-72"}),
    );
    let flow = "lc-secrets";
    let extra = "          TOKEN: \"{{ prefect.blocks.secret.lc-token }}\"\n          \
                 KEY: \"{{ $LC_API_KEY }}\"\n          VAR: \"{{ prefect.variables.lc_secret_var }}\"\n";
    let p = project(flow, extra);
    let mut v = vars(&p, &s.vars(), "lc-staging", "eu");
    v.push(("LC_API_KEY".into(), "lc-env-canary-73".into()));
    let (dir, file) = plan_out(&p, &v);
    let written = std::fs::read_to_string(&file).unwrap();
    for canary in [
        "lc-block-canary-71",
        "lc-variable-canary-72",
        "lc-env-canary-73",
    ] {
        assert!(!written.contains(canary), "{canary} in the plan file");
    }
    let applied = run(dir.path(), &["apply", "plan.json", "--output", "json"], &v);
    let shown = shown(&applied);
    ok(&applied);
    for canary in ["lc-block-canary-71", "lc-env-canary-73"] {
        assert!(!shown.contains(canary), "{canary} shown by apply: {shown}");
    }
    let env = &s.deployment(flow, "a").unwrap()["job_variables"]["env"];
    assert_eq!(env["TOKEN"], "lc-block-canary-71");
    assert_eq!(env["KEY"], "lc-env-canary-73");
    assert_eq!(env["VAR"], "lc-variable-canary-72");
}

#[test]
fn a_secret_in_what_names_the_code_refuses_the_plan_file() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-secret-pull";
    let p = project(flow, "");
    let yaml = std::fs::read_to_string(p.path().join("prefect.yaml"))
        .unwrap()
        .replace(
            "branch: main",
            "branch: main\n      access_token: \"{{ $GIT_TOKEN }}\"",
        );
    p.commit(&[("prefect.yaml", &yaml)], "token in a pull step");
    let mut v = vars(&p, &s.vars(), "lc-staging", "eu");
    v.push(("GIT_TOKEN".into(), "lc-pull-canary-74".into()));
    let args = [
        "plan",
        "--all",
        "--resolve-image",
        "never",
        "--out",
        "plan.json",
    ];
    let out = run(p.path(), &args, &v);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "prefect.yaml:7 (deployment \"a\", `pull`): a pull step takes {{ $GIT_TOKEN }}"
        ) && err.contains("prefect.blocks.secret"),
        "{err}"
    );
    assert!(!shown(&out).contains("lc-pull-canary-74"), "{err}");
    assert!(!p.path().join("plan.json").exists(), "no file written");
}

#[test]
fn a_plan_file_refuses_build_steps_and_previews() {
    let s = server();
    let p = project(
        "lc-steps",
        "    build:\n      - prefect.deployments.steps.run_shell_script:\n          script: echo hi\n",
    );
    let v = vars(&p, &s.vars(), "lc-staging", "eu");
    // An earlier plan at the same place is gone once a new plan fails: nobody applies it.
    std::fs::write(p.path().join("plan.json"), r#"{"format": "pinflow-plan"}"#).unwrap();
    let out = run(p.path(), &["plan", "--all", "--out", "plan.json"], &v);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("has build or push steps, and a plan file runs none"),
        "{}",
        text(&out.stderr)
    );
    assert!(!p.path().join("plan.json").exists());
    // Whatever is not a plan is never overwritten.
    let yaml = std::fs::read_to_string(p.path().join("prefect.yaml")).unwrap();
    let out = run(p.path(), &["plan", "--all", "--out", "prefect.yaml"], &v);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is not a plan file, so it is not overwritten"));
    assert_eq!(
        std::fs::read_to_string(p.path().join("prefect.yaml")).unwrap(),
        yaml
    );
    let out = run(
        p.path(),
        &[
            "plan",
            "--all",
            "--preview",
            "--pull-request",
            "3",
            "--out",
            "p.json",
        ],
        &v,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--out does not go with --preview"));
}

#[test]
fn a_bad_plan_file_is_refused_with_what_is_wrong_and_nothing_is_written() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-bad";
    let p = project(flow, "");
    let v = vars(&p, &s.vars(), "lc-staging", "eu");
    let (dir, file) = plan_out(&p, &v);
    let good = std::fs::read_to_string(&file).unwrap();
    let edited = good.replace("\"batch\": 1000", "\"batch\": 1");
    let edited = if edited == good {
        // The text holds the YAML; edit it there.
        good.replace("batch: 1000", "batch: 1")
    } else {
        edited
    };
    assert_ne!(edited, good);
    let cases: [(&str, String, &str); 5] = [
        ("missing.json", String::new(), "cannot read"),
        ("broken.json", "{\n  \"format\": ".into(), "broken.json:2"),
        (
            "other.json",
            "{\"format\": \"terraform\"}".into(),
            "not \"pinflow-plan\"",
        ),
        (
            "newer.json",
            good.replacen("\"version\": 1", "\"version\": 2", 1),
            "reads plan files of version 1",
        ),
        (
            "edited.json",
            edited,
            "changed since `pinflow plan --out` wrote it",
        ),
    ];
    for (name, content, expected) in cases {
        if !content.is_empty() {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        let out = run(dir.path(), &["apply", name], &v);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(expected),
            "{name}: {}",
            text(&out.stderr)
        );
    }
    assert!(s.deployment(flow, "a").is_none(), "nothing written");
}

/// A GitHub build of `org/lc-prune` on `main`, on `s`.
fn prune_vars(s: &crate::support::server::Server) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = s
        .vars()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    vars.push(("GITHUB_ACTIONS".into(), "true".into()));
    vars.push(("GITHUB_REPOSITORY".into(), "org/lc-prune".into()));
    vars
}

#[test]
fn a_pruning_plan_deletes_what_it_listed_and_is_stale_when_the_project_moved_on() {
    let s = server();
    let v = prune_vars(s);
    let p = TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", "lc-prune")),
            (
                "prefect.yaml",
                &crate::support::deployments_yaml(&["keep", "gone"]),
            ),
        ],
        "first",
    );
    ok(&run(p.path(), &["deploy", "--all"], &v));
    p.commit(
        &[("prefect.yaml", &crate::support::deployments_yaml(&["keep"]))],
        "gone is gone",
    );
    let args = ["plan", "--all", "--prune", "--out", "plan.json"];
    let out = run(p.path(), &args, &v);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    let plan = plan_json(&p.path().join("plan.json"));
    assert_eq!(
        plan["files"][0]["delete"][0]["name"], "lc-prune/gone",
        "{plan}"
    );

    // A pull request's build does not apply a pruning plan.
    let mut on_pr = v.clone();
    on_pr.push(("GITHUB_EVENT_NAME".into(), "pull_request".into()));
    on_pr.push(("GITHUB_HEAD_REF".into(), "feature".into()));
    let refused = run(p.path(), &["apply", "plan.json"], &on_pr);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    // Nor another repository's build: the plan's records name this one's deployments.
    let mut other = v.clone();
    other.push(("GITHUB_REPOSITORY".into(), "org/someone-else".into()));
    let refused = run(p.path(), &["apply", "plan.json"], &other);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("apply a pruning plan from the repository it was made in")
    );
    assert!(s.deployment("lc-prune", "gone").is_some());

    // Another deployment of the project appears and leaves the file: the plan did not list it.
    p.commit(
        &[(
            "prefect.yaml",
            &crate::support::deployments_yaml(&["keep", "late"]),
        )],
        "late",
    );
    ok(&run(p.path(), &["deploy", "late"], &v));
    p.commit(
        &[("prefect.yaml", &crate::support::deployments_yaml(&["keep"]))],
        "late is gone",
    );
    let stale = run(p.path(), &["apply", "plan.json"], &v);
    assert_eq!(stale.status.code(), Some(7), "{}", text(&stale.stderr));
    assert!(
        text(&stale.stderr).contains("lc-prune/late is to be pruned now, but the plan keeps it"),
        "{}",
        text(&stale.stderr)
    );
    assert!(
        s.deployment("lc-prune", "gone").is_some(),
        "nothing deleted"
    );

    s.delete_deployment("lc-prune", "late");
    let applied = json_ok(&run(
        p.path(),
        &["apply", "plan.json", "--output", "json"],
        &v,
    ));
    assert_eq!(applied["pruned"][0]["name"], "lc-prune/gone", "{applied}");
    assert!(s.deployment("lc-prune", "gone").is_none());
    assert!(s.deployment("lc-prune", "keep").is_some());
}

#[test]
fn a_plan_that_changed_nothing_is_stale_once_the_live_version_moved() {
    let s = server();
    settle(s, "lc-staging", "staging-db");
    let flow = "lc-moved";
    let p = project(flow, "");
    let v = vars(&p, &s.vars(), "lc-staging", "eu");
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        &v,
    ));
    let args = [
        "plan",
        "--all",
        "--resolve-image",
        "never",
        "--out",
        "plan.json",
    ];
    let out = run(p.path(), &args, &v);
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing to change: {}",
        text(&out.stderr)
    );
    assert_eq!(
        plan_json(&p.path().join("plan.json"))["files"][0]["deployments"][0]["action"],
        "unchanged"
    );
    // Edited in the UI: what the plan left alone, the apply would now overwrite.
    let id = s.deployment(flow, "a").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.patch(&format!("/deployments/{id}"), &json!({"tags": ["by-hand"]}));
    let refused = run(p.path(), &["apply", "plan.json"], &v);
    assert_eq!(
        refused.status.code(),
        Some(7),
        "{}{}",
        text(&refused.stdout),
        text(&refused.stderr)
    );
    assert!(
        text(&refused.stderr).contains("is now to be updated, where the plan said left unchanged")
            && text(&refused.stderr).contains("`tags` changed on the server"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(s.history_len(&id), 1, "nothing written");
}
