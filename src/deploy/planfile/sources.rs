//! What may not reach a plan file: the code frozen from a secret's source, or any of the
//! run's secrets anywhere in it.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::project::{DeploymentConfig, Project};
use crate::secret::Secrets;

/// Refuses, for a plan file, a deployment whose code would be frozen from a secret's source:
/// a version, entrypoint or image from a block, a Prefect variable or an environment variable
/// named as a secret, or a pull step from such an environment variable (blocks and variables
/// in pull steps stay placeholders, for the worker). Told by the placeholders as written,
/// whatever the values' length.
pub(in crate::deploy) fn check_sources(project: &Project, d: &DeploymentConfig) -> Result<()> {
    use crate::template::{find_all, Kind};
    let secret_env = |v: &Value| {
        find_all(v, Kind::EnvVar)
            .into_iter()
            .find(|n| crate::secret::names_credential(n.trim_start_matches('$')))
    };
    let from_server = |v: &Value| {
        find_all(v, Kind::Block)
            .into_iter()
            .chain(find_all(v, Kind::Variable))
            .next()
    };
    let image = d
        .config
        .get("work_pool")
        .and_then(|p| p.get("job_variables"))
        .and_then(|j| j.get("image"));
    let pull = Value::Array(d.pull.clone().unwrap_or_default());
    let frozen = [
        ("version", d.config.get("version"), true),
        ("entrypoint", d.config.get("entrypoint"), true),
        ("work_pool", image, true),
        ("pull", Some(&pull), false),
    ];
    for (key, value, server_too) in frozen {
        let Some(value) = value else { continue };
        let source = secret_env(value).or_else(|| server_too.then(|| from_server(value)).flatten());
        let Some(source) = source else { continue };
        let why = match key {
            "pull" => format!(
                "a pull step takes {{{{ {source} }}}}, an environment variable named as a secret, \
                 and a plan file keeps pull steps as rendered (they name the code), so its value \
                 would be written into the file; use a block the worker resolves instead \
                 ({{{{ prefect.blocks.secret.NAME }}}}), as Prefect recommends"
            ),
            _ => {
                let what = if key == "work_pool" {
                    "job_variables.image"
                } else {
                    key
                };
                format!(
                    "{what} takes {{{{ {source} }}}}, and a plan file keeps {what} as rendered (it \
                     names the code), so a secret's or a server's value would be written into \
                     the file; write {what} out in the project file (or pass --version, \
                     --image-digest)"
                )
            }
        };
        let at = format!("deployment {:?}, `{key}`", d.name);
        return Err(Error::usage(why).at(project.location(d.index, key).what(at)));
    }
    Ok(())
}

/// The path of the first string inside `value` that holds one of `secrets`.
pub(super) fn secret_at(value: &Value, path: &str, secrets: &Secrets) -> Option<String> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::String(s) => (secrets.redact(s) != *s).then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| secret_at(v, &join(&i.to_string()), secrets)),
        Value::Object(m) => m.iter().find_map(|(k, v)| secret_at(v, &join(k), secrets)),
        _ => None,
    }
}

/// The path (below `path`) of the first string inside `code` that looks like a credential, as
/// a plan hides it when it shows a value: a password in a URL, a bearer token, a flag named
/// as a secret (`secret::hide_embedded`), or a value under a key named as a secret
/// (`access_token: …`) that is not a placeholder left for the worker. What names the code is
/// frozen as rendered, so such a value, whatever its source, would be written into the file.
pub(super) fn credential_at(code: &Value, path: &str) -> Option<String> {
    let join = |key: &str| format!("{path}.{key}");
    match code {
        Value::String(s) => looks_like_credential(s).then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| credential_at(v, &join(&i.to_string()))),
        Value::Object(m) => m.iter().find_map(|(k, v)| match v {
            Value::String(s)
                if crate::secret::name_says_secret(k) && !s.is_empty() && !s.contains("{{") =>
            {
                Some(join(k))
            }
            // A parameter named as a secret: its default (or example) is one.
            Value::Object(property) if crate::secret::name_says_secret(k) => {
                let given = ["default", "const", "examples", "enum"]
                    .into_iter()
                    .find(|f| property.get(*f).is_some_and(holds_text));
                match given {
                    Some(f) => Some(format!("{}.{f}", join(k))),
                    None => credential_at(v, &join(k)),
                }
            }
            _ => credential_at(v, &join(k)),
        }),
        _ => None,
    }
}

/// Whether `v` is or holds a non-empty string that is not a placeholder.
fn holds_text(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.is_empty() && !s.contains("{{"),
        Value::Array(items) => items.iter().any(holds_text),
        _ => false,
    }
}

/// Whether `s` holds what a plan hides as a credential; a URL's user name alone
/// (`ssh://git@github.com/…`) is none.
fn looks_like_credential(s: &str) -> bool {
    static USER_ONLY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@:]+@").expect("valid regex")
    });
    let users_dropped = USER_ONLY.replace_all(s, "$1");
    crate::secret::hide_embedded(&users_dropped) != users_dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_credential_in_code_is_found_by_its_shape_or_its_key() {
        let code = |v: Value| credential_at(&v, "code");
        assert_eq!(
            code(json!({"pull_steps": [{"git_clone": {"access_token": "ghp_x"}}]})),
            Some("code.pull_steps.0.git_clone.access_token".into())
        );
        assert!(code(json!(["https://deploy:pw@github.com/org/repo.git"])).is_some());
        assert!(code(json!({"default": "postgresql://app:s3cret@db/x"})).is_some());
        assert_eq!(
            code(
                json!({"properties": {"api_token": {"default": "opaque123", "title": "Api Token"}}})
            ),
            Some("code.properties.api_token.default".into())
        );
        for fine in [
            json!([
                "ssh://git@github.com/org/repo.git",
                "https://github.com/org/repo.git"
            ]),
            json!({"access_token": "{{ prefect.blocks.secret.token }}"}),
            json!({"properties": {"password": {"default": null, "type": "string"}}}),
            json!({"access_token": ""}),
        ] {
            assert_eq!(code(fine.clone()), None, "{fine}");
        }
    }
}
