//! The one place HTTP clients are built: User-Agent, timeouts and TLS settings.
//!
//! TLS: extra trusted certificates from `PREFECT_API_SSL_CERT_FILE` (Prefect API only) or
//! `SSL_CERT_FILE` (all clients), added to the platform's roots; and, for the Prefect API only,
//! `PREFECT_API_TLS_INSECURE_SKIP_VERIFY`, honoured with a warning, as Prefect does.

use std::time::Duration;

use crate::env::Env;
use crate::error::{Error, Result};

/// Which service a client talks to (decides which settings apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The Prefect API.
    Prefect,
    /// Anything else (registries, the GitHub API).
    Other,
}

/// A client builder with pinflow's User-Agent, `timeout` per request, and TLS settings.
pub fn builder(env: &Env, service: Service, timeout: Duration) -> Result<reqwest::ClientBuilder> {
    let mut b = reqwest::Client::builder()
        .user_agent(concat!("pinflow/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(5).min(timeout))
        .timeout(timeout);
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
        tracing::warn!("PREFECT_API_TLS_INSECURE_SKIP_VERIFY is set: the Prefect server's certificate is not checked");
        b = b.danger_accept_invalid_certs(true);
    }
    Ok(b)
}

/// Builds the client.
pub fn build(b: reqwest::ClientBuilder) -> Result<reqwest::Client> {
    b.build()
        .map_err(|e| Error::service(format!("cannot build the HTTP client: {e}")))
}

/// True for loopback hosts, where plain http is not a risk for credentials.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1"
}
