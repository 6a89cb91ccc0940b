//! Image digests from the registry (OCI distribution API; spec/oci.md).
//!
//! `HEAD /v2/<repo>/manifests/<tag>` with all four manifest media types accepted, so a
//! multi-arch image resolves to its index digest (what runtimes pin). Anonymous and Bearer
//! token challenges, Basic auth, and `GET` plus sha256 of the exact bytes when a registry does
//! not send `Docker-Content-Digest`. Loopback registries are spoken to over plain http, as
//! Docker does; `PINFLOW_INSECURE_REGISTRIES` (comma-separated hosts) adds others.

pub mod auth;
mod reference;

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use secrecy::ExposeSecret;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

pub use reference::Reference;

use crate::env::Env;
use crate::error::{Error, Result};

const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// An image pinned to its digest.
#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    /// The reference as given.
    pub reference: String,
    /// The pinned reference, `name@sha256:…`.
    pub image: String,
    /// The digest.
    pub digest: String,
}

/// Resolves image references, caching answers for the command's lifetime.
pub struct Resolver {
    http: reqwest::Client,
    env: Env,
    insecure: Vec<String>,
    cache: Mutex<BTreeMap<String, Resolved>>,
}

impl Resolver {
    /// A resolver using `env` for credentials and settings.
    pub fn new(env: &Env) -> Result<Self> {
        let http = crate::http::build(crate::http::builder(
            env,
            crate::http::Service::Other,
            Duration::from_secs(15),
        )?)?;
        let insecure = env
            .get("PINFLOW_INSECURE_REGISTRIES")
            .unwrap_or("")
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        Ok(Self {
            http,
            env: env.clone(),
            insecure,
            cache: Mutex::new(BTreeMap::new()),
        })
    }

    /// The digest `reference` points to now (for a digest reference: checks that it exists).
    pub async fn resolve(&self, reference: &Reference) -> Result<Resolved> {
        let key = reference.to_string();
        if let Some(hit) = self.cache.lock().await.get(&key) {
            return Ok(hit.clone());
        }
        let started = std::time::Instant::now();
        let digest = self.digest(reference).await?;
        tracing::info!(
            "resolved {key} to {digest} in {} ms",
            started.elapsed().as_millis()
        );
        let resolved = Resolved {
            reference: reference.name.clone()
                + &reference
                    .tag
                    .as_ref()
                    .map(|t| format!(":{t}"))
                    .unwrap_or_default(),
            image: reference.pinned(&digest),
            digest,
        };
        self.cache.lock().await.insert(key, resolved.clone());
        Ok(resolved)
    }

    fn scheme(&self, host: &str) -> &'static str {
        let bare = host
            .rsplit_once(':')
            .filter(|(h, p)| !h.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            .map_or(host, |(h, _)| h);
        if crate::http::is_loopback(bare) || self.insecure.iter().any(|i| i == host || i == bare) {
            "http"
        } else {
            "https"
        }
    }

    async fn digest(&self, r: &Reference) -> Result<String> {
        let host = r.api_host();
        let url = format!(
            "{}://{host}/v2/{}/manifests/{}",
            self.scheme(host),
            r.repository,
            r.target()
        );
        let mut auth_header: Option<String> = None;
        let mut tried: Vec<String> = Vec::new();
        let mut resp = self.send(Method::HEAD, &url, None, r).await?;
        if resp.status() == StatusCode::UNAUTHORIZED {
            let challenge = resp
                .headers()
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let found = auth::lookup(&self.env, &r.registry);
            tried = found.tried.clone();
            auth_header = Some(
                self.authorize(&challenge, found.credential.as_ref(), r)
                    .await?,
            );
            resp = self
                .send(Method::HEAD, &url, auth_header.as_deref(), r)
                .await?;
        }
        match resp.status() {
            s if s.is_success() => {}
            StatusCode::NOT_FOUND => {
                return Err(Error::service(format!(
                    "image {r} was not found on {}: check the repository and tag (was it pushed?)",
                    r.registry
                )))
            }
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                let sources = if tried.is_empty() {
                    "none".to_owned()
                } else {
                    tried.join(", ")
                };
                return Err(Error::service(format!(
                    "the registry {} refused access to {r} ({}); credential sources tried: {sources}. \
                     Log in with `docker login {}` (or set DOCKER_CONFIG), or for ghcr.io set GITHUB_TOKEN",
                    r.registry, resp.status(), r.registry
                )));
            }
            other => {
                return Err(Error::service(format!(
                    "the registry {} answered {other} for {r}",
                    r.registry
                )))
            }
        }
        let header_digest = resp
            .headers()
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let digest = match header_digest {
            Some(d) => d,
            None => {
                // No header: the digest is the sha256 of the manifest's exact bytes.
                let body = self
                    .send(Method::GET, &url, auth_header.as_deref(), r)
                    .await?;
                if !body.status().is_success() {
                    return Err(Error::service(format!(
                        "the registry {} answered {} to GET {r}",
                        r.registry,
                        body.status()
                    )));
                }
                let bytes = body
                    .bytes()
                    .await
                    .map_err(|e| Error::service(format!("reading the manifest of {r}: {e}")))?;
                format!(
                    "sha256:{}",
                    Sha256::digest(&bytes)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>()
                )
            }
        };
        if let Some(want) = &r.digest {
            if &digest != want {
                return Err(Error::service(format!(
                    "the registry returned {digest} for {r}, not the digest it names"
                )));
            }
        }
        Ok(digest)
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        auth: Option<&str>,
        r: &Reference,
    ) -> Result<reqwest::Response> {
        let mut req = self
            .http
            .request(method, url)
            .header(header::ACCEPT, ACCEPT);
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        req.send().await.map_err(|e| {
            let why = if e.is_timeout() {
                "no answer in time"
            } else if e.is_connect() {
                "cannot connect"
            } else {
                "the connection failed"
            };
            Error::service(format!(
                "cannot reach the registry {} for {r}: {why}",
                r.registry
            ))
        })
    }

    /// The Authorization header that answers `challenge`.
    async fn authorize(
        &self,
        challenge: &str,
        cred: Option<&auth::Credential>,
        r: &Reference,
    ) -> Result<String> {
        let basic = |c: &auth::Credential| {
            use base64::Engine;
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    c.username,
                    c.secret.expose_secret()
                ))
            )
        };
        let (scheme, params) = challenge.split_once(' ').unwrap_or((challenge, ""));
        if scheme.eq_ignore_ascii_case("basic") {
            if cred.is_some_and(|c| c.identity_token) {
                return Err(Error::service(format!(
                    "the registry {} wants a user name and password, but the login found for it \
                     is a docker identity token; run `docker login {}` with a password",
                    r.registry, r.registry
                )));
            }
            return cred.map(basic).ok_or_else(|| {
                Error::service(format!("the registry {} needs a login for {r}; run `docker login {}` or set DOCKER_CONFIG", r.registry, r.registry))
            });
        }
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(Error::service(format!(
                "the registry {} asks for {scheme:?} authentication, which pinflow does not speak",
                r.registry
            )));
        }
        let params = challenge_params(params);
        let realm = params.get("realm").ok_or_else(|| {
            Error::service(format!(
                "the registry {} sent a Bearer challenge without a realm",
                r.registry
            ))
        })?;
        let scope = params
            .get("scope")
            .cloned()
            .unwrap_or_else(|| format!("repository:{}:pull", r.repository));
        let mut url = url::Url::parse(realm).map_err(|e| {
            Error::service(format!(
                "the registry {} sent a bad token realm: {e}",
                r.registry
            ))
        })?;
        let req = match cred {
            // OAuth2: the identity token is a refresh token, traded for an access token.
            Some(c) if c.identity_token => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                form.append_pair("grant_type", "refresh_token")
                    .append_pair("refresh_token", c.secret.expose_secret())
                    .append_pair("client_id", "pinflow")
                    .append_pair("scope", &scope);
                if let Some(s) = params.get("service") {
                    form.append_pair("service", s);
                }
                self.http
                    .post(url)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(form.finish())
            }
            _ => {
                url.query_pairs_mut().append_pair("scope", &scope);
                if let Some(s) = params.get("service") {
                    url.query_pairs_mut().append_pair("service", s);
                }
                let req = self.http.get(url);
                match cred {
                    Some(c) => req.header(header::AUTHORIZATION, basic(c)),
                    None => req,
                }
            }
        };
        let resp = req.send().await.map_err(|e| {
            Error::service(format!(
                "cannot reach the token service of {}: {e}",
                r.registry
            ))
        })?;
        if !resp.status().is_success() {
            return Err(Error::service(format!(
                "the token service of {} refused a pull token for {r}: {}",
                r.registry,
                resp.status()
            )));
        }
        let body: serde_json::Value = resp.json().await.map_err(|e| {
            Error::service(format!(
                "the token service of {} sent no JSON: {e}",
                r.registry
            ))
        })?;
        let token = body["token"]
            .as_str()
            .or_else(|| body["access_token"].as_str())
            .ok_or_else(|| {
                Error::service(format!(
                    "the token service of {} answered without a token",
                    r.registry
                ))
            })?;
        Ok(format!("Bearer {token}"))
    }
}

/// `realm="…",service="…",scope="…"` into a map.
static PARAM: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r#"(\w+)="([^"]*)""#).expect("valid regex"));

fn challenge_params(text: &str) -> BTreeMap<String, String> {
    PARAM
        .captures_iter(text)
        .map(|c| (c[1].to_ascii_lowercase(), c[2].to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_and_schemes() {
        let p = challenge_params(
            r#"realm="http://127.0.0.1:5003/token",service="test-registry",scope="repository:team/img:pull""#,
        );
        assert_eq!(p["realm"], "http://127.0.0.1:5003/token");
        assert_eq!(p["scope"], "repository:team/img:pull");
        let r = Resolver::new(&Env::from_pairs([(
            "PINFLOW_INSECURE_REGISTRIES",
            "reg.lan:5000",
        )]))
        .unwrap();
        assert_eq!(r.scheme("localhost:5000"), "http");
        assert_eq!(r.scheme("127.0.0.1:5001"), "http");
        assert_eq!(r.scheme("reg.lan:5000"), "http");
        assert_eq!(r.scheme("ghcr.io"), "https");
    }
}
