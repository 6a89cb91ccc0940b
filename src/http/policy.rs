//! Every service's [`Policy`] and every network time limit, in one place: how often a request
//! is asked again, how long one attempt and the whole exchange may take, and how large an
//! answer is read.

use std::time::Duration;

use super::Policy;

/// The longest wait for a connection, whatever the service (and never longer than one
/// attempt's timeout).
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most time one Prefect request spends waiting between its retries, whatever the server
/// asks (its per-attempt timeout and retries come from `PREFECT_API_REQUEST_TIMEOUT` and
/// `PREFECT_CLIENT_MAX_RETRIES`).
pub(crate) const PREFECT_MAX_TOTAL_WAIT: Duration = Duration::from_secs(60);

/// The Prefect API: each attempt within `timeout` (`PREFECT_API_REQUEST_TIMEOUT`), `retries`
/// retries (`PREFECT_CLIENT_MAX_RETRIES`), the waits between them at most
/// [`PREFECT_MAX_TOTAL_WAIT`] in all, an answer of at most `max_body` (what the endpoint's
/// kind of answer may be). No deadline: the rest bounds a request.
pub(crate) fn prefect(timeout: Duration, retries: u32, max_body: usize) -> Policy {
    Policy {
        timeout,
        retries,
        max_wait: PREFECT_MAX_TOTAL_WAIT,
        deadline: None,
        max_body,
    }
}

/// The largest page of a code host's API read: 100 comments of GitHub's longest are 6.5 MB.
pub(crate) const CODE_HOST_MAX_PAGE: usize = 8 << 20;

/// A code host's comment API: a busy host or a dropped connection is asked again (a create
/// only when it cannot have been made), every answer capped, every request bounded in time.
pub(crate) const CODE_HOST: Policy = Policy {
    timeout: Duration::from_secs(20),
    retries: 2,
    max_wait: Duration::from_secs(20),
    deadline: Some(Duration::from_secs(30)),
    max_body: CODE_HOST_MAX_PAGE,
};

/// The longest the whole pull request comment may take, however slowly a host answers.
pub(crate) const COMMENT_DEADLINE: Duration = Duration::from_secs(60);

/// The GitHub commit lookup (a commit message for a build without the commit): one retry, an
/// answer of at most 1 MiB (the git commit object, without the file list a commit with large
/// diffs makes several MiB long), 20 s in all.
pub(crate) const COMMIT_LOOKUP: Policy = Policy {
    timeout: Duration::from_secs(10),
    retries: 1,
    max_wait: Duration::from_secs(5),
    deadline: Some(Duration::from_secs(20)),
    max_body: 1 << 20,
};

/// A container registry's manifests: reads, safe to repeat; a registry's rate limit (Docker
/// Hub's 429 with `Retry-After`) and dropped connections are asked again; a manifest of at most
/// 4 MiB (the limit registries themselves apply).
pub(crate) const REGISTRY: Policy = Policy {
    timeout: Duration::from_secs(15),
    retries: 2,
    max_wait: Duration::from_secs(30),
    deadline: Some(Duration::from_secs(60)),
    max_body: 4 << 20,
};

/// A registry's token service: as [`REGISTRY`], a token answer of at most 1 MiB.
pub(crate) const REGISTRY_TOKEN: Policy = Policy {
    max_body: 1 << 20,
    ..REGISTRY
};
