//! Native CI output: each platform's outputs, summaries, annotations, masking and sections,
//! written when the platform is detected. The values are the same on every platform
//! (DESIGN.md): the deployment ids, the shared version, and the deployments as JSON.

mod azure;
mod bitbucket;
mod github;
mod gitlab;
mod run;

use std::path::PathBuf;

use crate::deploy::DeployReport;
use crate::env::Env;
use crate::error::Error;

/// The CI platform pinflow runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Platform {
    /// GitHub Actions: `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`, workflow commands.
    Github {
        /// `$GITHUB_OUTPUT`.
        output: Option<PathBuf>,
        /// `$GITHUB_STEP_SUMMARY`.
        summary: Option<PathBuf>,
    },
    /// GitLab CI: a dotenv report in the job's directory.
    Gitlab {
        /// Where `pinflow.env` goes.
        dir: PathBuf,
    },
    /// Bitbucket Pipelines: `pinflow.env` in the clone directory.
    Bitbucket {
        /// `$BITBUCKET_CLONE_DIR`.
        dir: PathBuf,
    },
    /// Azure Pipelines: `##vso[...]` logging commands.
    Azure,
    /// No CI platform: nothing extra is written.
    None,
}

impl Platform {
    /// Detects the platform from its marker variables.
    pub fn detect(env: &Env, workdir: &std::path::Path) -> Self {
        if env.get("GITHUB_ACTIONS") == Some("true") {
            Platform::Github {
                output: env.get("GITHUB_OUTPUT").map(PathBuf::from),
                summary: env.get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            }
        } else if env.get("GITLAB_CI").is_some() {
            // Any value: gitlab-ci-local sets GITLAB_CI=false, and its jobs still pass
            // dotenv reports on like GitLab's.
            // The dotenv report is relative to the project directory; fall back to where
            // pinflow runs when that is not a directory here (local runners).
            let dir = env
                .get("CI_PROJECT_DIR")
                .map(PathBuf::from)
                .filter(|d| d.is_dir());
            Platform::Gitlab {
                dir: dir.unwrap_or_else(|| workdir.to_owned()),
            }
        } else if env.get("BITBUCKET_BUILD_NUMBER").is_some() {
            Platform::Bitbucket {
                dir: env
                    .get("BITBUCKET_CLONE_DIR")
                    .map_or_else(|| workdir.to_owned(), PathBuf::from),
            }
        } else if env
            .get("TF_BUILD")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            Platform::Azure
        } else {
            Platform::None
        }
    }

    /// Hides `secrets` in the platform's logs (GitHub and Azure can; the others cannot).
    /// Call before anything that might show them.
    pub fn mask(&self, secrets: &[String]) {
        for s in secrets
            .iter()
            .filter(|s| !s.is_empty() && !s.contains(['\n', '\r']))
        {
            match self {
                Platform::Github { .. } => eprintln!("::add-mask::{s}"),
                Platform::Azure => eprintln!("##vso[task.setsecret]{s}"),
                _ => {}
            }
        }
    }

    /// Starts a collapsible log section.
    pub fn section_start(&self, title: &str) {
        match self {
            Platform::Github { .. } => eprintln!("::group::{}", escape_line(title)),
            Platform::Gitlab { .. } => eprintln!(
                "\x1b[0Ksection_start:{}:pinflow[collapsed=false]\r\x1b[0K{}",
                unix_now(),
                escape_line(title)
            ),
            Platform::Azure => eprintln!("##[group]{}", escape_line(title)),
            _ => {}
        }
    }

    /// Ends the section.
    pub fn section_end(&self) {
        match self {
            Platform::Github { .. } => eprintln!("::endgroup::"),
            Platform::Gitlab { .. } => {
                eprintln!("\x1b[0Ksection_end:{}:pinflow\r\x1b[0K", unix_now())
            }
            Platform::Azure => eprintln!("##[endgroup]"),
            _ => {}
        }
    }

    /// Writes the outputs (and summary) of a deploy.
    pub fn deploy_outputs(&self, report: &DeployReport) -> std::io::Result<()> {
        let out = Outputs::of(report);
        match self {
            Platform::Github { output, summary } => {
                github::write(output.as_deref(), summary.as_deref(), &out, report)
            }
            Platform::Gitlab { dir } => gitlab::write(dir, &out),
            Platform::Bitbucket { dir } => bitbucket::write(dir, &out, report),
            Platform::Azure => {
                azure::write(&out);
                Ok(())
            }
            Platform::None => Ok(()),
        }
    }

    /// Reports an error the platform's way (an annotation at the file and line when known).
    pub fn error(&self, err: &Error) {
        let message = err.to_string();
        let location = err.location();
        match self {
            Platform::Github { .. } => {
                eprintln!("{}", github::annotation(&message, location.as_ref()))
            }
            Platform::Azure => eprintln!("{}", azure::issue(&message, location.as_ref())),
            Platform::Bitbucket { .. } => eprintln!("✖ {}", escape_line(&message)),
            _ => {}
        }
    }
}

/// The values every platform receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// Comma-separated deployment ids.
    pub deployment_ids: String,
    /// The version name when all deployments share one, else empty.
    pub version: String,
    /// The deployments as one line of JSON.
    pub deployments: String,
}

impl Outputs {
    /// The outputs of a deploy.
    pub fn of(report: &DeployReport) -> Self {
        let ids: Vec<&str> = report
            .deployments
            .iter()
            .filter_map(|d| d.id.as_deref())
            .collect();
        let mut versions: Vec<&str> = report
            .deployments
            .iter()
            .filter_map(|d| d.version.as_deref())
            .collect();
        versions.dedup();
        let version = match versions.as_slice() {
            [one] if report.deployments.iter().all(|d| d.version.is_some()) => one.to_string(),
            _ => String::new(),
        };
        let deployments = crate::report::json_line(&report.deployments);
        Self {
            deployment_ids: ids.join(","),
            version,
            deployments,
        }
    }
}

/// Text from commits, branches or PR titles made safe for one CI log line: control characters
/// (newlines, ANSI escapes) become spaces, and workflow-command markers (`::` at the start of a
/// line, `##vso[`, `##[`) are broken so they cannot be run by the runner.
pub fn escape_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat
        .replace("##vso[", "#\u{200b}#vso[")
        .replace("##[", "#\u{200b}#[");
    match flat.strip_prefix("::") {
        Some(rest) => format!(":\u{200b}:{rest}"),
        None => flat,
    }
}

/// `escape_line` on every line of `text`, keeping the line breaks: for whole outputs, so that
/// nothing pinflow prints to stdout or logs can be read by a runner as a command.
pub fn inert_text(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(content) => escape_line(content) + "\n",
            None => escape_line(line),
        })
        .collect()
}

/// An I/O error that names the file.
fn at(path: &std::path::Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests;
