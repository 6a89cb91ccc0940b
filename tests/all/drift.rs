//! Drift against a real server: what was changed through the API since pinflow deployed (a
//! schedule paused, job variables edited) shown by `plan` in text, JSON and Markdown with
//! what the deploy does to it, secrets hidden; `--keep-paused` keeps paused what the file did
//! not change, and without it a deploy reactivates it, as `prefect deploy` does.

use serde_json::{json, Value};

use crate::support::{pinflow, server, text, TestProject};

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"FLOW\")\ndef main():\n    pass\n";

/// A deployment `a` with a slugged cron schedule, an interval, and job variables (an image,
/// a region, a token and a warehouse from secret blocks, unless `warehouse` says otherwise).
fn yaml(cron: &str, warehouse: &str) -> String {
    format!(
        "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    schedules:\n      - cron: \"{cron}\"\n        slug: nightly\n      - interval: 3600\n    work_pool:\n      name: test-pool\n      job_variables:\n        image: img:1\n        env:\n          REGION: eu\n          API_TOKEN: \"{{{{ prefect.blocks.secret.drift-token }}}}\"\n          WAREHOUSE: \"{warehouse}\"\n"
    )
}

const SECRET_WAREHOUSE: &str = "{{ prefect.blocks.secret.drift-warehouse }}";

/// The secret blocks the project names, made once on the shared server.
fn blocks() {
    static MADE: std::sync::Once = std::sync::Once::new();
    MADE.call_once(|| {
        server().create_secret_block("drift-token", "drift-token-canary-61");
        server().create_secret_block("drift-warehouse", "drift-warehouse-canary-62");
    });
}

fn project(flow: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", flow)),
            ("prefect.yaml", &yaml("0 2 * * *", SECRET_WAREHOUSE)),
        ],
        "first",
    )
}

fn run(p: &TestProject, args: &[&str], vars: &[(&str, &str)]) -> (String, String) {
    let out = pinflow(p.path(), args, vars);
    assert!(
        matches!(out.status.code(), Some(0 | 6)),
        "{args:?}: {}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    (text(&out.stdout), text(&out.stderr))
}

/// The stored deployment and the id of its schedule `slug` (None: the unslugged one).
fn schedule(flow: &str, slug: Option<&str>) -> (Value, Value) {
    let d = server().deployment(flow, "a").expect("deployed");
    let s = d["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"].as_str() == slug)
        .cloned()
        .unwrap_or_else(|| panic!("schedule {slug:?} in {d}"));
    (d, s)
}

/// The server's answer to "is schedule `slug` of `flow/a` active".
fn active(flow: &str, slug: Option<&str>) -> bool {
    schedule(flow, slug).1["active"].as_bool().unwrap()
}

/// Pauses schedule `slug` of `flow/a` through the API, as the UI does.
fn pause(flow: &str, slug: &str) {
    let (d, s) = schedule(flow, Some(slug));
    server().patch(
        &format!(
            "/deployments/{}/schedules/{}",
            d["id"].as_str().unwrap(),
            s["id"].as_str().unwrap()
        ),
        &json!({"active": false}),
    );
    assert!(!active(flow, Some(slug)));
}

fn drift<'a>(plan: &'a Value, field: &str) -> &'a Value {
    plan["deployments"][0]["drift"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["field"] == field)
        .unwrap_or_else(|| panic!("{field} in {plan}"))
}

#[test]
fn plan_shows_what_changed_on_the_server_and_what_the_deploy_does_to_it() {
    let s = server();
    blocks();
    let flow = "drift-shown";
    let p = project(flow);
    let vars = s.vars();
    run(&p, &["deploy", "--all"], &vars);
    let (plan, _) = run(&p, &["plan", "--all", "--output", "json"], &vars);
    let plan: Value = serde_json::from_str(&plan).unwrap();
    assert_eq!(
        plan["deployments"][0]["drift"],
        json!([]),
        "nothing changed yet"
    );

    // Through the API, as in the UI: the nightly schedule paused, the image and the
    // environment edited (a token and the warehouse typed over).
    pause(flow, "nightly");
    let (d, _) = schedule(flow, Some("nightly"));
    let mut job_variables = d["job_variables"].clone();
    job_variables["image"] = json!("img:hotfix");
    job_variables["env"]["API_TOKEN"] = json!("ui-typed-canary-63");
    job_variables["env"]["WAREHOUSE"] = json!("ui-typed-canary-64");
    job_variables["env"]["REGION"] = json!("us");
    s.patch(
        &format!("/deployments/{}", d["id"].as_str().unwrap()),
        &json!({"job_variables": job_variables}),
    );
    // The file no longer names the warehouse's block: what the server had is known
    // as a secret only by the history record.
    p.commit(
        &[("prefect.yaml", &yaml("0 2 * * *", "plain-warehouse"))],
        "second",
    );

    let (out, err) = run(&p, &["plan", "--all", "--output", "json"], &vars);
    let plan: Value = serde_json::from_str(&out).unwrap();
    let nightly = drift(&plan, "schedules.0.active");
    assert_eq!(nightly["label"], "schedule \"nightly\": active", "{plan}");
    assert_eq!(
        (
            &nightly["deployed"],
            &nightly["live"],
            &nightly["overwrites"]
        ),
        (&json!(true), &json!(false), &json!(true)),
        "{plan}"
    );
    let image = drift(&plan, "job_variables.image");
    assert_eq!(image["label"], "job variable image");
    assert_eq!(
        (&image["deployed"], &image["live"], &image["overwrites"]),
        (&json!("img:1"), &json!("img:hotfix"), &json!(true))
    );
    for secret in ["job_variables.env.API_TOKEN", "job_variables.env.WAREHOUSE"] {
        let d = drift(&plan, secret);
        assert_eq!(
            (&d["deployed"], &d["live"]),
            (&json!("***"), &json!("***")),
            "{d}"
        );
    }
    // The environment's values on the server are never shown; what pinflow deployed is.
    let region = drift(&plan, "job_variables.env.REGION");
    assert_eq!(
        (&region["deployed"], &region["live"]),
        (&json!("eu"), &json!("***"))
    );
    assert_eq!(
        plan["deployments"][0]["drift"].as_array().unwrap().len(),
        5,
        "{plan}"
    );

    let (shown, err_text) = run(&p, &["plan", "--all"], &vars);
    assert!(
        shown.contains("    changed on the server since pinflow deployed it:\n"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "    ! schedule \"nightly\": active true → false (this deploy overwrites it)\n"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "    ! job variable image: \"img:1\" → \"img:hotfix\" (this deploy overwrites it)\n"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("plan: 0 new, 1 to update, 0 unchanged, 1 changed on the server"),
        "{shown}"
    );
    let (md, err_md) = run(&p, &["plan", "--all", "--output", "markdown"], &vars);
    assert!(
        md.contains("<code>drift-shown/a</code>: 5 field(s) changed on the server since pinflow deployed it"),
        "{md}"
    );
    assert!(
        md.contains("| `schedule \"nightly\": active` | `true` | `false` | overwrites |"),
        "{md}"
    );
    for all in [&out, &err, &shown, &err_text, &md, &err_md] {
        for canary in ["canary-61", "canary-62", "canary-63", "canary-64"] {
            assert!(!all.contains(canary), "{canary} shown: {all}");
        }
    }

    // With --keep-paused the paused schedule stays so: the plan says the deploy keeps it, and
    // lists no change to it among the file's.
    let (out, _) = run(
        &p,
        &["plan", "--all", "--keep-paused", "--output", "json"],
        &vars,
    );
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        drift(&plan, "schedules.0.active")["overwrites"],
        false,
        "{plan}"
    );
    let fields = plan["deployments"][0]["fields"].to_string();
    assert!(!fields.contains("schedules"), "{fields}");
}

#[test]
fn keep_paused_keeps_what_the_file_did_not_change_and_a_plain_deploy_reactivates_it() {
    let s = server();
    blocks();
    let flow = "drift-kept";
    let p = project(flow);
    let vars = s.vars();
    run(&p, &["deploy", "--all"], &vars);
    pause(flow, "nightly");
    let id = schedule(flow, None).0["id"].as_str().unwrap().to_owned();
    s.post(&format!("/deployments/{id}/pause_deployment"), &json!({}));

    run(&p, &["deploy", "--all", "--force", "--keep-paused"], &vars);
    assert!(!active(flow, Some("nightly")), "kept paused");
    assert!(active(flow, None), "the other schedule as the file says");
    assert_eq!(
        schedule(flow, None).0["paused"],
        true,
        "the deployment kept paused"
    );
    // The server now has what pinflow deployed: no drift; a second deploy keeps it too (the
    // record says the file had it active).
    let (out, _) = run(&p, &["plan", "--all", "--output", "json"], &vars);
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["deployments"][0]["drift"], json!([]), "{plan}");
    run(&p, &["deploy", "--all", "--force", "--keep-paused"], &vars);
    assert!(!active(flow, Some("nightly")), "kept paused again");

    // Without the flag, as `prefect deploy`: active and unpaused again.
    run(&p, &["deploy", "--all", "--force"], &vars);
    assert!(active(flow, Some("nightly")), "reactivated");
    assert_eq!(schedule(flow, None).0["paused"], false);

    // A schedule the file changed is deployed as the file says, flag or not.
    pause(flow, "nightly");
    p.commit(
        &[("prefect.yaml", &yaml("0 3 * * *", SECRET_WAREHOUSE))],
        "new cron",
    );
    run(&p, &["deploy", "--all", "--keep-paused"], &vars);
    let (_, nightly) = schedule(flow, Some("nightly"));
    assert_eq!(nightly["schedule"]["cron"], "0 3 * * *");
    assert_eq!(nightly["active"], true, "{nightly}");
}
