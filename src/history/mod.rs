//! Deployment version history on any Prefect server (spec/versions.md).
//!
//! Each deployment has an append-only series of Prefect artifacts (key `pinflow-<id>`), one
//! record per event: `created` (a new version, with a snapshot of its versioned fields),
//! `rollback` and `promote`. Records are never edited. The live version is not stored: it is
//! the newest `created` record whose content hash equals the hash of the deployment's current
//! versioned fields, so an edit made outside pinflow shows as untracked, never as a wrong
//! version, and concurrent deploys cannot make the history lie.
//!
//! `record` is the record format, `timeline` a deployment with its records, `versions`,
//! `move_live` the commands, `deploy` what a deploy asks of the history, and `shown` the table
//! each record carries for the Prefect UI.

mod deploy;
mod move_live;
mod record;
mod shown;
mod timeline;
mod versions;

pub(crate) use deploy::{
    after_update, record_created, unchanged, unchanged_from_newest, NewVersion,
};
pub(crate) use move_live::{move_live, Direction, MoveAction, MoveOptions, MoveReport};
pub(crate) use record::{
    artifact_key, canonical, fields_hash, same_value, versioned_fields, Event, Record, VERSIONED,
};
pub(crate) use versions::{versions, VersionEntry, VersionsReport};
