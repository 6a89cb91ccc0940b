//! Rendering results and errors: text for a person, one JSON document for machines, and each CI
//! platform's outputs, summaries and annotations (one file per output).
//!
//! Everything pinflow shows goes through a [`Reporter`]: secrets are redacted, and every line is
//! made inert for CI runners (`escape`), except pinflow's own commands. An error is printed
//! here and only here, once.

mod azure;
mod bitbucket;
mod github;
mod gitlab;
pub mod plan;
pub mod text;

use std::io::Write;

use serde::Serialize;

use crate::ci::Platform;
use crate::deploy::{DeployReport, PlanReport};
use crate::error::{Error, Result};
use crate::escape;
use crate::secret::Secrets;

/// A result format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for a person.
    Text,
    /// One JSON document.
    Json,
    /// Markdown (a job summary, a pull request comment).
    Markdown,
}

/// Renders results and errors for one run on one platform.
#[derive(Debug)]
pub struct Reporter<'a> {
    platform: &'a Platform,
    secrets: &'a Secrets,
    colour: bool,
}

impl<'a> Reporter<'a> {
    /// A reporter for `platform` that hides `secrets`.
    pub fn new(platform: &'a Platform, secrets: &'a Secrets) -> Self {
        Self {
            platform,
            secrets,
            colour: false,
        }
    }

    /// Colours a plan's words on stdout (for a terminal; the caller decides).
    pub fn with_colour(mut self, colour: bool) -> Self {
        self.colour = colour;
        self
    }

    /// Prints results on stdout: redacted, every line inert.
    pub fn stdout(&self, text: &str) {
        write_stdout(&self.inert(text));
    }

    /// `text` redacted, every line inert.
    fn inert(&self, text: &str) -> String {
        escape::text(&self.secrets.redact(text))
    }

    /// Prints `value` as one JSON document on stdout: redacted string by string ([`json`]),
    /// so the document stays valid JSON whatever a secret holds.
    pub fn json<T: Serialize>(&self, value: &T) -> Result<()> {
        write_stdout(&escape::text(&(json(value)? + "\n")));
        Ok(())
    }

    /// Prints an error the platform's way: an annotation at its file and line on GitHub and
    /// Azure, the pipe's `✖` line on Bitbucket, an error log line elsewhere.
    pub fn error(&self, err: &Error) {
        let message = self.secrets.redact(&err.to_string());
        let location = err.location();
        match self.platform {
            Platform::Github { .. } => eprintln!("{}", github::annotation(&message, location)),
            Platform::Azure => eprintln!("{}", azure::issue(&message, location)),
            Platform::Bitbucket { .. } => eprintln!("✖ {}", escape::line(&message)),
            _ => tracing::error!("{message}"),
        }
    }

    /// Prints a warning about the whole run the platform's way (an annotation on GitHub and
    /// Azure).
    pub fn warning(&self, message: &str) {
        let message = self.secrets.redact(message);
        match self.platform {
            Platform::Github { .. } => {
                eprintln!("::warning::{}", escape::github_data(&message))
            }
            Platform::Azure => eprintln!(
                "##vso[task.logissue type=warning]{}",
                escape::line(&message)
            ),
            _ => tracing::warn!("{message}"),
        }
    }

    /// Renders a deploy: its warnings and each failure once (as an error), the results on
    /// stdout, and — unless this was a dry run — the platform's outputs and, on GitHub,
    /// `markdown` (the deploy's, [`deploy_markdown`]) in the job summary.
    pub fn deploy(
        &self,
        report: &DeployReport,
        format: Format,
        dry_run: bool,
        started: std::time::Instant,
        markdown: &str,
    ) -> Result<()> {
        for w in &report.warnings {
            self.warning(w);
        }
        for d in &report.deployments {
            if let Some(f) = &d.error {
                self.error(&Error::new(f.kind, format!("{}: {}", d.name, f.message)));
            }
        }
        if !dry_run {
            self.outputs(report, markdown)
                .map_err(|e| Error::service(format!("cannot write the CI outputs: {e}")))?;
        }
        match format {
            Format::Json => self.json(report),
            Format::Text => {
                self.stdout(&text::deploy(report, started.elapsed()));
                Ok(())
            }
            Format::Markdown => {
                self.stdout(markdown);
                Ok(())
            }
        }
    }

    /// Renders a plan: its warnings, the results on stdout, a `changes` output (`true` or
    /// `false`) the platform's way, and on GitHub `markdown` (the plan's, [`plan::markdown`])
    /// in the job summary.
    pub fn plan(&self, report: &PlanReport, format: Format, markdown: &str) -> Result<()> {
        for w in &report.warnings {
            self.warning(w);
        }
        let changes = report.has_changes();
        match self.platform {
            Platform::Github { output, summary } => {
                let md = self.secrets.redact(markdown);
                github::plan(output.as_deref(), summary.as_deref(), changes, &md)
            }
            Platform::Gitlab { dir } | Platform::Bitbucket { dir } => {
                gitlab::write_changes(dir, changes)
            }
            Platform::Azure => {
                azure::write_changes(changes);
                Ok(())
            }
            Platform::None => Ok(()),
        }
        .map_err(|e| Error::service(format!("cannot write the CI outputs: {e}")))?;
        match format {
            Format::Json => self.json(report),
            Format::Text => {
                let text = self.inert(&plan::text(report));
                // Colour goes in after the text is made inert, which removes every escape
                // sequence a value could hold: only pinflow's own reach the terminal.
                if self.colour {
                    write_stdout(&plan::colour(&text));
                } else {
                    write_stdout(&text);
                }
                Ok(())
            }
            Format::Markdown => {
                self.stdout(markdown);
                Ok(())
            }
        }
    }

    /// Writes the outputs (and summary) of a deploy for the platform.
    fn outputs(&self, report: &DeployReport, markdown: &str) -> std::io::Result<()> {
        let out = Outputs::of(report);
        let redact = |s: &str| self.secrets.redact(s);
        let out = Outputs {
            deployment_ids: redact(&out.deployment_ids),
            version: redact(&out.version),
            deployments: redact(&out.deployments),
        };
        match self.platform {
            Platform::Github { output, summary } => github::write(
                output.as_deref(),
                summary.as_deref(),
                &out,
                &redact(markdown),
            ),
            Platform::Gitlab { dir } => gitlab::write(dir, &out),
            Platform::Bitbucket { dir } => bitbucket::write(dir, &out, report),
            Platform::Azure => {
                azure::write(&out, &redact(&azure::deployments(report)));
                Ok(())
            }
            Platform::None => Ok(()),
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
        Self {
            deployment_ids: ids.join(","),
            version,
            deployments: json_line(&report.deployments),
        }
    }
}

/// Writes text that is already redacted and inert. A reader that went away (`| head`) is not
/// an error.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// A deploy as Markdown: the job summary's table, or for `deploy --preview` the pull
/// request's previews, each name a link to it in the Prefect UI.
pub fn deploy_markdown(report: &DeployReport, preview: bool) -> String {
    let mut md = github::summary_table(report, deploy_title(preview));
    if !report.pruned.is_empty() {
        let names: Vec<String> = report
            .pruned
            .iter()
            .map(|c| escape::markdown_code(&c.name))
            .collect();
        md.push_str(&format!(
            "Deleted by `--prune` (the project file no longer declares them), with their \
             history: {}.\n\n",
            names.join(", ")
        ));
    }
    md
}

/// The heading of a deploy's Markdown.
pub fn deploy_title(preview: bool) -> &'static str {
    if preview {
        "pinflow previews of this pull request"
    } else {
        "pinflow deploy"
    }
}

/// What `preview cleanup` deleted, as Markdown: the comment's previews section once the pull
/// request has closed.
pub fn cleaned_markdown(cleaned: &[crate::deploy::Cleaned]) -> String {
    let names: Vec<String> = cleaned
        .iter()
        .map(|c| escape::markdown_code(&c.name))
        .collect();
    format!(
        "### {}\n\nDeleted with their history by `pinflow preview cleanup`: {}.\n",
        deploy_title(true),
        names.join(", ")
    )
}

/// `title` failed, as Markdown: the error inside a code fence no text can close.
pub fn failure_markdown(title: &str, err: &Error) -> String {
    let message = escape::text(&err.to_string());
    let longest = message.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "### {title} failed\n\n{fence}text\n{}\n{fence}\n",
        message.trim_end()
    )
}

/// One JSON document, pretty-printed, its strings redacted (`shown_value`) and unable to
/// start CI logging commands.
pub fn json<T: Serialize>(value: &T) -> Result<String> {
    shown_value(value)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .map(|s| escape::json(&s))
        .map_err(|e| Error::service(format!("cannot render JSON: {e}")))
}

/// One JSON document on one line (for CI outputs), as [`json`].
pub fn json_line<T: Serialize>(value: &T) -> String {
    shown_value(value)
        .and_then(|v| serde_json::to_string(&v))
        .map(|s| escape::json(&s))
        .unwrap_or_default()
}

/// `value` as JSON with the run's secrets redacted from every string and key *before* it is
/// written: in JSON text a secret takes escaped forms (`\"`, `\\`, `\u0000`), and redacting the
/// text could cut through an escape and break the document.
fn shown_value<T: Serialize>(value: &T) -> serde_json::Result<serde_json::Value> {
    let mut v = serde_json::to_value(value)?;
    crate::secret::redact_value_shown(&mut v);
    Ok(v)
}

#[cfg(test)]
mod tests;
