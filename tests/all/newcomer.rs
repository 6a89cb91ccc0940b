//! A newcomer's first hour, through the binary: names as the user sees them, messages that say
//! what to do, text a person reads, and versions a user can trust.

use serde_json::Value;

use crate::support::proxy::{self, Fault};
use crate::support::{clean_command, json_ok, pinflow, server, text, Scenario, TestProject};

const GREETER: &str = r#"
from prefect import flow

@flow(name="greeter")
def greet(times: int = 1):
    pass
"#;
const NIGHTLY: &str = r#"deployments:
  - name: nightly
    entrypoint: flows.py:greet
    work_pool: {name: test-pool}
"#;

/// A project whose flow is named `name` and whose function is `greet`.
fn greeter(name: &str) -> TestProject {
    TestProject::new(
        &[
            ("flows.py", &GREETER.replace("greeter", name)),
            ("prefect.yaml", NIGHTLY),
        ],
        "first",
    )
}

#[test]
fn the_flow_name_and_the_function_name_both_select() {
    let s = server();
    let p = greeter("greeter");
    let by_flow = json_ok(&pinflow(
        p.path(),
        &["deploy", "greeter/nightly", "--output", "json"],
        &s.vars(),
    ));
    assert_eq!(by_flow["deployments"][0]["name"], "greeter/nightly");
    let out = pinflow(p.path(), &["deploy", "greet/nightly", "--force"], &s.vars());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("greet is the flow's function, greeter its name"),
        "{}",
        text(&out.stderr)
    );
    for name in ["greeter/nightly", "greet/nightly"] {
        let out = pinflow(p.path(), &["versions", name, "--output", "json"], &s.vars());
        let v = json_ok(&out);
        assert_eq!(v["deployment"], "greeter/nightly", "{name}");
        assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    }
    // Not found: the known names, never another tool.
    let out = pinflow(p.path(), &["deploy", "nope/nightly"], &s.vars());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("Known: greeter/nightly"), "{err}");
    for cmd in ["versions", "rollback", "promote"] {
        let out = pinflow(p.path(), &[cmd, "nope/nightly"], &s.vars());
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("greeter/nightly") && !err.contains("prefect deployment ls"),
            "{cmd}: {err}"
        );
    }
}

/// `pinflow args` in a project with `yaml`; exit code and stderr.
/// A project of flow `wrongtype` whose prefect.yaml is `yaml`, talking to no server.
fn with_yaml(yaml: &str) -> Scenario {
    let flows = GREETER.replace("greeter", "wrongtype");
    Scenario::new(&[("flows.py", &flows), ("prefect.yaml", yaml)]).offline()
}

#[test]
fn an_address_that_is_not_the_api_says_so_and_names_the_api_path() {
    let root = server().api_url.trim_end_matches("/api").to_owned();
    let err = with_yaml(NIGHTLY)
        .env("PREFECT_API_URL", &root)
        .exits(&["deploy"], 2);
    assert!(
        err.contains("does not answer as a Prefect API") && err.contains(&format!("{root}/api")),
        "{err}"
    );
}

#[test]
fn a_host_that_does_not_resolve_or_a_closed_port_says_which() {
    let s = with_yaml(NIGHTLY).env("PREFECT_CLIENT_MAX_RETRIES", "0");
    let s = s.env("PREFECT_API_URL", "http://pinflow-no-such-host.invalid/api");
    let err = s.exits(&["deploy"], 4);
    assert!(err.contains("does not resolve"), "{err}");
    let s = s.env("PREFECT_API_URL", "http://127.0.0.1:9/api");
    let err = s.exits(&["deploy"], 4);
    assert!(err.contains("connection was refused"), "{err}");
}

/// NIGHTLY with `times: five` for an integer parameter, at line 4.
const WRONG_TYPE: &str = r#"deployments:
  - name: nightly
    entrypoint: flows.py:greet
    parameters: {times: five}
    work_pool: {name: test-pool}
"#;

#[test]
fn a_parameter_of_the_wrong_type_is_refused_where_it_is_written_and_nothing_is_written() {
    let before = server().deployment_count("wrongtype");
    let s = with_yaml(WRONG_TYPE).server(server());
    for args in [&["check"][..], &["deploy", "--force"]] {
        let err = s.exits(args, 3);
        assert!(
            err.contains("prefect.yaml:4 (deployment \"nightly\", `parameters`)"),
            "{err}"
        );
        assert!(
            err.contains("parameter `times`: expected an integer"),
            "{err}"
        );
        assert_eq!(
            err.matches("expected an integer").count(),
            1,
            "printed once: {err}"
        );
    }
    assert_eq!(server().deployment_count("wrongtype"), before);
}

/// A flow sequence never closed: the error is at line 4, column 15.
const UNCLOSED: &str = r#"deployments:
  - name: a
    tags: [x
    entrypoint: flows.py:greet
"#;

#[test]
fn a_yaml_error_shows_the_line_with_a_caret_and_a_hint() {
    let err = with_yaml(UNCLOSED).exits(&["check"], 3);
    assert!(
        err.contains("prefect.yaml:4:15")
            && err.contains("|               ^")
            && err.contains("hint: check the indentation"),
        "{err}"
    );
}

/// `tags` twice in one mapping, at lines 4 and 5.
const TWICE: &str = r#"deployments:
  - name: a
    entrypoint: flows.py:greet
    tags: []
    tags: [x]
    work_pool: {name: p}
"#;

#[test]
fn a_duplicate_key_is_a_warning_at_its_second_occurrence() {
    let err = with_yaml(TWICE).exits(&["check"], 0);
    assert!(
        err.contains("prefect.yaml:5: `tags` is written twice in one mapping (lines 4 and 5)"),
        "Prefect keeps the last one: {err}"
    );
}

/// `tag` for `tags`, at line 4.
const TYPO: &str = r#"deployments:
  - name: nightly
    entrypoint: flows.py:greet
    tag: [x]
    work_pool: {name: test-pool}
"#;

#[test]
fn an_unknown_key_says_where_and_the_near_miss() {
    let err = with_yaml(TYPO).exits(&["check"], 0);
    assert!(
        err.contains("prefect.yaml:4: unknown key `tag`") && err.contains("did you mean `tags`?"),
        "{err}"
    );
}

#[test]
fn an_entrypoint_without_a_function_shows_the_form() {
    let s = with_yaml(&NIGHTLY.replace("flows.py:greet", "flows.py"));
    let err = s.exits(&["check"], 3);
    assert!(
        err.contains("names a file but no function; the form is path/to/file.py:function_name"),
        "{err}"
    );
}

#[test]
fn a_bad_value_from_the_environment_says_where_it_came_from() {
    let s = with_yaml(NIGHTLY).env("PINFLOW_OUTPUT", "text");
    let err = s.exits(&["version-info"], 2);
    assert!(
        err.contains("comes from the environment variable PINFLOW_OUTPUT"),
        "{err}"
    );
}

#[test]
fn text_a_person_reads() {
    let s = server();
    let p = greeter("reader");
    // A busy server: one line about it, not one per retry.
    let proxy = proxy::start(&s.api_url, |key, n| match key {
        "POST /api/work_pools/filter" if n < 3 => Fault::Status(503, vec![]),
        _ => Fault::Forward,
    });
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[("PREFECT_API_URL", proxy.url.as_str())],
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains("retry")).count(),
        1,
        "{err}"
    );
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("1 created, 0 updated, 0 unchanged, 0 failed in "),
        "{stdout}"
    );
    // Debug shows the requests.
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[s.vars(), vec![("PINFLOW_LOG", "debug")]].concat(),
    );
    assert!(
        text(&out.stderr).contains("POST /api/deployments/filter -> server answered 200 OK in"),
        "{}",
        text(&out.stderr)
    );
    // Versions: a header, aligned, times with their zone.
    let out = pinflow(p.path(), &["versions", "reader/nightly"], &s.vars());
    let shown = text(&out.stdout);
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[1].starts_with("   VERSION"), "{shown}");
    let col = lines[1].find("CREATED").unwrap();
    assert!(lines[2].get(col..).unwrap().contains(" UTC "), "{shown}");
    // Help: the environment at the top, one text per flag.
    let help = text(&pinflow(p.path(), &["--help"], &[]).stdout);
    assert!(
        help.contains("PREFECT_API_URL") && help.contains("Examples:"),
        "{help}"
    );
    let help = text(&pinflow(p.path(), &["deploy", "--help"], &[]).stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("a local deploy is not a build")
            && help.contains("a registry that cannot be asked is a warning"),
        "{help}"
    );
}

/// A project of flow `flow` whose one deployment is `nightly`.
fn nightly(flow: &str) -> Scenario {
    let flows = GREETER.replace("greeter", flow);
    Scenario::new(&[("flows.py", &flows), ("prefect.yaml", NIGHTLY)])
}

#[test]
fn uncommitted_changes_are_a_warning_and_an_annotation_on_ci() {
    let s = nightly("trusted").on("github");
    let edited = GREETER.replace("greeter", "trusted") + "# edit\n";
    std::fs::write(s.path().join("flows.py"), edited).unwrap();
    let out = s.run(&["deploy"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("::warning::the working tree has uncommitted changes (flows.py)"),
        "{err}"
    );
}

#[test]
fn a_dry_run_says_unchanged_when_a_deploy_would_write_nothing() {
    let s = nightly("trusted-dry").on("github");
    s.ok(&["deploy"]);
    let dry = s.json(&["deploy", "--dry-run", "--output", "json"]);
    assert_eq!(dry["deployments"][0]["action"], "unchanged", "{dry}");
}

#[test]
fn version_info_lines_are_safe_to_eval() {
    let s = nightly("trusted-eval").offline();
    s.project.commit(&[], "Fix `it` $(touch pwned) 'now'");
    let lines = s.ok(&["version-info", "--output", "env"]);
    let script = format!("{lines}\nprintf '%s' \"$PINFLOW_MESSAGE\"");
    let evaluated = clean_command("sh", s.path(), &[])
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_eq!(text(&evaluated.stdout), "Fix `it` $(touch pwned) 'now'");
    assert!(!s.path().join("pwned").exists());
}

#[test]
fn after_a_forced_redeploy_of_the_same_commit_rollback_says_there_is_no_older_content() {
    let s = nightly("trusted-forced");
    s.ok(&["deploy"]);
    let forced = s.json(&["deploy", "--force", "--output", "json"]);
    assert_eq!(forced["deployments"][0]["action"], "updated");
    let err = s.exits(&["rollback", "trusted-forced/nightly"], 2);
    assert!(err.contains("oldest version"), "{err}");
}

#[test]
fn after_a_forced_redeploy_rollback_moves_to_different_content() {
    let s = nightly("trusted-back");
    s.ok(&["deploy"]);
    s.json(&["deploy", "--force", "--output", "json"]);
    let two = GREETER
        .replace("greeter", "trusted-back")
        .replace("times: int = 1", "times: int = 2");
    s.commit(&[("flows.py", &two)]);
    let second = s.json(&["deploy", "--output", "json"]);
    let back = s.json(&["rollback", "trusted-back/nightly", "--output", "json"]);
    assert_ne!(back["to"]["version"], second["deployments"][0]["version"]);
    assert_eq!(back["action"], "rollback");
    let d: Value = server().deployment("trusted-back", "nightly").unwrap();
    assert_eq!(
        d["parameter_openapi_schema"]["properties"]["times"]["default"],
        1
    );
}
