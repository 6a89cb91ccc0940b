//! Sending one request to the Prefect API: [`crate::http::exchange`] sends it, retries and
//! all, under the Prefect [`crate::http::policy::prefect`] policy; what is Prefect's own is
//! here — the concurrency gate around each attempt, the CSRF headers and their refresh when
//! the server asks, the request trace, whether an unanswered write may have been acted on,
//! and the wording of retries and errors.
//!
//! A busy server (429/503) is contention, not failure: it gets four times the retries, with
//! short backoff, while the gate lowers the concurrency.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

use super::bounds::Answer;
use super::errors::describe;
use super::Client;
use crate::error::Error;
pub use crate::http::retry::parse_retry_after;
pub(super) use crate::http::retry::Repeat;
use crate::http::{self, Exchange, Failure, Retry, Verdict, Why};

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
        self.trace.record(&method, url, body);
        let call = Call {
            what: format!("{method} {}", url.path()),
            client: self,
            method,
            url,
            body,
            answer,
            csrf_refreshed: AtomicBool::new(false),
        };
        let policy =
            http::policy::prefect(self.conn.timeout, self.conn.max_retries, answer.max_bytes());
        let reply = http::exchange(&call, repeat, &policy).await?;
        Ok((
            reply.status,
            String::from_utf8_lossy(&reply.body).into_owned(),
        ))
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
}

/// One request to the Prefect API, as [`http::exchange`] sends it.
struct Call<'a> {
    client: &'a Client,
    /// `METHOD /path`, for logs and errors (never the query).
    what: String,
    method: Method,
    url: &'a url::Url,
    body: Option<&'a Value>,
    answer: Answer,
    /// The CSRF token was fetched again for this request already.
    csrf_refreshed: AtomicBool,
}

impl Call<'_> {
    fn mutating(&self) -> bool {
        self.method != Method::GET
    }
}

impl Exchange for Call<'_> {
    type Error = Failed;

    /// The request with credentials, CSRF token and body, once the gate lets it through.
    async fn request(&self) -> Result<RequestBuilder, Failed> {
        let c = self.client;
        let mut req = c.authorized(c.http.request(self.method.clone(), self.url.clone()));
        if self.mutating() {
            if let Some((token, client)) = c.csrf_token(false).await? {
                req = req
                    .header("Prefect-Csrf-Token", token)
                    .header("Prefect-Csrf-Client", client);
            }
        }
        if let Some(b) = self.body {
            req = req.json(b);
        }
        c.gate.enter().await;
        Ok(req)
    }

    fn abandoned(&self) {
        self.client.gate.abandon();
    }

    fn sent(&self, outcome: &reqwest::Result<reqwest::Response>, took: Duration) {
        let (what, ms) = (&self.what, took.as_millis());
        tracing::debug!("{what} -> {} in {ms} ms", describe(outcome));
        let busy = matches!(outcome, Ok(r) if matches!(r.status().as_u16(), 429 | 503));
        self.client.gate.leave(busy);
    }

    /// Only the run's first retry is logged at the default level (info when the server is
    /// merely busy, else a warning): a busy SQLite server is normal, and one line says so;
    /// the rest are debug lines.
    fn retrying(&self, retry: &Retry<'_>) {
        let log = format!(
            "{}: {}; retry {} of {} in {:.2}s",
            self.what,
            why(&retry.why),
            retry.retries + 1,
            retry.budget,
            retry.wait.as_secs_f64()
        );
        let first = !self.client.retried.swap(true, Ordering::Relaxed);
        match (first, retry.busy) {
            (true, true) => tracing::info!(
                "{log} (the server is busy; later retries are logged with PINFLOW_LOG=debug)"
            ),
            (true, false) => {
                tracing::warn!("{log} (later retries are logged with PINFLOW_LOG=debug)")
            }
            (false, _) => tracing::debug!("{log}"),
        }
    }

    fn gave_up(&self, reason: &Why<'_>, max_wait: Duration) {
        tracing::warn!(
            "{}: {}; no more retries (pinflow waits at most {}s in all for one request)",
            self.what,
            why(reason),
            max_wait.as_secs()
        );
    }

    /// A 403 for a missing or stale CSRF token: a fresh token, and the request once more.
    async fn answered(&self, reply: &http::Answer) -> Result<Verdict, Failed> {
        let csrf = reply.status == StatusCode::FORBIDDEN
            && String::from_utf8_lossy(&reply.body).contains("CSRF token");
        if !csrf || self.csrf_refreshed.swap(true, Ordering::Relaxed) {
            return Ok(Verdict::Return);
        }
        self.client.csrf_token(true).await?;
        Ok(Verdict::Again)
    }

    /// Once a request is sent, a lost answer leaves open whether the server acted.
    fn failed(&self, failure: Failure) -> Failed {
        match failure {
            Failure::NoAnswer(e) => Failed {
                error: self.client.transport_error(&self.what, &e),
                unanswered: self.mutating() && !e.is_connect(),
            },
            Failure::TooBig(_) => self.answer.too_big(&self.what).into(),
            other => Error::service(format!("{}: {other}", self.what)).into(),
        }
    }
}

/// Why a request is asked again, in the words of the Prefect client's log.
fn why(why: &Why<'_>) -> String {
    match why {
        Why::Sent(outcome) => describe(outcome),
        Why::Body(e) if e.is_timeout() => "the answer timed out".to_owned(),
        Why::Body(_) => "the answer was cut off".to_owned(),
    }
}
