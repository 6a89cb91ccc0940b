//! Where the Prefect server is and how to talk to it, from Prefect's own variables.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::env::Env;
use crate::error::{Error, Result};

pub(super) const CLOUD_API: &str = "https://api.prefect.cloud/api";

/// The longest `PREFECT_API_REQUEST_TIMEOUT` taken (one hour).
const MAX_TIMEOUT_SECS: f64 = 3600.0;
/// The most `PREFECT_CLIENT_MAX_RETRIES` taken.
const MAX_RETRIES: u32 = 50;

/// How to authenticate.
#[derive(Debug, Clone)]
pub(crate) enum Auth {
    /// No credentials (a local server).
    None,
    /// `PREFECT_API_KEY`, sent as a Bearer token.
    Bearer(SecretString),
    /// `PREFECT_API_AUTH_STRING` (`user:pass`), sent as Basic auth; wins over the key, as in Prefect.
    Basic(SecretString),
}

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    /// `PREFECT_API_URL`, without a trailing slash.
    pub api_url: String,
    /// Credentials.
    pub auth: Auth,
    /// Time allowed for one request (`PREFECT_API_REQUEST_TIMEOUT`, default 20 s).
    pub timeout: Duration,
    /// Retries per request (`PREFECT_CLIENT_MAX_RETRIES`, default 4).
    pub max_retries: u32,
    /// `PINFLOW_TRACE_REQUESTS`: a file that gets one JSON line per request (for benchmarks).
    pub trace: Option<PathBuf>,
    /// The environment, for the TLS settings of the HTTP client.
    pub(super) env: Env,
}

impl Connection {
    /// Reads the connection from Prefect's own variables; None when `PREFECT_API_URL` is unset.
    pub(crate) fn from_env(env: &Env) -> Result<Option<Self>> {
        let Some(url) = env.get("PREFECT_API_URL") else {
            return Ok(None);
        };
        check_url(url, env)?;
        let auth = match (
            env.get("PREFECT_API_AUTH_STRING"),
            env.get("PREFECT_API_KEY"),
        ) {
            (Some(basic), _) => Auth::Basic(SecretString::from(basic.to_owned())),
            (None, Some(key)) => Auth::Bearer(SecretString::from(key.to_owned())),
            (None, None) => Auth::None,
        };
        let timeout = match env.get("PREFECT_API_REQUEST_TIMEOUT") {
            None => 20.0,
            Some(v) => number(
                "PREFECT_API_REQUEST_TIMEOUT",
                v,
                "a number of seconds",
                MAX_TIMEOUT_SECS,
            )?,
        };
        let max_retries = match env.get("PREFECT_CLIENT_MAX_RETRIES") {
            None => 4,
            Some(v) => match v.trim().parse::<u32>() {
                Ok(n) if n <= MAX_RETRIES => n,
                _ => {
                    return Err(Error::usage(format!(
                        "PREFECT_CLIENT_MAX_RETRIES must be a whole number from 0 to \
                         {MAX_RETRIES}, found {v:?}"
                    )))
                }
            },
        };
        Ok(Some(Self {
            api_url: url.trim_end_matches('/').to_owned(),
            auth,
            timeout: Duration::from_secs_f64(timeout.max(0.1)),
            max_retries,
            trace: env.get("PINFLOW_TRACE_REQUESTS").map(PathBuf::from),
            env: env.clone(),
        }))
    }

    /// True for Prefect Cloud (no CSRF; version history).
    pub(crate) fn is_cloud(&self) -> bool {
        self.api_url.starts_with(CLOUD_API)
    }

    /// The UI link of a deployment.
    pub(crate) fn ui_url(&self, deployment_id: &str) -> String {
        if let Some(rest) = self.api_url.strip_prefix(&format!("{CLOUD_API}/accounts/")) {
            if let Some((account, rest)) = rest.split_once("/workspaces/") {
                let workspace = rest.split('/').next().unwrap_or(rest);
                return format!(
                    "https://app.prefect.cloud/account/{account}/workspace/{workspace}/deployments/deployment/{deployment_id}"
                );
            }
        }
        let ui = self.api_url.strip_suffix("/api").unwrap_or(&self.api_url);
        format!("{ui}/deployments/deployment/{deployment_id}")
    }
}

/// `PREFECT_API_URL` must be an http(s) URL without credentials (it shows in logs and links).
fn check_url(url: &str, env: &Env) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| {
        Error::usage(format!(
            "PREFECT_API_URL is not a URL ({e}); expected e.g. http://127.0.0.1:4200/api"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::usage(
            "PREFECT_API_URL must start with http:// or https://",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::usage(
            "PREFECT_API_URL contains a user name or password, which would show wherever \
             the URL does; remove them from the URL and set PREFECT_API_AUTH_STRING=user:password \
             (Basic auth) or PREFECT_API_KEY instead",
        ));
    }
    // Credentials never travel in clear, except to this machine (crate::http::is_loopback).
    let credential = ["PREFECT_API_AUTH_STRING", "PREFECT_API_KEY"]
        .into_iter()
        .find(|v| env.get(v).is_some());
    match credential {
        Some(var) => crate::http::check_credential_url("PREFECT_API_URL", url, var),
        None => Ok(()),
    }
}

/// A finite, non-negative number of at most `max`, or a usage error naming the variable.
fn number(name: &str, value: &str, what: &str, max: f64) -> Result<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && (0.0..=max).contains(n))
        .ok_or_else(|| {
            Error::usage(format!(
                "{name} must be {what} from 0 to {max}, found {value:?}"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(url: &str, pairs: &[(&str, &str)]) -> Result<Connection> {
        let mut all = vec![("PREFECT_API_URL", url)];
        all.extend_from_slice(pairs);
        Connection::from_env(&Env::from_pairs(all)).map(|c| c.expect("a URL is set"))
    }

    #[test]
    fn auth_string_wins_and_secrets_stay_hidden() {
        let c = conn(
            "https://h/api",
            &[
                ("PREFECT_API_KEY", "pnu_canary"),
                ("PREFECT_API_AUTH_STRING", "admin:pw_canary"),
            ],
        )
        .unwrap();
        assert!(matches!(c.auth, Auth::Basic(_)));
        let shown = format!("{c:?}");
        assert!(!shown.contains("canary"), "{shown}");
    }

    #[test]
    fn ui_links_for_cloud_and_self_hosted() {
        let cloud = conn(
            "https://api.prefect.cloud/api/accounts/a1/workspaces/w2",
            &[],
        )
        .unwrap();
        assert!(cloud.is_cloud());
        assert_eq!(
            cloud.ui_url("d3"),
            "https://app.prefect.cloud/account/a1/workspace/w2/deployments/deployment/d3"
        );
        let local = conn("http://127.0.0.1:4200/api/", &[]).unwrap();
        assert!(!local.is_cloud());
        assert_eq!(
            local.ui_url("d3"),
            "http://127.0.0.1:4200/deployments/deployment/d3"
        );
    }

    #[test]
    fn bad_urls_and_numbers_are_usage_errors() {
        let usage = |r: Result<Connection>| r.unwrap_err().kind == crate::error::ErrorKind::Usage;
        assert!(usage(conn("localhost:4200", &[])));
        assert!(usage(conn("ftp://h/api", &[])));
        // Credentials over plain http: only to this machine, written plainly.
        for (var, value) in [
            ("PREFECT_API_KEY", "pnu_x"),
            ("PREFECT_API_AUTH_STRING", "u:p"),
        ] {
            for remote in [
                "http://h/api",
                "http://0x7f000001:4200/api",
                "http://127.1/api",
            ] {
                let err = conn(remote, &[(var, value)]).unwrap_err();
                assert_eq!(err.kind, crate::error::ErrorKind::Usage, "{remote}");
                assert!(err.to_string().contains(var), "{err}");
            }
            assert!(conn("http://127.0.0.1:4200/api", &[(var, value)]).is_ok());
            assert!(conn("https://h/api", &[(var, value)]).is_ok());
        }
        for (name, bad) in [
            ("PREFECT_API_REQUEST_TIMEOUT", "inf"),
            ("PREFECT_API_REQUEST_TIMEOUT", "NaN"),
            ("PREFECT_API_REQUEST_TIMEOUT", "-1"),
            ("PREFECT_API_REQUEST_TIMEOUT", "1e9"),
            ("PREFECT_CLIENT_MAX_RETRIES", "1e12"),
            ("PREFECT_CLIENT_MAX_RETRIES", "2.5"),
            ("PREFECT_CLIENT_MAX_RETRIES", "99999"),
        ] {
            let err = conn("http://h/api", &[(name, bad)]).unwrap_err();
            assert!(err.to_string().contains(name), "{name}={bad}: {err}");
        }
        let c = conn(
            "http://h/api",
            &[
                ("PREFECT_API_REQUEST_TIMEOUT", "2.5"),
                ("PREFECT_CLIENT_MAX_RETRIES", "0"),
            ],
        )
        .unwrap();
        assert_eq!((c.timeout, c.max_retries), (Duration::from_millis(2500), 0));
    }
}
