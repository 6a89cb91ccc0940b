//! Registry credentials: docker's `config.json` (`credHelpers`, `credsStore`, `auths`) and
//! `GITHUB_TOKEN` for ghcr.io. Values are secrets: only the *names* of the sources tried are
//! ever shown.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use base64::Engine;
use secrecy::SecretString;
use serde_json::Value;

use crate::env::Env;

/// A username and password (or token) for a registry.
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    /// The user name.
    pub username: String,
    /// The password or token.
    pub secret: SecretString,
    /// The secret is a docker identity token: an OAuth2 refresh token, traded at the token
    /// service for an access token, never sent to the registry itself.
    pub identity_token: bool,
}

impl Credential {
    /// A user name and password (or access token).
    pub(crate) fn password(username: &str, secret: &str) -> Self {
        Self {
            username: username.to_owned(),
            secret: SecretString::from(secret.to_owned()),
            identity_token: false,
        }
    }

    /// A docker identity token (`identitytoken` in config.json, or a credential helper's
    /// answer with the user name `<token>`).
    pub(crate) fn identity_token(username: &str, token: &str) -> Self {
        Self {
            identity_token: true,
            ..Self::password(username, token)
        }
    }
}

/// What was found for a registry, and where pinflow looked.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    /// The credential to use, if any.
    pub credential: Option<Credential>,
    /// The sources consulted, for messages (never values).
    pub tried: Vec<String>,
}

/// Finds credentials for `registry` (a host such as `ghcr.io` or `localhost:5000`).
pub(crate) fn lookup(env: &Env, registry: &str) -> Lookup {
    let mut found = Lookup::default();
    if let Some(path) = config_path(env) {
        found.tried.push(path.display().to_string());
        if let Some(config) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        {
            found.credential = from_config(&config, registry, env, &mut found.tried);
        }
    }
    if found.credential.is_none() && registry == "ghcr.io" {
        found.tried.push("GITHUB_TOKEN".into());
        if let Some(token) = env.get("GITHUB_TOKEN") {
            let user = env.get("GITHUB_ACTOR").unwrap_or("x-access-token");
            found.credential = Some(Credential::password(user, token));
        }
    }
    found
}

fn config_path(env: &Env) -> Option<PathBuf> {
    match env.get("DOCKER_CONFIG") {
        Some(dir) => Some(PathBuf::from(dir).join("config.json")),
        None => env
            .get("HOME")
            .map(|h| PathBuf::from(h).join(".docker/config.json")),
    }
}

/// The keys docker uses for a registry in `auths` and for helpers.
fn server_names(registry: &str) -> Vec<String> {
    if registry == "docker.io" {
        [
            "https://index.docker.io/v1/",
            "index.docker.io",
            "docker.io",
            "registry-1.docker.io",
        ]
        .map(str::to_owned)
        .to_vec()
    } else {
        vec![
            registry.to_owned(),
            format!("https://{registry}"),
            format!("http://{registry}"),
        ]
    }
}

fn host_of(key: &str) -> &str {
    let key = key.split_once("://").map_or(key, |(_, rest)| rest);
    key.split('/').next().unwrap_or(key)
}

fn from_config(
    config: &Value,
    registry: &str,
    env: &Env,
    tried: &mut Vec<String>,
) -> Option<Credential> {
    let names = server_names(registry);
    let helper = config["credHelpers"]
        .as_object()
        .and_then(|h| {
            names.iter().find_map(|n| h.get(n)).or_else(|| {
                h.iter()
                    .find(|(k, _)| host_of(k) == registry)
                    .map(|(_, v)| v)
            })
        })
        .or_else(|| config.get("credsStore"))
        .and_then(Value::as_str);
    if let Some(helper) = helper {
        tried.push(format!("docker-credential-{helper}"));
        if let Some(c) = from_helper(helper, &names[0], env) {
            return Some(c);
        }
    }
    let auths = config["auths"].as_object()?;
    let entry = names.iter().find_map(|n| auths.get(n)).or_else(|| {
        auths
            .iter()
            .find(|(k, _)| host_of(k) == host_of(registry))
            .map(|(_, v)| v)
    })?;
    // Docker uses an identity token when there is one (ACR's `az acr login` writes it beside
    // an `auth` with an empty password).
    if let Some(token) = entry["identitytoken"].as_str().filter(|t| !t.is_empty()) {
        let user = entry["username"].as_str().unwrap_or("<token>");
        return Some(Credential::identity_token(user, token));
    }
    if let Some(encoded) = entry["auth"].as_str().filter(|a| !a.is_empty()) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let (user, pass) = String::from_utf8(decoded)
            .ok()?
            .split_once(':')
            .map(|(u, p)| (u.to_owned(), p.to_owned()))?;
        return Some(Credential::password(&user, &pass));
    }
    match (entry["username"].as_str(), entry["password"].as_str()) {
        (Some(u), Some(p)) => Some(Credential::password(u, p)),
        _ => None,
    }
}

/// Runs `docker-credential-<helper> get` with the server name on stdin.
fn from_helper(helper: &str, server: &str, env: &Env) -> Option<Credential> {
    let mut child = Command::new(format!("docker-credential-{helper}"))
        .arg("get")
        .env_clear()
        .envs(env.vars())
        .env_remove(crate::deploy::PLAN_KEY_VAR)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            crate::diagnostic::warn(
                crate::diagnostic::Code::CredentialHelper,
                format!("docker-credential-{helper}: {e}"),
            )
        })
        .ok()?;
    child.stdin.take()?.write_all(server.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        return None;
    }
    let v: Value = serde_json::from_slice(&out.stdout).ok()?;
    let (user, secret) = (v["Username"].as_str()?, v["Secret"].as_str()?);
    // Docker's convention: the user name `<token>` marks an identity token.
    Some(if user == "<token>" {
        Credential::identity_token(user, secret)
    } else {
        Credential::password(user, secret)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn auths_entries_by_host_in_any_form() {
        let dir = tempfile::tempdir().unwrap();
        let auth = base64::engine::general_purpose::STANDARD.encode("ciuser:cipass");
        let config = format!(
            r#"{{"auths": {{"https://localhost:5001/v2/": {{"auth": "{auth}"}}, "https://index.docker.io/v1/": {{"username": "hub", "password": "pw"}}}}}}"#
        );
        std::fs::write(dir.path().join("config.json"), config).unwrap();
        let env = Env::from_pairs([("DOCKER_CONFIG", dir.path().to_str().unwrap())]);
        let c = lookup(&env, "localhost:5001").credential.unwrap();
        assert_eq!(
            (c.username.as_str(), c.secret.expose_secret()),
            ("ciuser", "cipass")
        );
        assert_eq!(
            lookup(&env, "docker.io").credential.unwrap().username,
            "hub"
        );
        let none = lookup(&env, "other.io");
        assert!(none.credential.is_none());
        assert!(none.tried[0].ends_with("config.json"));
        assert!(!format!("{c:?}").contains("cipass"));
    }

    #[test]
    fn github_token_for_ghcr_only() {
        let env = Env::from_pairs([("GITHUB_TOKEN", "ghs_x"), ("HOME", "/nonexistent")]);
        assert_eq!(
            lookup(&env, "ghcr.io").credential.unwrap().username,
            "x-access-token"
        );
        assert!(lookup(&env, "quay.io").credential.is_none());
    }

    #[test]
    fn credential_helpers_are_run() {
        let dir = tempfile::tempdir().unwrap();
        let helper = dir.path().join("docker-credential-fake");
        let script = r#"#!/bin/sh
read server
case "$server" in
  tok.*) echo '{"Username": "<token>", "Secret": "refresh"}' ;;
  *) echo "{\"Username\": \"u-$server\", \"Secret\": \"s\"}" ;;
esac
"#;
        std::fs::write(&helper, script).unwrap();
        std::process::Command::new("chmod")
            .arg("+x")
            .arg(&helper)
            .status()
            .unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"credHelpers": {"reg.example.com": "fake", "tok.example.com": "fake"}}"#,
        )
        .unwrap();
        let path = format!("{}:/usr/bin:/bin", dir.path().display());
        let env = Env::from_pairs([
            ("DOCKER_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", path.as_str()),
        ]);
        let found = lookup(&env, "reg.example.com");
        let c = found.credential.unwrap();
        assert_eq!(
            (c.username.as_str(), c.identity_token),
            ("u-reg.example.com", false)
        );
        assert!(found.tried.contains(&"docker-credential-fake".to_owned()));
        // Docker's convention: the user name `<token>` marks an identity token.
        let c = lookup(&env, "tok.example.com").credential.unwrap();
        assert_eq!(
            (c.secret.expose_secret(), c.identity_token),
            ("refresh", true)
        );
    }
}
