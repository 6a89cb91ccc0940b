//! pinflow: pinned, versioned Prefect deployments from CI, in one static binary.
//!
//! Data flows one way: a command (`cmd`) turns its arguments into options; the domain modules
//! plan (`project`, `template`, `flow`, `vcs`, `pin`, `registry` → `deploy`), apply (`api`,
//! `history`) and return results as data; `report` renders them. `env` is the only reader of
//! the process environment, `secret` the only keeper of secret values, `escape` the only place
//! that neutralises text for CI runners, `ci` the only detector of the platform.

pub mod api;
pub mod cli;
pub mod cmd;
pub mod comment;
pub mod deploy;
pub mod diagnostic;
pub mod digest;
pub mod env;
pub mod error;
pub mod escape;
pub mod files;
pub mod flow;
pub mod history;
pub mod http;
pub mod log;
pub mod pin;
pub mod platform;
pub mod project;
pub mod registry;
pub mod report;
pub mod secret;
pub mod template;
mod usage;
pub mod vcs;

pub use cmd::run;
