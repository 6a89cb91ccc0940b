//! Logging to stderr, one line per event; stdout carries results only.
//!
//! The filter comes from `PINFLOW_LOG`, then `RUST_LOG`, else `info`; a bare level applies to
//! pinflow (libraries log warnings and errors only). No colour under
//! `NO_COLOR` or when stderr is not a terminal. Every line has the run's secrets redacted, and
//! off a terminal it is made inert for CI runners. A panic's message is printed the same way
//! ([`panic_hook`]), never by Rust's default hook.

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

/// Prints a panic (a bug in pinflow) as one redacted, inert report instead of Rust's default
/// hook, which would print its message raw: a message may quote input, and on CI a line of
/// it could run as a command or show a secret. Call again to hide a fuller set of secrets.
pub fn panic_hook(secrets: Secrets) {
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::capture();
        let report = panic_report(&message, &at, &backtrace.to_string(), &secrets);
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), report.as_bytes());
    }));
}

/// What [`panic_hook`] prints: the message, where, and the backtrace when one was captured
/// (`RUST_BACKTRACE=1`), redacted and inert.
fn panic_report(message: &str, at: &str, backtrace: &str, secrets: &Secrets) -> String {
    let mut report = format!(
        "error: pinflow stopped on an internal error at {at} (a bug; please report it): {message}\n"
    );
    if !backtrace.is_empty() && !backtrace.starts_with("disabled") {
        report.push_str(backtrace);
        report.push('\n');
    }
    crate::escape::text(&secrets.redact(&report))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_report_is_redacted_and_inert() {
        let secrets = Secrets::default();
        secrets.learn("pnu_panic_canary");
        let report = panic_report(
            "bad value pnu_panic_canary\n::error::forged\n##vso[task.complete result=Succeeded]",
            "src/x.rs:1",
            "disabled backtrace",
            &secrets,
        );
        assert!(
            report.contains("src/x.rs:1") && report.contains("bad value ***"),
            "{report}"
        );
        for line in report.lines() {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##vso["),
                "{report}"
            );
        }
        assert!(
            !report.contains("canary") && !report.contains("disabled"),
            "{report}"
        );
    }
}
