//! Integration tests: the `pinflow` binary against a real Prefect 3.9.1 server, with the real
//! `prefect deploy` as the reference. `scripts/test.sh` installs Prefect; a missing install
//! fails these tests loudly.
#![allow(clippy::disallowed_methods)] // tests read HOME and PATH to find the tools they drive

mod ci;
mod cleartext;
mod cli;
mod codehosts;
mod comments;
mod deploy;
mod diagnostics;
mod differential;
mod docs;
mod drift;
mod faults;
mod history;
mod hostile;
mod hostile_api;
mod installers;
mod lifecycle;
mod monorepo;
mod newcomer;
mod packaging;
mod pin;
mod plan;
mod previews;
mod previews_owned;
mod production;
mod prune;
mod prune_hostile;
mod realworld;
mod red_planfile;
mod red_planfile2;
mod release;
mod requests;
mod schemas;
mod secrets;
mod support;
mod tls;
mod wrappers;
