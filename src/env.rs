//! The only place that reads the process environment.
//!
//! Everything else takes an [`Env`], so CI detection, version inference and templating are
//! pure functions of a map that tests can build by hand.

use std::collections::BTreeMap;

/// A snapshot of environment variables.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// Reads the whole process environment once.
    #[allow(clippy::disallowed_methods)]
    pub fn from_process() -> Self {
        Self::from_pairs(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// Removes empty `PINFLOW_*` variables from the process environment, before the command
    /// line is parsed: CI wrappers pass every input, and an empty one means "not given". A
    /// secret that comes through empty is kept: `PINFLOW_PLAN_KEY` empty is a key that did not
    /// reach the job, not no key. Call once at start-up, before any thread exists.
    #[allow(clippy::disallowed_methods)]
    pub fn drop_empty_pinflow_vars() {
        for (name, value) in std::env::vars_os() {
            let is_pinflow = name
                .to_str()
                .is_some_and(|n| n.starts_with("PINFLOW_") && n != "PINFLOW_PLAN_KEY");
            if is_pinflow && value.is_empty() {
                std::env::remove_var(name);
            }
        }
    }

    /// The command line's arguments, for messages about where a value came from.
    #[allow(clippy::disallowed_methods)]
    pub fn args() -> impl Iterator<Item = String> {
        std::env::args().skip(1)
    }

    /// Builds an environment from pairs; for tests and for child processes.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The value of `name` when it is set, even to nothing (as Python's `os.getenv` sees it).
    pub fn get_even_empty(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The value of `name` when it is set and not empty (CI platforms set empty variables).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The value of `name` when it is set, even if empty.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// True when `name` is set to a true-ish value (`true`, `1`, `yes`, any case).
    pub fn flag(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on"))
    }

    /// All variables, for templating `{{ $NAME }}` placeholders.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }

    /// A copy with one variable set; for tests.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }
}

impl std::fmt::Debug for Env {
    // Values may hold secrets: show names only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("names", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_count_as_unset() {
        let env = Env::from_pairs([("A", ""), ("B", "x")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.raw("A"), Some(""));
        assert_eq!(env.get("B"), Some("x"));
    }

    #[test]
    fn debug_shows_no_values() {
        let env = Env::from_pairs([("PREFECT_API_KEY", "pnu_canary")]);
        let shown = format!("{env:?}");
        assert!(shown.contains("PREFECT_API_KEY"));
        assert!(!shown.contains("pnu_canary"));
    }
}
