//! The one collector of secret values: API keys, auth strings, registry passwords and tokens,
//! values resolved from blocks.
//!
//! A value is *learned* the moment pinflow comes to know it ([`Secrets::learn`]): on GitHub
//! and Azure the platform's mask command is written at once, before any line that could carry
//! it, and from then on everything pinflow shows — logs, errors, results, CI outputs, the
//! request trace — passes through [`Secrets::redact`]. History records keep only
//! [`hash`]es, so that later commands can recognise the values without holding them.
//!
//! The collector is a cheap handle (`Clone` shares it); its `Debug` output shows a count only.

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

use serde_json::Value;

use crate::env::Env;

/// Shortest value that is redacted or masked; shorter ones would garble unrelated text.
pub const MIN_LEN: usize = 4;

/// Shortest value that [`Secrets::learn_named`] takes from a variable named as a secret.
pub const NAMED_MIN_LEN: usize = 8;

/// What pinflow shows in place of a secret.
pub const REDACTED: &str = "***";

/// Environment variables that hold credentials, learned at start-up.
pub const CREDENTIAL_VARS: [&str; 7] = [
    "PREFECT_API_KEY",
    "PREFECT_API_AUTH_STRING",
    "GITHUB_TOKEN",
    "SYSTEM_ACCESSTOKEN",
    "GITLAB_TOKEN",
    "BITBUCKET_ACCESS_TOKEN",
    "BITBUCKET_APP_PASSWORD",
];

/// Whether pinflow takes variable `name` for a credential: one of [`CREDENTIAL_VARS`], or a
/// name that says it holds a secret ([`name_says_secret`]).
pub fn names_credential(name: &str) -> bool {
    CREDENTIAL_VARS.contains(&name) || name_says_secret(name)
}

/// Whether an environment variable's name says it holds a secret (`API_TOKEN`, `DB_PASSWORD`,
/// `AWS_SECRET_ACCESS_KEY`): its value is never copied anywhere people can read it.
pub fn name_says_secret(name: &str) -> bool {
    const WORDS: [&str; 14] = [
        "KEY",
        "TOKEN",
        "SECRET",
        "PASS",
        "PWD",
        "CREDENTIAL",
        "AUTH",
        "PRIVATE",
        "JWT",
        "COOKIE",
        "SESSION",
        "WEBHOOK",
        "DSN",
        "SIGNATURE",
    ];
    let name = name.to_ascii_uppercase();
    // Every shell exports its working directories under these: paths, not passwords.
    if matches!(name.as_str(), "PWD" | "OLDPWD") {
        return false;
    }
    WORDS.iter().any(|w| name.contains(w))
}

/// How the CI platform hides one line of a value in its log: the command for that line
/// (`::add-mask::…` on GitHub, `##vso[task.setsecret]…` on Azure), as the platform writes it
/// (`Platform::mask` in `platform`). Platforms without one mask nothing: values are only
/// redacted.
pub type Mask = fn(&str) -> String;

/// The commands that mask `value` with `mask`: one per line of it (runners mask line by line),
/// lines too short to redact left out.
pub fn mask_commands(mask: Mask, value: &str) -> Vec<String> {
    value
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| l.len() >= MIN_LEN)
        .map(mask)
        .collect()
}

/// The run's collector, once [`Secrets::install`]ed: what [`redact_shown`] hides. The renderers in
/// [`crate::escape`] take no collector, and each of them escapes text (Markdown, HTML entities,
/// zero-width breaks, JSON, URL and runner encodings) into a form the collector no longer
/// recognises, so each redacts with this one *before* it escapes anything.
static PROCESS: RwLock<Option<Secrets>> = RwLock::new(None);

/// `text` with the secrets of the run's collector ([`Secrets::install`]) replaced by `***`:
/// what every renderer does first, before it escapes the text.
pub fn redact_shown(text: &str) -> Cow<'_, str> {
    let process = PROCESS.read().unwrap_or_else(|e| e.into_inner());
    match process.as_ref() {
        Some(secrets) => Cow::Owned(secrets.redact(text)),
        None => Cow::Borrowed(text),
    }
}

/// Every string and key in `value` with the secrets of the run's collector replaced by `***`:
/// JSON redacted before it is written ([`crate::report::json`]).
pub fn redact_value_shown(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Cow::Owned(shown) = redact_shown(s) {
                *s = shown;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value_shown),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                redact_value_shown(&mut v);
                map.insert(redact_shown(&key).into_owned(), v);
            }
        }
        _ => {}
    }
}

/// Every secret value this run knows. Clones share one set.
#[derive(Clone, Default)]
pub struct Secrets {
    inner: Arc<RwLock<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Longest first, so that a secret containing another is replaced whole.
    values: Vec<String>,
    mask: Option<Mask>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} values)", self.read().values.len())
    }
}

impl Secrets {
    /// An empty collector that masks new values with `mask` (the platform's, if it has one).
    pub fn new(mask: Option<Mask>) -> Self {
        let secrets = Self::default();
        secrets.write().mask = mask;
        secrets
    }

    /// Makes this collector the run's: every renderer ([`crate::escape`]) redacts the values
    /// it learns, now and later, before it escapes the text it is given ([`redact_shown`]).
    pub fn install(&self) {
        *PROCESS.write().unwrap_or_else(|e| e.into_inner()) = Some(self.clone());
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Learns `value`: masks it on the platform at once and redacts it from now on. Each line
    /// of a multi-line value is learned too (a log may show one line of it).
    pub fn learn(&self, value: &str) {
        let mut forms = vec![value.to_owned()];
        if value.contains(['\n', '\r']) {
            forms.extend(value.split(['\n', '\r']).map(|l| l.trim().to_owned()));
        }
        // JSON shows a value with quotes, backslashes or line breaks escaped.
        for form in forms.clone() {
            let quoted = serde_json::to_string(&form).unwrap_or_default();
            forms.push(quoted[1..quoted.len() - 1].to_owned());
        }
        forms.retain(|f| f.len() >= MIN_LEN);
        let mut inner = self.write();
        let new: Vec<String> = forms
            .into_iter()
            .filter(|f| !inner.values.contains(f))
            .collect();
        if new.is_empty() {
            return;
        }
        if !inner.values.iter().any(|v| v == value) {
            let commands = inner.mask.map(|m| mask_commands(m, value));
            for command in commands.into_iter().flatten() {
                eprintln!("{command}");
            }
        }
        inner.values.extend(new);
        inner.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        inner.values.dedup();
    }

    /// Learns every string and number inside `value` (a block document's data: a PIN or an
    /// account number is as secret as a password; keys are not learned, they name things).
    pub fn learn_strings(&self, value: &Value) {
        match value {
            Value::String(s) => self.learn(s),
            Value::Number(n) => self.learn(&n.to_string()),
            Value::Array(items) => items.iter().for_each(|v| self.learn_strings(v)),
            Value::Object(map) => map.values().for_each(|v| self.learn_strings(v)),
            _ => {}
        }
    }

    /// Learns the credentials the environment holds ([`CREDENTIAL_VARS`]); an auth string's
    /// password part too, since a server may echo it alone.
    pub fn learn_env(&self, env: &Env) {
        for name in CREDENTIAL_VARS {
            if let Some(value) = env.get(name) {
                self.learn(value);
                if let Some((_, password)) = value.split_once(':') {
                    self.learn(password);
                }
            }
        }
    }

    /// Learns the value of every variable whose name says it holds a secret
    /// ([`name_says_secret`]): for what pinflow prints before it knows which of them the run
    /// uses (a usage error, an early panic). Values under [`NAMED_MIN_LEN`] characters are left
    /// alone: a name is only a guess, and `true` or a port number in such a variable must not
    /// garble the message.
    pub fn learn_named(&self, env: &Env) {
        for (name, value) in env.vars() {
            if name_says_secret(name) && value.chars().count() >= NAMED_MIN_LEN {
                self.learn(value);
            }
        }
    }

    /// `text` with every known secret replaced by `***`, also where it appears escaped inside
    /// a JSON string.
    pub fn redact(&self, text: &str) -> String {
        let inner = self.read();
        if inner.values.is_empty() {
            return text.to_owned();
        }
        inner
            .values
            .iter()
            .fold(text.to_owned(), |t, s| t.replace(s.as_str(), REDACTED))
    }

    /// SHA-256 hashes of the known values that occur as whole strings in `value`: what a
    /// history record keeps so that later commands can redact them (the record holds the
    /// deployment's fields, values included; no other value is hashed).
    pub fn hashes_within(&self, value: &Value) -> Vec<String> {
        let inner = self.read();
        let mut hashes = Vec::new();
        crate::template::walk_strings(value, &mut |s| {
            if inner.values.iter().any(|v| v == s) {
                hashes.push(hash(s));
            }
        });
        hashes.sort();
        hashes.dedup();
        hashes
    }
}

/// Names of mappings that hold a process's environment (`job_variables.env`): their values are
/// never shown as they go.
pub fn name_says_environment(name: &str) -> bool {
    const NAMES: [&str; 6] = [
        "env",
        "envs",
        "environment",
        "env_vars",
        "envvars",
        "environment_variables",
    ];
    NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// The patterns of credentials inside text, each with how much of a match stays shown (its
/// first capture groups) and whether the rest is hidden: a URL's user-info up to the last `@`
/// before the path (a password may hold `@`, `#`, `?`); everything after an `Authorization`
/// header's name; the credential after `Bearer`, `Basic`, `Digest`; a command-line flag named as
/// a secret (`--password X`, `--api-key=X`) and `-u user:password`; and the value of any
/// `name=value`, `name: value` or `"name": "value"` whose name says secret, a quoted value to its
/// closing quote, else to the next space.
static EMBEDDED: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
    [
        r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s@]*:)?[^/\s]*@",
        r#"(?i)\b((?:proxy-)?authorization["']?\s*[:=]\s*)[^"'\r\n]+"#,
        r"(?i)\b(bearer|basic|digest)(\s+)[^\s,;'`]{4,}",
        r#"(?i)(--?[a-z0-9_-]*(?:pass|pwd|token|secret|key|auth)[a-z0-9_-]*)(\s+|=)(?:"[^"]*"|'[^']*'|\S+)"#,
        r"(?i)(\s-u\s+|--user[\s=]+)([^\s:]+:)\S+",
    ]
    .iter()
    .map(|p| regex::Regex::new(p).expect("valid regex"))
    .collect()
});

/// `text` with what looks like a credential inside it hidden, known or not (`EMBEDDED`): for
/// values pinflow shows but does not send (a plan's live and planned values), since the history
/// keeps hashes of whole secret strings only, and a connection string such as
/// `postgresql://app:s3cret@db/x` holds one inside.
pub fn hide_embedded(text: &str) -> Cow<'_, str> {
    let mut shown = Cow::Borrowed(text);
    for (i, pattern) in EMBEDDED.iter().enumerate() {
        let replaced = pattern.replace_all(&shown, |c: &regex::Captures<'_>| {
            let kept = |n: usize| c.get(n).map_or("", |m| m.as_str());
            match i {
                // The user-info: the user stays when there is a password after it.
                0 => format!("{}{}{REDACTED}@", kept(1), kept(2)),
                1 => format!("{}{REDACTED}", kept(1)),
                _ => format!("{}{}{REDACTED}", kept(1), kept(2)),
            }
        });
        if let Cow::Owned(o) = replaced {
            shown = Cow::Owned(o);
        }
    }
    match hide_named_values(&shown) {
        Some(hidden) => Cow::Owned(hidden),
        None => shown,
    }
}

/// A name and what separates it from its value: `token=`, `password: `, `"api_key": "`.
static NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"([A-Za-z0-9_.-]+)("?\s*[=:]\s*)"#).expect("valid regex")
});

/// `text` with the value after every name that says secret hidden: a quoted value to its
/// closing quote, else to the next space (`;`, `&` and `,` may be part of a password). None
/// when nothing is hidden. Names are looked for everywhere, also inside another name's value
/// (`https://h/?a=1&token=…`).
fn hide_named_values(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut shown_to = 0;
    for c in NAME.captures_iter(text) {
        let (whole, name) = (c.get(0)?, &c[1]);
        if whole.start() < shown_to || !name_says_secret(name) {
            continue;
        }
        let rest = &text[whole.end()..];
        let (len, quote) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => (rest[1..].find(q).map_or(rest.len(), |i| i + 2), Some(q)),
            _ => (rest.find(char::is_whitespace).unwrap_or(rest.len()), None),
        };
        if len == 0 || rest[..len].trim_matches(['"', '\'']) == REDACTED {
            continue;
        }
        out.push_str(&text[shown_to..whole.end()]);
        match quote {
            Some(q) => out.extend([q.to_string(), REDACTED.into(), q.to_string()]),
            None => out.push_str(REDACTED),
        }
        shown_to = whole.end() + len;
    }
    (shown_to > 0).then(|| out + &text[shown_to..])
}

/// `value` as it may be shown: every string with this run's secrets redacted and embedded
/// credentials hidden ([`hide_embedded`]); the whole value of every key whose name says it
/// holds a secret, at any depth, as `***`; and under a key that names a process's environment
/// ([`name_says_environment`]: `env`, `environment`, …) every value as `***`, the names kept (a
/// mapping's keys, the `name` of `{name, value}` pairs as ECS and Kubernetes write them).
pub fn hide_in_value(value: &mut Value, secrets: &Secrets) {
    match value {
        Value::String(s) => {
            let shown = hide_embedded(&secrets.redact(s)).into_owned();
            *s = shown;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| hide_in_value(v, secrets)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if name_says_secret(key) && !v.is_null() {
                    *v = Value::String(REDACTED.into());
                } else if name_says_environment(key) {
                    hide_environment(v);
                } else {
                    hide_in_value(v, secrets);
                }
            }
        }
        _ => {}
    }
}

/// An environment's values as `***`, its names kept.
pub fn hide_environment(value: &mut Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter_mut().for_each(hide_environment),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "name" && v.is_string() {
                    continue;
                }
                match v {
                    Value::Array(_) | Value::Object(_) => hide_environment(v),
                    _ => *v = Value::String(REDACTED.into()),
                }
            }
        }
        _ => *value = Value::String(REDACTED.into()),
    }
}

/// The paths (`job_variables.env.DSN`, `pull_steps.0.git_clone.access_token`, `version`) of
/// the strings in `value` that hold a value `secrets` knows, whole or inside: what a history
/// record keeps so that a later plan can hide what the live version holds there, which no hash
/// of a whole string recognises (`Pwd={{ prefect.blocks.secret.db }};`, `rel-{{ … }}`).
pub fn paths_within(value: &Value, secrets: &Secrets) -> Vec<String> {
    fn walk(v: &Value, path: &str, secrets: &Secrets, out: &mut Vec<String>) {
        let child = |k: &str| {
            if path.is_empty() {
                k.to_owned()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::String(s) if secrets.redact(s) != *s => out.push(path.to_owned()),
            Value::Number(n) if secrets.redact(&n.to_string()) != n.to_string() => {
                out.push(path.to_owned())
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &child(&i.to_string()), secrets, out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    walk(item, &child(k), secrets, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", secrets, &mut out);
    out
}

/// `value` (what is at `path`) with what is at each of `secret_paths` replaced by `***`: the
/// paths a history record names ([`paths_within`]), inside a value shown whole or in part.
pub fn hide_paths(
    value: &mut Value,
    path: &str,
    secret_paths: &std::collections::BTreeSet<String>,
) {
    for secret in secret_paths {
        let rest = if secret == path {
            Some("")
        } else if path.is_empty() {
            Some(secret.as_str())
        } else {
            secret.strip_prefix(path).and_then(|r| r.strip_prefix('.'))
        };
        // A change inside a value that was a secret as a whole hides that value too.
        let inside = !path.is_empty() && path.starts_with(&format!("{secret}."));
        if inside {
            *value = Value::String(REDACTED.into());
            return;
        }
        let Some(rest) = rest else { continue };
        let pointer: String = rest
            .split('.')
            .filter(|k| !k.is_empty())
            .map(|k| format!("/{}", k.replace('~', "~0").replace('/', "~1")))
            .collect();
        // Where the value no longer has that shape, all of it is hidden.
        let at = match value.pointer_mut(&pointer) {
            Some(at) => at,
            None => &mut *value,
        };
        if !at.is_null() {
            *at = Value::String(REDACTED.into());
        }
    }
}

/// SHA-256 (hex) of a value: what history records keep to recognise a secret.
pub fn hash(value: &str) -> String {
    crate::digest::sha256_hex(value.as_bytes())
}

/// Replaces every string in `v` whose [`hash`] is in `hashes` with `***`: redaction of values
/// known only by their hashes (from history records of earlier runs).
pub fn redact_hashed(v: &mut Value, hashes: &std::collections::BTreeSet<String>) {
    match v {
        Value::String(s) if hashes.contains(&hash(s)) => *s = REDACTED.into(),
        Value::Array(a) => a.iter_mut().for_each(|x| redact_hashed(x, hashes)),
        Value::Object(m) => m.values_mut().for_each(|x| redact_hashed(x, hashes)),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
