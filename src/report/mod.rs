//! Rendering results and errors: text for a person, one JSON document for machines, Markdown
//! (the job summary, the pull request comment), and the values the CI platform
//! ([`crate::platform`]) turns into its outputs and annotations.
//!
//! Everything pinflow shows goes through a [`Reporter`]: secrets are redacted, and every line is
//! made inert for CI runners (`escape`), except pinflow's own commands. An error is printed
//! here and only here, once.

mod markdown;
pub(crate) mod plan;
mod render;
pub(crate) mod text;

pub(crate) use render::{diagnostics_markdown, failure_document, CheckReport, Checked, Cleanup};

use std::io::Write;

use serde::Serialize;

use crate::deploy::{Action, DeployReport, PlanReport};
use crate::error::{Error, Result};
use crate::escape;
use crate::platform::{Output, Platform, Severity};
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
    /// `PINFLOW_*=value` lines (`version-info`).
    Env,
}

/// Renders results and errors for one run on one platform.
#[derive(Debug)]
pub(crate) struct Reporter<'a> {
    platform: &'a dyn Platform,
    secrets: &'a Secrets,
    colour: bool,
}

impl<'a> Reporter<'a> {
    /// A reporter for `platform` that hides `secrets`.
    pub(crate) fn new(platform: &'a dyn Platform, secrets: &'a Secrets) -> Self {
        Self {
            platform,
            secrets,
            colour: false,
        }
    }

    /// Colours a plan's words on stdout (for a terminal; the caller decides).
    pub(crate) fn with_colour(mut self, colour: bool) -> Self {
        self.colour = colour;
        self
    }

    /// Prints results on stdout: redacted, every line inert.
    pub(crate) fn stdout(&self, text: &str) {
        write_stdout(&self.inert(text));
    }

    /// `text` redacted, every line inert.
    fn inert(&self, text: &str) -> String {
        escape::text(&self.secrets.redact(text))
    }

    /// Prints `value` as one JSON document on stdout: redacted string by string ([`json`]),
    /// so the document stays valid JSON whatever a secret holds.
    pub(crate) fn json<T: Serialize>(&self, value: &T) -> Result<()> {
        write_stdout(&escape::text(&(json(value)? + "\n")));
        Ok(())
    }

    /// Prints an error the platform's way: an annotation at its file and line on GitHub and
    /// Azure, the pipe's `✖` line on Bitbucket, an error log line elsewhere.
    pub(crate) fn error(&self, err: &Error) {
        let message = self.secrets.redact(&err.to_string());
        match self
            .platform
            .annotation(Severity::Error, &message, err.location())
        {
            Some(line) => eprintln!("{line}"),
            None => tracing::error!("{message}"),
        }
    }

    /// Prints a warning about the whole run the platform's way (an annotation on GitHub and
    /// Azure).
    pub(crate) fn warning(&self, message: &str) {
        let message = self.secrets.redact(message);
        match self.platform.annotation(Severity::Warning, &message, None) {
            Some(line) => eprintln!("{line}"),
            None => tracing::warn!("{message}"),
        }
    }

    /// Renders a deploy: its warnings and each failure once (as an error), the results on
    /// stdout, and — unless this was a dry run — the platform's outputs and, on GitHub,
    /// `markdown` (the deploy's, [`deploy_markdown`]) in the job summary.
    pub(crate) fn deploy(
        &self,
        report: &DeployReport,
        format: Format,
        dry_run: bool,
        started: std::time::Instant,
        markdown: &str,
    ) -> Result<()> {
        for d in &report.deployments {
            if let Some(f) = &d.error {
                self.error(&failed(&d.name, f));
            }
        }
        if !dry_run {
            self.outputs(report, markdown)
                .map_err(|e| Error::service(format!("cannot write the CI outputs: {e}")))?;
        }
        match format {
            Format::Json => self.document(report, failures(report)),
            Format::Text | Format::Env => {
                self.stdout(&text::deploy(report, started.elapsed()));
                Ok(())
            }
            Format::Markdown => {
                self.stdout(markdown);
                Ok(())
            }
        }
    }

    /// Puts a failed run's Markdown (`failure_markdown` and its warnings) in the job summary,
    /// redacted, so that the summary says the run failed and why. A summary that cannot be
    /// written is only a warning: the run's own error is what it ends with.
    pub(crate) fn failure_summary(&self, markdown: &str) {
        if let Err(e) = self.platform.write_summary(&self.secrets.redact(markdown)) {
            crate::diagnostic::warn(
                crate::diagnostic::Code::OutputValue,
                format!("cannot write the job summary: {e}"),
            );
        }
    }

    /// Renders a plan: its warnings, the results on stdout, a `changes` output (`true` or
    /// `false`) the platform's way, and on GitHub `markdown` (the plan's, [`plan::markdown`])
    /// in the job summary.
    pub(crate) fn plan(&self, report: &PlanReport, format: Format, markdown: &str) -> Result<()> {
        let changes = report.has_changes().to_string();
        let md = self.secrets.redact(markdown);
        self.platform
            .write_outputs(&[Output::plain("changes", &changes)], Some(&md))
            .map_err(|e| Error::service(format!("cannot write the CI outputs: {e}")))?;
        match format {
            Format::Json => self.document(report, Vec::new()),
            Format::Text | Format::Env => {
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

    /// Writes the outputs (and summary) of a deploy for the platform; on Bitbucket, the pipe's
    /// final line when no deployment failed.
    fn outputs(&self, report: &DeployReport, markdown: &str) -> std::io::Result<()> {
        let out = Outputs::of(report);
        let redact = |s: &str| self.secrets.redact(s);
        // Outputs set by log lines (Azure) keep commit text (message, branch) off them.
        let deployments = if self.platform.outputs_on_log_lines() {
            brief_deployments(report)
        } else {
            out.deployments
        };
        let (ids, version) = (redact(&out.deployment_ids), redact(&out.version));
        let deployments = redact(&deployments);
        let outputs = [
            Output::plain("deployment-ids", &ids),
            Output::plain("version", &version),
            Output::json("deployments", &deployments),
        ];
        self.platform
            .write_outputs(&outputs, Some(&redact(markdown)))?;
        if report.count(Action::Failed) == 0 {
            let version = if version.is_empty() {
                "(several)".to_owned()
            } else {
                escape::line(&version)
            };
            let message = format!(
                "pinflow deployed {} deployment(s), version {version}",
                report.deployments.len()
            );
            if let Some(line) = self.platform.done(&message) {
                eprintln!("{line}");
            }
        }
        Ok(())
    }
}

/// The deployments as one line of JSON without `version_info`, for outputs set by log lines.
fn brief_deployments(report: &DeployReport) -> String {
    let brief: Vec<serde_json::Value> = report
        .deployments
        .iter()
        .map(|d| {
            serde_json::json!({"name": d.name, "id": d.id, "action": d.action,
                "version": d.version, "pinned": d.pinned, "url": d.url})
        })
        .collect();
    json_line(&brief)
}

/// A deployment's failure as an error: its name in front.
fn failed(name: &str, f: &crate::deploy::Failure) -> Error {
    Error::new(f.kind, format!("{name}: {}", f.message))
}

/// Each failed deployment of a deploy as an error diagnostic.
fn failures(report: &DeployReport) -> Vec<crate::diagnostic::Diagnostic> {
    report
        .deployments
        .iter()
        .filter_map(|d| Some(failed(&d.name, d.error.as_ref()?)))
        .map(|e| crate::diagnostic::Diagnostic::of_error(&e))
        .collect()
}

/// The values every platform receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outputs {
    /// Comma-separated deployment ids.
    pub deployment_ids: String,
    /// The version name when all deployments share one, else empty.
    pub version: String,
    /// The deployments as one line of JSON.
    pub deployments: String,
}

impl Outputs {
    /// The outputs of a deploy.
    pub(crate) fn of(report: &DeployReport) -> Self {
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
pub(crate) fn deploy_markdown(report: &DeployReport, preview: bool) -> String {
    let mut md = markdown::summary_table(report, deploy_title(preview));
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
pub(crate) fn deploy_title(preview: bool) -> &'static str {
    if preview {
        "pinflow previews of this pull request"
    } else {
        "pinflow deploy"
    }
}

/// What `preview cleanup` deleted, as Markdown: the comment's previews section once the pull
/// request has closed.
pub(crate) fn cleaned_markdown(cleaned: &[crate::deploy::Cleaned]) -> String {
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
pub(crate) fn failure_markdown(title: &str, err: &Error) -> String {
    let block = escape::markdown_code_block(&err.to_string(), "text");
    format!("### {title} failed\n\n{block}")
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
pub(crate) fn json_line<T: Serialize>(value: &T) -> String {
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
