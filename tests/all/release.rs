//! The release, as a user meets it: scripts/test.sh rehearses a release with scripts/release.sh
//! (the script the release workflow runs) into target/rehearsal/, and these tests install each
//! of the four packages from those artifacts — served over HTTP where the platform downloads
//! them — and deploy the examples/ project through it to a real Prefect server.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::packaging::{gitlab_ci_local, ok, root, serve, sha256_file, with_component};
use crate::support::server::Server;
use crate::support::{clean_command, server, text, TestProject};

/// The rehearsal's cargo target folder (scripts/test.sh sets it; release.sh builds there).
fn rehearsal() -> PathBuf {
    std::env::var_os("PINFLOW_REHEARSAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/rehearsal"))
}

/// The rehearsed release's artifacts; a missing rehearsal fails loudly.
fn dist() -> PathBuf {
    let dist = rehearsal().join("dist");
    assert!(
        dist.join("SHA256SUMS").exists(),
        "no rehearsed release in {}: run `CARGO_TARGET_DIR={} DIST={} bash scripts/release.sh` (scripts/test.sh does)",
        dist.display(),
        rehearsal().display(),
        dist.display()
    );
    dist
}

/// Cargo.toml's version, which the release carries.
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn host_arch() -> &'static str {
    if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else {
        "x86_64"
    }
}

/// The examples/ project in a git repository, under `subdir`, with its flow named `flow` (so
/// each package's deployments are its own on the shared server), and its work pool created.
fn example_project(s: &Server, flow: &str, subdir: &str) -> TestProject {
    let examples = root().join("examples");
    let yaml = std::fs::read_to_string(examples.join("prefect.yaml")).unwrap();
    let etl = std::fs::read_to_string(examples.join("flows/etl.py"))
        .unwrap()
        .replace("@flow(name=\"etl\")", &format!("@flow(name=\"{flow}\")"));
    assert!(etl.contains(flow), "examples/flows/etl.py names its flow");
    s.create_work_pool("demo-pool");
    TestProject::new(
        &[
            (&format!("{subdir}prefect.yaml"), &yaml),
            (&format!("{subdir}flows/etl.py"), &etl),
        ],
        &format!("example for {flow}"),
    )
}

/// Both deployments of the example exist for `flow`, at `sha`'s version.
fn assert_deployed(s: &Server, flow: &str, sha: &str) {
    for name in ["prod", "staging"] {
        let d = s
            .deployment(flow, name)
            .unwrap_or_else(|| panic!("{flow}/{name} was not deployed"));
        assert_eq!(d["version"], &sha[..8], "{flow}/{name}");
    }
}

/// The ELF machine of a binary, and whether it asks for a dynamic loader (PT_INTERP).
fn elf(path: &Path) -> (u16, bool) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..4], b"\x7fELF", "{} is an ELF file", path.display());
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]);
    let phoff = u64::from_le_bytes(b[0x20..0x28].try_into().unwrap()) as usize;
    let (size, count) = (u16_at(0x36) as usize, u16_at(0x38) as usize);
    let interp = (0..count).any(|i| {
        let o = phoff + i * size;
        u32::from_le_bytes(b[o..o + 4].try_into().unwrap()) == 3
    });
    (u16_at(0x12), interp)
}

/// The names and modes of a tar.gz's entries.
fn tar_entries(archive: &Path) -> Vec<String> {
    let out = Command::new("tar")
        .arg("-tvzf")
        .arg(archive)
        .output()
        .unwrap();
    text(&ok(out, "tar -t").into_bytes())
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            format!("{} {}", f[0], f[f.len() - 1])
        })
        .collect()
}

#[test]
fn the_rehearsed_release_holds_static_binaries_sums_a_vsix_and_the_image_context() {
    let (dist, version) = (dist(), version());
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    let mut listed = Vec::new();
    for line in sums.lines() {
        let (sum, file) = line.split_once("  ").unwrap();
        assert_eq!(sum, sha256_file(&dist.join(file)), "SHA256SUMS for {file}");
        listed.push(file.to_owned());
    }
    for (platform, machine) in [("linux-x86_64", 0x3e), ("linux-aarch64", 0xb7)] {
        let archive = format!("pinflow-{version}-{platform}.tar.gz");
        assert!(listed.contains(&archive), "{archive} in SHA256SUMS");
        assert_eq!(
            tar_entries(&dist.join(&archive)),
            ["-rwxr-xr-x pinflow"],
            "{archive} holds one executable"
        );
        let unpacked = tempfile::tempdir().unwrap();
        ok(
            Command::new("tar")
                .arg("-xzf")
                .arg(dist.join(&archive))
                .arg("-C")
                .arg(unpacked.path())
                .output()
                .unwrap(),
            "tar -x",
        );
        let bin = unpacked.path().join("pinflow");
        assert_eq!(
            elf(&bin),
            (machine, false),
            "{platform}: static, right machine"
        );
        let docker = platform
            .replace("x86_64", "amd64")
            .replace("aarch64", "arm64");
        assert_eq!(
            sha256_file(&bin),
            sha256_file(&dist.join("image").join(docker).join("pinflow")),
            "the image copies the released {platform} binary"
        );
        if platform == format!("linux-{}", host_arch()) {
            let out = ok(
                Command::new(&bin).arg("--version").output().unwrap(),
                "--version",
            );
            assert_eq!(out.trim(), format!("pinflow {version}"));
        }
    }
    assert!(listed.contains(&format!("pinflow-{version}.vsix")));
    for file in ["Dockerfile", "pipe.sh"] {
        assert_eq!(
            std::fs::read(dist.join("image").join(file)).unwrap(),
            std::fs::read(root().join("pipe").join(file)).unwrap()
        );
    }
    // action/checksums.txt as the release commit will pin it: the archives, not the VSIX.
    let pinned = std::fs::read_to_string(dist.join("checksums.txt")).unwrap();
    let archives: Vec<&str> = sums.lines().filter(|l| !l.ends_with(".vsix")).collect();
    let pinned_lines: Vec<&str> = pinned.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(pinned_lines, archives);
}

/// A copy of the action as a user's runner holds it at a release tag: the repository's
/// action.yml, action/ and Cargo.toml, with the rehearsal's checksums pinned.
fn released_action() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    ok(
        Command::new("cp")
            .arg("-r")
            .arg(root().join("action"))
            .arg(root().join("action.yml"))
            .arg(root().join("Cargo.toml"))
            .arg(repo.path())
            .output()
            .unwrap(),
        "cp",
    );
    std::fs::copy(
        dist().join("checksums.txt"),
        repo.path().join("action/checksums.txt"),
    )
    .unwrap();
    repo
}

/// Runs action/install.sh from `action` as the runner would; returns the output and the
/// installed binary's path (from $GITHUB_OUTPUT).
fn install(action: &Path, vars: &[(&str, &str)]) -> (Output, Option<String>) {
    let (out, outputs) = install_sh(action, vars, &[]);
    let path = outputs
        .lines()
        .find_map(|l| l.strip_prefix("path=").map(str::to_owned));
    (out, path)
}

/// Runs `action/install.sh args…` with its own $GITHUB_OUTPUT; returns the output and what
/// it wrote there (empty when nothing).
fn install_sh(action: &Path, vars: &[(&str, &str)], args: &[&str]) -> (Output, String) {
    let runner = tempfile::tempdir().unwrap();
    let output = runner.path().join("github-output");
    let o = output.to_str().unwrap().to_owned();
    let all = [vars, &[("GITHUB_OUTPUT", o.as_str())]].concat();
    let out = clean_command("bash", action, &all)
        .arg(action.join("action/install.sh"))
        .args(args)
        .output()
        .unwrap();
    (out, std::fs::read_to_string(&output).unwrap_or_default())
}

/// What `install.sh plan` tells action.yml's cache step.
fn install_plan(action: &Path, vars: &[(&str, &str)]) -> String {
    let (out, outputs) = install_sh(action, vars, &["plan"]);
    ok(out, "install.sh plan");
    outputs
}

/// Runs the action's run step (action/run.sh) with `bin` on the example project.
fn run_action(action: &Path, bin: &str, s: &Server, p: &TestProject) -> String {
    let gh_output = p.path().join("gh-output");
    let sha = p.head();
    let mut vars = s.vars();
    vars.extend([
        ("PINFLOW_BIN", bin),
        ("PINFLOW_COMMAND", "deploy"),
        ("PINFLOW_ALL", "true"),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_OUTPUT", gh_output.to_str().unwrap()),
        ("GITHUB_SHA", sha.as_str()),
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_REPOSITORY", "org/repo"),
    ]);
    ok(
        clean_command("bash", p.path(), &vars)
            .arg(action.join("action/run.sh"))
            .output()
            .unwrap(),
        "action run.sh",
    );
    std::fs::read_to_string(gh_output).unwrap()
}

#[test]
fn the_action_installs_the_released_archive_verified_and_refuses_a_tampered_one() {
    let s = server();
    let action = released_action();
    let served = tempfile::tempdir().unwrap();
    let archive = format!("pinflow-{}-linux-{}.tar.gz", version(), host_arch());
    std::fs::copy(dist().join(&archive), served.path().join(&archive)).unwrap();
    let (url, mut http) = serve(served.path());
    let cache = tempfile::tempdir().unwrap();
    let c = cache.path().to_str().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let t = temp.path().to_str().unwrap();
    let vars = [
        ("PINFLOW_DOWNLOAD_URL", url.as_str()),
        ("RUNNER_TOOL_CACHE", c),
        ("RUNNER_TEMP", t),
    ];

    // `plan` tells action.yml's cache step there is nothing to build.
    assert!(install_plan(action.path(), &vars).contains("mode=release\n"));

    let (out, bin) = install(action.path(), &vars);
    ok(out, "install.sh (release)");
    let bin = bin.expect("install.sh writes path=");
    assert_eq!(
        sha256_file(Path::new(&bin)),
        sha256_file(&dist().join(format!("bin/linux-{}/pinflow", host_arch())))
    );
    let p = example_project(s, "etl-action", "");
    let outputs = run_action(action.path(), &bin, s, &p);
    assert!(
        outputs.contains(&format!("version={}", &p.head()[..8])),
        "{outputs}"
    );
    assert_deployed(s, "etl-action", &p.head());

    // A tampered archive is refused, and nothing is installed.
    let mut bytes = std::fs::read(served.path().join(&archive)).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(served.path().join(&archive), bytes).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let f = fresh.path().to_str().unwrap();
    let (out, bin) = install(
        action.path(),
        &[
            ("PINFLOW_DOWNLOAD_URL", url.as_str()),
            ("RUNNER_TOOL_CACHE", f),
            ("RUNNER_TEMP", t),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("checksum mismatch"),
        "{}",
        text(&out.stdout)
    );
    assert!(bin.is_none());
    assert_eq!(std::fs::read_dir(fresh.path()).unwrap().count(), 0);
    let _ = http.kill();
}

#[test]
fn the_action_at_an_unreleased_ref_builds_from_its_source_and_caches_it() {
    // The repository as checked out at @main: action/checksums.txt pins nothing. The build
    // uses the rehearsal's target folder and flags, so cargo finds it up to date (the test
    // checks the path through install.sh, not the compiler).
    let s = server();
    let cache = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let target = rehearsal();
    let mut vars = vec![
        (
            "RUNNER_TOOL_CACHE",
            cache.path().to_str().unwrap().to_owned(),
        ),
        ("RUNNER_TEMP", temp.path().to_str().unwrap().to_owned()),
        ("CARGO_TARGET_DIR", target.to_str().unwrap().to_owned()),
        (
            "CARGO_BUILD_TARGET",
            format!("{}-unknown-linux-gnu", host_arch()),
        ),
        ("RUSTFLAGS", "-C target-feature=+crt-static".to_owned()),
    ];
    for name in ["CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
        if let Ok(v) = std::env::var(name) {
            vars.push((name, v));
        }
    }
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // `plan` asks action.yml's cache step to restore the folder keyed by the source's hash.
    let planned = install_plan(&root(), &vars);
    assert!(
        planned.contains("mode=source\n") && planned.contains("key=pinflow-linux-"),
        "{planned}"
    );
    let (out, bin) = install(&root(), &vars);
    let log = ok(out, "install.sh (source)");
    assert!(
        log.contains("::notice::pinflow: this action's ref has no pinned release"),
        "{log}"
    );
    let bin = bin.expect("install.sh writes path=");
    // The build, with its sha256 beside it, is where the cache step looks; the job runs a
    // verified copy of it from its own RUNNER_TEMP.
    let dir = planned
        .lines()
        .find_map(|l| l.strip_prefix("dir="))
        .expect("plan writes dir=");
    let cached = Path::new(dir).join("pinflow");
    assert_eq!(sha256_file(&cached), sha256_file(Path::new(&bin)));
    assert_eq!(
        std::fs::read_to_string(cached.with_extension("sha256"))
            .unwrap()
            .trim(),
        sha256_file(&cached)
    );
    assert!(Path::new(&bin).starts_with(temp.path()), "{bin}");
    let p = example_project(s, "etl-source", "");
    run_action(&root(), &bin, s, &p);
    assert_deployed(s, "etl-source", &p.head());

    // The next job with the same source (action.yml restores the folder): no build.
    let (out, again) = install(&root(), &vars);
    let log = ok(out, "install.sh (cached)");
    assert!(
        log.contains("(cached, sha256 verified)") && !log.contains("::notice::"),
        "{log}"
    );
    assert_eq!(
        sha256_file(Path::new(&again.unwrap())),
        sha256_file(&cached)
    );
}

/// The rehearsed VSIX unpacked as the agent unpacks a task: a zip extraction that keeps no
/// file modes. Returns the folder holding Pinflow/.
fn unpacked_vsix() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let vsix = dist().join(format!("pinflow-{}.vsix", version()));
    ok(
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&vsix)
            .arg(dir.path())
            .output()
            .unwrap(),
        "unzip the VSIX",
    );
    dir
}

#[test]
fn the_azure_task_from_the_vsix_deploys_with_its_inputs() {
    let s = server();
    let vsix = unpacked_vsix();
    let task = vsix.path().join("Pinflow");
    for platform in ["linux-x86_64", "linux-aarch64"] {
        let bin = task.join("bin").join(platform).join("pinflow");
        assert!(bin.exists(), "the VSIX bundles {platform}");
    }
    let p = example_project(s, "etl-azure", "project/");
    let sha = p.head();
    let sources = p.path().to_str().unwrap().to_owned();
    let vars = [
        ("TF_BUILD", "True"),
        ("BUILD_SOURCESDIRECTORY", sources.as_str()),
        ("BUILD_SOURCEVERSION", sha.as_str()),
        ("BUILD_SOURCEBRANCH", "refs/heads/main"),
        ("BUILD_REPOSITORY_NAME", "repo"),
        ("INPUT_COMMAND", "deploy"),
        ("INPUT_PREFECTAPIURL", s.api_url.as_str()),
        ("INPUT_PREFECTAPIKEY", "azure-key-canary"),
        ("INPUT_ALL", "true"),
        ("INPUT_WORKINGDIRECTORY", "project"),
        ("INPUT_PREFECTFILE", "prefect.yaml"),
        ("INPUT_PINCOMMIT", "auto"),
    ];
    let out = clean_command("node", Path::new("/"), &vars)
        .arg(task.join("index.js"))
        .output()
        .unwrap();
    let stdout = ok(out, "the Azure task from the VSIX");
    assert_deployed(s, "etl-azure", &sha);
    for variable in ["version", "deploymentIds", "deployments"] {
        assert!(
            stdout.contains(&format!(
                "##vso[task.setvariable variable={variable};isOutput=true]"
            )),
            "{variable}: {stdout}"
        );
    }
    assert!(stdout.contains(&format!(
        "##vso[task.setvariable variable=version;isOutput=true]{}",
        &sha[..8]
    )));
    assert!(stdout.starts_with("##vso[task.setsecret]azure-key-canary\n"));
    for line in stdout.lines().filter(|l| l.contains("azure-key-canary")) {
        assert!(line.starts_with("##vso[task.setsecret]"), "{line}");
    }

    // A project file that is not there: the agent's way of failing.
    let bad = [vars.as_slice(), &[("INPUT_PREFECTFILE", "missing.yaml")]].concat();
    let out = clean_command("node", Path::new("/"), &bad)
        .arg(task.join("index.js"))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("missing.yaml") && stdout.contains("##vso[task.complete result=Failed;]"),
        "{stdout}"
    );
}

#[test]
fn the_azure_task_streams_output_as_it_comes() {
    // A stand-in binary that prints a line, then waits (up to 20 s) for the test to see that
    // line before it prints the next: a task that held output until the end would time out.
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen");
    let fake = dir.path().join("pinflow");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho first >&2\ni=0\nwhile [ ! -e '{}' ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done\n[ -e '{}' ] && echo second || echo held-back\n",
            seen.display(),
            seen.display()
        ),
    )
    .unwrap();
    ok(
        Command::new("chmod").arg("+x").arg(&fake).output().unwrap(),
        "chmod",
    );
    let f = fake.to_str().unwrap();
    let mut child = clean_command("node", dir.path(), &[("PINFLOW_BINARY", f)])
        .arg(root().join("azure-task/Pinflow/index.js"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "first");
    std::fs::write(&seen, "").unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), "second");
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_pipe_runs_from_the_image_layout_and_a_later_step_sources_its_outputs() {
    let s = server();
    let image = dist().join("image");
    // The image: /pipe.sh, and pinflow on PATH at /usr/local/bin (here, linux-<arch>/).
    let docker = if host_arch() == "aarch64" {
        "linux-arm64"
    } else {
        "linux-amd64"
    };
    let path = format!(
        "{}:{}",
        image.join(docker).display(),
        std::env::var("PATH").unwrap()
    );
    let p = example_project(s, "etl-pipe", "deploy/");
    let sha = p.head();
    let clone = p.path().to_str().unwrap().to_owned();
    let home = tempfile::tempdir().unwrap();
    let mut vars = s.vars();
    vars.extend([
        ("PATH", path.as_str()),
        ("HOME", home.path().to_str().unwrap()),
        ("BITBUCKET_CLONE_DIR", clone.as_str()),
        ("BITBUCKET_BUILD_NUMBER", "12"),
        ("BITBUCKET_COMMIT", sha.as_str()),
        ("BITBUCKET_BRANCH", "main"),
        ("BITBUCKET_REPO_SLUG", "repo"),
        ("WORKING_DIRECTORY", "deploy"),
        ("ALL", "true"),
    ]);
    let out = ok(
        clean_command("sh", Path::new("/"), &vars)
            .arg(image.join("pipe.sh"))
            .output()
            .unwrap(),
        "pipe.sh",
    );
    assert!(out.contains("✔ pinflow deployed 2 deployment(s)"), "{out}");
    assert_deployed(s, "etl-pipe", &sha);

    // The example's later step (docs/platforms.md): its script lines, run by a shell in the clone.
    let example =
        std::fs::read_to_string(root().join("examples/ci/bitbucket-pipelines.yml")).unwrap();
    let announce = example
        .split("name: Announce")
        .nth(1)
        .expect("a later step");
    let script: Vec<&str> = announce
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .collect();
    let out = ok(
        clean_command("sh", p.path(), &[])
            .arg("-c")
            .arg(script.join("\n"))
            .output()
            .unwrap(),
        "the later step",
    );
    assert!(out.contains(&format!("as version {}", &sha[..8])), "{out}");

    // A working directory that is not there: the pipe's failure line, exit 2.
    let bad = [vars.as_slice(), &[("WORKING_DIRECTORY", "nowhere")]].concat();
    let out = clean_command("sh", Path::new("/"), &bad)
        .arg(image.join("pipe.sh"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("✖ pinflow: WORKING_DIRECTORY"));
}

#[test]
fn the_gitlab_component_runs_the_released_binary_on_the_default_branch_only() {
    let s = server();
    let p = example_project(s, "etl-gitlab", "app/");
    let example = std::fs::read_to_string(root().join("examples/ci/gitlab-ci.yml"))
        .unwrap()
        .replace(
            "      all: true",
            "      all: true\n      working-directory: app",
        );
    let sha = with_component(&p, &example);
    // The job's image holds the released binary at /usr/local/bin: here, first on PATH.
    let path = format!(
        "{}:{}",
        dist().join(format!("bin/linux-{}", host_arch())).display(),
        std::env::var("PATH").unwrap()
    );
    let run = |extra: &[&str]| gitlab_ci_local(p.path(), &path, &s.api_url, extra);
    let out = ok(run(&[]), "gitlab-ci-local on main");
    assert!(
        out.contains(&format!("as version {}", &sha[..8])),
        "the next job reads the dotenv outputs:\n{out}"
    );
    assert_deployed(s, "etl-gitlab", &sha);

    // On another branch the component's default rules leave the job out.
    p.git(&["checkout", "-q", "-b", "feature"]);
    let out = run(&["--list"]);
    let listed = text(&out.stdout);
    assert!(
        !listed.lines().any(|l| l.starts_with("pinflow ")),
        "the deploy job is not in a feature branch's pipeline:\n{listed}"
    );
}
