//! The one place HTTP clients are built: User-Agent, timeouts and TLS settings.
//!
//! Redirects are followed only within the same site (`same_site`). TLS: extra trusted certificates from `PREFECT_API_SSL_CERT_FILE` (Prefect API only) or
//! `SSL_CERT_FILE` (all clients), added to the platform's roots; and, for the Prefect API only,
//! `PREFECT_API_TLS_INSECURE_SKIP_VERIFY`, honoured with a warning, as Prefect does.
//!
//! Credentials travel over plain http only to loopback as the user wrote it ([`is_loopback`],
//! one definition for Prefect, registries and code hosts; [`check_credential_url`]).

pub(crate) mod policy;
pub(crate) mod retry;
mod send;

use std::time::Duration;

pub(crate) use send::{exchange, send, Answer, Exchange, Failure, Policy, Retry, Verdict, Why};

use crate::env::Env;
use crate::error::{Error, Result};

/// Which service a client talks to (decides which settings apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    /// The Prefect API.
    Prefect,
    /// Anything else (registries, the GitHub API).
    Other,
}

/// How long an idle pooled connection may be reused. Servers close idle keep-alive
/// connections (Prefect's uvicorn after 5 s by default, load balancers after a minute or
/// more); a request written just as the server closes its end is lost with no answer, which
/// for a write leaves open whether the server acted. Staying well under the shortest common
/// keep-alive means pinflow never sends on a connection the server is about to close.
pub const IDLE_REUSE: Duration = Duration::from_secs(2);

/// A client for a service other than Prefect, each attempt within `policy`'s timeout.
pub(crate) fn client(env: &Env, policy: &Policy) -> Result<reqwest::Client> {
    build(builder(env, Service::Other, policy.timeout)?)
}

/// A client builder with pinflow's User-Agent, `timeout` per request, and TLS settings.
pub(crate) fn builder(
    env: &Env,
    service: Service,
    timeout: Duration,
) -> Result<reqwest::ClientBuilder> {
    let mut b = reqwest::Client::builder()
        .user_agent(concat!("pinflow/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(policy::CONNECT_TIMEOUT.min(timeout))
        .timeout(timeout)
        .pool_idle_timeout(IDLE_REUSE)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            let from = attempt.previous().first().cloned();
            match from {
                Some(from) if attempt.previous().len() < 5 && same_site(&from, attempt.url()) => {
                    attempt.follow()
                }
                _ => attempt.stop(),
            }
        }))
        .no_proxy();
    if let Some(proxy) = https_proxy(env) {
        b = b.proxy(proxy);
    }
    let ca_var = match service {
        Service::Prefect => ["PREFECT_API_SSL_CERT_FILE", "SSL_CERT_FILE"]
            .into_iter()
            .find(|v| env.get(v).is_some()),
        Service::Other => env.get("SSL_CERT_FILE").map(|_| "SSL_CERT_FILE"),
    };
    if let Some(var) = ca_var {
        let path = env.get(var).unwrap_or_default();
        let pem = std::fs::read(path)
            .map_err(|e| Error::usage(format!("{var}={path}: cannot read it: {e}")))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .ok()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| Error::usage(format!("{var}={path}: no PEM certificates in it")))?;
        b = b.tls_certs_merge(certs);
    }
    if service == Service::Prefect && env.flag("PREFECT_API_TLS_INSECURE_SKIP_VERIFY") {
        crate::diagnostic::warn(crate::diagnostic::Code::Connection, "PREFECT_API_TLS_INSECURE_SKIP_VERIFY is set: the Prefect server's certificate is not checked");
        b = b.danger_accept_invalid_certs(true);
    }
    Ok(b)
}

/// The proxy for https requests from `HTTPS_PROXY` (or `ALL_PROXY`), with `NO_PROXY`'s
/// exceptions. Plain http never goes through a proxy: a request to a loopback server carries
/// its credential in clear, and a proxy (as self-hosted runners often set) would receive it;
/// https goes through a proxy as a tunnel, encrypted end to end.
fn https_proxy(env: &Env) -> Option<reqwest::Proxy> {
    let url = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .into_iter()
        .find_map(|v| env.get(v))?;
    let Ok(proxy) = reqwest::Proxy::https(url) else {
        // The value may hold the proxy's password: it is not repeated.
        crate::diagnostic::warn(
            crate::diagnostic::Code::Connection,
            "HTTPS_PROXY is not a proxy URL; requests go direct",
        );
        return None;
    };
    let exceptions = env.get("NO_PROXY").or_else(|| env.get("no_proxy"));
    Some(proxy.no_proxy(exceptions.and_then(reqwest::NoProxy::from_string)))
}

/// Builds the client.
pub(crate) fn build(b: reqwest::ClientBuilder) -> Result<reqwest::Client> {
    b.build()
        .map_err(|e| Error::service(format!("cannot build the HTTP client: {e}")))
}

/// A redirect pinflow follows: to the same host and port, and never from https to http. A
/// request body (which may hold resolved secrets) or a credential is never sent elsewhere.
pub(crate) fn same_site(from: &url::Url, to: &url::Url) -> bool {
    let downgrade = from.scheme() == "https" && to.scheme() != "https";
    !downgrade
        && matches!(to.scheme(), "http" | "https")
        && from.host_str() == to.host_str()
        && from
            .port_or_known_default()
            .filter(|_| from.scheme() == to.scheme())
            == to
                .port_or_known_default()
                .filter(|_| from.scheme() == to.scheme())
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// It is larger than the reader's limit.
    TooBig,
    /// The connection failed while reading it.
    Failed(reqwest::Error),
}

/// The body, read chunk by chunk and refused past `max` bytes: an answer cannot make pinflow
/// hold more than it expects, whatever it says its length is.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    max: usize,
) -> std::result::Result<Vec<u8>, BodyError> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(BodyError::TooBig);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Failed)? {
        if bytes.len() + chunk.len() > max {
            return Err(BodyError::TooBig);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Why a request failed, in a few words (never the URL, whose query may hold a token).
pub(crate) fn failure(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "no answer in time"
    } else if e.is_connect() {
        connect_failure(e)
    } else {
        "the connection failed"
    }
}

/// Why a connection could not be made: a host name that does not resolve, a port nobody
/// listens on, or something else.
pub(crate) fn connect_failure(e: &reqwest::Error) -> &'static str {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return "the connection was refused: nothing listens on that host and port";
            }
        }
        let text = err.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return "the host name does not resolve (a typo, or a name only another network knows)";
        }
        source = err.source();
    }
    "cannot connect"
}

/// True for a loopback host as written (without a port), where plain http is not a risk for
/// credentials: `localhost`, `127.x.x.x` written as four decimal octets without leading
/// zeros, and `[::1]`. Nothing else is, however it resolves: `127.1`, `0x7f000001`,
/// `2130706433`, `0177.0.0.1`, `[::ffff:127.0.0.1]` and `[0:0:0:0:0:0:0:1]` are refused, so a
/// host that only looks local to pinflow cannot be passed off as one. The one definition
/// every credential check uses (Prefect, registries, code hosts).
pub(crate) fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    let decimal = |o: &&str| {
        !o.is_empty()
            && o.len() <= 3
            && o.bytes().all(|b| b.is_ascii_digit())
            && (o.len() == 1 || !o.starts_with('0'))
            && o.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    octets.len() == 4 && octets.iter().all(decimal) && octets[0] == "127"
}

/// `host[:port]` of `url` as it is written (`scheme://user@HOST:PORT/…`), before the URL
/// library normalises it (`http://0x7f000001/` parses to 127.0.0.1): what the user wrote is
/// what is judged. None when there is no authority.
pub(crate) fn written_authority(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    // `http:evil/?x=://localhost` has no authority: what precedes `://` must be a scheme.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return None;
    }
    // The URL library ends the authority at `\` too, for http and https.
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host_port.is_empty()).then_some(host_port)
}

/// The host of `url` as it is written ([`written_authority`] without the port), `[…]` kept
/// around an IPv6 address.
pub(crate) fn written_host(url: &str) -> Option<&str> {
    let host_port = written_authority(url)?;
    let host = match host_port.strip_prefix('[') {
        Some(v6) => &host_port[..v6.find(']').map_or(host_port.len(), |i| i + 2)],
        None => host_port.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

/// Whether a credential may be sent to `url` (as written): over https, or over plain http
/// to a loopback host ([`is_loopback`]) as written and as parsed.
pub(crate) fn may_carry_credentials(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url.trim()) else {
        return false;
    };
    match parsed.scheme() {
        "https" => true,
        "http" => {
            written_host(url.trim()).is_some_and(is_loopback)
                && parsed.host_str().is_some_and(is_loopback)
        }
        _ => false,
    }
}

/// Why `var`'s URL may not carry `credential`, or Ok: anything but https is refused unless
/// the host is this machine ([`may_carry_credentials`]), and there is no opt-out. The scheme
/// is the parsed one (`ht\ttp://` is http to the URL library); a URL that does not parse is
/// left to its caller to refuse.
pub(crate) fn check_credential_url(var: &str, url: &str, credential: &str) -> Result<()> {
    let scheme = match url::Url::parse(url.trim()) {
        Ok(parsed) if parsed.scheme() != "https" => parsed.scheme().to_owned(),
        _ => return Ok(()),
    };
    if may_carry_credentials(url) {
        return Ok(());
    }
    let host = written_host(url.trim()).unwrap_or("");
    let what = if scheme == "http" {
        "plain http".to_owned()
    } else {
        format!("{scheme}, not https,")
    };
    Err(Error::usage(format!(
        "{var} is {what} to {host}: pinflow sends {credential} unencrypted only to this \
         machine written as localhost, 127.x.x.x (four decimal numbers) or [::1]; use an \
         https:// URL"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_only_what_is_plainly_written_as_loopback() {
        for yes in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.255.3.40",
            "[::1]",
        ] {
            assert!(is_loopback(yes), "{yes}");
        }
        for no in [
            "127.1",
            "127.0.1",
            "0x7f000001",
            "0x7f.0.0.1",
            "2130706433",
            "0177.0.0.1",
            "127.0.0.01",
            "127.0.0.256",
            "127.0.0.1.",
            "127.0.0.1.evil.example",
            "[::ffff:127.0.0.1]",
            "[0:0:0:0:0:0:0:1]",
            "::1",
            "localhost.",
            "localhost.evil.example",
            "%6c%6fcalhost",
            "10.0.0.1",
            "",
        ] {
            assert!(!is_loopback(no), "{no}");
        }
    }

    #[test]
    fn the_written_host_is_judged_not_the_parsed_one() {
        assert_eq!(written_host("http://u:p@127.0.0.1:80/x"), Some("127.0.0.1"));
        assert_eq!(written_host("http://[::1]:4200/api"), Some("[::1]"));
        assert_eq!(written_host("http://h\\x/y"), Some("h"));
        // `://` later in the URL is not an authority: the URL library reads 192.0.2.2 here.
        let disguised = "http:192.0.2.2:47251/token?x=://localhost/";
        assert_eq!(written_authority(disguised), None);
        assert!(!may_carry_credentials(disguised));
        assert_eq!(written_host("nonsense"), None);
        for ok in [
            "https://api.github.com",
            "http://127.0.0.1:4200/api",
            "http://localhost/api",
            "http://[::1]:8080/",
        ] {
            assert!(may_carry_credentials(ok), "{ok}");
        }
        for bad in [
            "http://api.github.com",
            "http://0x7f000001:4200/api",
            "http://2130706433/",
            "http://127.1/",
            "http://0177.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://%6c%6fcalhost/",
            "ftp://127.0.0.1/",
        ] {
            assert!(!may_carry_credentials(bad), "{bad}");
        }
        for sneaky in [
            "ht\ttp://evil.example/",
            " HTTP://evil.example",
            "http://0x7f\n000001/",
        ] {
            assert!(
                check_credential_url("V", sneaky, "T").is_err(),
                "{sneaky:?}"
            );
        }
        assert!(check_credential_url("V", "https://h/", "T").is_ok());
        assert!(check_credential_url("V", "http://127.0.0.1:4200/api", "T").is_ok());
        let err = check_credential_url("GITHUB_API_URL", "http://0x7f000001:9/", "GITHUB_TOKEN")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("GITHUB_API_URL") && err.contains("https://"),
            "{err}"
        );
    }

    #[test]
    fn redirects_stay_on_the_same_site() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert!(same_site(
            &u("http://h:4200/api/a"),
            &u("http://h:4200/api/b")
        ));
        assert!(
            same_site(&u("http://h/api"), &u("https://h/api")),
            "an upgrade to https"
        );
        assert!(
            !same_site(&u("https://h/api"), &u("http://h/api")),
            "no downgrade"
        );
        assert!(!same_site(&u("https://h/api"), &u("https://evil/api")));
        assert!(!same_site(&u("http://h:4200/api"), &u("http://h:4201/api")));
        assert!(!same_site(&u("https://h/api"), &u("file:///etc/passwd")));
    }
}
