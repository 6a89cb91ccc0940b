//! One way to render a command's result ([`Render`]): text for a person, JSON through
//! `Serialize` with the run's diagnostics in it, Markdown where the command has one. A failed
//! run's JSON document is [`failure_document`].

use serde::Serialize;
use serde_json::Value;

use super::{text, Format, Reporter};
use crate::deploy::{CleanupReport, Skipped};
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::escape;
use crate::history::{MoveReport, VersionsReport};
use crate::registry::Resolved;

/// A command's result, as each output shows it. JSON is the value's `Serialize` with the run's
/// `diagnostics` beside its fields ([`document`]).
pub(crate) trait Render: Serialize {
    /// Lines for a person.
    fn text(&self) -> String;

    /// Markdown (a job summary, a comment), where the command has one; else its text.
    fn markdown(&self) -> Option<String> {
        None
    }
}

impl Reporter<'_> {
    /// Prints `result` in `format` on stdout: redacted, every line inert.
    pub(crate) fn render<R: Render>(&self, result: &R, format: Format) -> Result<()> {
        match format {
            Format::Json => self.document(result, Vec::new()),
            Format::Text | Format::Env => {
                self.stdout(&result.text());
                Ok(())
            }
            Format::Markdown => {
                self.stdout(&result.markdown().unwrap_or_else(|| result.text()));
                Ok(())
            }
        }
    }

    /// Prints `value` as one JSON document with the run's diagnostics (and `errors`, the
    /// failures the value holds) in its `diagnostics` field.
    pub(crate) fn document<T: Serialize>(&self, value: &T, errors: Vec<Diagnostic>) -> Result<()> {
        self.json(&document(value, errors)?)
    }

    /// Prints the JSON document of a failed run: the run's diagnostics, the error last.
    pub(crate) fn failure_document(&self, err: &Error) -> Result<()> {
        self.json(&failure_document(err))
    }

    /// Shows a diagnostic the platform's way, as the run reports it.
    pub(crate) fn diagnostic(&self, d: &Diagnostic) {
        match d.severity {
            diagnostic::Severity::Warning => self.warning(&d.to_string()),
            diagnostic::Severity::Error => {
                let mut err = Error::new(error_kind(d), d.message.clone());
                if let Some(at) = &d.location {
                    err = err.at(at.clone());
                }
                self.error(&err);
            }
        }
    }
}

/// The error kind whose code `d` carries (a service error for a warning's code).
fn error_kind(d: &Diagnostic) -> crate::error::ErrorKind {
    use crate::error::ErrorKind;
    [ErrorKind::Usage, ErrorKind::Project, ErrorKind::Partial]
        .into_iter()
        .find(|k| diagnostic::Code::of(*k) == d.code)
        .unwrap_or(ErrorKind::Service)
}

/// `value` as a JSON object with `diagnostics`: the run's, then `errors`. A value that is not
/// an object is put under `result`.
pub(crate) fn document<T: Serialize>(value: &T, errors: Vec<Diagnostic>) -> Result<Value> {
    let v = serde_json::to_value(value)
        .map_err(|e| Error::service(format!("cannot render JSON: {e}")))?;
    let mut map = match v {
        Value::Object(map) => map,
        other => serde_json::Map::from_iter([("result".to_owned(), other)]),
    };
    let mut all = diagnostic::collected();
    all.extend(errors);
    map.insert("diagnostics".to_owned(), serde_json::json!(all));
    Ok(Value::Object(map))
}

/// The JSON document of a failed run: `{"diagnostics": [...]}`, the error last.
pub(crate) fn failure_document(err: &Error) -> Value {
    let mut all = diagnostic::collected();
    all.push(Diagnostic::of_error(err));
    serde_json::json!({ "diagnostics": all })
}

/// The run's warnings as Markdown for a job summary or comment; empty when there are none.
pub(crate) fn diagnostics_markdown(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let items: String = diagnostics
        .iter()
        .map(|d| {
            format!(
                "- {} {}\n",
                escape::markdown_code(&d.code.as_str()),
                escape::markdown_code(&d.to_string())
            )
        })
        .collect();
    format!("\n**Warnings**\n\n{items}")
}

impl Render for VersionsReport {
    fn text(&self) -> String {
        text::versions(self)
    }
}

impl Render for MoveReport {
    fn text(&self) -> String {
        text::moved(self)
    }
}

impl Render for Resolved {
    fn text(&self) -> String {
        format!("{}\n", self.image)
    }
}

/// What `preview cleanup` did, and whether it was a dry run.
#[derive(Debug, Serialize)]
pub(crate) struct Cleanup<'a> {
    /// Nothing was deleted; `deleted` is what would be.
    pub dry_run: bool,
    /// What was deleted and what was left alone.
    #[serde(flatten)]
    pub report: &'a CleanupReport,
}

impl Render for Cleanup<'_> {
    fn text(&self) -> String {
        let mut shown = text::cleaned(&self.report.deleted, self.dry_run);
        shown.push_str(&skipped_text(&self.report.skipped));
        shown
    }
}

/// One line per deployment a cleanup left alone.
fn skipped_text(skipped: &[Skipped]) -> String {
    skipped
        .iter()
        .map(|s| format!("skipped  {}: {}\n", s.name, s.why))
        .collect()
}

/// What `check` found of one deployment.
#[derive(Debug, Serialize)]
pub(crate) struct Checked {
    /// The deployment's name.
    pub name: String,
    /// Whether it plans without problems.
    pub ok: bool,
    /// Its entrypoint, when it was read.
    pub entrypoint: Option<String>,
}

/// What `check` found.
#[derive(Debug, Serialize)]
pub(crate) struct CheckReport {
    /// One entry per deployment checked.
    pub deployments: Vec<Checked>,
}

impl Render for CheckReport {
    fn text(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .deployments
            .iter()
            .map(|c| match &c.entrypoint {
                Some(e) if c.ok => vec!["ok".to_owned(), c.name.clone(), format!("({e})")],
                _ => vec!["FAILED".to_owned(), c.name.clone()],
            })
            .collect();
        text::table(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn a_failure_is_one_document_with_the_error_last() {
        let err = Error::project("bad").at(crate::error::Location::line("prefect.yaml", Some(2)));
        let doc = failure_document(&err);
        let last = doc["diagnostics"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["code"], "project");
        assert_eq!(last["severity"], "error");
        assert_eq!(last["message"], "bad");
        assert_eq!(last["location"]["file"], "prefect.yaml");
    }

    #[test]
    fn a_value_that_is_not_an_object_goes_under_result() {
        let doc = document(&vec![1, 2], Vec::new()).unwrap();
        assert_eq!(doc["result"], serde_json::json!([1, 2]));
        assert!(doc["diagnostics"].is_array());
    }

    #[test]
    fn warnings_in_markdown_are_inert() {
        let d = Diagnostic::warning(Code::Unpinned, "image `x` @here [a](b)");
        let md = diagnostics_markdown(&[d]);
        assert!(
            md.contains("``unpinned``") || md.contains("`unpinned`"),
            "{md}"
        );
        assert!(md.contains("``image `x` @here [a](b)``"), "{md}");
        assert_eq!(diagnostics_markdown(&[]), "");
    }
}
