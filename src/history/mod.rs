//! Deployment version history on any Prefect server (spec/versions.md).
//!
//! Each deployment has an append-only series of Prefect artifacts (key `pinflow-<id>`), one
//! record per event: `created` (a new version, with a snapshot of its versioned fields),
//! `rollback` and `promote`. Records are never edited. The live version is not stored: it is
//! the newest `created` record whose content hash equals the hash of the deployment's current
//! versioned fields, so an edit made outside pinflow shows as untracked, never as a wrong
//! version, and concurrent deploys cannot make the history lie.

mod commands;
mod record;

pub use commands::{
    move_live, record_created, unchanged, versions, Direction, MoveOptions, MoveReport,
    VersionEntry, VersionsReport,
};
pub use record::{
    artifact_key, fields_hash, redact_secrets, secret_hash, versioned_fields, Record, VERSIONED,
};
