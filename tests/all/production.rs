//! What a pull request can make pinflow show of production. `plan --comment` and
//! `deploy --preview --comment` run with production's credentials on input the pull request's
//! author wrote; here that author empties or replaces production's environment, adds a secret
//! block value full of Markdown, HTML and reference characters, and writes links, images,
//! auto-links and mentions into the version, a deployment's name and the commit message. Every
//! output is searched: stdout and stderr of text, JSON and Markdown runs, `$GITHUB_OUTPUT`, the
//! job summary, and every comment body sent to the code host; the Markdown is rendered as
//! GitHub renders it (GFM, with auto-links) to look for live links.

use serde_json::Value;

use crate::support::forge::{Forge, Host};
use crate::support::{ci_env, pinflow, server, text, Scenario, TestProject};

/// Live values production was deployed with: never shown once a pull request removes them.
const LIVE: [&str; 3] = [
    "live-token-canary-4411",
    "live-db-canary-4412",
    "s3cret-dsn-canary-4413",
];

/// A secret block's value that escaping would change (`|`, `!`, `@`, `#`, `&`, `<`, `>`, backticks).
const BLOCK: &str = "Pa55|w0rd!at@prod#1&<x>`y`";

/// The part of [`BLOCK`] that no escaping changes: found in any escaped form of it.
const BLOCK_CORE: &str = "w0rd";

const FLOW: &str = r#"
from prefect import flow

@flow(name="prodshow")
def main(note: str = "x"):
    pass
"#;

/// Production: an environment with credentials in it (one inside a connection string), and
/// enough other variables that removing them all lists more fields than a plan shows.
fn production_yaml() -> String {
    let filler: String = (0..120)
        .map(|i| format!("          K{i}: v{i}\n"))
        .collect();
    format!(
        r#"deployments:
  - name: prod
    entrypoint: flows.py:main
    work_pool:
      name: test-pool
      job_variables:
        env:
          API_TOKEN: {}
          DB_PASSWORD: {}
          DSN: "postgresql://app:{}@db/x"
          REGION: eu
{filler}"#,
        LIVE[0], LIVE[1], LIVE[2]
    )
}

/// The pull request's project file: `job_variables` as given, and secret block
/// `{flow}-block` in a parameter and in the version (which the job summary, the outputs and
/// the comment show).
fn pull_request_yaml(flow: &str, job_variables: &str) -> String {
    format!(
        r#"deployments:
  - name: prod
    version: "{{{{ prefect.blocks.secret.{flow}-block }}}}"
    entrypoint: flows.py:main
    parameters:
      note: "{{{{ prefect.blocks.secret.{flow}-block }}}}"
    work_pool:
      name: test-pool
      job_variables: {job_variables}
"#
    )
}

/// Everything one run on `forge`'s platform left behind: its stdout and stderr, and the
/// platform's output files (`$GITHUB_OUTPUT`, the job summary, `pinflow.env`).
fn run_everything(p: &TestProject, forge: &Forge, sha: &str, args: &[&str]) -> String {
    let (platform, number) = platform_and_number(forge.host);
    let mut env = ci_env(platform, sha, "feature", p.path());
    env.extend(forge.vars(number));
    let mut vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    vars.extend(server().vars());
    let out = pinflow(p.path(), args, &vars);
    let files: String = ["github-output", "github-summary", "pinflow.env"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(p.path().join(f)).ok())
        .collect();
    text(&out.stdout) + &text(&out.stderr) + &files
}

/// The platform of `host`, and the pull request its runs are builds of: one per host, since a
/// preview belongs to one repository's pull request.
fn platform_and_number(host: Host) -> (&'static str, u64) {
    match host {
        Host::Github => ("github", 12),
        Host::Gitlab => ("gitlab", 13),
        Host::Bitbucket => ("bitbucket", 14),
        Host::Azure => ("azure", 15),
    }
}

/// Flow `flow`'s production deployed, then a pull request that makes its job variables
/// `job_variables`, run on `hosts`: nothing shows a live value, the secret block or the
/// host's token; the plan lists which keys go.
fn an_environment_replaced_by(flow: &str, job_variables: &str, hosts: &[Host]) {
    server().create_secret_block(&format!("{flow}-block"), BLOCK);
    let flows = FLOW.replace("prodshow", flow);
    let p = TestProject::new(
        &[("flows.py", &flows), ("prefect.yaml", &production_yaml())],
        "production",
    );
    let out = pinflow(p.path(), &["deploy", "--all"], &server().vars());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let yaml = pull_request_yaml(flow, job_variables);
    let sha = p.commit(&[("prefect.yaml", &yaml)], "pull request");
    for &host in hosts {
        let forge = Forge::start(host, "tok-prodshow-canary-3307");
        assert_nothing_live_is_shown(&p, &forge, &sha, job_variables);
        let number = platform_and_number(host).1;
        server().delete_deployment(flow, &format!("prod-pr-{number}"));
    }
    assert_the_plan_lists_the_keys_that_go(&p, job_variables);
}

/// Every run of plan and previews on `forge`'s platform, and its comments, show no live value,
/// no secret block value and no token.
fn assert_nothing_live_is_shown(p: &TestProject, forge: &Forge, sha: &str, what: &str) {
    let mut shown = String::new();
    for args in [
        &["plan", "--all", "--comment"][..],
        &["plan", "--all", "--output", "json"],
        &["plan", "--all", "--output", "markdown"],
        &["deploy", "--all", "--preview", "--comment"],
        &["deploy", "--all", "--preview", "--output", "json"],
    ] {
        shown += &run_everything(p, forge, sha, args);
    }
    for c in forge.comments() {
        shown += &c.body;
    }
    // The platforms' own mask commands are the one place a secret is written.
    let shown: String = shown
        .lines()
        .filter(|l| !l.starts_with("::add-mask::") && !l.starts_with("##vso[task.setsecret]"))
        .collect::<Vec<_>>()
        .join("\n");
    for canary in LIVE.iter().chain([&BLOCK_CORE, &forge.token.as_str()]) {
        assert!(
            !shown.contains(canary),
            "{:?}, job_variables {what}: {canary} is shown:\n{shown}",
            forge.host
        );
    }
    assert_eq!(forge.violations(), Vec::<String>::new());
}

/// Which keys go is shown: the plan lists each of them, its live value hidden; 120 other
/// variables go too: the plan lists 100 fields and counts the rest.
fn assert_the_plan_lists_the_keys_that_go(p: &TestProject, what: &str) {
    let out = pinflow(
        p.path(),
        &["plan", "--all", "--output", "json"],
        &server().vars(),
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = &plan["deployments"][0];
    let token = entry["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "job_variables.env.API_TOKEN")
        .unwrap_or_else(|| panic!("{what}: API_TOKEN goes: {entry}"));
    assert_eq!(token["live"], "***", "{what}");
    assert_eq!(token["planned"], Value::Null, "{what}");
    assert_eq!(entry["fields"].as_array().unwrap().len(), 100, "{entry}");
    assert!(entry["fields_not_listed"].as_u64().unwrap() > 20, "{entry}");
    let out = pinflow(p.path(), &["plan", "--all"], &server().vars());
    assert!(
        text(&out.stdout).contains(" more\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_emptied_environment_shows_which_keys_go_never_their_values_on_every_host() {
    an_environment_replaced_by("prodshow", "{env: {}}", &Host::ALL);
}

#[test]
fn a_null_environment_shows_which_keys_go_never_their_values() {
    an_environment_replaced_by("prodshow-null", "{env: null}", &[Host::Github]);
}

#[test]
fn a_string_for_the_environment_shows_which_keys_go_never_their_values() {
    an_environment_replaced_by("prodshow-string", "{env: oops}", &[Host::Github]);
}

#[test]
fn a_list_for_the_environment_shows_which_keys_go_never_their_values() {
    an_environment_replaced_by("prodshow-list", "{env: [a, b]}", &[Host::Github]);
}

#[test]
fn no_environment_shows_which_keys_go_never_their_values() {
    an_environment_replaced_by("prodshow-none", "{}", &[Host::Github]);
}

#[test]
fn a_replaced_environment_shows_which_keys_go_never_their_values() {
    an_environment_replaced_by("prodshow-replaced", "{env: {REGION: us}}", &[Host::Github]);
}

/// `markdown` rendered as GitHub renders it (GFM: tables, auto-links, raw HTML kept).
pub(crate) fn github_html(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.render.unsafe_ = true;
    comrak::markdown_to_html(markdown, &options)
}

/// What of `html` a code host would make live: everything outside `<code>` elements.
pub(crate) fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<code>") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</code>")
            .map_or("", |(_, after)| after);
    }
    out + rest
}

#[test]
fn text_from_the_branch_forms_no_link_image_mention_or_html() {
    let s = server();
    let hostile = "[Re-authenticate](https://evil.example/login) ![p](https://evil.example/p.png) <img src=https://evil.example/i> www.evil.example ops@evil.example https://evil.example/raw GH-1 #1 !1 @all";
    let yaml = format!(
        "deployments:\n  - name: www.evil.example\n    version: \"{}\"\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n",
        hostile.replace('"', "\\\"")
    );
    let p = TestProject::new(
        &[("flows.py", &FLOW.replace("prodshow", "linkshow"))],
        "first",
    );
    let sha = p.commit(&[("prefect.yaml", &yaml)], hostile);
    let forge = Forge::start(Host::Github, "tok-linkshow-canary-3308");
    let mut markdown = String::new();
    for args in [
        &["plan", "--all", "--comment"][..],
        &["deploy", "--all", "--preview", "--comment"],
    ] {
        let shown = run_everything(&p, &forge, &sha, args);
        assert!(shown.contains("evil.example"), "the text is shown: {shown}");
        markdown += &std::fs::read_to_string(p.path().join("github-summary")).unwrap_or_default();
    }
    for c in forge.comments() {
        markdown += &c.body;
    }
    assert!(markdown.contains("evil.example"), "{markdown}");
    let html = github_html(&markdown);
    let live = outside_code(&html);
    let ui = s
        .vars()
        .iter()
        .find(|(k, _)| *k == "PREFECT_API_URL")
        .unwrap()
        .1;
    let ui = ui.trim_end_matches("/api");
    for href in live.split("href=\"").skip(1) {
        assert!(
            href.starts_with(ui),
            "a link from the branch: {href}\n{html}"
        );
    }
    for live_thing in ["<img", "src=", "evil.example", "@all", "#1", "!1", "GH-1"] {
        assert!(
            !live.contains(live_thing),
            "{live_thing} is live outside code:\n{live}"
        );
    }
    s.delete_deployment("linkshow", "www.evil.example-pr-12");
}

/// A secret whose prefix a cut would show: long, and distinct from its first characters.
const LONG: &str = "CANARYLONGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaEND";

/// Production: the block inside a connection string and in the version, a credential inside
/// a URL, and a header; none of them a whole secret the history could recognise by its hash.
const INSIDE_PRODUCTION: &str = r#"deployments:
  - name: prod
    version: "rel-{{ prefect.blocks.secret.inside-block }}"
    entrypoint: flows.py:main
    parameters:
      note: "Server=db;Uid=app;Pwd={{ prefect.blocks.secret.inside-block }};"
    work_pool:
      name: test-pool
      job_variables:
        image: "registry.example/app:1"
        command: "run --password hunter2222 -v"
"#;

/// The pull request drops the block, pulls the job's own secret-named variable into what is
/// shown, and makes the server quote a long secret in an error about 2,000 characters in
/// (PADDING is 1,960 characters).
const INSIDE_PULL_REQUEST: &str = r#"deployments:
  - name: prod
    version: "v-{{ $DB_PASSWORD }}"
    description: "d {{ $DB_PASSWORD }}"
    entrypoint: flows.py:main
    parameters:
      note: a
    work_pool:
      name: test-pool
      job_variables:
        image: "registry.example/app:2"
        command: run
  - name: broken
    entrypoint: flows.py:main
    schedules:
      - rrule: "PADDING{{ prefect.blocks.secret.inside-long }}"
    work_pool: {name: test-pool}
"#;

#[test]
fn what_production_holds_inside_strings_and_the_jobs_own_secrets_stay_hidden() {
    let s = server();
    s.create_secret_block("inside-block", "CANARYinside0123456789");
    s.create_secret_block("inside-long", LONG);
    let p = Scenario::new(&[
        ("flows.py", &FLOW.replace("prodshow", "insideshow")),
        ("prefect.yaml", INSIDE_PRODUCTION),
    ]);
    p.ok(&["deploy", "--all"]);
    let pull_request = INSIDE_PULL_REQUEST.replace("PADDING", &"A".repeat(1960));
    p.commit(&[("prefect.yaml", &pull_request)]);
    let forge = Forge::start(Host::Github, "tok-insideshow-canary-3309");
    let mut p = p.on("github").branch("feature");
    for (k, v) in forge.vars(16) {
        p = p.env(k, &v);
    }
    let p = p.env("DB_PASSWORD", "CANARYjobdbpw77");
    let mut shown = String::new();
    for args in [
        &["plan", "prod", "--comment"][..],
        &["plan", "prod", "--output", "json"],
        &["deploy", "--all", "--preview", "--comment"],
    ] {
        let out = p.run(args);
        shown += &(text(&out.stdout) + &text(&out.stderr));
        for f in ["github-output", "github-summary"] {
            shown += &std::fs::read_to_string(p.path().join(f)).unwrap_or_default();
        }
    }
    for c in forge.comments() {
        shown += &c.body;
    }
    let shown: String = shown
        .lines()
        .filter(|l| !l.starts_with("::add-mask::"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        shown.contains("Pwd=") || shown.contains("parameters.note"),
        "{shown}"
    );
    for canary in [
        "CANARYinside",
        "hunter2222",
        "CANARYjobdbpw77",
        &LONG[..30],
        forge.token.as_str(),
    ] {
        assert!(!shown.contains(canary), "{canary} is shown:\n{shown}");
    }
    s.delete_deployment("insideshow", "prod-pr-16");
    s.delete_deployment("insideshow", "broken-pr-16");
}

#[test]
fn a_previews_steps_are_the_branchs_commands_and_never_run_with_credentials() {
    let s = server();
    let yaml = "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    build:\n      - prefect.deployments.steps.run_shell_script:\n          script: sh -c 'env > env-dump.txt'\n    work_pool: {name: test-pool}\n";
    let p = TestProject::new(
        &[
            ("flows.py", &FLOW.replace("prodshow", "stepshow")),
            ("prefect.yaml", yaml),
        ],
        "first",
    );
    let sha = p.commit(&[("README.md", "x")], "pull request");
    let mut env = ci_env("github", &sha, "feature", p.path());
    env.extend([
        ("GITHUB_REF", "refs/pull/17/merge".to_owned()),
        ("GITHUB_TOKEN", "ghs_steps-canary-3310".to_owned()),
        ("PREFECT_API_KEY", "pnu_steps-canary-3311".to_owned()),
        ("DB_PASSWORD", "steps-canary-3312".to_owned()),
    ]);
    let mut vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    vars.extend(s.vars());
    let dump = p.path().join("env-dump.txt");

    // By default a preview refuses to run the branch's steps, and writes nothing.
    let out = pinflow(p.path(), &["deploy", "--all", "--preview"], &vars);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--preview-steps"), "{stderr}");
    assert!(!dump.exists(), "the step ran");
    assert!(s.deployment("stepshow", "prod-pr-17").is_none());

    // Asked to, it runs them without pinflow's credentials.
    let out = pinflow(
        p.path(),
        &["deploy", "--all", "--preview", "--preview-steps"],
        &vars,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let seen = std::fs::read_to_string(&dump).unwrap();
    assert!(seen.contains("GITHUB_REF="), "{seen}");
    for canary in [
        "steps-canary-3310",
        "steps-canary-3311",
        "steps-canary-3312",
    ] {
        assert!(!seen.contains(canary), "{canary} reached the step:\n{seen}");
    }
    s.delete_deployment("stepshow", "prod-pr-17");
}
