//! The retry decision every service's requests share, as a pure function of what came back:
//! whether to send a request again, after how long, and how many times.
//!
//! Retried: 408, 429 and 503 (refused before any work; `Retry-After` honoured, bounded), a
//! connection that never reached the server, and — only for requests that are safe to repeat —
//! a gateway's 502/504, a timeout or an answer cut off midway (the server may have acted).
//! A busy server (429/503) is contention, not failure: it gets four times the retries, with
//! short backoff. Used by [`super::send`], the send loop of every service.

use std::time::Duration;

/// The longest wait a `Retry-After` may ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Whether a request may be sent again after an answer that never came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Reads, PATCH, upserts: repeating them changes nothing.
    Safe,
    /// Creates: repeating one may create a second.
    Unsafe,
}

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt {
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
pub(crate) enum Next {
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
pub(crate) fn next(attempt: Attempt, repeat: Repeat, retries: u32, max_retries: u32) -> Next {
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

/// The wait a `Retry-After: <seconds>` header asks for, bounded; None when absent or not a
/// finite number (an HTTP date is left to the backoff).
pub(crate) fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
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
pub(crate) fn backoff(retries: u32, busy: bool) -> Duration {
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
