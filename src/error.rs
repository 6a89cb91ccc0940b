//! pinflow's error type and its exit codes.
//!
//! A caller branches on [`ErrorKind`]; the message says what went wrong and what to do. Where
//! the problem is in a file, the error carries a typed [`Location`], which CI annotations use
//! and which the message shows in front (`prefect.yaml:12 (deployment "a", `x`): …`).

use std::fmt;
use std::process::ExitCode;

/// What kind of failure this is; each kind has its own exit code (see docs/cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags or arguments, an unknown deployment name, a version type that does not fit.
    Usage,
    /// The project file or a file it points to is invalid.
    Project,
    /// A service (Prefect, git, a registry, a shell step) failed or refused.
    Service,
    /// Some deployments were applied and some failed.
    Partial,
    /// `apply`: the plan file no longer fits the server it was made against.
    Stale,
}

impl ErrorKind {
    /// The stable code of this kind in diagnostics (see docs/cli.md).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::Project => "project",
            ErrorKind::Service => "service",
            ErrorKind::Partial => "partial",
            ErrorKind::Stale => "stale",
        }
    }

    /// The process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Project => 3,
            ErrorKind::Service => 4,
            ErrorKind::Partial => 5,
            ErrorKind::Stale => 7,
        }
    }
}

/// Where in a file a problem is: the file, its line and column when known, and what is there
/// (`deployment "prod", `work_pool``).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// The entry and field at that place, for people.
    pub what: Option<String>,
}

impl Location {
    /// `file`, at no particular line.
    pub fn file(file: impl fmt::Display) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            column: None,
            what: None,
        }
    }

    /// `file` at `line` (when known).
    pub fn line(file: impl fmt::Display, line: Option<usize>) -> Self {
        Self {
            line,
            ..Self::file(file)
        }
    }

    /// The same place, with a column.
    pub fn column(self, column: usize) -> Self {
        Self {
            column: Some(column),
            ..self
        }
    }

    /// The same place, naming what is there.
    pub fn what(self, what: impl Into<String>) -> Self {
        Self {
            what: Some(what.into()),
            ..self
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(what) = &self.what {
            write!(f, " ({what})")?;
        }
        Ok(())
    }
}

/// An error with a kind, an optional place, and a message for a person.
#[derive(Debug)]
pub struct Error {
    /// What kind of failure.
    pub kind: ErrorKind,
    location: Option<Location>,
    message: String,
    status: Option<u16>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// pinflow's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            location: None,
            message: message.into(),
            status: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// An invalid project file (exit 3).
    pub fn project(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Project, message)
    }

    /// A failing service (exit 4).
    pub fn service(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Service, message)
    }

    /// The same error with `context` put in front of the message.
    pub fn context(self, context: impl fmt::Display) -> Self {
        let message = format!("{context}: {self}");
        Self {
            kind: self.kind,
            location: None,
            message,
            status: self.status,
        }
    }

    /// The same error, placed at `location`. An error that already had a place keeps it in
    /// its text (the outer place is where the user looks first: the project file).
    pub fn at(self, location: Location) -> Self {
        let message = self.to_string();
        Self {
            kind: self.kind,
            location: Some(location),
            message,
            status: self.status,
        }
    }

    /// The same error, caused by a service's answer with HTTP `status` (kept as a number for
    /// the JSON document's diagnostic, not only in the message).
    pub fn with_status(self, status: u16) -> Self {
        Self {
            status: Some(status),
            ..self
        }
    }

    /// The HTTP status of the service's answer that caused this error, when one did.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The message without the place in front.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where the problem is, when it is in a file.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// The exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_show_in_front_of_the_message() {
        let at = Location::line("prefect.yaml", Some(12)).what("deployment \"a\", `x`");
        let err = Error::project("bad").at(at.clone());
        assert_eq!(
            err.to_string(),
            "prefect.yaml:12 (deployment \"a\", `x`): bad"
        );
        assert_eq!(err.location(), Some(&at));
        let flow = Error::project("Python syntax error")
            .at(Location::line("/p/flows.py", Some(4)).column(7));
        assert_eq!(flow.to_string(), "/p/flows.py:4:7: Python syntax error");
        // An inner place stays in the text; the outer one is the error's place.
        let outer = flow.at(Location::line("prefect.yaml", Some(3)));
        assert_eq!(
            outer.to_string(),
            "prefect.yaml:3: /p/flows.py:4:7: Python syntax error"
        );
        assert_eq!(outer.location().unwrap().line, Some(3));
        assert_eq!(Error::usage("PREFECT_API_URL is not set").location(), None);
    }

    #[test]
    fn context_folds_the_place_into_the_text() {
        let err = Error::project("bad")
            .at(Location::file("prefect.yaml"))
            .context("deploying");
        assert_eq!(err.to_string(), "deploying: prefect.yaml: bad");
        assert_eq!(err.location(), None);
        assert_eq!(err.kind, ErrorKind::Project);
    }
}
