//! The second red team's findings against `plan --out` / `apply`: each test states a promise
//! of docs/lifecycle.md and fails while pinflow breaks it. Driven through the binary against
//! the shared real Prefect server.

use std::path::Path;

use serde_json::{json, Value};

use crate::support::plan_files::*;
use crate::support::{server, text, TestProject};

/// The server's automations that run deployment `id`.
fn automations_of(id: &str) -> Vec<Value> {
    let all = server().post("/automations/filter", &json!({}));
    all.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.to_string().contains(id))
        .collect()
}

/// Finding: an automation of a deployment the plan updates, edited (here disabled by on-call)
/// on the server after the plan was made, is not seen by the stale check (`live.fields` keeps
/// only the PATCH body's fields, not the automations), and `apply` replaces it: the edit is
/// lost without a stale refusal. The docs promise a refusal when a deployment the plan updates
/// was "edited in a field the plan writes", automations included.
#[test]
fn red2_an_automation_edited_on_the_server_makes_the_plan_stale() {
    settle();
    let s = server();
    let flow = "red2-automation";
    let trigger =
        "    triggers:\n      - type: event\n        enabled: true\n        expect:\n          \
                   - red2.automation.happened\n";
    let p = project(flow, &entry("a", &format!("    tags: [one]\n{trigger}")));
    let v = vars(&p, "red2/automation", &[]);
    deploy(&p, &v);
    let yaml = format!(
        "deployments:\n{}",
        entry("a", &format!("    tags: [two]\n{trigger}"))
    );
    p.commit(&[("prefect.yaml", &yaml)], "second");
    let v = vars(&p, "red2/automation", &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    let id = s.deployment(flow, "a").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let automations = automations_of(&id);
    assert_eq!(automations.len(), 1, "one automation runs the deployment");
    let aid = automations[0]["id"].as_str().unwrap().to_owned();
    // On-call disables the automation after the plan was reviewed.
    s.patch(&format!("/automations/{aid}"), &json!({"enabled": false}));
    let out = run(dir.path(), &["apply", "plan.json"], &v);
    let enabled: Vec<Value> = automations_of(&id)
        .iter()
        .map(|a| a["enabled"].clone())
        .collect();
    assert_eq!(
        out.status.code(),
        Some(7),
        "applied over the automation edited since the plan (automations now: enabled {enabled:?}): {}",
        text(&out.stdout)
    );
}

/// Finding: the same server under another URL is recognised only by the ids of deployments the
/// plan saw live, not by the ids it deletes. A pruning plan that renames a deployment (creates
/// `a`, deletes `b`) sees none live, so applied under an alias URL it is "promoted": nothing is
/// checked for staleness, and prune deletes `b` by name, although `b` was deleted and created
/// again (another id, not what the plan lists) since the plan was made. Under the plan's own
/// URL the same apply is refused as stale.
#[test]
fn red2_a_renaming_pruning_plan_under_an_alias_url_is_checked_and_deletes_by_id() {
    settle();
    let s = server();
    let flow = "red2-alias-prune";
    let repo = "red2/alias-prune";
    let old = project(flow, &entry("b", ""));
    deploy(&old, &vars(&old, repo, &[]));
    let was = s.deployment(flow, "b").unwrap()["id"].clone();
    let p = project(flow, &entry("a", ""));
    let v = vars(&p, repo, &[]);
    let (dir, file, _) = plan_out(&p, &v, &["--prune"]);
    let plan = read_plan(&file);
    assert_eq!(
        plan["files"][0]["delete"][0]["id"], was,
        "the plan deletes b"
    );
    // Since the plan: b deleted, and deployed again (from its old file): another deployment.
    s.delete_deployment(flow, "b");
    deploy(&old, &vars(&old, repo, &[]));
    let is = s.deployment(flow, "b").unwrap()["id"].clone();
    assert_ne!(was, is);
    let alias = s.api_url.replace("127.0.0.1", "localhost");
    let out = run(
        dir.path(),
        &["apply", "plan.json"],
        &set(&v, "PREFECT_API_URL", &alias),
    );
    let kept = s.deployment(flow, "b").is_some();
    assert!(
        out.status.code() == Some(7) && kept,
        "exit {:?}, b (not the one the plan lists) {}: {}",
        out.status.code(),
        if kept { "kept" } else { "deleted" },
        text(&out.stdout)
    );
}

/// Finding: without a key, `live.fields` is a hash of the server's value with only this run's
/// secrets hidden. A secret the server still holds from an earlier deploy (rotated since) is
/// hidden in the plan's output (the history record names it), but hashed in clear into the
/// file: one hash per guess recovers it. The docs promise a fingerprint "reveals nothing the
/// plan's own output does not show".
#[test]
fn red2_a_rotated_secret_on_the_server_is_not_guessable_from_the_plan_file() {
    settle();
    let extra = "    parameters:\n      target: \"{{ $DB_PASSWORD }}\"\n";
    let p = project("red2-rotated", &entry("a", extra));
    deploy(
        &p,
        &vars(&p, "red2/rotated", &[("DB_PASSWORD", "Summer2024!")]),
    );
    let v = vars(&p, "red2/rotated", &[("DB_PASSWORD", "Autumn2025!!")]);
    let (_dir, file, shown) = plan_out(&p, &v, &[]);
    assert!(
        !shown.contains("Summer2024!"),
        "the plan's output shows the old secret: {shown}"
    );
    let plan = read_plan(&file);
    let hash = plan["files"][0]["deployments"][0]["live"]["fields"]["parameters"]
        .as_str()
        .unwrap()
        .to_owned();
    let recovered = ["password", "hunter2", "Winter2023!", "Summer2024!"]
        .into_iter()
        .find(|guess| {
            let one = json!({"parameters": {"target": guess}});
            format!("sha256:{}", sha256_hex(&canonical(&one))) == hash
        });
    assert_eq!(
        recovered, None,
        "the server's old secret is recovered from the plan file's live fingerprint"
    );
}

/// A project whose one deployment `a` clones with pull step `step` (its YAML, indented under
/// `pull:`).
fn pull_project(flow: &str, step: &str) -> TestProject {
    let yaml = format!(
        "  - name: a\n    entrypoint: flows.py:main\n    pull:\n{step}    work_pool:\n      \
         name: red-pool\n"
    );
    project(flow, &yaml)
}

/// Finding: a pull step's `access_token` from an environment variable whose name does not say
/// secret (`DEPLOY_PAT`) is written in clear into the plan file, although the plan's own output
/// hides it (the key `access_token` says secret) and the docs promise "No secret is ever
/// written into the plan file": the file's check looks for learned values only, not for the
/// keys that hide a value everywhere else.
#[test]
fn red2_an_access_token_in_a_pull_step_is_not_written_to_the_plan_file() {
    settle();
    let step = "      - prefect.deployments.steps.git_clone:\n          repository: \
                https://github.com/org/repo.git\n          branch: main\n          \
                access_token: \"{{ $DEPLOY_PAT }}\"\n";
    let p = pull_project("red2-pat", step);
    let v = vars(&p, "red2/pat", &[("DEPLOY_PAT", "Red2-pat-canary-4711")]);
    let (code, shown, written) = try_plan_out(&p, &v);
    assert!(
        !written.contains("Red2-pat-canary-4711"),
        "the access token is in the plan file (exit {code:?}; shown by the plan: {})",
        shown.contains("Red2-pat-canary-4711")
    );
}

/// Finding: a pull step's repository URL with credentials in it (`https://user:token@host/…`,
/// from an environment variable whose name does not say secret) is written in clear into the
/// plan file, although the plan's output hides the password as a credential inside a URL.
#[test]
fn red2_credentials_in_a_pull_steps_url_are_not_written_to_the_plan_file() {
    settle();
    let step = "      - prefect.deployments.steps.git_clone:\n          repository: \
                \"{{ $REPO_URL }}\"\n          branch: main\n";
    let p = pull_project("red2-url", step);
    let url = "https://deploy:Red2-url-canary-4711@github.com/org/repo.git";
    let v = vars(&p, "red2/url", &[("REPO_URL", url)]);
    let (code, shown, written) = try_plan_out(&p, &v);
    assert!(
        !written.contains("Red2-url-canary-4711"),
        "the URL's password is in the plan file (exit {code:?}; shown by the plan: {})",
        shown.contains("Red2-url-canary-4711")
    );
}

/// What an edit made on the server (`edit`, given the deployment) does to a plan of `a` that
/// changes its tags from `one` to `two` (with `extra` lines on both), applied after the edit.
fn apply_after(flow: &str, extra: &str, edit: impl FnOnce(&str)) -> std::process::Output {
    settle();
    let s = server();
    let p = project(flow, &entry("a", &format!("    tags: [one]\n{extra}")));
    let repo = format!("red2/{flow}");
    deploy(&p, &vars(&p, &repo, &[]));
    let yaml = format!(
        "deployments:\n{}",
        entry("a", &format!("    tags: [two]\n{extra}"))
    );
    p.commit(&[("prefect.yaml", &yaml)], "second");
    let v = vars(&p, &repo, &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    let id = s.deployment(flow, "a").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    edit(&id);
    run(dir.path(), &["apply", "plan.json"], &v)
}

/// Checks the promise: a schedule made inactive on the server since the plan (the field the
/// plan writes, `schedules`) makes the plan stale.
#[test]
fn red2_a_schedule_deactivated_on_the_server_makes_the_plan_stale() {
    let schedule = "    schedules:\n      - cron: \"0 3 * * *\"\n        timezone: UTC\n";
    let out = apply_after("red2-schedule", schedule, |id| {
        let s = server();
        let d = s.get(&format!("/deployments/{id}")).unwrap();
        let sid = d["schedules"][0]["id"].as_str().unwrap().to_owned();
        s.patch(
            &format!("/deployments/{id}/schedules/{sid}"),
            &json!({"active": false}),
        );
    });
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stdout));
}

/// Checks the promise: a deployment paused on the server since the plan makes it stale.
#[test]
fn red2_a_deployment_paused_on_the_server_makes_the_plan_stale() {
    let out = apply_after("red2-paused", "", |id| {
        server().post(&format!("/deployments/{id}/pause_deployment"), &json!({}));
    });
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stdout));
}

/// Checks the first red team's regression test `red_the_plan_files_hashes_do_not_reveal_a_
/// guessable_secret`, which compares bare hex with a fingerprint that starts `sha256:` and so
/// can never fail: the same check, comparing like with like.
#[test]
fn red2_the_plan_files_hashes_do_not_reveal_a_guessable_secret_compared_with_the_prefix() {
    settle();
    let extra =
        "      job_variables:\n        env:\n          DB_PASSWORD: \"{{ $DB_PASSWORD }}\"\n";
    let p = project("red2-hash-secret", &entry("a", extra));
    let v = vars(&p, "red2/hash-secret", &[("DB_PASSWORD", "Summer2024!")]);
    let (_dir, file, _) = plan_out(&p, &v, &[]);
    let plan = read_plan(&file);
    let hash = plan["files"][0]["deployments"][0]["rendered"]["job_variables"]
        .as_str()
        .unwrap()
        .to_owned();
    let hidden = json!({"job_variables": {"env": {"DB_PASSWORD": "***"}}});
    assert_eq!(
        format!("sha256:{}", sha256_hex(&canonical(&hidden))),
        hash,
        "the fingerprint is of the value as shown (the guesses below are made the same way)"
    );
    let recovered = ["password", "hunter2", "Winter2023!", "Summer2024!"]
        .into_iter()
        .find(|guess| {
            let one = json!({"job_variables": {"env": {"DB_PASSWORD": guess}}});
            format!("sha256:{}", sha256_hex(&canonical(&one))) == hash
        });
    assert_eq!(recovered, None, "the secret is recovered from the hash");
}

/// Finding: a plan that only creates sees no deployment live, so under another URL of the
/// server it was made against it is "promoted" and not checked: a deployment it creates that
/// was deployed by someone else since the plan (here with other tags) is overwritten, where
/// under the plan's own URL the apply is refused as stale ("a was created on the server").
#[test]
fn red2_a_plan_that_only_creates_is_checked_for_staleness_under_an_alias_url() {
    settle();
    let s = server();
    let flow = "red2-alias-create";
    let p = project(flow, &entry("a", "    tags: [planned]\n"));
    let v = vars(&p, "red2/alias-create", &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    // Since the plan: another pipeline deploys `a` with its own tags.
    let other = project(flow, &entry("a", "    tags: [hotfix]\n"));
    deploy(&other, &vars(&other, "red2/alias-create", &[]));
    let alias = s.api_url.replace("127.0.0.1", "localhost");
    let out = run(
        dir.path(),
        &["apply", "plan.json"],
        &set(&v, "PREFECT_API_URL", &alias),
    );
    let tags = s.deployment(flow, "a").unwrap()["tags"].clone();
    assert_eq!(
        out.status.code(),
        Some(7),
        "applied over a deployment created since the plan (tags now {tags}): {}",
        text(&out.stdout)
    );
}

/// Finding: `PINFLOW_PLAN_KEY` set but empty (what `${{ secrets.X }}` gives a job the secret
/// does not reach) is taken as no key at all, so the applying job silently accepts an unsigned
/// plan (one anyone who can replace the artifact can make) instead of saying its key is
/// missing. A job configured with a key should refuse to run keyless.
#[test]
fn red2_an_empty_plan_key_is_refused_not_taken_for_no_key() {
    settle();
    let p = project("red2-empty-key", &entry("a", ""));
    let v = vars(&p, "red2/empty-key", &[]);
    let (dir, _, _) = plan_out(&p, &v, &[]);
    let out = run(
        dir.path(),
        &["apply", "plan.json"],
        &set(&v, "PINFLOW_PLAN_KEY", ""),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unsigned plan applied by a job whose key is empty: {}",
        text(&out.stdout)
    );
}

/// Every file under `dir` (but `.git`) as text.
fn files_text(dir: &Path) -> String {
    let mut all = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.ends_with(".git") {
            continue;
        }
        if path.is_dir() {
            all.push_str(&files_text(&path));
        } else {
            all.push_str(&String::from_utf8_lossy(
                &std::fs::read(&path).unwrap_or_default(),
            ));
        }
    }
    all
}

/// Checks the promise: the key is printed nowhere (but in GitHub's mask command): not by a
/// signed plan, a stale apply in
/// JSON, an apply with another key, nor in any output file.
#[test]
fn red2_the_plan_key_appears_in_no_output_or_file() {
    settle();
    let s = server();
    let key = "red2-plan-key-0123456789abcdef";
    let flow = "red2-key-leak";
    let p = project(flow, &entry("a", "    tags: [one]\n"));
    let v = vars(&p, "red2/key-leak", &[("PINFLOW_PLAN_KEY", key)]);
    deploy(&p, &v);
    let yaml = format!("deployments:\n{}", entry("a", "    tags: [two]\n"));
    p.commit(&[("prefect.yaml", &yaml)], "second");
    let v = vars(&p, "red2/key-leak", &[("PINFLOW_PLAN_KEY", key)]);
    let (dir, _, shown) = plan_out(&p, &v, &["--output", "json"]);
    let id = s.deployment(flow, "a").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.patch(
        &format!("/deployments/{id}"),
        &json!({"description": "edited"}),
    );
    let mut seen = shown;
    for (args, vars) in [
        (vec!["apply", "plan.json", "--output", "json"], v.clone()),
        (
            vec!["apply", "plan.json", "--output", "json"],
            set(&v, "PINFLOW_PLAN_KEY", "red2-another-key-0123456789"),
        ),
        (
            vec!["apply", "plan.json", "--force", "--output", "json"],
            v.clone(),
        ),
    ] {
        let out = run(dir.path(), &args, &vars);
        seen.push_str(&text(&out.stdout));
        seen.push_str(&text(&out.stderr));
    }
    seen.push_str(&files_text(p.path()));
    seen.push_str(&files_text(dir.path()));
    assert!(seen.contains("stale"), "the stale apply ran: {seen}");
    // GitHub's mask command is the one place the value goes, and the runner takes it out.
    let seen: String = seen
        .lines()
        .filter(|l| *l != format!("::add-mask::{key}"))
        .collect::<Vec<_>>()
        .join("\n");
    let at = seen.find(key).map(|i| {
        let from = seen[..i]
            .char_indices()
            .rev()
            .nth(300)
            .map_or(0, |(j, _)| j);
        seen[from..(i + key.len() + 100).min(seen.len())].to_owned()
    });
    assert_eq!(at, None, "the key is shown");
}

/// Finding: with `--python`, a flow's parameter defaults are what importing it gives: a default
/// read from the environment (`DATABASE_URL`, a connection string with its password) is frozen
/// into the plan file's `code.flow.parameter_schema` in clear, although a plan shows such a
/// password hidden, and the file check looks for learned values only.
#[test]
fn red2_a_password_in_a_parameter_default_read_from_the_environment_is_not_written() {
    settle();
    let flow = "import os\nfrom prefect import flow\n\n@flow(name=\"red2-default\")\ndef \
                main(db_url: str = os.environ.get(\"DATABASE_URL\", \"none\")):\n    pass\n";
    let yaml = format!("deployments:\n{}", entry("a", ""));
    let p = TestProject::new(&[("flows.py", flow), ("prefect.yaml", &yaml)], "first");
    let url = "postgresql://app:Red2-default-canary-4711@db.internal/app";
    let v = vars(&p, "red2/default", &[("DATABASE_URL", url)]);
    let python = crate::support::prefect_bin().with_file_name("python");
    let python = python.to_str().unwrap();
    let out = run(
        p.path(),
        &[
            "plan",
            "--all",
            "--resolve-image",
            "never",
            "--python",
            python,
            "--out",
            "plan.json",
        ],
        &v,
    );
    let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let written = std::fs::read_to_string(p.path().join("plan.json")).unwrap_or_default();
    assert!(
        !written.contains("Red2-default-canary-4711"),
        "the password is in the plan file (exit {:?}; shown by the plan: {})",
        out.status.code(),
        shown.contains("Red2-default-canary-4711")
    );
}
