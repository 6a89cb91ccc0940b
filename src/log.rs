//! Logging to stderr, one line per event; stdout carries results only.
//!
//! The filter comes from `PINFLOW_LOG`, then `RUST_LOG`, else `info`; a bare level applies to
//! pinflow (libraries log warnings and errors only). No colour under
//! `NO_COLOR` or when stderr is not a terminal. Every line has the run's secrets redacted, and
//! off a terminal it is made inert for CI runners.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::env::Env;
use crate::secret::Secrets;

/// Starts the global subscriber, hiding `secrets`. Call once per process.
pub fn init(env: &Env, secrets: Secrets) {
    let filter = env
        .get("PINFLOW_LOG")
        .or_else(|| env.get("RUST_LOG"))
        .unwrap_or("info");
    // A bare level is pinflow's; the libraries it uses say only what goes wrong.
    let filter = if filter.contains(['=', ',']) {
        filter.to_owned()
    } else {
        format!("warn,pinflow={filter}")
    };
    let terminal = std::io::stderr().is_terminal();
    let colour = env.raw("NO_COLOR").is_none() && terminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_ansi(colour)
        .with_target(false)
        .without_time();
    let writer = move || Stderr {
        secrets: secrets.clone(),
        inert: !terminal,
    };
    // A second call (tests) keeps the first subscriber.
    let _ = builder.with_writer(writer).try_init();
}

/// stderr, with the secrets redacted from every log line and, off a terminal (a CI log), every
/// line made inert for runners (see `escape::text`). The formatter writes each event whole, in
/// one call.
struct Stderr {
    secrets: Secrets,
    inert: bool,
}

impl std::io::Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = self.secrets.redact(&String::from_utf8_lossy(buf));
        let text = if self.inert {
            crate::escape::text(&text)
        } else {
            text
        };
        std::io::stderr().lock().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
