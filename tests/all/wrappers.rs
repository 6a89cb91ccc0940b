//! The CI wrappers write nothing a runner runs that they did not mean: the Azure task masks an
//! API key line by line with every value escaped as the agent unescapes it, runs only its
//! verified bundled binary, and hostile `PINFLOW_*` inputs passed through the Azure task, the
//! action's run.sh and the Bitbucket pipe print no runnable command and no secret.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::packaging::{root, sha256_file};
use crate::support::{clean_command, text};

fn platform_dir() -> String {
    let arch = if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else {
        "x86_64"
    };
    format!("linux-{arch}")
}

/// The Azure task as the agent unpacks it into its task cache: index.js and task.json, `binary`
/// bundled for this agent, and bin/SHA256SUMS pinning it as scripts/release.sh writes it.
struct Task {
    dir: tempfile::TempDir,
}

impl Task {
    fn new(binary: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let task = dir.path().join("Pinflow");
        std::fs::create_dir_all(task.join("bin").join(platform_dir())).unwrap();
        for file in ["index.js", "task.json"] {
            std::fs::copy(
                root().join("azure-task/Pinflow").join(file),
                task.join(file),
            )
            .unwrap();
        }
        let t = Self { dir };
        std::fs::copy(binary, t.binary()).unwrap();
        std::fs::write(
            task.join("bin/SHA256SUMS"),
            format!("{}  {}/pinflow\n", sha256_file(&t.binary()), platform_dir()),
        )
        .unwrap();
        t
    }

    fn binary(&self) -> PathBuf {
        self.dir
            .path()
            .join("Pinflow/bin")
            .join(platform_dir())
            .join("pinflow")
    }

    /// Runs the task in `sources` with `inputs` (INPUT_* and other variables).
    fn run(&self, sources: &Path, inputs: &[(&str, &str)]) -> Output {
        let dir = sources.to_str().unwrap();
        let vars = [
            &[("TF_BUILD", "True"), ("BUILD_SOURCESDIRECTORY", dir)],
            inputs,
        ]
        .concat();
        clean_command("node", sources, &vars)
            .arg(self.dir.path().join("Pinflow/index.js"))
            .output()
            .unwrap()
    }
}

/// A value the agent reads back from a logging command (`%AZP25` last, as the agent does).
fn azure_unescape(s: &str) -> String {
    s.replace("%3B", ";")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%5D", "]")
        .replace("%AZP25", "%")
}

/// The Azure logging commands in `stdout`, each line's command checked to be the only one on
/// its line and one a wrapper or pinflow means to write.
fn azure_commands(stdout: &str) -> Vec<&str> {
    let mut commands = Vec::new();
    for line in stdout.lines() {
        if !line.contains("##vso[") && !line.contains("##[") {
            continue;
        }
        // pinflow's own log sections.
        if line.starts_with("##[group]pinflow ") || line == "##[endgroup]" {
            assert_eq!(line.matches("##").count(), 1, "{line:?}");
            continue;
        }
        assert!(
            line.starts_with("##vso["),
            "a command inside a line: {line:?}"
        );
        assert_eq!(line.matches("##vso[").count(), 1, "{line:?}");
        let command = &line["##vso[".len()..];
        assert!(
            [
                "task.setsecret]",
                "task.logissue type=",
                "task.complete result=Failed;]",
                "task.setvariable variable=",
            ]
            .iter()
            .any(|c| command.starts_with(c)),
            "an unexpected command: {line:?}"
        );
        commands.push(line);
    }
    commands
}

#[test]
fn the_azure_task_masks_an_api_key_line_by_line_escaped_and_adds_no_command() {
    let key = "pnu_first;]%line\r\nsecond%0Aline]\n ab \n##vso[task.complete result=Succeeded]tail";
    let lines = [
        "pnu_first;]%line",
        "second%0Aline]",
        "#\u{200b}#vso[task.complete result=Succeeded]tail",
    ];
    let task = Task::new(Path::new(env!("CARGO_BIN_EXE_pinflow")));
    let sources = tempfile::tempdir().unwrap();
    let out = task.run(
        sources.path(),
        &[
            ("INPUT_COMMAND", "plan"),
            ("INPUT_PREFECTAPIURL", "http://127.0.0.1:9/api"),
            ("INPUT_PREFECTAPIKEY", key),
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let commands = azure_commands(&stdout);
    // The task's own masks first, before pinflow starts; then pinflow's, the same.
    let masks: Vec<String> = commands
        .iter()
        .filter_map(|c| c.strip_prefix("##vso[task.setsecret]"))
        .map(azure_unescape)
        .collect();
    assert_eq!(masks[..3], lines, "{stdout}");
    assert!(
        masks.iter().all(|m| lines.contains(&m.as_str())),
        "{masks:?}"
    );
    assert!(
        stdout.starts_with("##vso[task.setsecret]pnu_first%3B%5D%AZP25line\n##vso[task.setsecret]second%AZP250Aline%5D\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("##vso[task.complete result=Failed;]"),
        "no project file: the task fails the agent's way: {stdout}"
    );
    // The key is nowhere else, not even a line of it.
    for line in stdout
        .lines()
        .filter(|l| !l.starts_with("##vso[task.setsecret]"))
    {
        for part in ["pnu_first", "second%0Aline", "Succeeded]tail"] {
            assert!(!line.contains(part), "{line:?}");
        }
    }
    assert!(!stderr.contains("pnu_first"), "{stderr}");

    // A bad command input: the key is masked before the task says so, and the input is inert.
    let out = task.run(
        sources.path(),
        &[
            ("INPUT_COMMAND", "x\n##vso[task.complete result=Succeeded]"),
            ("INPUT_PREFECTAPIKEY", key),
        ],
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("##vso[task.setsecret]pnu_first"),
        "{stdout}"
    );
    let commands = azure_commands(&stdout);
    assert!(commands
        .last()
        .unwrap()
        .starts_with("##vso[task.complete result=Failed;]"));
}

fn write_executable(path: &Path, content: &[u8], mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, content).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn the_azure_task_runs_only_its_verified_bundled_binary_and_changes_nothing_in_its_folder() {
    let scratch = tempfile::tempdir().unwrap();
    let real = scratch.path().join("real");
    // Unpacked from the VSIX zip, the bundled binary has no executable bit.
    write_executable(&real, b"#!/bin/sh\necho \"real-pinflow $*\"\n", 0o644);
    let task = Task::new(&real);
    let sources = tempfile::tempdir().unwrap();
    let run = |task: &Task| task.run(sources.path(), &[("INPUT_COMMAND", "deploy")]);
    let out = run(&task);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "real-pinflow deploy\n");
    assert_eq!(mode(&task.binary()), 0o644, "the task folder is left alone");

    // Planted over the bundled binary, a link or a hard link to a file elsewhere (with the
    // pinned content, so that only its kind is wrong), no pinned sum: refused, never run, and
    // nothing elsewhere is chmod'ed.
    let canary = scratch.path().join("planted-ran");
    let planted = format!("#!/bin/sh\ntouch '{}'\n", canary.display());
    let elsewhere = scratch.path().join("elsewhere");
    std::fs::copy(&real, &elsewhere).unwrap();
    write_executable(&elsewhere, &std::fs::read(&real).unwrap(), 0o600);
    type Spoil<'a> = &'a dyn Fn(&Task);
    let cases: [(&str, Spoil, &str); 4] = [
        (
            "planted",
            &|t| write_executable(&t.binary(), planted.as_bytes(), 0o755),
            "does not match its sha256 in bin/SHA256SUMS",
        ),
        (
            "a symlink",
            &|t| {
                std::fs::remove_file(t.binary()).unwrap();
                std::os::unix::fs::symlink(&elsewhere, t.binary()).unwrap();
            },
            "is not a regular file",
        ),
        (
            "a hard link",
            &|t| {
                std::fs::remove_file(t.binary()).unwrap();
                std::fs::hard_link(&elsewhere, t.binary()).unwrap();
            },
            "is not a regular file",
        ),
        (
            "no sum",
            &|t| {
                std::fs::remove_file(t.binary().parent().unwrap().with_file_name("SHA256SUMS"))
                    .unwrap()
            },
            "pins no sha256 for bin/",
        ),
    ];
    for (what, spoil, says) in cases {
        let task = Task::new(&real);
        spoil(&task);
        let out = run(&task);
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("##vso[task.complete result=Failed;]pinflow: ")
                && stdout.contains(says),
            "{what}: {stdout}"
        );
        azure_commands(&stdout);
        assert!(
            !stdout.contains("real-pinflow") && !canary.exists(),
            "{what}: {stdout}"
        );
        assert_eq!(mode(&elsewhere), 0o600, "{what}");
    }
}

/// `line` is one a runner would run: GitHub's `::` (after any indentation) or Azure's markers.
fn runnable(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##vso[") || line.contains("##[")
}

#[test]
fn hostile_inputs_through_every_wrapper_print_no_command_and_no_secret() {
    const KEY: &str = "pnu_wrapper_canary_7731";
    let hostile =
        "x\n::stop-commands::pwned\n##vso[task.setvariable variable=a]pwned\n  ::warning::pwned";
    let bin = env!("CARGO_BIN_EXE_pinflow");
    let project = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_str().unwrap();
    // Fails, and shows neither the hostile value nor the key outside the key's own masks.
    let check = |what: &str, out: &Output| {
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(!out.status.success(), "{what}: {stdout}{stderr}");
        let masks = [
            format!("##vso[task.setsecret]{KEY}"),
            format!("::add-mask::{KEY}"),
        ];
        for line in stdout.lines().chain(stderr.lines()) {
            if masks.iter().any(|m| m == line) {
                continue;
            }
            assert!(
                !line.contains(KEY) && !line.contains("pwned"),
                "{what}: {line:?}"
            );
            assert!(!line.trim_start().starts_with("::"), "{what}: {line:?}");
        }
        (stdout, stderr)
    };

    // The Azure task: its inputs become PINFLOW_* variables.
    let task = Task::new(Path::new(bin));
    for input in ["INPUT_PINCOMMIT", "INPUT_RESOLVEIMAGE"] {
        let out = task.run(
            project.path(),
            &[
                ("INPUT_COMMAND", "deploy"),
                ("INPUT_PREFECTAPIKEY", KEY),
                ("PINFLOW_BINARY", bin),
                (input, hostile),
            ],
        );
        let (stdout, _) = check(&format!("azure {input}"), &out);
        azure_commands(&stdout);
    }

    // The action's run step, on GitHub.
    for variable in [
        "PINFLOW_PIN_COMMIT",
        "PINFLOW_CONCURRENCY",
        "PINFLOW_OUTPUT",
    ] {
        let out = clean_command(
            "bash",
            project.path(),
            &[
                ("PINFLOW_BIN", bin),
                ("PINFLOW_COMMAND", "deploy"),
                ("GITHUB_ACTIONS", "true"),
                ("PREFECT_API_KEY", KEY),
                (variable, hostile),
            ],
        )
        .arg(root().join("action/run.sh"))
        .output()
        .unwrap();
        let (stdout, stderr) = check(&format!("action {variable}"), &out);
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!runnable(line), "action {variable}: {line:?}");
        }
    }

    // The Bitbucket pipe: its variables become PINFLOW_*; a bad working directory is one line.
    let clone = project.path().to_str().unwrap();
    for (variable, value) in [
        ("PIN_COMMIT", hostile),
        ("RESOLVE_IMAGE", hostile),
        ("WORKING_DIRECTORY", hostile),
    ] {
        let out = clean_command(
            "sh",
            Path::new("/"),
            &[
                ("PINFLOW_BIN", bin),
                ("HOME", h),
                ("BITBUCKET_CLONE_DIR", clone),
                ("BITBUCKET_BUILD_NUMBER", "1"),
                ("PREFECT_API_KEY", KEY),
                (variable, value),
            ],
        )
        .arg(root().join("pipe/pipe.sh"))
        .output()
        .unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(!out.status.success(), "pipe {variable}: {stdout}{stderr}");
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!runnable(line), "pipe {variable}: {line:?}");
        }
        assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
        if variable != "WORKING_DIRECTORY" {
            assert!(
                !stdout.contains("pwned") && !stderr.contains("pwned"),
                "{stderr}"
            );
        }
    }
}
