//! The value types Prefect's file model takes, checked as Prefect checks them: before anything
//! runs, on the file as written (so `{{ }}` placeholders are text here), in pydantic's lax mode.
//! A lax spelling is rewritten to what Prefect reads (`paused: "yes"` is true,
//! `concurrency_limit: "3"` is 3); a value Prefect refuses is refused, naming the key.
//!
//! Prefect refuses the whole file when one entry is wrong, and so does pinflow: nothing runs.

use serde_json::{Map, Value};

use super::kind;

/// A value of the wrong type: the deployment key it is under, and what is wrong.
pub(super) type Refusal = (&'static str, String);

/// Checks one deployment entry and rewrites lax spellings in place.
pub(super) fn check_deployment(entry: &mut Map<String, Value>) -> Result<(), Refusal> {
    for key in [
        "name",
        "version",
        "version_type",
        "description",
        "flow_name",
        "entrypoint",
    ] {
        text(entry.get(key), key)?;
    }
    for key in ["paused", "enforce_parameter_schema"] {
        if let Some(v) = entry.get_mut(key).filter(|v| !v.is_null()) {
            *v = Value::Bool(lax_bool(v).ok_or_else(|| refuse_bool(key, v))?);
        }
    }
    match entry.get("tags") {
        None | Some(Value::Null | Value::String(_) | Value::Array(_)) => {}
        Some(other) => {
            return Err((
                "tags",
                format!("must be a list of strings, found {}", kind(other)),
            ))
        }
    }
    mapping(entry.get("parameters"), "parameters", "parameters")?;
    if let Some(limit) = entry.get_mut("concurrency_limit") {
        concurrency(limit)?;
    }
    match entry.get("work_pool") {
        None | Some(Value::Null) => {}
        Some(Value::Object(pool)) => {
            text(pool.get("name"), "work_pool")
                .map_err(|(k, m)| (k, format!("work_pool.name {m}")))?;
            text(pool.get("work_queue_name"), "work_pool")
                .map_err(|(k, m)| (k, format!("work_pool.work_queue_name {m}")))?;
            mapping(
                pool.get("job_variables"),
                "work_pool",
                "work_pool.job_variables",
            )?;
        }
        Some(other) => {
            return Err((
                "work_pool",
                format!("must be a mapping with `name`, found {}", kind(other)),
            ))
        }
    }
    for key in ["triggers", "sla"] {
        match entry.get(key) {
            None | Some(Value::Null | Value::Array(_)) => {}
            Some(other) => return Err((key, format!("must be a list, found {}", kind(other)))),
        }
    }
    Ok(())
}

/// Checks the top level: `prefect-version` and `name` are text when given.
pub(super) fn check_top(root: &Map<String, Value>) -> Result<(), Refusal> {
    text(root.get("prefect-version"), "prefect-version")?;
    text(root.get("name"), "name")
}

/// pydantic's lax boolean: true/false, 0/1, or one of its words in any case.
pub(crate) fn lax_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// pydantic's lax integer: a whole number (also written `2.0`), true/false, or text holding
/// one (`"3"`, `" 3 "`, `"1_000"`, `"3.0"`).
pub(crate) fn lax_int(v: &Value) -> Option<i64> {
    let whole = |x: f64| (x.fract() == 0.0 && x.abs() < 9.0e15).then_some(x as i64);
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
        Value::String(s) => {
            let s = s.trim();
            let digits_only = !s.starts_with('_') && !s.ends_with('_') && !s.contains("__");
            let plain = s.replace('_', "");
            digits_only
                .then(|| plain.parse::<i64>().ok())
                .flatten()
                .or_else(|| {
                    let x: f64 = s.parse().ok()?;
                    (s.contains('.') && !s.contains(['e', 'E']))
                        .then(|| whole(x))
                        .flatten()
                })
        }
        _ => None,
    }
}

/// Text, or absent/null. A number is refused as Prefect refuses it: YAML reads `1.10` as 1.1,
/// so quoting is the only way to keep what was written.
fn text(v: Option<&Value>, key: &'static str) -> Result<(), Refusal> {
    match v {
        None | Some(Value::Null | Value::String(_)) => Ok(()),
        Some(n @ (Value::Number(_) | Value::Bool(_))) => Err((
            key,
            format!(
                "must be text, found {} ({n} as YAML reads it); quote the value as you wrote \
                 it — a bare 1.10 is the number 1.1 — as Prefect refuses anything but text here",
                kind(n)
            ),
        )),
        Some(other) => Err((key, format!("must be text, found {}", kind(other)))),
    }
}

/// A mapping, or absent. An empty `parameters:` is null, which Prefect refuses.
fn mapping(v: Option<&Value>, key: &'static str, what: &str) -> Result<(), Refusal> {
    match v {
        None | Some(Value::Object(_)) => Ok(()),
        Some(Value::Null) => Err((
            key,
            format!(
                "`{what}` is empty (null); write `{{}}` or remove the key, as Prefect refuses it"
            ),
        )),
        Some(other) => Err((
            key,
            format!("`{what}` must be a mapping, found {}", kind(other)),
        )),
    }
}

/// `concurrency_limit`: a lax integer, or a mapping of `limit` and `grace_period_seconds`
/// (lax integers) and `collision_strategy` (text). Rewritten to plain numbers.
fn concurrency(v: &mut Value) -> Result<(), Refusal> {
    const KEY: &str = "concurrency_limit";
    let bad = |what: &str, v: &Value| {
        (
            KEY,
            format!(
                "{what} must be a whole number, found {}{}",
                shown(v),
                no_placeholders(v)
            ),
        )
    };
    match v {
        Value::Null => Ok(()),
        Value::Object(m) => {
            for k in ["limit", "grace_period_seconds"] {
                if let Some(x) = m.get_mut(k).filter(|x| !x.is_null()) {
                    *x = Value::from(lax_int(x).ok_or_else(|| bad(&format!("`{k}`"), x))?);
                }
            }
            text(m.get("collision_strategy"), KEY)
        }
        other => {
            let n = lax_int(other).ok_or_else(|| {
                (
                    KEY,
                    format!(
                        "must be a whole number or a mapping with `limit`, found {}{}",
                        shown(other),
                        no_placeholders(other)
                    ),
                )
            })?;
            *other = Value::from(n);
            Ok(())
        }
    }
}

fn refuse_bool(key: &'static str, v: &Value) -> Refusal {
    let why = no_placeholders(v);
    (
        key,
        format!("must be true or false, found {}{why}", shown(v)),
    )
}

/// Why a placeholder is refused where Prefect wants a number or true/false.
fn no_placeholders(v: &Value) -> &'static str {
    if v.as_str().is_some_and(|s| s.contains("{{")) {
        "; Prefect checks this value before placeholders are filled, so it takes none here: \
         write the value"
    } else {
        ""
    }
}

fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        kind(v).to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(entry: Value) -> Result<Value, Refusal> {
        let mut m = entry.as_object().cloned().unwrap();
        check_deployment(&mut m).map(|()| Value::Object(m))
    }

    #[test]
    fn lax_spellings_become_what_prefect_reads() {
        let got = check(json!({"paused": "yes", "enforce_parameter_schema": 0,
            "concurrency_limit": {"limit": "2", "grace_period_seconds": 60.0}}))
        .unwrap();
        assert_eq!(got["paused"], true);
        assert_eq!(got["enforce_parameter_schema"], false);
        assert_eq!(
            got["concurrency_limit"],
            json!({"limit": 2, "grace_period_seconds": 60})
        );
        assert_eq!(
            check(json!({"concurrency_limit": " 3 "})).unwrap()["concurrency_limit"],
            3
        );
        assert_eq!(
            check(json!({"concurrency_limit": true})).unwrap()["concurrency_limit"],
            1
        );
        for (v, want) in [
            ("1_000", Some(1000)),
            ("3.0", Some(3)),
            ("3.5", None),
            ("1e3", None),
            ("0x10", None),
            ("", None),
        ] {
            assert_eq!(lax_int(&json!(v)), want, "{v}");
        }
        for (v, want) in [
            (json!("OFF"), Some(false)),
            (json!(" true"), None),
            (json!(2), None),
            (json!(1.0), Some(true)),
        ] {
            assert_eq!(lax_bool(&v), want, "{v}");
        }
    }

    #[test]
    fn what_prefect_refuses_names_its_key() {
        for (entry, key, says) in [
            (
                json!({"version": 1.5}),
                "version",
                "(1.5 as YAML reads it); quote the value",
            ),
            (json!({"name": 7}), "name", "must be text"),
            (json!({"parameters": null}), "parameters", "write `{}`"),
            (
                json!({"work_pool": {"job_variables": null}}),
                "work_pool",
                "`work_pool.job_variables` is empty",
            ),
            (
                json!({"work_pool": {"name": 3}}),
                "work_pool",
                "work_pool.name must be text",
            ),
            (
                json!({"work_pool": "pool"}),
                "work_pool",
                "mapping with `name`",
            ),
            (
                json!({"paused": "maybe"}),
                "paused",
                "true or false, found \"maybe\"",
            ),
            (
                json!({"concurrency_limit": "{{ $LIMIT }}"}),
                "concurrency_limit",
                "so it takes none here",
            ),
            (
                json!({"concurrency_limit": {"limit": 2.5}}),
                "concurrency_limit",
                "`limit` must be",
            ),
            (json!({"tags": {"a": 1}}), "tags", "list of strings"),
            (
                json!({"triggers": {"enabled": true}}),
                "triggers",
                "must be a list",
            ),
        ] {
            let (k, m) = check(entry.clone()).unwrap_err();
            assert_eq!(k, key, "{entry}");
            assert!(m.contains(says), "{entry}: {m}");
        }
    }
}
