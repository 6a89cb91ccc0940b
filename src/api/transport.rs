//! Sending one request with bounded retries, and deciding — as a pure function of what came
//! back — whether to send it again.
//!
//! Retried: 408, 429 and 503 (refused before any work; `Retry-After` honoured, bounded), a
//! connection that never reached the server, and — only for requests that are safe to repeat —
//! a gateway's 502/504, a timeout or an answer cut off midway (the server may have acted).
//! A busy server (429/503) is contention, not failure: it gets four times the retries, with
//! short backoff, while the gate lowers the concurrency.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::bounds::Answer;
use super::errors::describe;
use super::Client;
use crate::error::Error;
use crate::http::{self, BodyError};

/// The longest wait a `Retry-After` may ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// The most time one request spends waiting between its retries, whatever the server asks.
const MAX_TOTAL_WAIT: Duration = Duration::from_secs(60);

/// Whether a request may be sent again after an answer that never came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repeat {
    /// Reads, PATCH, upserts: repeating them changes nothing.
    Safe,
    /// Creates: repeating one may create a second.
    Unsafe,
}

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

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attempt {
    /// The server answered with this status.
    Status(u16),
    /// No connection was made: the server never saw the request.
    Unreachable,
    /// Sent, but the answer timed out, broke off or never came.
    Lost,
    /// The request could not be made at all (a bad redirect, a body that cannot be sent).
    Broken,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    /// Hand the result (or error) to the caller.
    Return,
    /// Send it again; `busy` when the server said it was busy.
    Retry {
        /// A busy server (429/503) rather than a failure.
        busy: bool,
        /// How many retries this kind of failure gets.
        budget: u32,
    },
}

/// The retry decision: after `attempt`, having retried `retries` times already.
pub(super) fn next(attempt: Attempt, repeat: Repeat, retries: u32, max_retries: u32) -> Next {
    let busy = matches!(attempt, Attempt::Status(429 | 503));
    let again = match attempt {
        Attempt::Status(408 | 429 | 503) | Attempt::Unreachable => true,
        Attempt::Status(502 | 504) | Attempt::Lost => repeat == Repeat::Safe,
        Attempt::Status(_) | Attempt::Broken => false,
    };
    let budget = if busy {
        max_retries.saturating_mul(4)
    } else {
        max_retries
    };
    if again && retries < budget {
        Next::Retry { busy, budget }
    } else {
        Next::Return
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

/// The wait a `Retry-After: <seconds>` header asks for, bounded; None when absent or not a
/// finite number (an HTTP date is left to the backoff).
fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    let value = resp.headers().get("retry-after")?.to_str().ok()?;
    parse_retry_after(value)
}

/// The wait a `Retry-After` value asks for: a finite number of seconds, at least zero and at
/// most 10 s; None for anything else.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    // Clamped before it becomes a Duration, which cannot hold 1e300 seconds.
    secs.is_finite()
        .then(|| Duration::from_secs_f64(secs.clamp(0.0, MAX_RETRY_AFTER.as_secs_f64())))
}

/// Exponential backoff with jitter: from 50 ms (capped at 2 s) for a busy server, from
/// 500 ms (capped at 8 s) for a failed connection.
pub(super) fn backoff(retries: u32, busy: bool) -> Duration {
    let (first, cap) = if busy { (0.05, 2.0) } else { (0.5, 8.0) };
    let base = first * 2f64.powi(retries.min(16) as i32);
    Duration::from_secs_f64((base + unit_random() * 0.3 * base).min(cap))
}

/// A number in [0, 1) that differs between calls and processes: enough to spread retries,
/// without a random-number crate (std seeds every `RandomState` from the OS).
fn unit_random() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_decision_table() {
        use Attempt::*;
        use Repeat::*;
        let retry = |busy, budget| Next::Retry { busy, budget };
        // (what came back, repeat, retries so far) -> what to do; PREFECT_CLIENT_MAX_RETRIES=2
        let table = [
            (Status(200), Safe, 0, Next::Return),
            (Status(404), Safe, 0, Next::Return),
            (Status(422), Unsafe, 0, Next::Return),
            (Status(500), Safe, 0, Next::Return),
            (Status(408), Unsafe, 0, retry(false, 2)),
            (Status(503), Unsafe, 0, retry(true, 8)),
            (Status(429), Safe, 7, retry(true, 8)),
            (Status(429), Safe, 8, Next::Return),
            (Status(502), Safe, 1, retry(false, 2)),
            (Status(502), Unsafe, 0, Next::Return),
            (Status(504), Unsafe, 0, Next::Return),
            (Unreachable, Unsafe, 1, retry(false, 2)),
            (Unreachable, Unsafe, 2, Next::Return),
            (Lost, Safe, 0, retry(false, 2)),
            (Lost, Unsafe, 0, Next::Return),
            (Broken, Safe, 0, Next::Return),
        ];
        for (attempt, repeat, retries, want) in table {
            assert_eq!(
                next(attempt, repeat, retries, 2),
                want,
                "{attempt:?} {repeat:?} after {retries}"
            );
        }
        assert_eq!(next(Status(503), Safe, 0, u32::MAX), retry(true, u32::MAX));
    }

    #[test]
    fn backoff_grows_with_jitter_and_stays_capped() {
        let first: Vec<Duration> = (0..20).map(|_| backoff(0, true)).collect();
        assert!(first
            .iter()
            .all(|d| *d >= Duration::from_millis(50) && *d < Duration::from_millis(65)));
        assert!(first.iter().any(|d| *d != first[0]), "no jitter: {first:?}");
        assert!(backoff(3, true) >= Duration::from_millis(400));
        assert_eq!(backoff(30, true), Duration::from_secs(2));
        assert_eq!(backoff(30, false), Duration::from_secs(8));
    }

    #[test]
    fn retry_after_is_bounded_and_never_panics() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("99999999"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("-3"), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1e300"),
            Some(MAX_RETRY_AFTER),
            "found by fuzzing"
        );
        for bad in [
            "NaN",
            "inf",
            "-inf",
            "",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "1e999",
        ] {
            assert_eq!(parse_retry_after(bad), None, "{bad:?}");
        }
    }
}
