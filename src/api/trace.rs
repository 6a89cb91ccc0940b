//! `PINFLOW_TRACE_REQUESTS`: one JSON line per request (method, path, query, body), for
//! benchmarks and for tests that count requests. Secrets are redacted before the line is written.

use std::io::Write;
use std::path::PathBuf;

use reqwest::Method;
use serde_json::{json, Value};

use crate::secret::Secrets;

/// The trace file, when tracing is on.
#[derive(Debug)]
pub(super) struct Trace {
    path: Option<PathBuf>,
    secrets: Secrets,
    /// Serialises appends from concurrent requests.
    lock: std::sync::Mutex<()>,
}

impl Trace {
    pub(super) fn new(path: Option<PathBuf>, secrets: Secrets) -> Self {
        Self {
            path,
            secrets,
            lock: std::sync::Mutex::new(()),
        }
    }

    /// Appends one request.
    pub(super) fn record(&self, method: &Method, url: &url::Url, body: Option<&Value>) {
        let Some(path) = &self.path else { return };
        let line = json!({"method": method.as_str(), "path": url.path(), "query": url.query(), "body": body});
        let line = self.secrets.redact(&line.to_string());
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()));
        if let Err(e) = written {
            crate::diagnostic::warn(
                crate::diagnostic::Code::Trace,
                format!("cannot write the request trace {}: {e}", path.display()),
            );
        }
    }
}
