//! A test's scenario in one value: a project in a real git repository, the CI platform it
//! builds on, the Prefect server it talks to and any extra variables; `run` starts `pinflow`
//! there. A test reads as the project's files (multi-line fixtures), the command, and what it
//! must answer.
//!
//! ```ignore
//! let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", YAML)])
//!     .on("gitlab")
//!     .env("CI_MERGE_REQUEST_IID", "31");
//! let out = s.json(&["deploy", "--all", "--preview", "--output", "json"]);
//! ```

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use super::server::{server, Server};
use super::{ci_env, json_ok, pinflow, text, TestProject};

/// A project, a platform, a server and extra variables; see the module documentation.
pub struct Scenario {
    /// The project's repository.
    pub project: TestProject,
    platform: &'static str,
    branch: String,
    server: Option<&'static Server>,
    env: Vec<(String, String)>,
}

impl Scenario {
    /// A project of `files` (committed on `main`), built on no CI platform, talking to the
    /// shared server.
    pub fn new(files: &[(&str, &str)]) -> Self {
        Scenario {
            project: TestProject::new(files, "main"),
            platform: "none",
            branch: "main".into(),
            server: Some(server()),
            env: Vec::new(),
        }
    }

    /// Builds on CI `platform` ("github", "gitlab", "bitbucket", "azure"; see `ci_env`), of
    /// the project's HEAD at each run, with the platform's output files in the project.
    pub fn on(mut self, platform: &'static str) -> Self {
        self.platform = platform;
        self
    }

    /// The branch the CI build is of (default `main`).
    pub fn branch(mut self, branch: &str) -> Self {
        self.branch = branch.into();
        self
    }

    /// Talks to `server` instead of the shared one.
    pub fn server(mut self, server: &'static Server) -> Self {
        self.server = Some(server);
        self
    }

    /// Talks to no server: no PREFECT_API_URL.
    pub fn offline(mut self) -> Self {
        self.server = None;
        self
    }

    /// Sets variable `name` for every run; it wins over the platform's and the server's.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.into(), value.into()));
        self
    }

    /// The project's folder.
    pub fn path(&self) -> &Path {
        self.project.path()
    }

    /// Writes `files` into the project and commits them (a push); returns the new HEAD.
    pub fn commit(&self, files: &[(&str, &str)]) -> String {
        self.project.commit(files, "change")
    }

    /// Every variable a run gets: the server's, the platform's, then the extra ones.
    pub fn vars(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = Vec::new();
        if let Some(s) = self.server {
            all.extend(s.vars().iter().map(|(k, v)| (k.to_string(), v.to_string())));
        }
        let head = self.project.head();
        let platform = ci_env(self.platform, &head, &self.branch, self.path());
        all.extend(platform.into_iter().map(|(k, v)| (k.to_owned(), v)));
        all.extend(self.env.iter().cloned());
        all
    }

    /// Runs `pinflow args...` in the project, whatever it answers.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Runs `pinflow args...` with `extra` variables for this run only (they win).
    pub fn run_with(&self, args: &[&str], extra: &[(&str, &str)]) -> Output {
        let vars = self.vars();
        let mut all: Vec<(&str, &str)> =
            vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        all.extend_from_slice(extra);
        pinflow(self.path(), args, &all)
    }

    /// Runs `pinflow args...`, which must succeed, and returns its stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        json_ok(&self.run(args))
    }

    /// Runs `pinflow args...`, which must succeed, and returns its stdout as text.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "pinflow {args:?}: exit {:?}\n{}\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Runs `pinflow args...`, which must exit with `code`; returns its stderr.
    pub fn exits(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "pinflow {args:?}\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stderr)
    }
}
