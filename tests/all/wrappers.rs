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

/// The API key (`prefectApiKey`) and the plan files' signing key (`planKey`, given to pinflow as
/// PINFLOW_PLAN_KEY) alike.
#[test]
fn the_azure_task_masks_an_api_key_line_by_line_escaped_and_adds_no_command() {
    let key = "pnu_first;]%line\r\nsecond%0Aline]\n ab \n##vso[task.complete result=Succeeded]tail";
    let plan_key = "plan-key;]%first-line\r\n##vso[task.setvariable variable=x]second-line";
    let lines = [
        "pnu_first;]%line",
        "second%0Aline]",
        "#\u{200b}#vso[task.complete result=Succeeded]tail",
        "plan-key;]%first-line",
        "#\u{200b}#vso[task.setvariable variable=x]second-line",
    ];
    let task = Task::new(Path::new(env!("CARGO_BIN_EXE_pinflow")));
    let sources = tempfile::tempdir().unwrap();
    let out = task.run(
        sources.path(),
        &[
            ("INPUT_COMMAND", "plan"),
            ("INPUT_PREFECTAPIURL", "http://127.0.0.1:9/api"),
            ("INPUT_PREFECTAPIKEY", key),
            ("INPUT_PLANKEY", plan_key),
            ("INPUT_PLANFILE", "plan.json"),
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
    assert_eq!(masks[..5], lines, "{stdout}");
    assert!(
        masks.iter().all(|m| lines.contains(&m.as_str())),
        "{masks:?}"
    );
    assert!(
        stdout.starts_with("##vso[task.setsecret]pnu_first%3B%5D%AZP25line\n##vso[task.setsecret]second%AZP250Aline%5D\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n##vso[task.setsecret]plan-key%3B%5D%AZP25first-line\n"),
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
        for part in [
            "pnu_first",
            "second%0Aline",
            "Succeeded]tail",
            "plan-key",
            "second-line",
        ] {
            assert!(!line.contains(part), "{line:?}");
        }
    }
    assert!(
        !stderr.contains("pnu_first") && !stderr.contains("plan-key"),
        "{stderr}"
    );

    // A bad command input: the key is masked before the task says so, and the input is inert.
    let out = task.run(
        sources.path(),
        &[
            ("INPUT_COMMAND", "x\n##vso[task.complete result=Succeeded]"),
            ("INPUT_PREFECTAPIKEY", key),
            ("INPUT_PLANKEY", plan_key),
        ],
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("##vso[task.setsecret]pnu_first"),
        "{stdout}"
    );
    let before_failure = stdout.split("##vso[task.logissue").next().unwrap();
    assert!(
        before_failure.contains("##vso[task.setsecret]plan-key%3B%5D%AZP25first-line\n"),
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

/// A stand-in pinflow that writes its arguments and the plan file, force and plan key variables
/// it was given into `record` (one file each), prints nothing, and exits 6, plan's "there are
/// changes".
fn recording_pinflow(dir: &Path, record: &Path) -> PathBuf {
    let stub = dir.join("pinflow");
    let record = record.to_str().unwrap();
    assert!(!record.contains('\''), "{record}");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}/args'\n\
         printf '%s' \"${{PINFLOW_PLAN_FILE-unset}}\" > '{record}/plan-file'\n\
         printf '%s' \"${{PINFLOW_FORCE-unset}}\" > '{record}/force'\n\
         printf '%s' \"${{PINFLOW_PLAN_KEY-unset}}\" > '{record}/plan-key'\nexit 6\n"
    );
    write_executable(&stub, script.as_bytes(), 0o755);
    stub
}

/// What [`recording_pinflow`] recorded: (arguments, PINFLOW_PLAN_FILE, PINFLOW_FORCE,
/// PINFLOW_PLAN_KEY), `unset` for a variable it did not get; the files are removed for the next
/// run.
fn recorded(record: &Path) -> (String, String, String, String) {
    let take = |name: &str| {
        let path = record.join(name);
        let value = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the stand-in did not run ({name}: {e})"));
        std::fs::remove_file(path).unwrap();
        value
    };
    (
        take("args"),
        take("plan-file"),
        take("force"),
        take("plan-key"),
    )
}

#[test]
fn every_package_runs_apply_with_the_plan_file_and_a_hostile_plan_file_injects_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let record = scratch.path().join("record");
    std::fs::create_dir(&record).unwrap();
    let stub = recording_pinflow(scratch.path(), &record);
    let canary = scratch.path().join("injected");
    let c = canary.display();
    // Shell in every quoting, the runners' command markers on their own lines, GitLab's input
    // syntax; no whitespace at its ends, which the Azure agent trims from every input.
    let hostile = format!(
        "plans/it's \"a\" plan.json';touch '{c}';'\"$(touch '{c}')\"`touch '{c}'`$(touch {c})\n\
         ::error::pwned\n##vso[task.setvariable variable=a]pwned\n$[[ inputs.command ]]%0A;x"
    );
    // The plan files' signing key, a secret each package passes through as PINFLOW_PLAN_KEY: it
    // must arrive whole, run nothing, and be printed nowhere (but in the Azure task's mask).
    let key = format!("plan-key-0123456789';touch '{c}';'$(touch {c})`touch {c}`");
    let project = tempfile::tempdir().unwrap();
    let bin = stub.to_str().unwrap();
    let home = tempfile::tempdir().unwrap();
    let quiet = |what: &str, out: &Output| {
        for line in text(&out.stdout).lines().chain(text(&out.stderr).lines()) {
            assert!(
                !runnable(line) && !line.contains("pwned"),
                "{what}: {line:?}"
            );
            assert!(
                !line.contains("plan-key-"),
                "{what}: the key shown: {line:?}"
            );
        }
        assert!(!canary.exists(), "{what}: the plan file's text ran");
    };

    // The GitHub Action: the plan-file input is the run step's PINFLOW_PLAN_FILE, never text of
    // a script.
    let action: serde_json::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap())
            .unwrap();
    assert!(action["inputs"]["plan-file"].is_object());
    assert!(action["inputs"]["command"]["description"]
        .as_str()
        .unwrap()
        .contains("apply"));
    let steps = action["runs"]["steps"].as_array().unwrap();
    for step in steps {
        let run = step["run"].as_str().unwrap_or_default();
        assert!(!run.contains("${{"), "an expression in a script: {run}");
    }
    let run_step = steps.iter().find(|s| s["id"] == "run").unwrap();
    assert_eq!(
        run_step["env"]["PINFLOW_PLAN_FILE"],
        "${{ inputs.plan-file }}"
    );
    // The key is no input: the calling step's `env:` reaches run.sh (a composite action's steps
    // inherit it), and a PINFLOW_PLAN_KEY of the run step would override it.
    assert!(run_step["env"]["PINFLOW_PLAN_KEY"].is_null(), "{run_step}");
    let input_names: Vec<&String> = action["inputs"].as_object().unwrap().keys().collect();
    assert!(
        !input_names.iter().any(|n| n.contains("key")),
        "{input_names:?}"
    );
    let action_run = |command: &str, force: &str| {
        clean_command(
            "bash",
            project.path(),
            &[
                ("PINFLOW_BIN", bin),
                ("GITHUB_ACTIONS", "true"),
                ("PINFLOW_COMMAND", command),
                ("PINFLOW_PLAN_FILE", &hostile),
                ("PINFLOW_FORCE", force),
                ("PINFLOW_PLAN_KEY", &key),
            ],
        )
        .arg(root().join("action/run.sh"))
        .output()
        .unwrap()
    };
    // plan with --out: changes (exit 6) are the plan's result; apply's exit 6 fails the step.
    let out = action_run("plan", "false");
    assert!(out.status.success(), "{}", text(&out.stderr));
    quiet("action plan", &out);
    assert_eq!(
        recorded(&record),
        (
            "plan\n".into(),
            hostile.clone(),
            "false".into(),
            key.clone()
        )
    );
    let out = action_run("apply", "true");
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    quiet("action apply", &out);
    assert_eq!(
        recorded(&record),
        (
            "apply\n".into(),
            hostile.clone(),
            "true".into(),
            key.clone()
        )
    );

    // The Bitbucket pipe: PLAN_FILE is PINFLOW_PLAN_FILE; PINFLOW_PLAN_KEY, one of its
    // variables, reaches pinflow as given.
    let pipe: serde_json::Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(root().join("bitbucket-pipe.yml")).unwrap(),
    )
    .unwrap();
    let variables = pipe["variables"].as_array().unwrap();
    assert!(variables.iter().any(|v| v["name"] == "PLAN_FILE"));
    assert!(variables
        .iter()
        .any(|v| v["name"] == "PINFLOW_PLAN_KEY" && v["default"].is_null()));
    let pipe_run = |command: &str| {
        clean_command(
            "sh",
            Path::new("/"),
            &[
                ("PINFLOW_BIN", bin),
                ("HOME", home.path().to_str().unwrap()),
                ("BITBUCKET_CLONE_DIR", project.path().to_str().unwrap()),
                ("BITBUCKET_BUILD_NUMBER", "1"),
                ("COMMAND", command),
                ("PLAN_FILE", &hostile),
                ("FORCE", "true"),
                ("PINFLOW_PLAN_KEY", &key),
            ],
        )
        .arg(root().join("pipe/pipe.sh"))
        .output()
        .unwrap()
    };
    let out = pipe_run("apply");
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    quiet("pipe apply", &out);
    assert_eq!(
        recorded(&record),
        (
            "apply\n".into(),
            hostile.clone(),
            "true".into(),
            key.clone()
        )
    );
    let out = pipe_run("plan");
    assert!(out.status.success(), "{}", text(&out.stderr));
    quiet("pipe plan", &out);
    let (args, _, _, plan_key) = recorded(&record);
    assert_eq!((args.as_str(), plan_key.as_str()), ("plan\n", key.as_str()));

    // The Azure task: the planFile input is PINFLOW_PLAN_FILE, apply is one of its commands;
    // the planKey input is PINFLOW_PLAN_KEY, masked before the task prints anything.
    let task_json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("azure-task/Pinflow/task.json")).unwrap(),
    )
    .unwrap();
    let inputs = task_json["inputs"].as_array().unwrap();
    let command = inputs.iter().find(|i| i["name"] == "command").unwrap();
    assert_eq!(command["options"]["apply"], "apply");
    assert!(inputs.iter().any(|i| i["name"] == "planFile"));
    assert!(inputs.iter().any(|i| i["name"] == "planKey"));
    let task = Task::new(&stub);
    let task_run = |command: &str| {
        task.run(
            project.path(),
            &[
                ("INPUT_COMMAND", command),
                ("INPUT_PREFECTAPIURL", "http://127.0.0.1:9/api"),
                ("INPUT_PLANFILE", &hostile),
                ("INPUT_FORCE", "true"),
                ("INPUT_PLANKEY", &key),
            ],
        )
    };
    // Masked first, the whole key on one escaped line; nowhere else.
    let unmasked = |what: &str, out: &Output| {
        let stdout = text(&out.stdout);
        let first = stdout.lines().next().unwrap_or_default();
        let masked = first.strip_prefix("##vso[task.setsecret]");
        assert_eq!(
            masked.map(azure_unescape),
            Some(key.clone()),
            "{what}: {stdout}"
        );
        for line in stdout.lines().skip(1).chain(text(&out.stderr).lines()) {
            assert!(
                !line.contains("plan-key-"),
                "{what}: the key shown: {line:?}"
            );
        }
    };
    let out = task_run("apply");
    unmasked("azure apply", &out);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("##vso[task.complete result=Failed;]pinflow apply failed with exit code 6"),
        "{stdout}"
    );
    for line in stdout.lines().chain(text(&out.stderr).lines()) {
        assert!(!line.contains("pwned"), "azure apply: {line:?}");
    }
    azure_commands(&stdout);
    assert!(!canary.exists());
    assert_eq!(
        recorded(&record),
        (
            "apply\n".into(),
            hostile.clone(),
            "true".into(),
            key.clone()
        )
    );
    let out = task_run("plan");
    unmasked("azure plan", &out);
    assert!(
        !text(&out.stdout).contains("result=Failed"),
        "{}",
        text(&out.stdout)
    );
    let (args, _, _, plan_key) = recorded(&record);
    assert_eq!((args.as_str(), plan_key.as_str()), ("plan\n", key.as_str()));
    assert!(!canary.exists());

    // The GitLab component: apply is one of its commands, and every input reaches the job as
    // a variable; the script names none.
    let component = std::fs::read_to_string(root().join("templates/deploy.yml")).unwrap();
    let (spec, jobs) = component.split_once("\n---\n").unwrap();
    let spec: serde_json::Value = serde_yaml_ng::from_str(spec).unwrap();
    let spec = &spec["spec"]["inputs"];
    assert!(spec["command"]["options"]
        .as_array()
        .unwrap()
        .contains(&"apply".into()));
    assert_eq!(spec["plan-file"]["default"], "");
    let jobs: serde_json::Value = serde_yaml_ng::from_str(jobs).unwrap();
    let job = jobs.as_object().unwrap().values().next().unwrap();
    assert_eq!(
        job["variables"]["PINFLOW_PLAN_FILE"],
        "$[[ inputs.plan-file ]]"
    );
    for line in job["script"].as_array().unwrap() {
        assert!(!line.as_str().unwrap().contains("$[["), "{line}");
    }
    // The key is a masked CI/CD variable, no input: a job variable of that name would stand in
    // its place, in the component and in the classic template alike.
    assert!(spec.as_object().unwrap().keys().all(|k| !k.contains("key")));
    assert!(job["variables"]["PINFLOW_PLAN_KEY"].is_null());
    let template: serde_json::Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(root().join(".gitlab-ci-template.yml")).unwrap(),
    )
    .unwrap();
    assert!(template[".pinflow"]["variables"].is_object());
    assert!(template[".pinflow"]["variables"]["PINFLOW_PLAN_KEY"].is_null());
}
