//! pinflow's error type and its exit codes.
//!
//! A caller branches on [`ErrorKind`]; the message says what went wrong and what to do.

use std::process::ExitCode;

/// What kind of failure this is; each kind has its own exit code (see the README).
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
}

impl ErrorKind {
    /// The process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Project => 3,
            ErrorKind::Service => 4,
            ErrorKind::Partial => 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_from_messages() {
        let at = |m: &str| Error::project(m).location();
        assert_eq!(
            at("prefect.yaml:12 (deployment \"a\", `x`): bad"),
            Some(("prefect.yaml".into(), 12))
        );
        assert_eq!(
            at("/p/flows.py:4:7: Python syntax error"),
            Some(("/p/flows.py".into(), 4))
        );
        assert_eq!(at("PREFECT_API_URL is not set"), None);
        assert_eq!(at("no deployment matches \"x\""), None);
    }
}

/// An error with a kind and a message for a person.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// What kind of failure.
    pub kind: ErrorKind,
    message: String,
}

/// pinflow's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
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
    pub fn context(self, context: impl std::fmt::Display) -> Self {
        Self {
            kind: self.kind,
            message: format!("{context}: {}", self.message),
        }
    }

    /// The file and line the message starts with (`prefect.yaml:12 …`), for CI annotations.
    pub fn location(&self) -> Option<(String, usize)> {
        let head = self.message.split_whitespace().next()?;
        let mut parts = head.trim_end_matches(':').splitn(3, ':');
        let (file, line) = (parts.next()?, parts.next()?.parse().ok()?);
        (!file.is_empty()).then(|| (file.to_owned(), line))
    }

    /// The exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}
