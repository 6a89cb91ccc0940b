//! Exit codes and messages for bad input; nothing is written when input is bad.

use crate::support::{pinflow, server, text, Scenario, TestProject};

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"bad-input\")\ndef main():\n    pass\n";

/// Runs `pinflow deploy args` in a project with `yaml`; returns (exit code, stderr).
fn deploy_fails(yaml: &str, args: &[&str], vars: &[(&str, &str)]) -> (i32, String) {
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m");
    let s = server();
    let before = s.deployment_count("bad-input");
    let mut all = s.vars();
    all.extend_from_slice(vars);
    let mut full = vec!["deploy"];
    full.extend_from_slice(args);
    let out = pinflow(p.path(), &full, &all);
    assert!(
        !out.status.success(),
        "expected a failure; stdout:\n{}",
        text(&out.stdout)
    );
    assert_eq!(
        s.deployment_count("bad-input"),
        before,
        "a failed deploy must write nothing"
    );
    (out.status.code().unwrap(), text(&out.stderr))
}

const GOOD: &str = "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n  - name: b\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let (code, err) = deploy_fails("deployments:\n  - name: a\n    tags: [x\n", &["--all"], &[]);
    assert_eq!(code, 3);
    assert!(
        err.contains("prefect.yaml:") && err.contains("invalid YAML"),
        "{err}"
    );
}

#[test]
fn unknown_deployment_lists_the_known_ones() {
    let (code, err) = deploy_fails(GOOD, &["nope"], &[]);
    assert_eq!(code, 2);
    // The names pinflow prints everywhere: the flow's name (`main` would select them too).
    assert!(err.contains("Known: bad-input/a, bad-input/b"), "{err}");
}

#[test]
fn several_deployments_need_names_or_all() {
    let (code, err) = deploy_fails(GOOD, &[], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("--all"), "{err}");
}

#[test]
fn missing_entrypoint_file_and_function() {
    let yaml = GOOD.replace(
        "flows.py:main\n    work_pool: {name: test-pool}\n  - name: b",
        "gone.py:main\n    work_pool: {name: test-pool}\n  - name: b",
    );
    let (code, err) = deploy_fails(&yaml, &["--all"], &[]);
    assert_eq!(code, 3);
    assert!(
        err.contains("prefect.yaml:3") && err.contains("gone.py"),
        "{err}"
    );
    let yaml = GOOD.replace(
        "flows.py:main\n    work_pool: {name: test-pool}\n  - name: b",
        "flows.py:nain\n    work_pool: {name: test-pool}\n  - name: b",
    );
    let (code, err) = deploy_fails(&yaml, &["--all"], &[]);
    assert_eq!(code, 3);
    assert!(err.contains("its @flow functions are: main"), "{err}");
}

#[test]
fn missing_work_pool_block_and_python_step() {
    let (code, err) = deploy_fails(
        &GOOD.replace(
            "name: test-pool}\n  - name: b",
            "name: no-such-pool}\n  - name: b",
        ),
        &["--all"],
        &[],
    );
    assert_eq!(code, 3);
    assert!(
        err.contains("work pool \"no-such-pool\" does not exist") && err.contains("prefect.yaml:4"),
        "{err}"
    );
    let yaml = GOOD.replace("work_pool: {name: test-pool}\n  - name: b", "work_pool: {name: test-pool, job_variables: {t: '{{ prefect.blocks.secret.absent }}'}}\n  - name: b");
    let (code, err) = deploy_fails(&yaml, &["--all"], &[]);
    assert_eq!(code, 3);
    assert!(
        err.contains("block document \"absent\" of type \"secret\" does not exist"),
        "{err}"
    );
    let yaml = format!("build:\n  - prefect_docker.deployments.steps.build_docker_image:\n      image_name: x\n{GOOD}");
    let (code, err) = deploy_fails(&yaml, &["--all"], &[]);
    assert_eq!(code, 3);
    assert!(
        err.contains("build_docker_image") && err.contains("IMAGE_DIGEST"),
        "{err}"
    );
}

#[test]
fn unreachable_or_unset_server() {
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)], "m");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/api");
    let out = pinflow(
        p.path(),
        &["deploy", "--all"],
        &[
            ("PREFECT_API_URL", &url),
            ("PREFECT_CLIENT_MAX_RETRIES", "1"),
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot connect") && err.contains("PREFECT_API_URL"),
        "{err}"
    );
    let out = pinflow(p.path(), &["deploy", "--all"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PREFECT_API_URL is not set"));
}

/// A fault server that answers every request with `status` and a JSON detail.
fn fault_server(status: &'static str) -> String {
    let body = r#"{"detail":"Invalid authentication credentials"}"#.to_owned();
    let (url, _) = crate::support::fake::serve(move |_| (status, body.clone()));
    format!("{url}/api")
}

#[test]
fn rejected_api_key_says_which_credential_without_showing_it() {
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)], "m");
    let url = fault_server("401 Unauthorized");
    let out = pinflow(
        p.path(),
        &["deploy", "a"],
        &[
            ("PREFECT_API_URL", &url),
            ("PREFECT_API_KEY", "pnu_rejected_canary"),
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(
        err.contains("401") && err.contains("check PREFECT_API_KEY"),
        "{err}"
    );
    assert!(
        !err.contains("pnu_rejected_canary") && !text(&out.stdout).contains("pnu_rejected_canary")
    );
}

#[test]
fn version_type_that_does_not_fit_is_an_error() {
    let (code, err) = deploy_fails(GOOD, &["--all", "--version-type", "vcs:gitlab"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("CI_COMMIT_SHA"), "{err}");
}

#[test]
fn dry_run_needs_no_server() {
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)], "m");
    let out = pinflow(
        p.path(),
        &["deploy", "a", "--dry-run", "--output", "json"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["deployments"][0];
    assert_eq!(d["action"], "dry-run");
    assert_eq!(d["request"]["method"], "POST");
    assert_eq!(d["request"]["body"]["name"], "a");
    assert_eq!(d["version"], d["version_info"]["version"]);
    assert_eq!(d["version_info"]["type"], "vcs:git");
}

#[test]
fn version_info_command_prints_json_and_env() {
    let p = TestProject::new(&[("a.txt", "x")], "Ship it");
    let sha = p.head();
    let vars = [
        ("GITHUB_SHA", sha.as_str()),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
    ];
    let out = pinflow(p.path(), &["version-info"], &vars);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["type"], "vcs:github");
    assert_eq!(info["message"], "Ship it");
    assert_eq!(info["version"], &sha[..8]);
    let out = pinflow(p.path(), &["version-info", "--output", "env"], &vars);
    assert!(text(&out.stdout).contains(&format!("PINFLOW_COMMIT_SHA={sha}\n")));
}

#[test]
fn commit_message_from_the_github_api_without_a_checkout() {
    let dir = tempfile::tempdir().unwrap(); // not a git repository
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let (api, seen) = crate::support::fake::serve(move |head| {
        // The git commit object: the message without the file list.
        if head.starts_with(&format!("GET /repos/org/repo/git/commits/{sha} ")) {
            (
                "200 OK",
                r#"{"sha": "x", "message": "Fix the loader\n\nLong body"}"#.to_owned(),
            )
        } else {
            ("404 Not Found", "{}".to_owned())
        }
    });
    let vars = [
        ("GITHUB_SHA", sha),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
        ("GITHUB_API_URL", api.as_str()),
        ("GITHUB_TOKEN", "ghs_token_canary"),
    ];
    let out = pinflow(dir.path(), &["version-info"], &vars);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["message"], "Fix the loader");
    let requests = seen.lock().unwrap().join("\n").to_lowercase();
    assert!(
        requests.contains("authorization: bearer ghs_token_canary"),
        "the token is sent to the API"
    );
    assert!(
        !text(&out.stderr).contains("ghs_token_canary")
            && !text(&out.stdout).contains("ghs_token_canary")
    );
    // Without a token the message stays empty, and nothing fails.
    let out = pinflow(dir.path(), &["version-info"], &vars[..4]);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["message"], "");
}

#[test]
fn a_server_that_keeps_failing_ends_the_command_after_bounded_retries() {
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)], "m");
    let url = fault_server("503 Service Unavailable");
    let started = std::time::Instant::now();
    let out = pinflow(
        p.path(),
        &["deploy", "a"],
        &[
            ("PREFECT_API_URL", &url),
            ("PREFECT_CLIENT_MAX_RETRIES", "2"),
            ("PINFLOW_LOG", "debug"),
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(
        err.contains("retry 1 of 8") && err.contains("retry 8 of 8"),
        "a busy server gets four times the retries, still bounded: {err}"
    );
    assert!(err.contains("503"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "bounded: {:?}",
        started.elapsed()
    );
}

#[test]
fn hostile_project_and_flow_files_are_refused_quickly_and_write_nothing() {
    let mut bomb = vec!["a0: &a0 [x, x, x, x, x, x, x, x, x, x]".to_owned()];
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push(format!("a{i}: &a{i} [{refs}]"));
    }
    bomb.push("deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n    tags: *a9\n".to_owned());
    let deep = format!(
        "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n    tags: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let huge = format!("{GOOD}# {}\n", "x".repeat(5 << 20));
    for (yaml, needle) in [
        (bomb.join("\n"), "alias bomb"),
        (deep, "nested too deeply"),
        (huge, "pinflow reads project files of at most 4194304 bytes"),
    ] {
        let (code, err) = deploy_fails(&yaml, &["--all"], &[]);
        assert_eq!(code, 3, "{err}");
        assert!(
            err.contains("prefect.yaml") && err.contains(needle),
            "{needle}: {err}"
        );
    }
    // A flow file beyond 16 MiB is refused before it is parsed.
    let p = TestProject::new(&[("prefect.yaml", GOOD)], "m");
    std::fs::write(
        p.path().join("flows.py"),
        format!("{FLOW}# {}\n", "x".repeat(17 << 20)),
    )
    .unwrap();
    let out = pinflow(p.path(), &["deploy", "--all", "--dry-run"], &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("pinflow reads flow files of at most"), "{err}");
}

#[test]
fn check_plans_every_deployment_offline_and_reports_each_problem() {
    let yaml = r#"
build:
  - prefect.deployments.steps.run_shell_script:
      id: tag
      script: echo v1
deployments:
  - name: templated
    entrypoint: "{{ $FLOW_FILE }}:main"
    work_pool:
      name: no-server-needed
      job_variables: {token: "{{ prefect.blocks.secret.tok }}", image: "app:{{ tag.stdout }}"}
  - name: plain
    entrypoint: flows.py:main
    work_pool: {name: no-server-needed}
"#;
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m");
    // No PREFECT_API_URL: blocks and variables are not looked up, build steps are not run.
    let out = pinflow(p.path(), &["check"], &[("FLOW_FILE", "flows.py")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "ok  bad-input/templated  (flows.py:main)\nok  bad-input/plain      (flows.py:main)\n",
        "aligned columns"
    );
    let one = pinflow(p.path(), &["check", "plain"], &[]);
    assert_eq!(text(&one.stdout), "ok  bad-input/plain  (flows.py:main)\n");
    let unset = pinflow(p.path(), &["check", "templated"], &[]);
    assert_eq!(unset.status.code(), Some(3));
    assert!(
        text(&unset.stderr).contains("still has a placeholder after templating"),
        "{}",
        text(&unset.stderr)
    );

    let broken = yaml
        .replace("{{ $FLOW_FILE }}:main", "flows.py:gone")
        .replace(
            "  - name: plain\n",
            "  - name: plain\n    schedules: [{cron: \"0 25 * * *\"}]\n",
        );
    std::fs::write(p.path().join("prefect.yaml"), broken).unwrap();
    let out = pinflow(p.path(), &["check"], &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(text(&out.stdout), "FAILED  templated\nFAILED  plain\n");
    assert!(
        err.contains("prefect.yaml:8 (deployment \"templated\", `entrypoint`)"),
        "{err}"
    );
    assert!(err.contains("has no function \"gone\""), "{err}");
    assert!(
        err.contains("(deployment \"plain\", `schedules`): schedules[0]: `cron` \"0 25 * * *\" has 25 as hour"),
        "{err}"
    );
    assert!(err.contains("2 of 2 deployments have problems"), "{err}");
}

/// Whether a runner would read `line` as a command: GitHub's `::` (after any indentation),
/// Azure's `##vso[` anywhere, or a `##[` formatting command.
fn runnable(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##vso[") || line.contains("##[")
}

/// An API key that must not show in what the parser prints.
const USAGE_KEY: &str = "pnu_usage_canary_4521";
/// A value that would stop or set commands, or annotate, if a runner read it from the log.
const HOSTILE: &str =
    "x\n::stop-commands::pwned\n##vso[task.setvariable variable=a]pwned\n  ::warning::pwned";

/// Arguments, and PINFLOW_* variables.
type Case = (Vec<&'static str>, Vec<(&'static str, &'static str)>);

/// (arguments, PINFLOW_* variables) that the parser rejects, or that print help or version.
fn parser_cases() -> Vec<Case> {
    vec![
        (vec!["deploy"], vec![("PINFLOW_PIN_COMMIT", HOSTILE)]),
        (vec!["deploy"], vec![("PINFLOW_CONCURRENCY", HOSTILE)]),
        (vec!["plan"], vec![("PINFLOW_OUTPUT", HOSTILE)]),
        (
            vec!["preview-cleanup"],
            vec![("PINFLOW_PULL_REQUEST", HOSTILE)],
        ),
        (vec!["deploy", "--resolve-image", HOSTILE], vec![]),
        (vec!["versions", "a/b", HOSTILE], vec![]),
        (vec![HOSTILE], vec![]),
        (vec!["deploy", "--pin-commit", USAGE_KEY], vec![]),
        (vec!["versions", "a/b", USAGE_KEY], vec![]),
        (vec![USAGE_KEY], vec![]),
        (vec!["deploy", "--api-key", USAGE_KEY], vec![]),
        (
            vec!["deploy", "--prefect-api-key=pnu_usage_canary_4521"],
            vec![],
        ),
        (
            vec!["deploy", "--help"],
            vec![("PINFLOW_VERSION", HOSTILE), ("PINFLOW_TO", USAGE_KEY)],
        ),
        (vec!["--version"], vec![("PINFLOW_VERSION", HOSTILE)]),
    ]
}

/// On CI `platform`, with an API key: every parser case exits 2 (0 for help and version),
/// prints no line a runner would run, and shows neither the key nor the hostile value.
fn the_parser_is_inert_on(platform: &'static str) {
    let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)])
        .offline()
        .on(platform)
        .env("PREFECT_API_KEY", USAGE_KEY);
    for (args, vars) in parser_cases() {
        let out = s.run_with(&args, &vars);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        let what = format!("{platform} {args:?} {vars:?}:\n{stdout}\n{stderr}");
        let help = args.contains(&"--help") || args.contains(&"--version");
        assert_eq!(out.status.code(), Some(if help { 0 } else { 2 }), "{what}");
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!runnable(line), "{line:?} in {what}");
        }
        for canary in [USAGE_KEY, "pwned"] {
            assert!(
                !stdout.contains(canary) && !stderr.contains(canary),
                "{what}"
            );
        }
    }
}

#[test]
fn what_the_argument_parser_prints_is_inert_and_shows_no_secret_on_github() {
    the_parser_is_inert_on("github");
}

#[test]
fn what_the_argument_parser_prints_is_inert_and_shows_no_secret_on_azure() {
    the_parser_is_inert_on("azure");
}

#[test]
fn a_hidden_value_the_parser_rejects_still_says_what_is_wrong_and_where_it_came_from() {
    let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", GOOD)])
        .offline()
        .env("PINFLOW_PIN_COMMIT", HOSTILE);
    let out = s.run(&["deploy"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("invalid value '***' for '--pin-commit <PIN_COMMIT>'")
            && err.contains("possible values: auto, always, never")
            && err.contains("comes from the environment variable PINFLOW_PIN_COMMIT"),
        "{err}"
    );
}
