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
    let terminal = std::io::stderr().is_terminal();
    let colour = env.raw("NO_COLOR").is_none() && terminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_ansi(colour)
        .with_target(false)
        .without_time();
    if terminal {
        builder.with_writer(std::io::stderr).init();
    } else {
        // A CI log: no line may read as a runner command (see `ci::inert_text`).
        builder.with_writer(|| InertStderr).init();
    }
}

/// stderr, with every log line made inert for CI runners. The formatter writes each event
/// whole, in one call.
struct InertStderr;

impl std::io::Write for InertStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = crate::ci::inert_text(&String::from_utf8_lossy(buf));
        std::io::stderr().lock().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
