//! How a plan file is sealed: its fingerprints and its digest, keyed or not.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::history::canonical;
use crate::secret::Secrets;

/// The environment variable holding the key that signs plan files.
pub(crate) const KEY_VAR: &str = "PINFLOW_PLAN_KEY";

/// How a plan's fingerprints and digest are made: with the jobs' key (`PINFLOW_PLAN_KEY`), an
/// HMAC of the whole value that nobody without the key can make or check; without one, a hash
/// of the value as a plan shows it, which reveals nothing the plan's output does not.
pub(crate) struct Seal<'a> {
    pub(super) key: Option<&'a str>,
    secrets: &'a Secrets,
}

impl<'a> Seal<'a> {
    /// The seal of `key` (None: no key); a key must be long enough not to be guessed.
    pub(crate) fn new(key: Option<&'a str>, secrets: &'a Secrets) -> Result<Self> {
        if let Some(key) = key {
            secrets.learn(key);
            if key.trim().is_empty() {
                // A secret that did not reach the job comes through empty: taking that for no
                // key would accept a plan anyone could have written.
                return Err(Error::usage(format!(
                    "{KEY_VAR} is set but empty: the secret did not reach this job (a pull \
                     request's build, or a job without access to it); give the job the key, or \
                     unset {KEY_VAR} to work without one"
                )));
            }
            if unexpanded(key) {
                // Azure leaves an undefined `$(NAME)` as it is: a key anyone can read.
                return Err(Error::usage(format!(
                    "{KEY_VAR} is a variable reference the CI platform did not expand (the \
                     variable is not defined for this job): define the secret, or leave {KEY_VAR} \
                     unset"
                )));
            }
            if key.chars().count() < 16 {
                return Err(Error::usage(format!(
                    "{KEY_VAR} is shorter than 16 characters; set it to a long random value \
                     (a CI secret both the planning and the applying jobs hold)"
                )));
            }
        }
        Ok(Seal { key, secrets })
    }

    /// The fingerprint of `value`.
    pub(super) fn fingerprint(&self, value: &Value) -> String {
        self.fingerprint_hiding(value, |_| {})
    }

    /// [`Seal::fingerprint`], with `hide` hiding more of the value first when there is no key
    /// (what a live version's history record says held secrets).
    pub(super) fn fingerprint_hiding(
        &self,
        value: &Value,
        hide: impl FnOnce(&mut Value),
    ) -> String {
        match self.key {
            Some(key) => format!(
                "hmac-sha256:{}",
                crate::digest::hmac_sha256_hex(key.as_bytes(), canonical(value).as_bytes())
            ),
            None => {
                let mut shown = value.clone();
                hide(&mut shown);
                crate::secret::hide_in_value(&mut shown, self.secrets);
                let hash = crate::digest::sha256_hex(canonical(&shown).as_bytes());
                format!("sha256:{hash}")
            }
        }
    }
}

/// Whether `key` is a variable reference a CI platform left as written when the variable was
/// not defined (`$(NAME)` on Azure, `$NAME` or `${NAME}` on Bitbucket and in shells,
/// `$[[ inputs.x ]]`, `%NAME%`): a key anyone can read.
fn unexpanded(key: &str) -> bool {
    static REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(\$\(.*\)|\$\{.*\}|\$\[\[.*\]\]|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%)$",
        )
        .expect("valid regex")
    });
    REFERENCE.is_match(key.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_the_platform_did_not_expand_is_refused() {
        let secrets = Secrets::default();
        for key in [
            "$PINFLOW_PLAN_KEY",
            "${PINFLOW_PLAN_KEY}",
            "$(PINFLOW_PLAN_KEY)",
            "$[[ inputs.plan_key ]]",
            "%PINFLOW_PLAN_KEY%",
            "",
            "short",
        ] {
            assert!(Seal::new(Some(key), &secrets).is_err(), "{key}");
        }
        assert!(Seal::new(Some("k3y-$0123456789abcdef"), &secrets).is_ok());
        assert!(Seal::new(None, &secrets).is_ok());
    }
}
