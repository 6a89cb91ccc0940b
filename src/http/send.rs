//! Sending one request to a service other than Prefect (a code host's API, the GitHub commit
//! lookup, a container registry) under that service's [`Policy`] (all in [`super::policy`]): sent again as [`super::retry`] decides (a busy host, a dropped
//! connection, a lost answer to a request that is safe to repeat), the waits bounded in all,
//! the whole exchange within a deadline, and the answer's body read only up to a cap.

use std::time::Duration;

use reqwest::{Client, Request, StatusCode};

use super::retry::{backoff, next, retry_after, Attempt, Next, Repeat};
use super::{failure, read_capped, BodyError};

/// How one service's requests are sent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    /// The longest one attempt may take (the client's timeout: [`super::client`]).
    pub(crate) timeout: Duration,
    /// Times a request is sent again after a failure (a busy service gets four times as many).
    pub(crate) retries: u32,
    /// The most time spent waiting between the retries of one request.
    pub(crate) max_wait: Duration,
    /// The longest one request may take, its retries and its answer's body included.
    pub(crate) deadline: Duration,
    /// The largest answer body read; a bigger one is refused, not buffered.
    pub(crate) max_body: usize,
}

/// A service's answer: its status and its whole body (at most the policy's cap).
#[derive(Debug)]
pub(crate) struct Answer {
    /// The status.
    pub(crate) status: StatusCode,
    /// The headers.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// The body.
    pub(crate) body: Vec<u8>,
}

/// Why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection failed, timed out or broke off (in words).
    NoAnswer(&'static str),
    /// The answer's body is larger than the cap (in bytes).
    TooBig(usize),
    /// The request took longer than the policy's deadline (in seconds).
    Deadline(u64),
    /// The request cannot be sent again (its body is a stream).
    Broken,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NoAnswer(why) => f.write_str(why),
            Failure::TooBig(max) => write!(f, "the answer is too large (larger than {max} bytes)"),
            Failure::Deadline(secs) => write!(f, "no whole answer within {secs}s"),
            Failure::Broken => f.write_str("the request could not be sent"),
        }
    }
}

/// Sends `request` under `policy`; `repeat` says whether it may be sent again when its answer
/// is lost (a create may not: the service may have acted). Any status is an answer.
pub(crate) async fn send(
    client: &Client,
    request: Request,
    repeat: Repeat,
    policy: &Policy,
) -> Result<Answer, Failure> {
    let deadline = policy.deadline;
    tokio::time::timeout(deadline, attempts(client, request, repeat, policy))
        .await
        .unwrap_or(Err(Failure::Deadline(deadline.as_secs())))
}

async fn attempts(
    client: &Client,
    request: Request,
    repeat: Repeat,
    policy: &Policy,
) -> Result<Answer, Failure> {
    // Never the query, which may hold a token.
    let what = format!("{} {}", request.method(), request.url().path());
    let (mut retries, mut waited) = (0, Duration::ZERO);
    loop {
        let once = request.try_clone().ok_or(Failure::Broken)?;
        let outcome = client.execute(once).await;
        let attempt = match &outcome {
            Ok(resp) => Attempt::Status(resp.status().as_u16()),
            Err(e) if e.is_connect() => Attempt::Unreachable,
            Err(e) if e.is_timeout() || e.is_request() || e.is_body() => Attempt::Lost,
            Err(_) => Attempt::Broken,
        };
        let wait = match next(attempt, repeat, retries, policy.retries) {
            Next::Retry { busy, .. } => {
                let after = outcome.as_ref().ok().and_then(retry_after);
                Some(after.unwrap_or_else(|| backoff(retries, busy)))
            }
            Next::Return => None,
        };
        if let Some(wait) = wait.filter(|w| waited + *w <= policy.max_wait) {
            let why = match &outcome {
                Ok(resp) => resp.status().to_string(),
                Err(e) => failure(e).to_owned(),
            };
            tracing::info!("{what}: {why}; asking again in {:.2}s", wait.as_secs_f64());
            tokio::time::sleep(wait).await;
            (retries, waited) = (retries + 1, waited + wait);
            continue;
        }
        let resp = outcome.map_err(|e| Failure::NoAnswer(failure(&e)))?;
        let (status, headers) = (resp.status(), resp.headers().clone());
        match read_capped(resp, policy.max_body).await {
            Ok(body) => {
                return Ok(Answer {
                    status,
                    headers,
                    body,
                })
            }
            Err(BodyError::TooBig) => return Err(Failure::TooBig(policy.max_body)),
            // Cut off midway: as an answer that never came.
            Err(BodyError::Failed(e)) => {
                let wait = backoff(retries, false);
                let again = matches!(
                    next(Attempt::Lost, repeat, retries, policy.retries),
                    Next::Retry { .. }
                );
                if !again || waited + wait > policy.max_wait {
                    return Err(Failure::NoAnswer(failure(&e)));
                }
                tracing::info!("{what}: the answer broke off; asking again");
                tokio::time::sleep(wait).await;
                (retries, waited) = (retries + 1, waited + wait);
            }
        }
    }
}
