//! Test support: the Prefect server, projects in real git repositories, and running both tools.

pub mod fake;
pub mod forge;
pub mod hostile_prefect;
pub mod plan_files;
pub mod project;
pub mod proxy;
pub mod registry;
pub mod scenario;
pub mod server;
pub mod stored;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use project::TestProject;
pub use scenario::Scenario;
pub use server::{secured_server, server};

/// The `prefect` executable from the test venv (scripts/test.sh installs it).
pub fn prefect_bin() -> PathBuf {
    let path = std::env::var_os("PINFLOW_PREFECT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            Path::new(&home).join(".cache/pinflow/prefect-3.9.1/bin/prefect")
        });
    assert!(
        path.exists(),
        "the reference Prefect is not installed at {}: run scripts/test.sh, which installs \
         prefect==3.9.1, or set PINFLOW_PREFECT",
        path.display()
    );
    path
}

/// Starts `program args...` in its own process group, output to `log`, with a watcher shell
/// that ends the group when this test process is gone (statics are never dropped).
pub fn spawn_watched(
    program: &Path,
    args: &[&str],
    vars: &[(&str, &str)],
    log: &Path,
) -> std::process::Child {
    let script = format!(
        "setsid \"$0\" \"$@\" > '{}' 2>&1 & S=$!; while kill -0 {} 2>/dev/null; do sleep 1; done; \
         kill -TERM -$S 2>/dev/null; sleep 3; kill -KILL -$S 2>/dev/null",
        log.display(),
        std::process::id()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(program)
        .args(args)
        .envs(vars.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()))
}

/// A command with a clean environment: PATH and HOME only, plus `vars`.
pub fn clean_command(
    program: impl AsRef<std::ffi::OsStr>,
    dir: &Path,
    vars: &[(&str, &str)],
) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).env_clear();
    for name in ["PATH", "HOME"] {
        if let Some(v) = std::env::var_os(name) {
            cmd.env(name, v);
        }
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1");
    cmd.envs(vars.iter().copied());
    cmd
}

/// Runs `pinflow args...` in `dir` with `vars`.
pub fn pinflow(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    clean_command(env!("CARGO_BIN_EXE_pinflow"), dir, vars)
        .args(args)
        .output()
        .expect("pinflow runs")
}

/// Runs the reference `prefect --no-prompt deploy args...` in `dir` with `vars`; it must
/// succeed.
pub fn prefect_deploy(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let out = prefect_deploy_output(dir, args, vars);
    assert!(
        out.status.success(),
        "prefect deploy failed:\n{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

/// Runs the reference `prefect --no-prompt deploy args...` in `dir` with `vars`, whatever
/// it answers.
pub fn prefect_deploy_output(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut all = vec![
        (
            "PREFECT_HOME",
            dir.join(".prefect-home").to_str().unwrap().to_owned(),
        ),
        ("PREFECT_SERVER_ANALYTICS_ENABLED", "false".to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| (*k, v.to_string())));
    let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    clean_command(prefect_bin(), dir, &all)
        .args(["--no-prompt", "deploy"])
        .args(args)
        .output()
        .expect("prefect runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A project file declaring `names`, each a deployment of `flows.py:main` in `test-pool`.
pub fn deployments_yaml(names: &[&str]) -> String {
    let mut yaml = String::from("deployments:\n");
    for name in names {
        yaml.push_str(&format!(
            "  - name: {name}\n    entrypoint: flows.py:main\n    work_pool: {{name: test-pool}}\n"
        ));
    }
    yaml
}

/// Asserts success and returns stdout.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Asserts success and returns stdout parsed as JSON.
pub fn json_ok(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", text(&out.stdout)))
}

/// Runs pinflow with at most 1 GB of address space: an answer buffered whole would not fit.
pub fn pinflow_bounded(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    clean_command("sh", dir, vars)
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pinflow"))
        .args(args)
        .output()
        .unwrap()
}

/// The variables a CI `platform` ("github", "gitlab", "bitbucket", "azure"; anything else:
/// none) sets for a build of `sha` on `branch`, with its output files under `dir`.
pub fn ci_env(platform: &str, sha: &str, branch: &str, dir: &Path) -> Vec<(&'static str, String)> {
    let at = |name: &str| dir.join(name).display().to_string();
    let pairs: Vec<(&'static str, String)> = match platform {
        "github" => vec![
            ("GITHUB_ACTIONS", "true".into()),
            ("GITHUB_OUTPUT", at("github-output")),
            ("GITHUB_STEP_SUMMARY", at("github-summary")),
            ("GITHUB_SHA", sha.into()),
            ("GITHUB_REF_NAME", branch.into()),
            ("GITHUB_REPOSITORY", "org/repo".into()),
        ],
        "gitlab" => vec![
            ("GITLAB_CI", "true".into()),
            ("CI_PROJECT_DIR", dir.display().to_string()),
            ("CI_COMMIT_SHA", sha.into()),
            ("CI_COMMIT_REF_NAME", branch.into()),
            ("CI_PROJECT_NAME", "repo".into()),
        ],
        "bitbucket" => vec![
            ("BITBUCKET_BUILD_NUMBER", "1".into()),
            ("BITBUCKET_CLONE_DIR", dir.display().to_string()),
            ("BITBUCKET_COMMIT", sha.into()),
            ("BITBUCKET_BRANCH", branch.into()),
            ("BITBUCKET_REPO_SLUG", "repo".into()),
        ],
        "azure" => vec![
            ("TF_BUILD", "True".into()),
            ("BUILD_SOURCEVERSION", sha.into()),
            ("BUILD_SOURCEBRANCH", format!("refs/heads/{branch}")),
            ("BUILD_REPOSITORY_NAME", "repo".into()),
        ],
        _ => vec![],
    };
    pairs
}

/// What `ci_env(.., dir)` makes pinflow write: the platform's output files that exist.
pub fn ci_files(dir: &Path) -> Vec<String> {
    ["github-output", "github-summary", "pinflow.env"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect()
}

/// `base` followed by `extra`, as the `(name, value)` pairs `pinflow` takes.
pub fn with<'a>(
    base: &[(&'a str, &'a str)],
    extra: &'a [(&'static str, String)],
) -> Vec<(&'a str, &'a str)> {
    let mut all = base.to_vec();
    all.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
    all
}
