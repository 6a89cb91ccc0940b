//! pinflow: pinned, versioned Prefect deployments from CI, in one static binary.
//!
//! Data flows one way: a command (`cmd`) turns its arguments into options; the domain modules
//! plan (`project`, `template`, `flow`, `vcs`, `pin`, `registry` → `deploy`), apply (`api`,
//! `history`) and return results as data; `report` renders them. `env` is the only reader of
//! the process environment, `secret` the only keeper of secret values, `escape` the only place
//! that neutralises text for CI runners, `platform` the only place that knows a CI platform.
//!
//! The public modules are what the binary uses and the pure text libraries (`escape`,
//! `template`); the rest is `pub(crate)`, and `internals` lends the fuzz targets and the
//! integration tests the few items they call.

#![warn(unreachable_pub)]

pub(crate) mod api;
pub mod cli;
pub(crate) mod cmd;
pub(crate) mod comment;
pub(crate) mod deploy;
pub(crate) mod diagnostic;
pub(crate) mod digest;
pub mod env;
pub mod error;
pub mod escape;
pub(crate) mod files;
pub(crate) mod flow;
pub(crate) mod history;
pub(crate) mod http;
pub mod log;
pub(crate) mod pin;
pub(crate) mod platform;
pub(crate) mod project;
pub(crate) mod registry;
pub(crate) mod report;
pub mod secret;
pub mod template;
mod usage;
pub(crate) mod vcs;

pub use cmd::run;

/// What the fuzz targets and the integration tests reach inside pinflow's private modules:
/// not an API, and not kept stable.
#[doc(hidden)]
pub mod internals {
    pub use crate::api::parse_retry_after;
    pub use crate::comment::{compose, Section};
    pub use crate::digest::sha256_hex;
    pub use crate::flow::from_source;
    pub use crate::http::IDLE_REUSE;
    pub use crate::platform::MASKS;
    pub use crate::project::Project;
    pub use crate::registry::Reference;
    pub use crate::report::json;
}
