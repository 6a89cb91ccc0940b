//! The CI platform pinflow runs on, one file per platform behind one trait: how it is
//! detected, which version info and pull request it gives, the repository, the run's link,
//! how it masks a secret, its log groups, annotations and outputs, and its code host's
//! comment API ([`CodeHost`]).
//!
//! This module sits below the domain: it takes and returns plain types (text, a file
//! [`Location`], Markdown, key/value [`Output`]s) and never a deploy's or a report's. `report`
//! and `comment` turn results into its calls; every escape it writes is `escape`'s.

mod azure;
mod bitbucket;
mod github;
mod gitlab;
pub(crate) mod host;
mod local;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::env::Env;
use crate::error::Location;
use crate::escape;
use crate::secret::Mask;
use crate::vcs::VersionType;
pub(crate) use host::{CodeHost, Existing};

/// How grave an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    /// The run failed, or a deployment did.
    Error,
    /// Worth a look; the run goes on.
    Warning,
}

impl Severity {
    /// The word both GitHub's and Azure's annotations use.
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One value a run hands on to the jobs after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Output<'a> {
    /// Its name in kebab-case (`deployment-ids`); each platform spells it its own way.
    pub name: &'a str,
    /// Its text.
    pub value: &'a str,
    /// Whether the value is one line of JSON (which a dotenv file cannot carry).
    pub json: bool,
}

impl<'a> Output<'a> {
    /// A plain value (ids, a version, `true`).
    pub(crate) fn plain(name: &'a str, value: &'a str) -> Self {
        Self {
            name,
            value,
            json: false,
        }
    }

    /// One line of JSON.
    pub(crate) fn json(name: &'a str, value: &'a str) -> Self {
        Self {
            name,
            value,
            json: true,
        }
    }
}

/// A CI platform: what pinflow asks of the one it runs on. One implementation per file.
pub(crate) trait Platform: std::fmt::Debug + Send + Sync {
    /// Its name in the version history (`github`, `gitlab`, `bitbucket`, `azure`, `local`).
    fn name(&self) -> &'static str;

    /// Whether this is a CI platform at all (not a person's terminal).
    fn on_ci(&self) -> bool {
        true
    }

    /// The version type whose variables this platform sets (None off CI).
    fn version_type(&self) -> Option<VersionType>;

    /// The number of the pull or merge request this build is for, as the platform says it.
    fn pull_request(&self, env: &Env) -> Option<u64>;

    /// Where the platform checked the repository out (`$GITHUB_WORKSPACE`, `$CI_PROJECT_DIR`,
    /// `$BITBUCKET_CLONE_DIR`, `$BUILD_SOURCESDIRECTORY`): the repository's root when the
    /// checkout has no `.git` folder.
    fn checkout(&self, _env: &Env) -> Option<PathBuf> {
        None
    }

    /// Whether this build is for a pull or merge request, by any sign the platform gives
    /// (a number, the event that started it), even one whose comments pinflow cannot write (a
    /// GitLab pipeline for a GitHub repository's pull request): what may not act on
    /// production as the branch says.
    fn on_pull_request(&self, env: &Env) -> bool {
        self.pull_request(env).is_some()
    }

    /// The repository this build belongs to, named with its code host (`github.com/org/repo`):
    /// what a pull request's number is unique within. Use [`Platform::repository`].
    fn repository_name(&self, env: &Env) -> Option<String>;

    /// The repository ([`Platform::repository_name`]), at most 200 characters, control
    /// characters removed.
    fn repository(&self, env: &Env) -> Option<String> {
        let name = self.repository_name(env)?;
        Some(name.chars().filter(|c| !c.is_control()).take(200).collect())
    }

    /// The link to this run and who started it, as the platform says them.
    fn run(&self, env: &Env) -> (Option<String>, Option<String>);

    /// `{"platform", "run_url", "actor"}` for this run, kept in the version history; nulls
    /// where unknown.
    fn run_info(&self, env: &Env) -> Value {
        let (run_url, actor) = self.run(env);
        serde_json::json!({"platform": self.name(), "run_url": run_url, "actor": actor})
    }

    /// How the platform hides one line of a secret in its log: the command to print, if it
    /// has one.
    fn mask(&self) -> Option<Mask> {
        None
    }

    /// The line that starts a collapsible log section titled `title`, if the platform has them.
    fn group_start(&self, _title: &str) -> Option<String> {
        None
    }

    /// The line that ends the section.
    fn group_end(&self) -> Option<String> {
        None
    }

    /// Starts a collapsible log section.
    fn section_start(&self, title: &str) {
        if let Some(line) = self.group_start(title) {
            eprintln!("{line}");
        }
    }

    /// Ends the section.
    fn section_end(&self) {
        if let Some(line) = self.group_end() {
            eprintln!("{line}");
        }
    }

    /// The annotation line for `message` (at `location`, where the platform can show one);
    /// None where the platform has none, and the message goes to the log.
    fn annotation(
        &self,
        _severity: Severity,
        _message: &str,
        _location: Option<&Location>,
    ) -> Option<String> {
        None
    }

    /// The line that ends a successful run (`message`), where the platform shows one.
    fn done(&self, _message: &str) -> Option<String> {
        None
    }

    /// Whether outputs are set by log lines (Azure): commit text (messages, branches) is then
    /// kept off them.
    fn outputs_on_log_lines(&self) -> bool {
        false
    }

    /// Hands `outputs` on to later jobs, and `summary` (Markdown) to the job's summary where
    /// the platform has one.
    fn write_outputs(&self, _outputs: &[Output], _summary: Option<&str>) -> std::io::Result<()> {
        Ok(())
    }

    /// Appends `summary` (Markdown) to the job's summary where the platform has one, and
    /// nothing else: what a failed run leaves there.
    fn write_summary(&self, _summary: &str) -> std::io::Result<()> {
        Ok(())
    }

    /// The comments of pull request `number` on this platform's code host, from its
    /// variables; Err says why there is no comment to write (naming what to set).
    fn code_host(&self, _env: &Env, _number: u64) -> Result<Box<dyn CodeHost>, String> {
        Err("not on a CI platform".into())
    }
}

/// Detects the platform from its marker variables. Shared: the run's reporter and its
/// comment code each hold it.
pub(crate) fn detect(env: &Env, workdir: &Path) -> Arc<dyn Platform> {
    if let Some(p) = github::Github::detect(env) {
        Arc::new(p)
    } else if let Some(p) = gitlab::Gitlab::detect(env, workdir) {
        Arc::new(p)
    } else if let Some(p) = bitbucket::Bitbucket::detect(env, workdir) {
        Arc::new(p)
    } else if let Some(p) = azure::Azure::detect(env) {
        Arc::new(p)
    } else {
        Arc::new(local::Local)
    }
}

/// The commands that mask one line of a secret on GitHub and on Azure (for the fuzzer).
pub const MASKS: [Mask; 2] = [github::mask, azure::mask];

/// The nearest folder at or above `workdir` that holds a `.git`, else `workdir`.
pub(crate) fn repository_root(workdir: &Path) -> PathBuf {
    workdir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(workdir)
        .to_owned()
}

/// A pull request number as a variable anyone can set says it: digits only, and few.
fn number(v: &str) -> Option<u64> {
    Some(v)
        .filter(|v| !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| *n > 0)
}

/// The number in variable `name` ([`number`]).
fn number_in(env: &Env, name: &str) -> Option<u64> {
    env.get(name).and_then(number)
}

/// Variable `k` when it holds more than blanks.
fn get<'e>(env: &'e Env, k: &str) -> Option<&'e str> {
    env.get(k).filter(|v| !v.trim().is_empty())
}

/// The code host's address from variable `var` (host and path, the host in lower case), else
/// `default`: so that `org/repo` on GitHub and on a GitLab that shares the workspace are two
/// repositories.
fn host_of(env: &Env, var: &str, default: &str) -> String {
    get(env, var)
        .and_then(|u| Url::parse(u).ok())
        .map(|u| {
            let host = u.host_str().unwrap_or(default).to_ascii_lowercase();
            format!("{host}{}", u.path().trim_end_matches('/'))
        })
        .unwrap_or_else(|| default.to_owned())
}

/// The dotenv file `pinflow.env` in `dir` (GitLab's dotenv report, Bitbucket's file for later
/// steps), written whole (never through a link): each plain output as `PINFLOW_NAME=value`,
/// values as GitLab takes them (one line, no spaces) and as a shell that `source`s the file
/// reads them (plain characters only; anything else becomes `_`, with a warning). JSON is left
/// out: it is not one plain word.
fn write_dotenv(dir: &Path, outputs: &[Output]) -> std::io::Result<()> {
    let text: String = outputs
        .iter()
        .filter(|o| !o.json)
        .map(|o| {
            let name = format!("PINFLOW_{}", o.name.to_ascii_uppercase().replace('-', "_"));
            let (safe, changed) = escape::dotenv_value(o.value);
            if changed {
                crate::diagnostic::warn(
                    crate::diagnostic::Code::OutputValue,
                    format!(
                        "{name} holds characters a dotenv file cannot carry safely; written as \
                         {safe:?}"
                    ),
                );
            }
            format!("{name}={safe}\n")
        })
        .collect();
    crate::files::open_output(&dir.join("pinflow.env"), false)?.write_all(text.as_bytes())
}

/// Seconds since the epoch (GitLab's section markers carry them).
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A request to a code host: method, URL and JSON body (`Value::Null` for none).
pub(crate) type Request = (Method, Url, Value);

#[cfg(test)]
mod tests;
