//! Answering a registry's `WWW-Authenticate` challenge: Basic with the credential found, or a
//! Bearer token from the registry's token service (anonymous, with Basic credentials, or by
//! trading a docker identity token as an OAuth2 refresh token).
//!
//! Credentials are never sent in clear to another host than the registry's own kind allows:
//! a token service on plain http is refused unless that host may be spoken to over http
//! (loopback, `PINFLOW_INSECURE_REGISTRIES`). Every token received is learned as a secret.

use std::collections::BTreeMap;

use reqwest::header;
use secrecy::ExposeSecret;

use super::credentials::Credential;
use super::{Reference, Resolver};
use crate::error::{Error, Result};
use crate::http::policy::REGISTRY_TOKEN;
use crate::http::retry::Repeat;

/// `realm="…",service="…",scope="…"` into a map.
static PARAM: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r#"(\w+)="([^"]*)""#).expect("valid regex"));

pub(super) fn challenge_params(text: &str) -> BTreeMap<String, String> {
    PARAM
        .captures_iter(text)
        .map(|c| (c[1].to_ascii_lowercase(), c[2].to_owned()))
        .collect()
}

fn basic(c: &Credential) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            c.username,
            c.secret.expose_secret()
        ))
    )
}

impl Resolver {
    /// The Authorization header that answers `challenge` for `r`.
    pub(super) async fn authorize(
        &self,
        challenge: &str,
        cred: Option<&Credential>,
        r: &Reference,
    ) -> Result<String> {
        let (scheme, params) = challenge.split_once(' ').unwrap_or((challenge, ""));
        if scheme.eq_ignore_ascii_case("basic") {
            return match cred {
                Some(c) if c.identity_token => Err(Error::service(format!(
                    "the registry {} wants a user name and password, but the login found for it \
                     is a docker identity token; run `docker login {}` with a password",
                    r.registry, r.registry
                ))),
                Some(c) => Ok(basic(c)),
                None => Err(Error::service(format!(
                    "the registry {} needs a login for {r}; run `docker login {}` or set DOCKER_CONFIG",
                    r.registry, r.registry
                ))),
            };
        }
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(Error::service(format!(
                "the registry {} asks for {scheme:?} authentication, which pinflow does not speak",
                r.registry
            )));
        }
        let token = self.token(&challenge_params(params), cred, r).await?;
        self.secrets.learn(&token);
        Ok(format!("Bearer {token}"))
    }

    /// A pull token from the token service a Bearer challenge names.
    async fn token(
        &self,
        params: &BTreeMap<String, String>,
        cred: Option<&Credential>,
        r: &Reference,
    ) -> Result<String> {
        let realm = params.get("realm").ok_or_else(|| {
            Error::service(format!(
                "the registry {} sent a Bearer challenge without a realm",
                r.registry
            ))
        })?;
        let url = url::Url::parse(realm).map_err(|e| {
            Error::service(format!(
                "the registry {} sent a bad token realm: {e}",
                r.registry
            ))
        })?;
        self.check_realm(realm, &url, r)?;
        let scope = params
            .get("scope")
            .cloned()
            .unwrap_or_else(|| format!("repository:{}:pull", r.repository));
        let service = params.get("service").map(String::as_str);
        let http = self.http()?;
        let req = match cred {
            Some(c) if c.identity_token => refresh_request(http, url, c, &scope, service),
            _ => token_request(http, url, cred, &scope, service),
        };
        let unreachable = |why: &dyn std::fmt::Display| {
            Error::service(format!(
                "cannot reach the token service of {}: {why}",
                r.registry
            ))
        };
        let req = req
            .build()
            .map_err(|e| unreachable(&crate::http::failure(&e)))?;
        // Asking for a pull token grants nothing new: safe to ask again.
        let answer = crate::http::send(http, req, Repeat::Safe, &REGISTRY_TOKEN)
            .await
            .map_err(|e| unreachable(&e))?;
        if !answer.status.is_success() {
            return Err(Error::service(format!(
                "the token service of {} refused a pull token for {r}: {}",
                r.registry, answer.status
            ))
            .with_status(answer.status.as_u16()));
        }
        let body: serde_json::Value = serde_json::from_slice(&answer.body).map_err(|e| {
            Error::service(format!(
                "the token service of {} sent no JSON: {e}",
                r.registry
            ))
        })?;
        body["token"]
            .as_str()
            .or_else(|| body["access_token"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::service(format!(
                    "the token service of {} answered without a token",
                    r.registry
                ))
            })
    }

    /// Refuses a token service that would receive credentials in clear: the realm is https,
    /// or plain http only when the registry itself is spoken to over plain http and the
    /// realm's host, as written in `raw`, may be too (loopback as [`crate::http::is_loopback`]
    /// defines it, or listed in `PINFLOW_INSECURE_REGISTRIES`). What was reached over https
    /// never hands credentials to plain http, loopback or not, as for a redirect.
    fn check_realm(&self, raw: &str, url: &url::Url, r: &Reference) -> Result<()> {
        if url.scheme() == "https" {
            return Ok(());
        }
        let written = crate::http::written_authority(raw).unwrap_or_default();
        let registry_http = self.scheme(r.api_host()) == "http";
        // The host as written and as the URL library reads it must be the same one.
        let parsed = url.host_str().unwrap_or_default();
        let same_host =
            crate::http::written_host(raw).is_some_and(|w| w.eq_ignore_ascii_case(parsed));
        if url.scheme() == "http" && registry_http && same_host && self.scheme(written) == "http" {
            return Ok(());
        }
        let why = if registry_http {
            format!(
                "Use an https token service, or allow the host with \
                 PINFLOW_INSECURE_REGISTRIES={written}"
            )
        } else {
            "The registry is spoken to over https, so its token service must be too.".to_owned()
        };
        Err(Error::service(format!(
            "the registry {} names the token service {} over plain http (or another scheme); \
             pinflow sends no credentials there. {why}",
            r.registry,
            url.origin().ascii_serialization()
        )))
    }
}

/// `GET realm?scope=…&service=…`, with Basic credentials when there are any.
fn token_request(
    http: &reqwest::Client,
    mut url: url::Url,
    cred: Option<&Credential>,
    scope: &str,
    service: Option<&str>,
) -> reqwest::RequestBuilder {
    url.query_pairs_mut().append_pair("scope", scope);
    if let Some(s) = service {
        url.query_pairs_mut().append_pair("service", s);
    }
    let req = http.get(url);
    match cred {
        Some(c) => req.header(header::AUTHORIZATION, basic(c)),
        None => req,
    }
}

/// OAuth2: the identity token is a refresh token, traded for an access token.
fn refresh_request(
    http: &reqwest::Client,
    url: url::Url,
    c: &Credential,
    scope: &str,
    service: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "refresh_token")
        .append_pair("refresh_token", c.secret.expose_secret())
        .append_pair("client_id", "pinflow")
        .append_pair("scope", scope);
    if let Some(s) = service {
        form.append_pair("service", s);
    }
    http.post(url)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::secret::Secrets;

    #[test]
    fn challenges_are_read() {
        let p = challenge_params(
            r#"realm="http://127.0.0.1:5003/token",service="test-registry",scope="repository:team/img:pull""#,
        );
        assert_eq!(p["realm"], "http://127.0.0.1:5003/token");
        assert_eq!(p["scope"], "repository:team/img:pull");
    }

    #[test]
    fn credentials_never_go_to_a_plain_http_token_service_elsewhere() {
        let r = Resolver::new(
            &Env::from_pairs([("PINFLOW_INSECURE_REGISTRIES", "reg.lan:5000")]),
            &Secrets::default(),
        )
        .unwrap();
        let image = Reference::parse("ghcr.io/org/app:1").unwrap();
        let check =
            |image: &Reference, u: &str| r.check_realm(u, &url::Url::parse(u).unwrap(), image);
        // A registry reached over https: its token service is https, loopback or not.
        assert!(check(&image, "https://ghcr.io/token").is_ok());
        for bad in [
            "http://127.0.0.1:5003/token",
            "http://0x7f000001:5003/token",
            "http://reg.lan:5000/token",
            "http://evil.example/token",
            "ftp://ghcr.io/token",
        ] {
            let err = check(&image, bad).unwrap_err();
            assert!(err.to_string().contains("plain http"), "{bad}: {err}");
        }
        // A registry on plain http (loopback, or listed): a token service it may speak to.
        for registry in ["127.0.0.1:5000/org/app:1", "reg.lan:5000/org/app:1"] {
            let image = Reference::parse(registry).unwrap();
            assert!(check(&image, "http://127.0.0.1:5003/token").is_ok());
            assert!(check(&image, "http://reg.lan:5000/token").is_ok());
            for bad in [
                "http://0x7f000001:5003/token",
                "http://2130706433:5003/token",
                "http://127.1:5003/token",
                "http://[::ffff:127.0.0.1]:5003/token",
                "http://evil.example/token",
                "http://reg.lan:5001/token",
            ] {
                assert!(check(&image, bad).is_err(), "{registry} {bad}");
            }
        }
        assert_eq!(
            crate::http::written_authority("http://reg.lan:5000@0x7f000001:5003/t"),
            Some("0x7f000001:5003")
        );
    }
}
