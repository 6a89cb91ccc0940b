//! `pinflow plan` against a real server: new, unchanged and changed deployments, field by
//! field; its exit codes; Markdown and the GitHub job summary; secrets redacted.

use serde_json::Value;

use crate::support::{pinflow, server, text, Scenario, TestProject};

const FLOW: &str = r#"
from prefect import flow

@flow(name="plan-flow")
def main(source: str = "a", batch: int = 1):
    pass
"#;

/// `a` with a parameter SOURCE, tags TAGS and a job variable TOKEN_VALUE; `b` with a
/// concurrency limit and schedules.
const YAML: &str = r#"
deployments:
  - name: a
    entrypoint: flows.py:main
    parameters: {source: SOURCE}
    tags: TAGS
    work_pool:
      name: test-pool
      job_variables:
        env:
          TOKEN: "TOKEN_VALUE"
  - name: b
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
    concurrency_limit: 2
    schedules:
      - cron: "0 2 * * *"
        timezone: Europe/Paris
      - interval: 3600
        active: false
"#;

fn yaml(source: &str, tags: &str, token: &str) -> String {
    YAML.replace("SOURCE", source)
        .replace("TAGS", tags)
        .replace("TOKEN_VALUE", token)
}

/// A project of flow `flow` (this file's flow renamed) with `yaml(source, tags, token)`.
fn project(flow: &str, source: &str, tags: &str, token: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &FLOW.replace("plan-flow", flow)),
            ("prefect.yaml", &yaml(source, tags, token)),
        ],
        "first",
    )
}

/// The value of the secret block a changed commit puts in a job variable.
const CANARY: &str = "plan-secret-canary-71";

/// Flow `flow`'s `a` and `b`, deployed; then a commit that changes a's parameter, tags and
/// job variable (now secret block `{flow}-token`, holding CANARY). Returns the commit.
fn changed_after_deploy(flow: &str) -> (Scenario, String) {
    server().create_secret_block(&format!("{flow}-token"), CANARY);
    let s = Scenario::new(&[
        ("flows.py", &FLOW.replace("plan-flow", flow)),
        ("prefect.yaml", &yaml("s3://one", "[x, y]", "static")),
    ]);
    s.ok(&["deploy", "--all"]);
    let token = format!("{{{{ prefect.blocks.secret.{flow}-token }}}}");
    let sha = s.commit(&[("prefect.yaml", &yaml("s3://two", "[x]", &token))]);
    (s, sha)
}

fn plan_json(p: &TestProject, vars: &[(&str, &str)]) -> (Option<i32>, Value, String) {
    let out = pinflow(p.path(), &["plan", "--all", "--output", "json"], vars);
    let stdout = text(&out.stdout);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{}", text(&out.stderr)));
    (out.status.code(), json, stdout + &text(&out.stderr))
}

fn entry<'a>(plan: &'a Value, name: &str) -> &'a Value {
    plan["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {plan}"))
}

#[test]
fn a_plan_before_the_first_deploy_shows_both_new_exits_6_and_writes_nothing() {
    let p = project("plan-new", "s3://one", "[x, y]", "static");
    let (code, plan, _) = plan_json(&p, &server().vars());
    assert_eq!(code, Some(6));
    assert_eq!(entry(&plan, "plan-new/a")["change"], "new");
    assert_eq!(entry(&plan, "plan-new/b")["change"], "new");
    assert!(
        server().deployment("plan-new", "a").is_none(),
        "a plan writes nothing"
    );
}

#[test]
fn a_plan_of_the_deployed_commit_is_unchanged_and_exits_0() {
    let s = Scenario::new(&[
        ("flows.py", &FLOW.replace("plan-flow", "plan-same")),
        ("prefect.yaml", &yaml("s3://one", "[x, y]", "static")),
    ]);
    s.ok(&["deploy", "--all"]);
    let (code, plan, _) = plan_json(&s.project, &server().vars());
    assert_eq!(code, Some(0), "{plan}");
    assert_eq!(entry(&plan, "plan-same/a")["change"], "unchanged");
}

#[test]
fn a_plan_lists_each_changed_field_with_secret_values_hidden() {
    let (s, sha) = changed_after_deploy("plan-flow");
    let (code, plan, all) = plan_json(&s.project, &server().vars());
    assert_eq!(code, Some(6));
    let a = entry(&plan, "plan-flow/a");
    assert_eq!(a["change"], "update");
    assert_eq!(a["version"], &sha[..8]);
    let fields: Vec<&str> = a["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["parameters.source", "job_variables.env.TOKEN", "tags"],
        "{a}"
    );
    assert_eq!(a["fields"][0]["live"], "s3://one");
    assert_eq!(a["fields"][0]["planned"], "s3://two");
    // The value a secret replaces is hidden too (it may be the secret's old value).
    assert_eq!(a["fields"][1]["live"], "***");
    assert_eq!(a["fields"][1]["planned"], "***");
    // b gets a new version (the commit) and nothing else: what the server fills in (schedule
    // ids, anchors, its own labels, the default queue) is not a change.
    let b = entry(&plan, "plan-flow/b");
    assert_eq!(b["change"], "update");
    assert_eq!(b["fields"], serde_json::json!([]));
    assert!(!all.contains(CANARY), "{all}");
}

#[test]
fn text_markdown_and_the_github_summary_show_the_change_and_no_secret() {
    let (s, _) = changed_after_deploy("plan-text");
    let summary = s.path().join("summary.md");
    let gh = s
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", summary.to_str().unwrap());
    let out = gh.run(&["plan", "--all"]);
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(6));
    assert!(
        shown.contains("    ~ parameter source: \"s3://one\" → \"s3://two\""),
        "{shown}"
    );
    assert!(
        shown.contains("plan: 0 new, 2 to update, 0 unchanged"),
        "{shown}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("### pinflow plan: 0 new, 2 to update"),
        "{md}"
    );
    assert!(
        md.contains("| `parameter source` | `\"s3://one\"` | `\"s3://two\"` |"),
        "{md}"
    );
    let out = pinflow(
        gh.path(),
        &["plan", "--all", "--output", "markdown"],
        &server().vars(),
    );
    assert_eq!(text(&out.stdout), md);
    for shown in [shown, md, text(&out.stderr)] {
        assert!(!shown.contains(CANARY), "{shown}");
    }
    assert_eq!(
        server().deployment("plan-text", "a").unwrap()["parameters"]["source"],
        "s3://one",
        "still nothing written"
    );
}

#[test]
fn plan_without_a_server_says_why() {
    let p = project("plan-flow", "s3://one", "[x]", "t");
    let out = pinflow(p.path(), &["plan", "--all"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("PREFECT_API_URL is not set"),
        "{}",
        text(&out.stderr)
    );
}

/// `file` of the repository's packages (the action, the pipe, the Azure task).
fn package(file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file)
}

/// A project of flow `flow` with changes to plan (nothing deployed).
fn to_plan(flow: &str) -> TestProject {
    project(flow, "s3://one", "[x]", "t")
}

#[test]
fn the_action_runs_plan_exits_0_and_sets_changes() {
    let p = to_plan("plan-action");
    let output = p.path().join("gh-output");
    let gh = [
        server().vars().as_slice(),
        &[
            ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow")),
            ("PINFLOW_COMMAND", "plan"),
            ("PINFLOW_ALL", "true"),
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    ]
    .concat();
    let out = crate::support::clean_command("bash", p.path(), &gh)
        .arg(package("action/run.sh"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&output)
        .unwrap()
        .contains("changes=true\n"));
    assert!(server().deployment("plan-action", "a").is_none());
}

#[test]
fn the_pipe_runs_plan_exits_0_and_writes_changes_to_its_env_file() {
    let p = to_plan("plan-pipe");
    let home = tempfile::tempdir().unwrap();
    let bb = [
        server().vars().as_slice(),
        &[
            ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow")),
            ("HOME", home.path().to_str().unwrap()),
            ("BITBUCKET_BUILD_NUMBER", "1"),
            ("BITBUCKET_CLONE_DIR", p.path().to_str().unwrap()),
            ("COMMAND", "plan"),
            ("ALL", "true"),
        ],
    ]
    .concat();
    let out = crate::support::clean_command("sh", p.path(), &bb)
        .arg(package("pipe/pipe.sh"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(
        std::fs::read_to_string(p.path().join("pinflow.env")).unwrap(),
        "PINFLOW_CHANGES=true\n"
    );
    assert!(server().deployment("plan-pipe", "a").is_none());
}

#[test]
fn the_azure_task_runs_plan_does_not_fail_and_sets_changes() {
    let p = to_plan("plan-task");
    let az = [
        ("PINFLOW_BINARY", env!("CARGO_BIN_EXE_pinflow")),
        ("TF_BUILD", "True"),
        ("BUILD_SOURCESDIRECTORY", p.path().to_str().unwrap()),
        ("INPUT_COMMAND", "plan"),
        ("INPUT_PREFECTAPIURL", server().api_url.as_str()),
        ("INPUT_ALL", "true"),
    ];
    let out = crate::support::clean_command("node", p.path(), &az)
        .arg(package("azure-task/Pinflow/index.js"))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("##vso[task.setvariable variable=changes;isOutput=true]true")
            && !stdout.contains("result=Failed"),
        "{stdout}"
    );
    assert!(server().deployment("plan-task", "a").is_none());
}

#[test]
fn plan_is_coloured_on_a_terminal_only() {
    let s = server();
    let p = project("plan-colour", "s3://one", "[x]", "static");
    let vars = s.vars();
    let out = pinflow(p.path(), &["deploy", "--all"], &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    p.commit(
        &[("prefect.yaml", &yaml("s3://two", "[x]", "static"))],
        "second",
    );
    // `script` runs pinflow on a pseudo-terminal.
    let on_tty = |extra: &[(&str, &str)]| {
        let command = format!("{} plan --all", env!("CARGO_BIN_EXE_pinflow"));
        let all = [vars.as_slice(), extra].concat();
        let out = crate::support::clean_command("script", p.path(), &all)
            .args(["-qec", &command, "/dev/null"])
            .output()
            .expect("script (util-linux) runs");
        text(&out.stdout)
    };
    let coloured = on_tty(&[("TERM", "xterm")]);
    assert!(coloured.contains("\x1b[33mupdate\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[33m    ~"), "{coloured:?}");
    let no_color = on_tty(&[("TERM", "xterm"), ("NO_COLOR", "1")]);
    assert!(
        no_color.contains("update") && !no_color.contains("\x1b[3"),
        "{no_color:?}"
    );
    let piped = pinflow(p.path(), &["plan", "--all"], &vars);
    assert!(!text(&piped.stdout).contains('\x1b'));
}

/// A project whose flow's `batch_size` defaults to `default` and whose two schedules are
/// `nightly` (a slug) at `cron` and an unnamed hourly one.
fn readable(default: u32, cron: &str) -> [(&'static str, String); 2] {
    let flow = format!(
        r#"from prefect import flow

@flow(name="plan-words")
def main(batch_size: int = {default}):
    pass
"#
    );
    let yaml = format!(
        r#"deployments:
  - name: words
    entrypoint: flows.py:main
    work_pool: {{name: test-pool}}
    schedules:
      - interval: 3600
      - cron: "{cron}"
        slug: nightly
    job_variables:
      env:
        REGION: eu-west-1
"#
    );
    [("flows.py", flow), ("prefect.yaml", yaml)]
}

#[test]
fn a_plan_names_what_changed_in_the_reviewers_words_beside_the_machine_path() {
    let s = server();
    let vars = s.vars();
    let files = readable(500, "0 2 * * *");
    let p = TestProject::new(&files.each_ref().map(|(n, c)| (*n, c.as_str())), "first");
    let out = pinflow(p.path(), &["deploy", "--all"], &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let files = readable(1000, "0 3 * * *");
    p.commit(&files.each_ref().map(|(n, c)| (*n, c.as_str())), "second");
    let out = pinflow(p.path(), &["plan", "--all"], &vars);
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(6), "{shown}{}", text(&out.stderr));
    for line in [
        "    ~ parameter batch_size: default 500 → 1000\n",
        "    ~ schedule \"nightly\": cron \"0 2 * * *\" → \"0 3 * * *\"\n",
    ] {
        assert!(shown.contains(line), "{line:?} in:\n{shown}");
    }
    assert!(
        !shown.contains("schedules: ["),
        "no whole schedule lists: {shown}"
    );

    let (_, plan, _) = plan_json(&p, &vars);
    let fields: Vec<(&str, &str)> = entry(&plan, "plan-words/words")["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "parameter_openapi_schema.properties.batch_size.default",
                "parameter batch_size: default"
            ),
            ("schedules.1.schedule.cron", "schedule \"nightly\": cron"),
        ],
        "{plan}"
    );
}
