//! The red team's findings against `plan --out` / `apply`, kept as regression tests: each
//! states a promise of docs/lifecycle.md and failed while pinflow broke it. Driven through the
//! binary against the shared real Prefect server.

use serde_json::{json, Value};

use crate::support::plan_files::*;
use crate::support::{ok, server, text};

/// Finding: a Prefect variable's value (here one whose name says it is a token) is written,
/// in clear, into a plan file when a frozen field (the version) renders it. The docs promise
/// that no variable value reaches the file.
#[test]
fn red_a_prefect_variables_value_in_the_version_is_not_written_to_the_plan_file() {
    settle();
    let s = server();
    if s.get("/variables/name/red_api_token").is_none() {
        s.post(
            "/variables/",
            &json!({"name": "red_api_token", "value": "red-variable-canary-81"}),
        );
    }
    let extra = "    version: \"{{ prefect.variables.red_api_token }}\"\n";
    let p = project("red-var-version", &entry("a", extra));
    let v = vars(&p, "red/var-version", &[]);
    let (code, _, written) = try_plan_out(&p, &v);
    assert!(
        !written.contains("red-variable-canary-81"),
        "a Prefect variable's value is in the plan file (exit {:?})",
        code
    );
}

/// Finding: an environment variable named as a secret, 4 to 7 characters long, is never
/// learned (NAMED_MIN_LEN is 8), so it is written into the plan file when the version
/// renders it.
#[test]
fn red_a_short_secret_from_the_environment_is_not_written_to_the_plan_file() {
    settle();
    let extra = "    version: \"v-{{ $DB_PASSWORD }}\"\n";
    let p = project("red-short-secret", &entry("a", extra));
    let v = vars(&p, "red/short-secret", &[("DB_PASSWORD", "hunt3r7")]);
    let (code, _, written) = try_plan_out(&p, &v);
    assert!(
        !written.contains("hunt3r7"),
        "DB_PASSWORD's value is in the plan file (exit {:?})",
        code
    );
}

/// Finding: `PWD` (which every shell exports) names a secret ("PWD"), so the working
/// directory is learned as one, and a deployment without pull steps (whose default pull step
/// is that directory) cannot be planned into a file.
#[test]
fn red_plan_out_works_when_the_shell_exports_pwd() {
    settle();
    let yaml = "  - name: a\n    entrypoint: flows.py:main\n    work_pool:\n      name: red-pool\n";
    let p = project("red-pwd", yaml);
    let dir = p.path().display().to_string();
    let v = vars(&p, "red/pwd", &[("PWD", &dir)]);
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
        &v,
    );
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
}

/// Finding: the digest is a plain SHA-256 of the content, so a plan file edited by hand (its
/// code pointed at another repository) is accepted once its digest is computed again. With the
/// jobs' key (`PINFLOW_PLAN_KEY`) the file is signed: an edited file, its digest made again as
/// anyone can, is refused by an applying job holding the key, and so is a signature forged
/// without it.
#[test]
fn red_a_plan_file_edited_by_hand_with_its_digest_recomputed_is_refused() {
    settle();
    let s = server();
    let flow = "red-forged";
    let p = project(flow, &entry("a", ""));
    let v = vars(
        &p,
        "red/forged",
        &[("PINFLOW_PLAN_KEY", "red-signing-key-0123456789")],
    );
    let (dir, file, _) = plan_out(&p, &v, &[]);
    let mut plan: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let d = &mut plan["files"][0]["deployments"][0];
    d["code"]["pull_steps"][0]["prefect.deployments.steps.git_clone"]["repository"] =
        json!("https://github.com/attacker/evil.git");
    redigest(&mut plan);
    std::fs::write(&file, plan.to_string()).unwrap();
    let out = run(dir.path(), &["apply", "plan.json"], &v);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let digest = plan["digest"]
        .as_str()
        .unwrap()
        .replace("sha256:", "hmac-sha256:");
    plan["digest"] = json!(digest);
    std::fs::write(&file, plan.to_string()).unwrap();
    let out = run(dir.path(), &["apply", "plan.json"], &v);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        s.deployment(flow, "a").is_none(),
        "the edited plan was applied"
    );
}

/// Finding: the planned server is recognised by its URL string only; the same server under
/// another name (localhost for 127.0.0.1) is taken for a promotion, and a hand edit made
/// after the plan is overwritten without the stale check.
#[test]
fn red_the_same_server_under_another_url_is_still_checked_for_staleness() {
    settle();
    let s = server();
    let flow = "red-alias";
    let p = project(flow, &entry("a", "    tags: [one]\n"));
    let v = vars(&p, "red/alias", &[]);
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        &v,
    ));
    let yaml = format!("deployments:\n{}", entry("a", "    tags: [two]\n"));
    p.commit(&[("prefect.yaml", &yaml)], "second");
    let v = vars(&p, "red/alias", &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    let id = s.deployment(flow, "a").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"description": "hotfix by on-call"}),
    );
    let alias = s.api_url.replace("127.0.0.1", "localhost");
    let out = run(
        dir.path(),
        &["apply", "plan.json"],
        &set(&v, "PREFECT_API_URL", &alias),
    );
    assert_eq!(
        out.status.code(),
        Some(7),
        "applied over the hand edit: {}",
        text(&out.stdout)
    );
}

/// Finding: with --force, a pruning plan deletes what prune finds at apply time, including a
/// deployment the plan keeps (the warning says "the plan keeps it", and it is deleted).
#[test]
fn red_force_does_not_delete_a_deployment_the_plan_keeps() {
    settle();
    let s = server();
    let flow = "red-force-prune";
    let p = project(flow, &entry("a", ""));
    let v = vars(&p, "red/force-prune", &[]);
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        &v,
    ));
    let (dir, file, _) = plan_out(&p, &v, &["--prune"]);
    let plan: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(
        plan["files"][0]["delete"],
        json!([]),
        "the plan deletes nothing"
    );
    // Another branch deploys `b` from the same file after the plan was made.
    let yaml = format!("deployments:\n{}{}", entry("a", ""), entry("b", ""));
    p.commit(&[("prefect.yaml", &yaml)], "b");
    let v2 = vars(&p, "red/force-prune", &[]);
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        &v2,
    ));
    let out = run(dir.path(), &["apply", "plan.json", "--force"], &v);
    assert!(
        s.deployment(flow, "b").is_some(),
        "--force deleted b, which the plan keeps: {}",
        text(&out.stdout)
    );
}

/// Finding: `plan --prune --out` is written on a pull request's build, and a push build
/// applies it: the branch's file decides what is deleted. Only the applying build is checked.
#[test]
fn red_a_pruning_plan_made_on_a_pull_request_build_is_not_applied() {
    settle();
    let s = server();
    let flow = "red-pr-prune";
    let yaml = format!("{}{}", entry("a", ""), entry("b", ""));
    let p = project(flow, &yaml);
    let v = vars(&p, "red/pr-prune", &[]);
    ok(&run(
        p.path(),
        &["deploy", "--all", "--resolve-image", "never"],
        &v,
    ));
    // The pull request drops `b`; its build makes a pruning plan file.
    let yaml = format!("deployments:\n{}", entry("a", "    tags: [pr]\n"));
    p.commit(&[("prefect.yaml", &yaml)], "drop b");
    let on_pr = set(
        &set(
            &vars(&p, "red/pr-prune", &[]),
            "GITHUB_EVENT_NAME",
            "pull_request",
        ),
        "GITHUB_HEAD_REF",
        "feature",
    );
    let args = [
        "plan",
        "--all",
        "--prune",
        "--resolve-image",
        "never",
        "--out",
        "plan.json",
    ];
    let planned = run(p.path(), &args, &on_pr);
    if !p.path().join("plan.json").exists() {
        return; // refused where it is made: the promise holds
    }
    assert_eq!(planned.status.code(), Some(6), "{}", text(&planned.stderr));
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::copy(
        p.path().join("plan.json"),
        elsewhere.path().join("plan.json"),
    )
    .unwrap();
    // A push build applies the artifact.
    let out = run(
        elsewhere.path(),
        &["apply", "plan.json"],
        &vars(&p, "red/pr-prune", &[]),
    );
    assert!(
        s.deployment(flow, "b").is_some(),
        "the pull request's pruning plan deleted b: {}",
        text(&out.stdout)
    );
}

/// Finding: triggers are rendered on apply but not part of the stale check: a Prefect variable
/// used in a trigger changes between plan and apply, and the automation applied is not the
/// one planned.
#[test]
fn red_a_trigger_rendering_differently_makes_the_plan_stale() {
    settle();
    let s = server();
    let name = format!("red_trig_{}", std::process::id());
    s.post(
        "/variables/",
        &json!({"name": name, "value": "red.planned"}),
    );
    let extra = format!(
        "    triggers:\n      - type: event\n        enabled: true\n        expect:\n          \
         - \"{{{{ prefect.variables.{name} }}}}\"\n"
    );
    let p = project("red-trigger", &entry("a", &extra));
    let v = vars(&p, "red/trigger", &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    s.patch(
        &format!("/variables/name/{name}"),
        &json!({"value": "red.changed"}),
    );
    let out = run(dir.path(), &["apply", "plan.json"], &v);
    assert_eq!(
        out.status.code(),
        Some(7),
        "applied a trigger that renders differently: {}",
        text(&out.stdout)
    );
}

/// Finding: `plan --out` writes through a symbolic link (one committed in the checkout, say),
/// replacing the file it points to; pinflow's other outputs are never written through a link.
#[cfg(unix)]
#[test]
fn red_plan_out_does_not_write_through_a_symbolic_link() {
    settle();
    let p = project("red-symlink", &entry("a", ""));
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "untouched\n").unwrap();
    std::os::unix::fs::symlink(&victim, p.path().join("plan.json")).unwrap();
    let v = vars(&p, "red/symlink", &[]);
    run(
        p.path(),
        &[
            "plan",
            "--all",
            "--resolve-image",
            "never",
            "--out",
            "plan.json",
        ],
        &v,
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "untouched\n",
        "the plan was written through the link"
    );
}

/// Finding: a plan file's deployments were not checked against the project file it holds: an
/// entry planned twice, one naming another deployment, or a flow name with line breaks (which
/// the server takes) were applied.
#[test]
fn red_a_crafted_plan_whose_deployments_do_not_fit_its_file_is_refused() {
    settle();
    let s = server();
    let flow = "red-crafted";
    let p = project(flow, &entry("a", ""));
    let v = vars(&p, "red/crafted", &[]);
    let (dir, file, _) = plan_out(&p, &v, &[]);
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let twice = {
        let mut plan = good.clone();
        let one = plan["files"][0]["deployments"][0].clone();
        plan["files"][0]["deployments"]
            .as_array_mut()
            .unwrap()
            .push(one);
        plan
    };
    let renamed = {
        let mut plan = good.clone();
        plan["files"][0]["deployments"][0]["name"] = json!("someone/else");
        plan
    };
    let broken_flow = {
        let mut plan = good.clone();
        let d = &mut plan["files"][0]["deployments"][0];
        d["code"]["flow"]["name"] = json!("red-crafted\n::error::forged");
        d["name"] = json!("red-crafted\n::error::forged/a");
        plan
    };
    for (what, mut plan) in [
        ("twice", twice),
        ("renamed", renamed),
        ("flow", broken_flow),
    ] {
        redigest(&mut plan);
        std::fs::write(&file, plan.to_string()).unwrap();
        let out = run(dir.path(), &["apply", "plan.json"], &v);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("is not what its project file"),
            "{what}: {}",
            text(&out.stderr)
        );
    }
    assert!(s.deployment(flow, "a").is_none());
}
