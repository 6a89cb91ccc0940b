//! Sending one request to the Prefect API with bounded retries: the CSRF token, the
//! concurrency gate and Prefect's error details here; whether to send a request again is
//! decided by [`crate::http::retry`], the one retry decision every service shares.
//!
//! A busy server (429/503) is contention, not failure: it gets four times the retries, with
//! short backoff, while the gate lowers the concurrency.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::bounds::Answer;
use super::errors::describe;
use super::Client;
use crate::error::Error;
pub use crate::http::retry::parse_retry_after;
pub(super) use crate::http::retry::Repeat;
use crate::http::retry::{backoff, next, retry_after, Attempt, Next};
use crate::http::{self, BodyError};

/// The most time one request spends waiting between its retries, whatever the server asks.
const MAX_TOTAL_WAIT: Duration = crate::http::policy::PREFECT_MAX_TOTAL_WAIT;

/// A request that failed; `unanswered` when it was sent and the server may have acted on it.
pub(super) struct Failed {
    pub(super) error: Error,
    pub(super) unanswered: bool,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Self {
            error,
            unanswered: false,
        }
    }
}

impl From<Failed> for Error {
    fn from(failed: Failed) -> Self {
        failed.error
    }
}

impl Client {
    /// Sends one request with retries; returns the status and the JSON body (Null if empty),
    /// read up to what an answer of kind `answer` may be. 404 is an answer, not an error.
    pub(super) async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<&Value>,
        repeat: Repeat,
        answer: Answer,
    ) -> std::result::Result<(StatusCode, Value), Failed> {
        let url = self.url(segments, query);
        let what = format!("{method} {}", url.path());
        let mutating = method != Method::GET;
        let (status, text) = self.send_text(method, &url, body, repeat, answer).await?;
        answer.check_values(&what, &text)?;
        self.answer(&what, status, text, mutating)
    }

    /// Sends one request to `url` with retries; returns the status and the answer's text, read
    /// up to what an answer of kind `answer` may be.
    pub(super) async fn send_text(
        &self,
        method: Method,
        url: &url::Url,
        body: Option<&Value>,
        repeat: Repeat,
        answer: Answer,
    ) -> std::result::Result<(StatusCode, String), Failed> {
        let what = format!("{method} {}", url.path());
        let mutating = method != Method::GET;
        self.trace.record(&method, url, body);
        let mut retries = 0;
        let mut waited = Duration::ZERO;
        let mut csrf_refreshed = false;
        loop {
            let outcome = self.attempt(&method, url, body, mutating).await?;
            let attempt = match &outcome {
                Ok(resp) => Attempt::Status(resp.status().as_u16()),
                Err(e) if e.is_connect() => Attempt::Unreachable,
                Err(e) if e.is_timeout() || e.is_request() => Attempt::Lost,
                Err(_) => Attempt::Broken,
            };
            if let Next::Retry { busy, budget } =
                next(attempt, repeat, retries, self.conn.max_retries)
            {
                let after = outcome.as_ref().ok().and_then(retry_after);
                let wait = after.unwrap_or_else(|| backoff(retries, busy));
                if waited + wait <= MAX_TOTAL_WAIT {
                    self.pause(&what, &describe(&outcome), retries, budget, wait, busy)
                        .await;
                    (retries, waited) = (retries + 1, waited + wait);
                    continue;
                }
                tracing::warn!(
                    "{what}: {}; no more retries (pinflow waits at most {}s in all for one request)",
                    describe(&outcome),
                    MAX_TOTAL_WAIT.as_secs()
                );
            }
            // Once a request is sent, a lost answer leaves open whether the server acted.
            let lost = |e: &reqwest::Error| Failed {
                error: self.transport_error(&what, e),
                unanswered: mutating && !e.is_connect(),
            };
            let resp = outcome.map_err(|e| lost(&e))?;
            let status = resp.status();
            let text = match http::read_capped(resp, answer.max_bytes()).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(BodyError::TooBig) => return Err(answer.too_big(&what).into()),
                // The body was cut off or too slow: as for a lost answer.
                Err(BodyError::Failed(e)) => {
                    match next(Attempt::Lost, repeat, retries, self.conn.max_retries) {
                        Next::Retry { budget, .. } => {
                            let why = if e.is_timeout() {
                                "the answer timed out"
                            } else {
                                "the answer was cut off"
                            };
                            let wait = backoff(retries, false);
                            self.pause(&what, why, retries, budget, wait, false).await;
                            retries += 1;
                            continue;
                        }
                        Next::Return => return Err(lost(&e)),
                    }
                }
            };
            if status == StatusCode::FORBIDDEN && text.contains("CSRF token") && !csrf_refreshed {
                csrf_refreshed = true;
                self.csrf_token(true).await?;
                continue;
            }
            return Ok((status, text));
        }
    }

    /// Sends the request once, with credentials, CSRF token and body, through the gate.
    async fn attempt(
        &self,
        method: &Method,
        url: &url::Url,
        body: Option<&Value>,
        mutating: bool,
    ) -> std::result::Result<reqwest::Result<reqwest::Response>, Failed> {
        let mut req = self.authorized(self.http.request(method.clone(), url.clone()));
        if mutating {
            if let Some((token, client)) = self.csrf_token(false).await? {
                req = req
                    .header("Prefect-Csrf-Token", token)
                    .header("Prefect-Csrf-Client", client);
            }
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        self.gate.enter().await;
        let started = std::time::Instant::now();
        let outcome = req.send().await;
        tracing::debug!(
            "{method} {} -> {} in {} ms",
            url.path(),
            describe(&outcome),
            started.elapsed().as_millis()
        );
        let busy = matches!(&outcome, Ok(r) if matches!(r.status().as_u16(), 429 | 503));
        self.gate.leave(busy);
        Ok(outcome)
    }

    /// The answer as JSON (Null when empty, a string when not JSON); 404 is an answer, any
    /// other failing status an error with the server's detail.
    pub(super) fn answer(
        &self,
        what: &str,
        status: StatusCode,
        text: String,
        mutating: bool,
    ) -> std::result::Result<(StatusCode, Value), Failed> {
        let json: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        if status.is_success() || status == StatusCode::NOT_FOUND {
            return Ok((status, json));
        }
        Err(Failed {
            error: self.status_error(what, status, &json),
            unanswered: mutating && matches!(status.as_u16(), 502 | 504),
        })
    }

    /// Logs retry `retries + 1` of `budget` of `what`, then waits. Only the run's first retry
    /// is logged at the default level (info when the server is merely busy, else a warning):
    /// a busy SQLite server is normal, and one line says so; the rest are debug lines.
    async fn pause(
        &self,
        what: &str,
        why: &str,
        retries: u32,
        budget: u32,
        wait: Duration,
        busy: bool,
    ) {
        let log = format!(
            "{what}: {why}; retry {} of {budget} in {:.2}s",
            retries + 1,
            wait.as_secs_f64()
        );
        let first = !self
            .retried
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        match (first, busy) {
            (true, true) => tracing::info!(
                "{log} (the server is busy; later retries are logged with PINFLOW_LOG=debug)"
            ),
            (true, false) => {
                tracing::warn!("{log} (later retries are logged with PINFLOW_LOG=debug)")
            }
            (false, _) => tracing::debug!("{log}"),
        }
        tokio::time::sleep(wait).await;
    }
}
