//! Logging to stderr, one line per event; stdout carries results only.
//!
//! The filter comes from `PINFLOW_LOG`, then `RUST_LOG`, else `info`. No colour under
//! `NO_COLOR` or when stderr is not a terminal.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::env::Env;

/// Starts the global subscriber. Call once, from `main`.
pub fn init(env: &Env) {
    let filter = env
        .get("PINFLOW_LOG")
        .or_else(|| env.get("RUST_LOG"))
        .unwrap_or("info");
    let colour = env.raw("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .with_target(false)
        .without_time()
        .init();
}
