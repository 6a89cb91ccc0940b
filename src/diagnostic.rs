//! One kind of diagnostic: what went wrong or what the user should know, with a stable code,
//! the place in a file when there is one, and a hint.
//!
//! An error reaches the user as a [`Diagnostic`] made from [`Error`]; a warning is reported
//! here ([`warn`]) by whatever module finds it. The run collects every warning ([`install`]),
//! shows it at once the platform's way (a log line, an annotation), and each output renders
//! what was collected: the JSON document's `diagnostics`, the job summary and the pull request
//! comment. `tracing` is only for progress and debug traces.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::error::{Error, ErrorKind, Location};

/// How bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    /// The run (or a deployment of it) failed.
    Error,
    /// The run went on; the user should know.
    Warning,
}

/// A diagnostic's stable code (listed in docs/cli.md): scripts branch on it, not on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Code {
    /// Error: bad flags or arguments (exit 2).
    Usage,
    /// Error: the project file or a file it points to is invalid (exit 3).
    Project,
    /// Error: a service failed or refused (exit 4).
    Service,
    /// Error: some deployments were applied and some failed (exit 5).
    Partial,
    /// Error: `apply` refused a plan the server moved on from (exit 7).
    Stale,
    /// A key the project file may not have; ignored.
    UnknownKey,
    /// A key written twice in one mapping; the last one is used.
    DuplicateKey,
    /// A deployment without a name; skipped, as Prefect skips it.
    UnnamedDeployment,
    /// A parameter the flow's schema leaves open (any value).
    OpenParameter,
    /// A parameter the flow does not take.
    UnknownParameter,
    /// `sla` is not applied.
    SlaNotApplied,
    /// `--dry-run`: build and push steps are not run.
    StepsNotRun,
    /// A Prefect variable the project refers to does not exist.
    MissingVariable,
    /// A deployment with an image and no pull steps runs in /opt/prefect.
    DefaultWorkingDirectory,
    /// `schedules: []` keeps the existing schedules.
    SchedulesKept,
    /// An image (or commit) that could not be pinned: the deployment goes out unpinned.
    Unpinned,
    /// The working tree differs from the commit the version records.
    UncommittedChanges,
    /// Version info that could not be read completely.
    VersionInfo,
    /// A deployment changed on the server while pinflow was writing it.
    ConcurrentChange,
    /// `preview cleanup` left a deployment alone.
    PreviewLeftAlone,
    /// `--prune` left alone, or did not run on, a deployment the file no longer declares.
    PruneLeftAlone,
    /// The pull request comment (`--comment`) could not be written (completely).
    Comment,
    /// A CI output value that had to be changed to be written safely.
    OutputValue,
    /// A connection setting that weakens or bypasses something (TLS, proxy).
    Connection,
    /// A registry credential helper that could not be run.
    CredentialHelper,
    /// The request trace (`PINFLOW_TRACE`) could not be written.
    Trace,
}

impl Code {
    /// Every code, in the order docs/cli.md lists them (a test holds the two alike).
    #[cfg(test)]
    pub(crate) const ALL: [Code; 26] = [
        Code::Usage,
        Code::Project,
        Code::Service,
        Code::Partial,
        Code::Stale,
        Code::UnknownKey,
        Code::DuplicateKey,
        Code::UnnamedDeployment,
        Code::OpenParameter,
        Code::UnknownParameter,
        Code::SlaNotApplied,
        Code::StepsNotRun,
        Code::MissingVariable,
        Code::DefaultWorkingDirectory,
        Code::SchedulesKept,
        Code::Unpinned,
        Code::UncommittedChanges,
        Code::VersionInfo,
        Code::ConcurrentChange,
        Code::PreviewLeftAlone,
        Code::PruneLeftAlone,
        Code::Comment,
        Code::OutputValue,
        Code::Connection,
        Code::CredentialHelper,
        Code::Trace,
    ];

    /// The error code of an error kind.
    pub(crate) fn of(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Usage => Code::Usage,
            ErrorKind::Project => Code::Project,
            ErrorKind::Service => Code::Service,
            ErrorKind::Partial => Code::Partial,
            ErrorKind::Stale => Code::Stale,
        }
    }

    /// The code as written in JSON and docs/cli.md.
    pub(crate) fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One thing to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// Where in a file, when the problem is in one.
    pub location: Option<Location>,
    /// What happened and what to do, for a person.
    pub message: String,
    /// What to do, when it is not in the message.
    pub hint: Option<String>,
    /// The HTTP status of the service's answer that caused it, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

impl Diagnostic {
    /// A warning with `code` and `message`.
    pub(crate) fn warning(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            code,
            location: None,
            message: message.into(),
            hint: None,
            status: None,
        }
    }

    /// The same diagnostic at `location`.
    pub(crate) fn at(self, location: Location) -> Self {
        Self {
            location: Some(location),
            ..self
        }
    }

    /// `err` as an error diagnostic: its kind's code, its place, its status.
    pub(crate) fn of_error(err: &Error) -> Self {
        Self {
            severity: Severity::Error,
            code: Code::of(err.kind),
            location: err.location().cloned(),
            message: err.message().to_owned(),
            hint: None,
            status: err.status(),
        }
    }
}

/// As an error shows: the place in front, then the message and the hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.location {
            write!(f, "{at}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// How the run shows a diagnostic the moment it is reported.
pub(crate) type Show = Arc<dyn Fn(&Diagnostic) + Send + Sync>;

struct Run {
    collected: Vec<Diagnostic>,
    show: Show,
}

static RUN: Mutex<Option<Run>> = Mutex::new(None);

/// Starts collecting this run's diagnostics, each shown by `show` as it is reported.
pub(crate) fn install(show: Show) {
    *RUN.lock().unwrap_or_else(|e| e.into_inner()) = Some(Run {
        collected: Vec::new(),
        show,
    });
}

/// Reports `diagnostic`: shown at once and kept for the outputs. Without a run (a library
/// caller, a unit test) it is logged.
pub(crate) fn report(diagnostic: Diagnostic) {
    let show = {
        let mut run = RUN.lock().unwrap_or_else(|e| e.into_inner());
        match run.as_mut() {
            Some(run) => {
                run.collected.push(diagnostic.clone());
                run.show.clone()
            }
            None => {
                tracing::warn!("{diagnostic}");
                return;
            }
        }
    };
    show(&diagnostic);
}

/// Reports a warning with `code` and `message`.
pub(crate) fn warn(code: Code, message: impl Into<String>) {
    report(Diagnostic::warning(code, message));
}

/// Reports a warning with `code` and `message` at `location`.
pub(crate) fn warn_at(code: Code, location: Location, message: impl Into<String>) {
    report(Diagnostic::warning(code, message).at(location));
}

/// Every diagnostic reported in this run so far, in order.
pub(crate) fn collected() -> Vec<Diagnostic> {
    RUN.lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(|run| run.collected.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_keeps_its_kind_place_and_status() {
        let err = Error::service("reading x failed with 429")
            .with_status(429)
            .at(Location::line("prefect.yaml", Some(3)));
        let d = Diagnostic::of_error(&err);
        assert_eq!(d.code, Code::Service);
        assert_eq!(d.status, Some(429));
        assert_eq!(d.to_string(), err.to_string());
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "service");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["location"]["line"], 3);
    }

    #[test]
    fn every_code_is_in_the_docs_table() {
        let docs = include_str!("../docs/cli.md");
        let table: Vec<&str> = docs
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .collect();
        let codes: Vec<String> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(table, codes);
    }

    #[test]
    fn codes_are_kebab_case() {
        assert_eq!(
            Code::DefaultWorkingDirectory.as_str(),
            "default-working-directory"
        );
        assert_eq!(Code::of(ErrorKind::Partial).as_str(), "partial");
    }
}
