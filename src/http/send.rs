//! Sending one request under a service's [`Policy`] (all in [`super::policy`]): sent again as
//! [`super::retry`] decides (a busy service, a dropped connection, a lost answer to a request
//! that is safe to repeat), the waits bounded in all, the whole exchange within a deadline,
//! and the answer's body read only up to a cap.
//!
//! The loop is the same for every service; what is a service's own (the Prefect client's
//! concurrency gate, CSRF headers and their refresh, its log lines and error wording) it adds
//! through an [`Exchange`]. A plain request ([`send`]) needs none of that.

use std::time::{Duration, Instant};

use reqwest::{Client, Request, RequestBuilder, Response, StatusCode};

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
    /// The longest one request may take, its retries and its answer's body included; None
    /// when the attempts' timeouts, the retries and `max_wait` are bound enough.
    pub(crate) deadline: Option<Duration>,
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
#[derive(Debug)]
pub(crate) enum Failure {
    /// The connection failed, timed out or broke off.
    NoAnswer(reqwest::Error),
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
            Failure::NoAnswer(e) => f.write_str(failure(e)),
            Failure::TooBig(max) => write!(f, "the answer is too large (larger than {max} bytes)"),
            Failure::Deadline(secs) => write!(f, "no whole answer within {secs}s"),
            Failure::Broken => f.write_str("the request could not be sent"),
        }
    }
}

/// Why a request is about to be sent again (or would have been).
#[derive(Debug)]
pub(crate) enum Why<'a> {
    /// What the attempt came to: a status, or no answer.
    Sent(&'a reqwest::Result<Response>),
    /// The answer's body timed out or broke off.
    Body(&'a reqwest::Error),
}

/// A retry about to be waited for.
#[derive(Debug)]
pub(crate) struct Retry<'a> {
    /// Why.
    pub(crate) why: Why<'a>,
    /// The retries so far (this is retry `retries + 1`).
    pub(crate) retries: u32,
    /// How many retries this kind of failure gets.
    pub(crate) budget: u32,
    /// The wait before it.
    pub(crate) wait: Duration,
    /// The service said it was busy.
    pub(crate) busy: bool,
}

/// What to do with an answer read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Hand it to the caller.
    Return,
    /// Send the request again at once, not counted as a retry (the service asked for
    /// something that is now done, such as a fresh CSRF token).
    Again,
}

/// A service's own part in sending one request: how each attempt is made, what is said about
/// retries, what an answer may still call for, and its errors.
pub(crate) trait Exchange {
    /// What the caller gets when there is no answer.
    type Error;

    /// The request for the next attempt, once it may be sent (a place in a gate taken, fresh
    /// headers added). A request that cannot be built is sent anyway and fails as `Broken`.
    async fn request(&self) -> Result<RequestBuilder, Self::Error>;

    /// The attempt came back after `took`: an answer's head, or none.
    fn sent(&self, _outcome: &reqwest::Result<Response>, _took: Duration) {}

    /// The attempt was dropped before it came back (its deadline passed, or the caller stopped
    /// waiting): what `sent` would have given back (a place in a gate) is given back here.
    fn abandoned(&self) {}

    /// Says that the request is sent again after `retry.wait`.
    fn retrying(&self, retry: &Retry<'_>);

    /// Says that the request is not sent again: the wait would make the waits longer than
    /// `max_wait` in all.
    fn gave_up(&self, _why: &Why<'_>, _max_wait: Duration) {}

    /// Whether an answer read whole is the caller's, or calls for the request again.
    async fn answered(&self, _answer: &Answer) -> Result<Verdict, Self::Error> {
        Ok(Verdict::Return)
    }

    /// The caller's error for `failure`.
    fn failed(&self, failure: Failure) -> Self::Error;
}

/// Sends `request` under `policy`; `repeat` says whether it may be sent again when its answer
/// is lost (a create may not: the service may have acted). Any status is an answer.
pub(crate) async fn send(
    client: &Client,
    request: Request,
    repeat: Repeat,
    policy: &Policy,
) -> Result<Answer, Failure> {
    // Never the query, which may hold a token.
    let what = format!("{} {}", request.method(), request.url().path());
    let plain = Plain {
        client,
        request,
        what,
    };
    exchange(&plain, repeat, policy).await
}

/// Sends the request `ex` makes under `policy`, as [`send`] does, with `ex`'s own part.
pub(crate) async fn exchange<E: Exchange>(
    ex: &E,
    repeat: Repeat,
    policy: &Policy,
) -> Result<Answer, E::Error> {
    let Some(deadline) = policy.deadline else {
        return attempts(ex, repeat, policy).await;
    };
    match tokio::time::timeout(deadline, attempts(ex, repeat, policy)).await {
        Ok(result) => result,
        Err(_) => Err(ex.failed(Failure::Deadline(deadline.as_secs()))),
    }
}

async fn attempts<E: Exchange>(
    ex: &E,
    repeat: Repeat,
    policy: &Policy,
) -> Result<Answer, E::Error> {
    let (mut retries, mut waited) = (0, Duration::ZERO);
    loop {
        let request = ex.request().await?;
        let started = Instant::now();
        let flight = InFlight(Some(ex));
        let outcome = request.send().await;
        flight.landed();
        ex.sent(&outcome, started.elapsed());
        let attempt = match &outcome {
            Ok(resp) => Attempt::Status(resp.status().as_u16()),
            Err(e) if e.is_connect() => Attempt::Unreachable,
            Err(e) if e.is_timeout() || e.is_request() || e.is_body() => Attempt::Lost,
            Err(_) => Attempt::Broken,
        };
        if let Next::Retry { busy, budget } = next(attempt, repeat, retries, policy.retries) {
            let after = outcome.as_ref().ok().and_then(retry_after);
            let wait = after.unwrap_or_else(|| backoff(retries, busy));
            let why = Why::Sent(&outcome);
            let retry = Retry {
                why,
                retries,
                budget,
                wait,
                busy,
            };
            if let Some(wait) = within(ex, &retry, waited, policy.max_wait) {
                tokio::time::sleep(wait).await;
                (retries, waited) = (retries + 1, waited + wait);
                continue;
            }
        }
        let resp = outcome.map_err(|e| ex.failed(Failure::NoAnswer(e)))?;
        let (status, headers) = (resp.status(), resp.headers().clone());
        let body = match read_capped(resp, policy.max_body).await {
            Ok(body) => body,
            Err(BodyError::TooBig) => return Err(ex.failed(Failure::TooBig(policy.max_body))),
            // Cut off midway or too slow: as an answer that never came.
            Err(BodyError::Failed(e)) => {
                let next = next(Attempt::Lost, repeat, retries, policy.retries);
                let Next::Retry { budget, .. } = next else {
                    return Err(ex.failed(Failure::NoAnswer(e)));
                };
                let retry = Retry {
                    why: Why::Body(&e),
                    retries,
                    budget,
                    wait: backoff(retries, false),
                    busy: false,
                };
                let Some(wait) = within(ex, &retry, waited, policy.max_wait) else {
                    return Err(ex.failed(Failure::NoAnswer(e)));
                };
                tokio::time::sleep(wait).await;
                (retries, waited) = (retries + 1, waited + wait);
                continue;
            }
        };
        let answer = Answer {
            status,
            headers,
            body,
        };
        if ex.answered(&answer).await? == Verdict::Return {
            return Ok(answer);
        }
    }
}

/// The wait before `retry` if the waits stay within `max_wait` in all (said by
/// [`Exchange::retrying`]), else None (said by [`Exchange::gave_up`]).
fn within<E: Exchange>(
    ex: &E,
    retry: &Retry<'_>,
    waited: Duration,
    max_wait: Duration,
) -> Option<Duration> {
    if waited + retry.wait <= max_wait {
        ex.retrying(retry);
        Some(retry.wait)
    } else {
        ex.gave_up(&retry.why, max_wait);
        None
    }
}

/// An attempt on its way: dropped before it lands, it tells its exchange (`abandoned`).
struct InFlight<'a, E: Exchange>(Option<&'a E>);

impl<E: Exchange> InFlight<'_, E> {
    /// The attempt came back: `sent` is told instead.
    fn landed(mut self) {
        self.0 = None;
    }
}

impl<E: Exchange> Drop for InFlight<'_, E> {
    fn drop(&mut self) {
        if let Some(ex) = self.0 {
            ex.abandoned();
        }
    }
}

/// A request with nothing of its service's own: sent as it is, retries logged in a line.
struct Plain<'a> {
    client: &'a Client,
    request: Request,
    what: String,
}

impl Exchange for Plain<'_> {
    type Error = Failure;

    async fn request(&self) -> Result<RequestBuilder, Failure> {
        let once = self.request.try_clone().ok_or(Failure::Broken)?;
        Ok(RequestBuilder::from_parts(self.client.clone(), once))
    }

    fn retrying(&self, retry: &Retry<'_>) {
        let what = &self.what;
        match retry.why {
            Why::Sent(outcome) => {
                let why = match outcome {
                    Ok(resp) => resp.status().to_string(),
                    Err(e) => failure(e).to_owned(),
                };
                let wait = retry.wait.as_secs_f64();
                tracing::info!("{what}: {why}; asking again in {wait:.2}s");
            }
            Why::Body(_) => tracing::info!("{what}: the answer broke off; asking again"),
        }
    }

    fn failed(&self, failure: Failure) -> Failure {
        failure
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts what it is told; its requests go to a server that never answers.
    struct Counting {
        client: Client,
        url: String,
        sent: AtomicUsize,
        abandoned: AtomicUsize,
    }

    impl Exchange for Counting {
        type Error = Failure;

        async fn request(&self) -> Result<RequestBuilder, Failure> {
            Ok(self.client.get(&self.url))
        }

        fn sent(&self, _outcome: &reqwest::Result<Response>, _took: Duration) {
            self.sent.fetch_add(1, Ordering::SeqCst);
        }

        fn abandoned(&self) {
            self.abandoned.fetch_add(1, Ordering::SeqCst);
        }

        fn retrying(&self, _retry: &Retry<'_>) {}

        fn failed(&self, failure: Failure) -> Failure {
            failure
        }
    }

    #[test]
    fn an_attempt_dropped_in_flight_gives_back_what_it_took() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let ex = Counting {
            client: Client::new(),
            url: format!("http://{}/", silent.local_addr().unwrap()),
            sent: AtomicUsize::new(0),
            abandoned: AtomicUsize::new(0),
        };
        let policy = Policy {
            deadline: Some(Duration::from_millis(200)),
            ..crate::http::policy::CODE_HOST
        };
        let result = runtime.block_on(exchange(&ex, Repeat::Safe, &policy));
        assert!(matches!(result, Err(Failure::Deadline(_))));
        assert_eq!(
            ex.abandoned.load(Ordering::SeqCst),
            1,
            "the deadline dropped it"
        );
        assert_eq!(ex.sent.load(Ordering::SeqCst), 0);
    }
}
