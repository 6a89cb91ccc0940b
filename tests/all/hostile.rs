//! Hostile input through the binary: canary secrets in build steps, errors, templates and
//! outputs; values that try to add CI outputs or run code; output files that link elsewhere;
//! servers and registries that answer with too much or with nonsense; special files. Every
//! stream and CI file is searched on every platform.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::fake::{huge_answer, serve_raw};
use crate::support::{
    ci_env, ci_files, clean_command, pinflow, pinflow_bounded, server, text, Scenario, TestProject,
};

const FLOW: &str = r#"
from prefect import flow

@flow(name="hostile")
def main():
    pass
"#;
const KEY: &str = "canary-api-key-77e1";
const BLOCK_LINES: [&str; 2] = ["canary-block-line-one", "canary-block-line-two"];

/// Lines that may carry a secret: the platforms' own mask commands.
fn is_mask(line: &str) -> bool {
    line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]")
}

/// Every stream and CI file of a run, by name.
fn streams(out: &std::process::Output, dir: &Path) -> Vec<(String, String)> {
    let mut all = vec![
        ("stdout".to_owned(), text(&out.stdout)),
        ("stderr".to_owned(), text(&out.stderr)),
    ];
    all.extend(
        ci_files(dir)
            .into_iter()
            .map(|t| ("a CI file".to_owned(), t)),
    );
    all
}

fn assert_no_canary(what: &str, out: &std::process::Output, dir: &Path, canaries: &[&str]) {
    for (name, stream) in streams(out, dir) {
        for line in stream.lines().filter(|l| !is_mask(l)) {
            for canary in canaries {
                assert!(
                    !line.contains(canary),
                    "{what}: {canary:?} in {name}: {line}"
                );
            }
        }
    }
}

/// `steps-ok` puts the API key in its version (through a step's output) and job variables,
/// with secret block BLOCK; `steps-fail`'s step fails on a path holding the key.
const STEPS: &str = r#"
deployments:
  - name: steps-ok
    entrypoint: flows.py:main
    version: "{{ leak.stdout }}"
    build:
      - prefect.deployments.steps.run_shell_script:
          id: leak
          script: echo {{ $PREFECT_API_KEY }}
    work_pool:
      name: test-pool
      job_variables: {env: {K: "{{ $PREFECT_API_KEY }}", B: "{{ prefect.blocks.secret.BLOCK }}"}}
  - name: steps-fail
    entrypoint: flows.py:main
    build:
      - prefect.deployments.steps.run_shell_script:
          script: ls /nonexistent-{{ $PREFECT_API_KEY }}
    work_pool: {name: test-pool}
"#;

/// A value Prefect checks before placeholders are filled: refused, the secret unread.
const BAD: &str = r#"
deployments:
  - name: bad-concurrency
    entrypoint: flows.py:main
    concurrency_limit: "{{ prefect.blocks.secret.BLOCK }}"
    work_pool: {name: test-pool}
"#;

/// The commands (FLOW for the flow) and the exit code each must give.
const RUNS: [(&str, i32); 6] = [
    ("deploy steps-ok --output json", 0),
    ("deploy steps-ok --dry-run --output json", 0),
    ("deploy steps-fail", 4),
    ("deploy --prefect-file bad.yaml bad-concurrency", 3),
    ("versions FLOW/steps-ok --output json", 0),
    ("rollback FLOW/steps-ok --to x --output json", 2),
];

/// Runs RUNS on `platform` with the API key and a two-line secret block: no canary in what
/// pinflow writes, masked first on the platforms that mask.
fn steps_errors_templates_and_outputs_leak_nothing_on(platform: &'static str) {
    let flow = format!("hostile-{platform}");
    let block = format!("{flow}-tok");
    server().create_secret_block(&block, &BLOCK_LINES.join("\n"));
    let s = Scenario::new(&[
        ("flows.py", &FLOW.replace("hostile", &flow)),
        ("prefect.yaml", &STEPS.replace("BLOCK", &block)),
        ("bad.yaml", &BAD.replace("BLOCK", &block)),
    ])
    .on(platform)
    .env("PREFECT_API_KEY", KEY);
    let canaries = [KEY, BLOCK_LINES[0], BLOCK_LINES[1]];
    for (line, code) in RUNS {
        let line = line.replace("FLOW", &flow);
        let args: Vec<&str> = line.split(' ').collect();
        let out = s.run(&args);
        let what = format!("{platform} {args:?}");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{what}: {stderr}");
        assert_no_canary(&what, &out, s.path(), &canaries);
        assert_masked_first(platform, &args, &stderr, &what);
        if args[1] == "bad-concurrency" {
            assert!(
                stderr.contains("concurrency_limit") && stderr.contains("***"),
                "{what}: {stderr}"
            );
        }
    }
    // What is sent is the user's choice: the server holds the values the templates asked for.
    let stored = server().deployment(&flow, "steps-ok").unwrap();
    assert_eq!(stored["job_variables"]["env"]["K"], KEY);
}

/// GitHub and Azure mask before anything else is written, line by line for a multi-line
/// value.
fn assert_masked_first(platform: &str, args: &[&str], stderr: &str, what: &str) {
    let first = stderr.lines().next().unwrap_or("");
    match platform {
        "github" => {
            assert_eq!(first, format!("::add-mask::{KEY}"), "{what}");
            if args[1] == "steps-ok" {
                for l in BLOCK_LINES {
                    assert!(stderr.contains(&format!("::add-mask::{l}")), "{what}");
                }
            }
        }
        "azure" => assert_eq!(first, format!("##vso[task.setsecret]{KEY}"), "{what}"),
        _ => {}
    }
}

#[test]
fn secrets_never_leak_from_steps_errors_templates_or_outputs_outside_ci() {
    steps_errors_templates_and_outputs_leak_nothing_on("none");
}

#[test]
fn secrets_never_leak_from_steps_errors_templates_or_outputs_on_github() {
    steps_errors_templates_and_outputs_leak_nothing_on("github");
}

#[test]
fn secrets_never_leak_from_steps_errors_templates_or_outputs_on_gitlab() {
    steps_errors_templates_and_outputs_leak_nothing_on("gitlab");
}

#[test]
fn secrets_never_leak_from_steps_errors_templates_or_outputs_on_bitbucket() {
    steps_errors_templates_and_outputs_leak_nothing_on("bitbucket");
}

#[test]
fn secrets_never_leak_from_steps_errors_templates_or_outputs_on_azure() {
    steps_errors_templates_and_outputs_leak_nothing_on("azure");
}

#[test]
fn templates_are_rendered_in_one_pass() {
    let s = server();
    s.post(
        "/variables/",
        &json!({"name": "hostile_var", "value": "{{ $AWS_SECRET_ACCESS_KEY }}"}),
    );
    let yaml = r#"
deployments:
  - name: one-pass
    entrypoint: flows.py:main
    description: "{{ prefect.variables.hostile_var }}"
    tags: ["{{ $HOSTILE_BRANCH }}", "{{ login.stdout }}"]
    build:
      - prefect.deployments.steps.run_shell_script:
          id: login
          script: echo stolen-token-4242
    work_pool: {name: test-pool}
"#;
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m");
    let mut env = s.vars();
    env.extend([
        ("AWS_SECRET_ACCESS_KEY", "canary-aws-9f0e"),
        ("HOSTILE_BRANCH", "x{{ login.stdout }}"),
    ]);
    let out = pinflow(p.path(), &["deploy", "--output", "json"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let d = s.deployment("hostile", "one-pass").unwrap();
    assert_eq!(d["description"], "{{ $AWS_SECRET_ACCESS_KEY }}");
    assert_eq!(
        d["tags"],
        json!(["x{{ login.stdout }}", "stolen-token-4242"])
    );
    assert!(!d.to_string().contains("canary-aws"));
}

/// `$GITHUB_OUTPUT` read as the runner reads it: `name=value`, or `name<<DELIMITER` then the
/// lines up to a line that is exactly the delimiter.
fn github_outputs(file: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = file.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            out.push((name.to_owned(), value.join("\n")));
        } else if let Some((name, value)) = line.split_once('=') {
            out.push((name.to_owned(), value.to_owned()));
        }
    }
    out
}

const HOSTILE: &str = "v1\nversion=evil\n  ::stop-commands::x feat/$(touch${IFS}pwned) `touch pwned2` ##vso[task.setvariable variable=evil]1";

/// Deployment `outputs` whose version is the variable HOSTILE.
const OUTPUTS: &str = r#"
deployments:
  - name: outputs
    entrypoint: flows.py:main
    version: "{{ $HOSTILE }}"
    work_pool: {name: test-pool}
"#;

/// Deploys a version of HOSTILE on `platform` (flow `hostile-out-{platform}`) and asserts
/// the logs, where the runner reads commands from, hold none; returns the project and the
/// run.
fn deploy_a_hostile_version_on(platform: &'static str) -> (Scenario, std::process::Output) {
    let flows = FLOW.replace("hostile", &format!("hostile-out-{platform}"));
    let s = Scenario::new(&[("flows.py", &flows), ("prefect.yaml", OUTPUTS)])
        .on(platform)
        .env("HOSTILE", HOSTILE);
    let out = s.run(&["deploy", "--force"]);
    assert!(out.status.success(), "{platform}: {}", text(&out.stderr));
    for (name, stream) in [("stdout", text(&out.stdout)), ("stderr", text(&out.stderr))] {
        for line in stream.lines() {
            assert!(
                !line.trim_start().starts_with("::stop-commands")
                    && !line.contains("##vso[task.setvariable variable=evil"),
                "{platform}: a command in {name}: {line:?}"
            );
        }
    }
    (s, out)
}

#[test]
fn no_value_can_add_a_github_output() {
    let (s, _) = deploy_a_hostile_version_on("github");
    let file = std::fs::read_to_string(s.path().join("github-output")).unwrap();
    let outputs = github_outputs(&file);
    let names: Vec<&str> = outputs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["deployment-ids", "version", "deployments"],
        "{file}"
    );
    assert_eq!(outputs[1].1, HOSTILE, "the value arrives whole");
}

/// The dotenv file GitLab and Bitbucket steps source: plain names, values that a shell
/// sources without running anything.
fn assert_the_env_file_is_inert(platform: &'static str) {
    let (s, _) = deploy_a_hostile_version_on(platform);
    let env_file = std::fs::read_to_string(s.path().join("pinflow.env")).unwrap();
    for line in env_file.lines() {
        let (name, value) = line.split_once('=').unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
            "{line}"
        );
        assert!(!value.contains([' ', '$', '`', '(', '\'', '"']), "{line}");
    }
    let sourced = clean_command("sh", s.path(), &[])
        .args(["-c", ". ./pinflow.env && echo \"$PINFLOW_VERSION\""])
        .output()
        .unwrap();
    assert!(sourced.status.success(), "{}", text(&sourced.stderr));
    assert!(!s.path().join("pwned").exists() && !s.path().join("pwned2").exists());
}

#[test]
fn no_value_can_run_code_from_the_gitlab_env_file() {
    assert_the_env_file_is_inert("gitlab");
}

#[test]
fn no_value_can_run_code_from_the_bitbucket_env_file() {
    assert_the_env_file_is_inert("bitbucket");
}

#[test]
fn no_value_can_close_or_start_an_azure_logging_command() {
    let (_, out) = deploy_a_hostile_version_on("azure");
    let stderr = text(&out.stderr);
    let set: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("##vso[task.setvariable"))
        .collect();
    // deploymentIds, version, deployments: each one line, its value unable to close the
    // command (`]` and `;` escaped) or start another.
    assert_eq!(set.len(), 3, "{stderr}");
    assert!(
        set[1].starts_with(
            "##vso[task.setvariable variable=version;isOutput=true]v1%0Aversion=evil%0A"
        ),
        "{}",
        set[1]
    );
    let data = set[2]
        .strip_prefix("##vso[task.setvariable variable=deployments;isOutput=true]")
        .expect("the deployments output");
    assert!(
        !data.contains([']', ';']) && !data.contains("##vso["),
        "{data}"
    );
}

#[test]
fn output_files_are_never_followed_out_of_the_project() {
    let s = server();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim");
    std::fs::write(&target, "keep me").unwrap();
    let yaml = "deployments:\n  - name: link\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let p = TestProject::new(&[("flows.py", FLOW), ("prefect.yaml", yaml)], "m");
    std::os::unix::fs::symlink(&target, p.path().join("pinflow.env")).unwrap();
    let sha = p.commit(&[], "a committed link");
    for platform in ["gitlab", "bitbucket"] {
        let vars = ci_env(platform, &sha, "main", p.path());
        let mut env = s.vars();
        env.extend(vars.iter().map(|(k, v)| (*k, v.as_str())));
        let out = pinflow(p.path(), &["deploy", "--force"], &env);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{platform}: {stderr}");
        assert!(stderr.contains("symbolic link"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }
}

const ONE_DEPLOYMENT: &str = r#"
deployments:
  - name: d
    entrypoint: flows.py:main
    work_pool: {name: pool}
"#;

/// What a fake server writes on each connection.
type Respond = fn(&mut std::net::TcpStream);

/// A deploy against a server that answers with `respond` exits 4 saying `says`, within
/// bounded memory (pinflow_bounded), time and log, and without a panic.
fn a_hostile_server_gets_a_bounded_failure(respond: Respond, says: &str) {
    let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", ONE_DEPLOYMENT)]).offline();
    let (url, _) = serve_raw(move |_, stream| respond(stream));
    let api = format!("{url}/api");
    let started = Instant::now();
    let vars = [
        ("PREFECT_API_URL", api.as_str()),
        ("PREFECT_CLIENT_MAX_RETRIES", "1"),
    ];
    let out = pinflow_bounded(s.path(), &["deploy"], &vars);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains(says),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.len() < 64 << 10, "{} bytes of log", stderr.len());
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(75), "{elapsed:?}");
}

#[test]
fn a_server_answering_1_gib_gets_a_bounded_failure() {
    a_hostile_server_gets_a_bounded_failure(
        |s| huge_answer(s, 1 << 30, b'a'),
        "larger than 16 MiB",
    );
}

#[test]
fn a_server_with_a_10_mb_error_detail_gets_it_cut() {
    a_hostile_server_gets_a_bounded_failure(
        |s| {
            use std::io::Write;
            let body = format!("{{\"detail\": \"{}\"}}", "x".repeat(10 << 20));
            let _ = write!(s, "HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        },
        "(cut)",
    );
}

#[test]
fn a_server_asking_to_retry_after_nan_gets_a_bounded_failure() {
    a_hostile_server_gets_a_bounded_failure(
        |s| {
            use std::io::Write;
            let _ = write!(s, "HTTP/1.1 503 Service Unavailable\r\nretry-after: NaN\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        },
        "503",
    );
}

#[test]
fn a_server_asking_to_retry_after_years_gets_a_bounded_failure() {
    a_hostile_server_gets_a_bounded_failure(
        |s| {
            use std::io::Write;
            let _ = write!(s, "HTTP/1.1 429 Too Many Requests\r\nretry-after: 99999999\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        },
        "429",
    );
}

#[test]
fn nonsense_client_settings_are_refused_up_front_naming_the_variable() {
    let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", ONE_DEPLOYMENT)])
        .offline()
        .env("PREFECT_API_URL", "http://127.0.0.1:9/api");
    for (name, value) in [
        ("PREFECT_API_REQUEST_TIMEOUT", "inf"),
        ("PREFECT_CLIENT_MAX_RETRIES", "1e12"),
    ] {
        let err = s.run_with(&["deploy"], &[(name, value)]);
        assert_eq!(err.status.code(), Some(2), "{name}");
        assert!(text(&err.stderr).contains(name));
    }
}

#[test]
fn hostile_registries_get_no_memory_and_no_credentials() {
    // A manifest without a digest header is hashed: a 1 GiB one is refused, not buffered.
    let (url, _) = serve_raw(|request, stream| {
        use std::io::Write;
        if request.starts_with("HEAD") {
            let _ = write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.oci.image.manifest.v1+json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n");
        } else {
            huge_answer(stream, 1 << 30, b'{');
        }
    });
    let host = url.trim_start_matches("http://");
    let dir = tempfile::tempdir().unwrap();
    let image = format!("{host}/team/app:1");
    let out = pinflow_bounded(dir.path(), &["resolve-image", &image], &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("larger than"), "{stderr}");
    // A token service on plain http elsewhere never receives the registry password.
    let (url, _) = serve_raw(|_, stream| {
        use std::io::Write;
        let _ = write!(stream, "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer realm=\"http://token.invalid/token\",service=\"r\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    });
    let host = url.trim_start_matches("http://").to_owned();
    let config = crate::support::registry::docker_config(&host);
    let image = format!("{host}/team/app:1");
    let out = pinflow(
        dir.path(),
        &["resolve-image", &image],
        &[("DOCKER_CONFIG", config.path().to_str().unwrap())],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("plain http") && !stderr.contains("cipass"),
        "{stderr}"
    );
}

#[test]
fn special_files_are_refused_quickly() {
    let p = TestProject::new(&[("flows.py", FLOW)], "m");
    let fifo = p.path().join("fifo.yaml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", p.path().join("zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", p.path().join("random.py")).unwrap();
    std::fs::write(
        p.path().join("prefect.yaml"),
        "deployments:\n  - name: d\n    entrypoint: random.py:main\n    work_pool: {name: pool}\n",
    )
    .unwrap();
    for args in [
        vec!["check", "--prefect-file", "fifo.yaml"],
        vec!["check", "--prefect-file", "zero.yaml"],
        vec!["check"],
    ] {
        let started = Instant::now();
        let out = pinflow(p.path(), &args, &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
    }
}
