//! No CI platform (a person's terminal, or a CI pinflow does not know): nothing extra is
//! written, there is no pull request and no code host, and messages go to the log.

use super::Platform;
use crate::env::Env;
use crate::vcs::VersionType;

/// No CI platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Local;

impl Platform for Local {
    fn name(&self) -> &'static str {
        "local"
    }

    fn on_ci(&self) -> bool {
        false
    }

    fn version_type(&self) -> Option<VersionType> {
        None
    }

    fn pull_request(&self, _env: &Env) -> Option<u64> {
        None
    }

    fn repository_name(&self, _env: &Env) -> Option<String> {
        None
    }

    /// No link; the user, as the shell says.
    fn run(&self, env: &Env) -> (Option<String>, Option<String>) {
        (None, env.get("USER").map(str::to_owned))
    }
}
