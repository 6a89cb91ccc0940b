//! Image digests from the registry (OCI distribution API; spec/oci.md).
//!
//! `HEAD /v2/<repo>/manifests/<tag>` with all four manifest media types accepted, so a
//! multi-arch image resolves to its index digest (what runtimes pin). Anonymous and Bearer
//! token challenges, Basic auth, and `GET` plus sha256 of the exact bytes when a registry does
//! not send `Docker-Content-Digest`. Loopback registries are spoken to over plain http, as
//! Docker does; `PINFLOW_INSECURE_REGISTRIES` (comma-separated hosts) adds others.

mod auth;
pub(crate) mod credentials;
mod reference;

use std::collections::BTreeMap;

use reqwest::{header, Method, StatusCode};
use secrecy::ExposeSecret;
use serde::Serialize;
use tokio::sync::Mutex;

pub use reference::Reference;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::retry::Repeat;
use crate::http::{policy, Answer};
use crate::secret::Secrets;

const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// An image pinned to its digest.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Resolved {
    /// The reference as given.
    pub reference: String,
    /// The pinned reference, `name@sha256:…`.
    pub image: String,
    /// The digest.
    pub digest: String,
}

/// Resolves image references, caching answers for the command's lifetime.
pub(crate) struct Resolver {
    /// Built on first use: most deploys resolve no image, and a TLS client takes a while.
    http: std::sync::OnceLock<reqwest::Client>,
    env: Env,
    secrets: Secrets,
    insecure: Vec<String>,
    cache: Mutex<BTreeMap<String, Resolved>>,
}

/// The answer to the manifest request, and how it was authorised.
struct Manifest {
    answer: Answer,
    auth: Option<String>,
    tried: Vec<String>,
}

impl Resolver {
    /// A resolver using `env` for credentials and settings; credentials found and tokens
    /// received are learned by `secrets`.
    pub(crate) fn new(env: &Env, secrets: &Secrets) -> Result<Self> {
        let insecure = env
            .get("PINFLOW_INSECURE_REGISTRIES")
            .unwrap_or("")
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        Ok(Self {
            http: std::sync::OnceLock::new(),
            env: env.clone(),
            secrets: secrets.clone(),
            insecure,
            cache: Mutex::new(BTreeMap::new()),
        })
    }

    /// The digest `reference` points to now (for a digest reference: checks that it exists).
    pub(crate) async fn resolve(&self, reference: &Reference) -> Result<Resolved> {
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

    /// The HTTP client for registries.
    fn http(&self) -> Result<&reqwest::Client> {
        if let Some(http) = self.http.get() {
            return Ok(http);
        }
        let built = crate::http::client(&self.env, &policy::REGISTRY)?;
        Ok(self.http.get_or_init(|| built))
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

    fn manifest_url(&self, r: &Reference) -> String {
        let host = r.api_host();
        format!(
            "{}://{host}/v2/{}/manifests/{}",
            self.scheme(host),
            r.repository,
            r.target()
        )
    }

    async fn digest(&self, r: &Reference) -> Result<String> {
        let url = self.manifest_url(r);
        let m = self.head_manifest(&url, r).await?;
        check_status(&m, r)?;
        let header_digest = m
            .answer
            .headers
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let digest = match header_digest {
            Some(d) => d,
            // No header: the digest is the sha256 of the manifest's exact bytes.
            None => self.hash_manifest(&url, m.auth.as_deref(), r).await?,
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

    /// `HEAD` the manifest; on 401, answer the challenge with what credentials are found and
    /// ask again.
    async fn head_manifest(&self, url: &str, r: &Reference) -> Result<Manifest> {
        let answer = self.send(Method::HEAD, url, None, r).await?;
        if answer.status != StatusCode::UNAUTHORIZED {
            return Ok(Manifest {
                answer,
                auth: None,
                tried: Vec::new(),
            });
        }
        let challenge = answer
            .headers
            .get(header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let found = credentials::lookup(&self.env, &r.registry);
        if let Some(c) = &found.credential {
            self.secrets.learn(c.secret.expose_secret());
        }
        let auth = self
            .authorize(&challenge, found.credential.as_ref(), r)
            .await?;
        let answer = self.send(Method::HEAD, url, Some(&auth), r).await?;
        Ok(Manifest {
            answer,
            auth: Some(auth),
            tried: found.tried,
        })
    }

    /// `sha256:` of the manifest's bytes, read with a size cap.
    async fn hash_manifest(&self, url: &str, auth: Option<&str>, r: &Reference) -> Result<String> {
        let body = self.send(Method::GET, url, auth, r).await?;
        if !body.status.is_success() {
            return Err(Error::service(format!(
                "the registry {} answered {} to GET {r}",
                r.registry, body.status
            ))
            .with_status(body.status.as_u16()));
        }
        Ok(format!("sha256:{}", crate::digest::sha256_hex(&body.body)))
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        auth: Option<&str>,
        r: &Reference,
    ) -> Result<Answer> {
        let http = self.http()?;
        let mut req = http.request(method, url).header(header::ACCEPT, ACCEPT);
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        let req = req.build().map_err(|e| {
            Error::service(format!(
                "cannot ask the registry {} for {r}: {}",
                r.registry,
                crate::http::failure(&e)
            ))
        })?;
        // Manifest reads change nothing: safe to ask again (a 429 with Retry-After, a
        // dropped connection).
        crate::http::send(http, req, Repeat::Safe, &policy::REGISTRY)
            .await
            .map_err(|e| {
                Error::service(format!(
                    "cannot reach the registry {} for {r}: {e}",
                    r.registry
                ))
            })
    }
}

/// What a manifest answer's status means for the user.
fn check_status(m: &Manifest, r: &Reference) -> Result<()> {
    let status = m.answer.status;
    let refused = |e: Error| Err(e.with_status(status.as_u16()));
    match status {
        s if s.is_success() => Ok(()),
        StatusCode::NOT_FOUND => refused(Error::service(format!(
            "image {r} was not found on {}: check the repository and tag (was it pushed?)",
            r.registry
        ))),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            let sources = if m.tried.is_empty() {
                "none".to_owned()
            } else {
                m.tried.join(", ")
            };
            refused(Error::service(format!(
                "the registry {} refused access to {r} ({status}); credential sources tried: {sources}. \
                 Log in with `docker login {}` (or set DOCKER_CONFIG), or for ghcr.io set GITHUB_TOKEN",
                r.registry, r.registry
            )))
        }
        other => refused(Error::service(format!(
            "the registry {} answered {other} for {r}",
            r.registry
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_and_listed_registries_speak_http() {
        let r = Resolver::new(
            &Env::from_pairs([("PINFLOW_INSECURE_REGISTRIES", "reg.lan:5000")]),
            &Secrets::default(),
        )
        .unwrap();
        assert_eq!(r.scheme("localhost:5000"), "http");
        assert_eq!(r.scheme("127.0.0.1:5001"), "http");
        assert_eq!(r.scheme("reg.lan:5000"), "http");
        assert_eq!(r.scheme("ghcr.io"), "https");
    }
}
