//! The installers and wrappers meet a hostile runner: a binary or archive planted in the tool
//! cache, a release archive whose `pinflow` is not a regular file, an API key that holds line
//! breaks and the characters of the agent's commands, hostile `PINFLOW_*` values. Each runs the
//! shipped script (`action/install.sh`, `action/run.sh`, the Azure task's `index.js`) as the
//! runner would, with releases built here: no rehearsal needed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

use crate::packaging::{root, serve};
use crate::support::{clean_command, text};

/// A planted binary: it leaves `canary` behind if it runs.
fn planted(canary: &Path) -> Vec<u8> {
    format!("#!/bin/sh\ntouch '{}'\necho planted\n", canary.display()).into_bytes()
}

/// What a real release's `pinflow` stands in for here: prints its arguments.
const REAL: &[u8] = b"#!/bin/sh\necho \"real-pinflow $*\"\n";

/// The sha256 of a file (sha256sum escapes a path with a line break in its output).
fn sha256_file(path: &Path) -> String {
    pinflow::internals::sha256_hex(&std::fs::read(path).unwrap())
}

fn arch() -> &'static str {
    if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else {
        "x86_64"
    }
}

fn archive_name() -> String {
    format!(
        "pinflow-{}-linux-{}.tar.gz",
        env!("CARGO_PKG_VERSION"),
        arch()
    )
}

/// One entry of a tar archive, written by Python's tarfile (any type, any name).
enum Entry<'a> {
    File(&'a str, &'a [u8]),
    Symlink(&'a str, &'a str),
    Hardlink(&'a str, &'a str),
    Dir(&'a str),
    Fifo(&'a str),
    CharDevice(&'a str),
}

/// Writes a tar.gz holding `entries` at `path`.
fn tar_gz(path: &Path, entries: &[Entry]) {
    let spec: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| match e {
            Entry::File(n, b) => serde_json::json!(["file", n, String::from_utf8_lossy(b)]),
            Entry::Symlink(n, t) => serde_json::json!(["sym", n, t]),
            Entry::Hardlink(n, t) => serde_json::json!(["hard", n, t]),
            Entry::Dir(n) => serde_json::json!(["dir", n, ""]),
            Entry::Fifo(n) => serde_json::json!(["fifo", n, ""]),
            Entry::CharDevice(n) => serde_json::json!(["chr", n, ""]),
        })
        .collect();
    let script = r#"
import io, json, sys, tarfile
kinds = {"sym": tarfile.SYMTYPE, "hard": tarfile.LNKTYPE, "dir": tarfile.DIRTYPE,
         "fifo": tarfile.FIFOTYPE, "chr": tarfile.CHRTYPE}
with tarfile.open(sys.argv[1], "w:gz") as t:
    for kind, name, arg in json.loads(sys.argv[2]):
        i = tarfile.TarInfo(name)
        i.mode = 0o755
        if kind == "file":
            data = arg.encode()
            i.size = len(data)
            t.addfile(i, io.BytesIO(data))
        else:
            i.type = kinds[kind]
            if kind in ("sym", "hard"):
                i.linkname = arg
            if kind == "chr":
                i.devmajor, i.devminor = 1, 3
            t.addfile(i)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .arg(serde_json::Value::Array(spec).to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// A runner with the action checked out at a release whose archive is `entries` (pinned in
/// action/checksums.txt and served over HTTP), an empty tool cache and its own RUNNER_TEMP.
/// The tool cache's path holds a line break, `%` and a command, which install.sh's commands
/// must escape ([`Runner::install`] checks every command it prints).
struct Runner {
    action: tempfile::TempDir,
    /// Holds `tool_cache`, a folder whose name has a line break, `%` and a command.
    _cache: tempfile::TempDir,
    tool_cache: PathBuf,
    temp: tempfile::TempDir,
    /// GITHUB_OUTPUT and the planted binaries' canary.
    scratch: tempfile::TempDir,
    served: tempfile::TempDir,
    url: String,
    http: Child,
}

impl Runner {
    fn new(entries: &[Entry]) -> Self {
        let action = tempfile::tempdir().unwrap();
        for file in [
            "action/install.sh",
            "action/run.sh",
            "action.yml",
            "Cargo.toml",
        ] {
            let to = action.path().join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root().join(file), to).unwrap();
        }
        let served = tempfile::tempdir().unwrap();
        let archive = served.path().join(archive_name());
        tar_gz(&archive, entries);
        std::fs::write(
            action.path().join("action/checksums.txt"),
            format!("{}  {}\n", sha256_file(&archive), archive_name()),
        )
        .unwrap();
        let (url, http) = serve(served.path());
        let cache = tempfile::tempdir().unwrap();
        let tool_cache = cache.path().join("tool\n::error::forged 100%");
        std::fs::create_dir(&tool_cache).unwrap();
        Self {
            action,
            _cache: cache,
            tool_cache,
            temp: tempfile::tempdir().unwrap(),
            scratch: tempfile::tempdir().unwrap(),
            served,
            url,
            http,
        }
    }

    /// The tool cache's folder for the pinned archive.
    fn cache_dir(&self) -> PathBuf {
        let sum = sha256_file(&self.served.path().join(archive_name()));
        self.tool_cache
            .join(format!("pinflow/{}-{sum}", env!("CARGO_PKG_VERSION")))
    }

    /// Runs action/install.sh; returns its output and the path= it wrote.
    fn install(&self, path: Option<&str>) -> (Output, Option<String>) {
        let output = self.scratch.path().join("github-output");
        let _ = std::fs::remove_file(&output);
        let mut vars = vec![
            ("PINFLOW_DOWNLOAD_URL", self.url.as_str()),
            ("RUNNER_TOOL_CACHE", self.tool_cache.to_str().unwrap()),
            ("RUNNER_TEMP", self.temp.path().to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ];
        if let Some(path) = path {
            vars.push(("PATH", path));
        }
        let out = clean_command("bash", self.action.path(), &vars)
            .arg(self.action.path().join("action/install.sh"))
            .output()
            .unwrap();
        // Only pinflow's own commands, whatever the paths in them hold.
        for line in text(&out.stdout).lines().chain(text(&out.stderr).lines()) {
            assert!(
                !line.trim_start().starts_with("::")
                    || [
                        "::error::pinflow: ",
                        "::warning::pinflow: ",
                        "::notice::pinflow: "
                    ]
                    .iter()
                    .any(|c| line.starts_with(c)),
                "a forged command: {line:?}"
            );
        }
        let written = std::fs::read_to_string(&output).unwrap_or_default();
        let bin = written
            .lines()
            .find_map(|l| l.strip_prefix("path=").map(str::to_owned));
        (out, bin)
    }

    /// Runs action/run.sh with `bin` as the action's run step does.
    fn run(&self, bin: &str, vars: &[(&str, &str)]) -> Output {
        let all = [&[("PINFLOW_BIN", bin)], vars].concat();
        clean_command("bash", self.temp.path(), &all)
            .arg(self.action.path().join("action/run.sh"))
            .output()
            .unwrap()
    }

    /// A planted binary for this runner.
    fn planted(&self) -> Vec<u8> {
        planted(&self.scratch.path().join("planted-ran"))
    }

    /// Whether a planted binary ran.
    fn planted_ran(&self) -> bool {
        self.scratch.path().join("planted-ran").exists()
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.http.kill();
        let _ = self.http.wait();
    }
}

fn all_output(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
}

fn write_executable(path: &Path, content: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_binary_or_archive_planted_in_the_tool_cache_is_never_run() {
    let r = Runner::new(&[Entry::File("pinflow", REAL)]);
    let dir = r.cache_dir();
    // The binary at the path earlier installers used, and an archive by the pinned name whose
    // pinflow is the planted one.
    write_executable(&dir.join("pinflow"), &r.planted());
    tar_gz(
        &dir.join(archive_name()),
        &[Entry::File("pinflow", &r.planted())],
    );
    let (out, bin) = r.install(None);
    let log = all_output(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("::warning::pinflow: the cached") && log.contains("discarding it"),
        "{log}"
    );
    let bin = bin.expect("install.sh writes path=");
    assert!(
        Path::new(&bin).starts_with(r.temp.path()),
        "runs from the job's own folder: {bin}"
    );
    let ran = r.run(&bin, &[("PINFLOW_COMMAND", "versions")]);
    assert_eq!(
        text(&ran.stdout),
        "real-pinflow versions\n",
        "{}",
        all_output(&ran)
    );
    assert!(!r.planted_ran(), "{log}");
    // The planted files are gone; the cache holds the verified archive, which the next job uses
    // without the network.
    assert!(!dir.join("pinflow").exists());
    assert_eq!(
        sha256_file(&dir.join(archive_name())),
        sha256_file(&r.served.path().join(archive_name()))
    );
    std::fs::remove_file(r.served.path().join(archive_name())).unwrap();
    let (out, again) = r.install(None);
    let log = all_output(&out);
    assert!(
        out.status.success() && log.contains("(cached, sha256 verified)"),
        "{log}"
    );
    let ran = r.run(&again.unwrap(), &[("PINFLOW_COMMAND", "plan")]);
    assert_eq!(text(&ran.stdout), "real-pinflow plan\n");

    // A planted archive that is a link to a file elsewhere is discarded too, the file kept.
    let elsewhere = r.temp.path().join("elsewhere.tar.gz");
    tar_gz(&elsewhere, &[Entry::File("pinflow", &r.planted())]);
    std::fs::remove_file(dir.join(archive_name())).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join(archive_name())).unwrap();
    std::fs::write(r.served.path().join(archive_name()), b"gone").unwrap();
    let (out, bin) = r.install(None);
    assert!(
        !out.status.success(),
        "the server now serves a tampered archive"
    );
    assert!(bin.is_none());
    assert!(
        all_output(&out).contains("checksum mismatch"),
        "{}",
        all_output(&out)
    );
    assert!(elsewhere.exists() && !r.planted_ran());
}

/// $GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks; any
/// other line is an error, as it is for the runner.
fn github_outputs(written: &str) -> std::collections::BTreeMap<String, String> {
    let mut outputs = std::collections::BTreeMap::new();
    let mut lines = written.lines();
    while let Some(line) = lines.next() {
        let (eq, heredoc) = (line.find('='), line.find("<<"));
        match (eq, heredoc) {
            (Some(e), h) if h.is_none_or(|h| e < h) => {
                outputs.insert(line[..e].to_owned(), line[e + 1..].to_owned());
            }
            (_, Some(h)) => {
                let delimiter = &line[h + 2..];
                let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
                outputs.insert(line[..h].to_owned(), value.join("\n"));
            }
            _ => panic!("not an output: {line:?} in {written:?}"),
        }
    }
    outputs
}

#[test]
fn the_plan_outputs_hold_a_tool_cache_path_with_a_line_break_whole() {
    let r = Runner::new(&[Entry::File("pinflow", REAL)]);
    let output = r.scratch.path().join("plan-output");
    let out = clean_command(
        "bash",
        r.action.path(),
        &[
            ("RUNNER_TOOL_CACHE", r.tool_cache.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    )
    .arg(r.action.path().join("action/install.sh"))
    .arg("plan")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let outputs = github_outputs(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(
        outputs.keys().collect::<Vec<_>>(),
        ["dir", "key", "mode"],
        "{outputs:?}"
    );
    assert_eq!(outputs["dir"], r.cache_dir().to_str().unwrap());
    assert_eq!(outputs["mode"], "release");
}

/// A `cargo` for the source mode that writes a stand-in binary where cargo would, and counts
/// its builds: install.sh's caching is under test, not the compiler.
fn fake_cargo(dir: &Path) -> String {
    write_executable(
        &dir.join("cargo"),
        format!(
            "#!/bin/sh\necho built >> '{}'\nmkdir -p \"$CARGO_TARGET_DIR/release\"\nprintf '#!/bin/sh\\necho \"real-pinflow $*\"\\n' > \"$CARGO_TARGET_DIR/release/pinflow\"\nchmod +x \"$CARGO_TARGET_DIR/release/pinflow\"\n",
            dir.join("builds").display()
        )
        .as_bytes(),
    );
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap())
}

#[test]
fn a_cached_source_build_runs_only_when_it_matches_the_sum_beside_it() {
    let r = Runner::new(&[Entry::File("pinflow", REAL)]);
    // The action at an unreleased ref: no pinned archive, so it builds from its source.
    std::fs::write(r.action.path().join("action/checksums.txt"), "# none\n").unwrap();
    for (file, content) in [
        ("Cargo.lock", "# lock\n"),
        ("rust-toolchain.toml", "[toolchain]\n"),
        ("src/main.rs", "fn main() {}\n"),
    ] {
        let to = r.action.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, content).unwrap();
    }
    let tools = tempfile::tempdir().unwrap();
    let path = fake_cargo(tools.path());
    let builds = || {
        std::fs::read_to_string(tools.path().join("builds"))
            .unwrap_or_default()
            .lines()
            .count()
    };
    let (out, bin) = r.install(Some(&path));
    assert!(out.status.success(), "{}", all_output(&out));
    assert_eq!(builds(), 1);
    let cached = std::fs::read_dir(r.tool_cache.join("pinflow"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("pinflow");
    assert!(cached.exists() && cached.with_extension("sha256").exists());
    let bin = bin.unwrap();
    assert!(Path::new(&bin).starts_with(r.temp.path()), "{bin}");
    // The next job takes the cached build, verified.
    let (out, _) = r.install(Some(&path));
    assert!(all_output(&out).contains("(cached, sha256 verified)"));
    assert_eq!(builds(), 1);

    // Planted over the cached build: discarded and built again, never run. With no sum beside
    // it, the same.
    for keep_sum in [true, false] {
        write_executable(&cached, &r.planted());
        if !keep_sum {
            std::fs::remove_file(cached.with_extension("sha256")).unwrap();
        }
        let before = builds();
        let (out, bin) = r.install(Some(&path));
        let log = all_output(&out);
        assert!(out.status.success(), "{log}");
        assert!(log.contains("::warning::pinflow: the cached"), "{log}");
        assert_eq!(builds(), before + 1, "{log}");
        let ran = r.run(&bin.unwrap(), &[("PINFLOW_COMMAND", "deploy")]);
        assert_eq!(text(&ran.stdout), "real-pinflow deploy\n");
        assert!(!r.planted_ran());
    }
}

#[test]
fn an_archive_whose_pinflow_is_not_one_regular_file_is_refused() {
    let outside_dir = tempfile::tempdir().unwrap();
    let outside = outside_dir.path().join("victim");
    std::fs::write(&outside, "keep me\n").unwrap();
    let mode = |p: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    };
    std::fs::set_permissions(
        &outside,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let abs = outside.to_str().unwrap().to_owned();
    let depth = "../".repeat(12);
    let rel = format!("{depth}{}", abs.trim_start_matches('/'));
    let hostile: Vec<(&str, Vec<Entry>)> = vec![
        ("a symlink out", vec![Entry::Symlink("pinflow", &abs)]),
        (
            "a relative symlink out",
            vec![Entry::Symlink("pinflow", &rel)],
        ),
        ("a hard link out", vec![Entry::Hardlink("pinflow", &abs)]),
        (
            "a relative hard link out",
            vec![Entry::Hardlink("pinflow", &rel)],
        ),
        (
            "a hard link to another entry",
            vec![Entry::File("x", REAL), Entry::Hardlink("pinflow", "x")],
        ),
        ("a path out", vec![Entry::File("../pinflow", REAL)]),
        ("an absolute path", vec![Entry::File("/tmp/pinflow", REAL)]),
        ("a ./ path", vec![Entry::File("./pinflow", REAL)]),
        (
            "a directory",
            vec![Entry::Dir("pinflow"), Entry::File("pinflow/x", REAL)],
        ),
        ("a FIFO", vec![Entry::Fifo("pinflow")]),
        ("a device", vec![Entry::CharDevice("pinflow")]),
        (
            "a link, then the file",
            vec![
                Entry::Symlink("pinflow", &abs),
                Entry::File("pinflow", REAL),
            ],
        ),
        (
            "the file and more",
            vec![Entry::File("pinflow", REAL), Entry::File("extra", REAL)],
        ),
    ];
    for (what, entries) in hostile {
        let r = Runner::new(&entries);
        let (out, bin) = r.install(None);
        let log = all_output(&out);
        assert!(!out.status.success(), "{what}: {log}");
        assert!(bin.is_none(), "{what}: {log}");
        assert!(
            log.contains("::error::pinflow:") && log.contains("refusing it"),
            "{what}: {log}"
        );
        assert_eq!(mode(&outside), 0o600, "{what}: nothing outside is chmod'ed");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me\n");
        // Nothing kept: no archive cached for later jobs, no folder left in RUNNER_TEMP.
        assert!(!r.cache_dir().join(archive_name()).exists(), "{what}");
        let left: Vec<_> = std::fs::read_dir(r.temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{what}: {left:?}");
    }
}
