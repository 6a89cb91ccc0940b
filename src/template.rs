//! Prefect's placeholder grammar and substitution rules (spec/prefect-deploy.md §4.2–4.5).
//!
//! `{{ name }}` placeholders are of four kinds by prefix: `prefect.blocks.` (a block
//! document), `prefect.variables.` (a variable), `$` (an environment variable) and anything
//! else (a step output). [`apply_values`] implements Prefect's `apply_values`; blocks and
//! variables are substituted by [`resolve_references`] from values looked up beforehand.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*([\w.\-\[\]$]+)\s*\}\}").expect("valid regex"));

/// The kind of a placeholder, decided by its name's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `prefect.blocks.<type>.<name>[.<path>]`
    Block,
    /// `prefect.variables.<name>`
    Variable,
    /// `$NAME`
    EnvVar,
    /// A step output or any other value.
    Standard,
}

/// The kind of placeholder `name` is.
pub fn kind_of(name: &str) -> Kind {
    if name.starts_with("prefect.blocks.") {
        Kind::Block
    } else if name.starts_with("prefect.variables.") {
        Kind::Variable
    } else if name.starts_with('$') {
        Kind::EnvVar
    } else {
        Kind::Standard
    }
}

/// The placeholder names in `text`, in order.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    PLACEHOLDER
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
}

/// Every placeholder name of `kind` anywhere in `value`.
pub fn find_all(value: &Value, kind: Kind) -> Vec<String> {
    let mut out = Vec::new();
    walk_strings(value, &mut |s| {
        out.extend(
            placeholders(s)
                .filter(|n| kind_of(n) == kind)
                .map(str::to_owned),
        );
    });
    out.sort();
    out.dedup();
    out
}

/// Calls `f` on every string anywhere in `value`.
pub fn walk_strings(value: &Value, f: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|v| walk_strings(v, f)),
        Value::Object(m) => m.values().for_each(|v| walk_strings(v, f)),
        _ => {}
    }
}

/// How [`apply_values`] treats placeholders it cannot resolve.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Remove a value that is a missing whole placeholder, and blank embedded ones; otherwise
    /// keep them as written.
    pub remove_notset: bool,
    /// Placeholders with these prefixes are left alone (`ctx.` for the worker).
    pub skip_prefixes: &'a [&'a str],
}

/// Prefect's `apply_values`: substitutes `$ENV` and step-output placeholders from `values`.
/// Returns None when the whole value is a missing placeholder and `remove_notset` is set.
pub fn apply_values(template: &Value, values: &Value, opts: Options<'_>) -> Option<Value> {
    match template {
        Value::String(s) => apply_string(s, values, opts),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(|v| apply_values(v, values, opts))
                .collect(),
        )),
        Value::Object(map) => Some(Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), apply_values(v, values, opts)?)))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

fn apply_string(s: &str, values: &Value, opts: Options<'_>) -> Option<Value> {
    let found: Vec<_> = PLACEHOLDER.captures_iter(s).collect();
    if found.is_empty() {
        return Some(Value::String(s.to_owned()));
    }
    let skipped = |name: &str| opts.skip_prefixes.iter().any(|p| name.starts_with(p));
    if let [only] = found.as_slice() {
        let name = &only[1];
        if &only[0] == s && kind_of(name) == Kind::Standard && !skipped(name) {
            return match lookup(values, name) {
                Some(v) => Some(v.clone()),
                None if opts.remove_notset => None,
                None => Some(Value::String(s.to_owned())),
            };
        }
    }
    let out = PLACEHOLDER.replace_all(s, |c: &regex::Captures<'_>| {
        let name = &c[1];
        let value = match kind_of(name) {
            _ if skipped(name) => return c[0].to_owned(),
            Kind::EnvVar => values.get(&name[1..]),
            Kind::Standard => lookup(values, name),
            Kind::Block | Kind::Variable => return c[0].to_owned(),
        };
        match value {
            Some(v) => python_str(v),
            None if opts.remove_notset => String::new(),
            None => c[0].to_owned(),
        }
    });
    Some(Value::String(out.into_owned()))
}

/// Looks up `a.b[0].c` in `values`; exact string keys win over indices.
pub fn lookup<'v>(values: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(v) = values.get(path) {
        return Some(v);
    }
    let mut current = values;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split('[').skip(1) {
            let index = index.strip_suffix(']')?;
            current = match current {
                Value::Object(m) => m.get(index)?,
                Value::Array(a) => a.get(index.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
    }
    Some(current)
}

/// Python's `str()` of a JSON value, which is how Prefect embeds values in strings.
pub fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => python_repr(other),
    }
}

fn python_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            _ => n.to_string(),
        },
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    python_repr(&Value::String(k.clone())),
                    python_repr(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The environment as a values tree for [`apply_values`].
pub fn env_values(vars: &BTreeMap<String, String>) -> Value {
    Value::Object(
        vars.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// Values for block and variable placeholders, looked up on the server beforehand.
#[derive(Debug, Default, Clone)]
pub struct References {
    /// Block documents' `data`, by `<type slug>.<document name>`.
    pub blocks: BTreeMap<String, Value>,
    /// Variables by name; a missing variable is absent.
    pub variables: BTreeMap<String, Value>,
}

/// The `<slug>.<name>` of a block placeholder, and the key path after it.
pub fn block_parts(name: &str) -> Option<(String, Option<String>)> {
    let rest = name.strip_prefix("prefect.blocks.")?;
    let mut parts = rest.splitn(3, '.');
    let (slug, doc) = (parts.next()?, parts.next()?);
    Some((format!("{slug}.{doc}"), parts.next().map(str::to_owned)))
}

/// Substitutes block and variable placeholders everywhere in `value`. A whole-string
/// placeholder keeps the value's type; an embedded one is turned into text, and a block value
/// that is a mapping or list cannot be embedded. A missing variable becomes "".
pub fn resolve_references(value: &Value, refs: &References) -> Result<Value> {
    Ok(match value {
        Value::String(s) => resolve_string(s, refs)?,
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|v| resolve_references(v, refs))
                .collect::<Result<_>>()?,
        ),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| Ok((k.clone(), resolve_references(v, refs)?)))
                .collect::<Result<Map<_, _>>>()?,
        ),
        other => other.clone(),
    })
}

fn reference_value(name: &str, refs: &References) -> Result<Option<Value>> {
    match kind_of(name) {
        Kind::Variable => {
            let var = &name["prefect.variables.".len()..];
            Ok(Some(
                refs.variables
                    .get(var)
                    .cloned()
                    .unwrap_or(Value::String(String::new())),
            ))
        }
        Kind::Block => {
            let (doc, path) = block_parts(name).ok_or_else(|| {
                Error::project(format!(
                    "{{{{ {name} }}}} must name a block as prefect.blocks.<type>.<name>"
                ))
            })?;
            let data = refs
                .blocks
                .get(&doc)
                .ok_or_else(|| Error::service(format!("block document {doc} was not looked up")))?;
            // System blocks keep their value under `value`.
            let is_value_block = data
                .as_object()
                .is_some_and(|m| m.len() == 1 && m.contains_key("value"));
            let data = match &path {
                Some(p) if is_value_block && !p.starts_with("value") => &data["value"],
                None if is_value_block => &data["value"],
                _ => data,
            };
            let found = match &path {
                Some(p) => lookup(data, p).ok_or_else(|| {
                    Error::project(format!(
                        "block document {doc} has no field {p:?} (from {{{{ {name} }}}})"
                    ))
                })?,
                None => data,
            };
            Ok(Some(found.clone()))
        }
        _ => Ok(None),
    }
}

fn resolve_string(s: &str, refs: &References) -> Result<Value> {
    let found: Vec<_> = PLACEHOLDER.captures_iter(s).collect();
    if let [only] = found.as_slice() {
        if &only[0] == s {
            if let Some(v) = reference_value(&only[1], refs)? {
                return Ok(v);
            }
        }
    }
    let mut failure = None;
    let out = PLACEHOLDER.replace_all(s, |c: &regex::Captures<'_>| {
        match reference_value(&c[1], refs) {
            Ok(Some(v @ (Value::Object(_) | Value::Array(_)))) if kind_of(&c[1]) == Kind::Block => {
                let _ = v;
                failure.get_or_insert(Error::project(format!(
                    "{{{{ {} }}}} is a mapping or list and cannot be embedded in text; \
                     make it the whole value or name one field",
                    &c[1]
                )));
                String::new()
            }
            Ok(Some(v)) => python_str(&v),
            Ok(None) => c[0].to_owned(),
            Err(e) => {
                failure.get_or_insert(e);
                String::new()
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(Value::String(out.into_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEEP: Options<'static> = Options {
        remove_notset: false,
        skip_prefixes: &[],
    };
    const REMOVE: Options<'static> = Options {
        remove_notset: true,
        skip_prefixes: &["ctx."],
    };

    #[test]
    fn prefect_examples() {
        let env = json!({"NUM": "5", "HOME": "/root"});
        let outputs = json!({"step": {"out": 42, "lst": [1, 2]}, "out": 42});
        let two_pass = |t: Value| {
            let first = apply_values(&t, &env, KEEP).unwrap();
            apply_values(&json!({"k": first}), &outputs, REMOVE).unwrap()
        };
        assert_eq!(two_pass(json!("{{ $MISSING }}")), json!({"k": ""}));
        assert_eq!(two_pass(json!("x-{{ $MISSING }}-y")), json!({"k": "x--y"}));
        assert_eq!(two_pass(json!("{{ missing.key }}")), json!({}));
        assert_eq!(
            two_pass(json!("pre {{ missing.key }}")),
            json!({"k": "pre "})
        );
        assert_eq!(two_pass(json!("{{ $NUM }}")), json!({"k": "5"}));
        assert_eq!(two_pass(json!("{{ step.out }}")), json!({"k": 42}));
        assert_eq!(two_pass(json!("{{step.lst}}")), json!({"k": [1, 2]}));
        assert_eq!(
            two_pass(json!(["{{ missing }}", "keep"])),
            json!({"k": ["keep"]})
        );
        assert_eq!(
            two_pass(json!("{{ ctx.flow_run.id }}")),
            json!({"k": "{{ ctx.flow_run.id }}"})
        );
        assert_eq!(
            two_pass(json!("{{ HOME }}")),
            json!({"k": "/root"}),
            "Prefect's env quirk"
        );
        assert_eq!(
            two_pass(json!("n={{ step.lst }} {{ out }}")),
            json!({"k": "n=[1, 2] 42"})
        );
    }

    #[test]
    fn templating_dict_drops_missing_keys() {
        let t = json!({"last_name": "{{last_name}}", "age": "{{age}}"});
        assert_eq!(
            apply_values(&t, &json!({"age": 30}), REMOVE).unwrap(),
            json!({"age": 30})
        );
    }

    #[test]
    fn keypaths() {
        let v = json!({"a": {"b": [{"c": 1}], "0": "zero"}, "x.y": 7});
        assert_eq!(lookup(&v, "a.b[0].c"), Some(&json!(1)));
        assert_eq!(lookup(&v, "x.y"), Some(&json!(7)));
        assert_eq!(lookup(&v, "a[0]"), Some(&json!("zero")));
        assert_eq!(lookup(&v, "a.b[3]"), None);
    }

    #[test]
    fn python_text_forms() {
        assert_eq!(python_str(&json!(true)), "True");
        assert_eq!(python_str(&json!(null)), "None");
        assert_eq!(python_str(&json!(1.0)), "1.0");
        assert_eq!(python_str(&json!({"a": [1, "b"]})), "{'a': [1, 'b']}");
    }

    #[test]
    fn blocks_and_variables() {
        let mut refs = References::default();
        refs.blocks
            .insert("secret.tok".into(), json!({"value": "s3cr3t"}));
        refs.blocks
            .insert("json.cfg".into(), json!({"value": {"a": 1}}));
        refs.blocks.insert(
            "aws-credentials.prod".into(),
            json!({"aws_access_key_id": "AKIA", "region_name": "eu"}),
        );
        refs.variables.insert("count".into(), json!(3));
        let t = json!({
            "whole": "{{ prefect.blocks.secret.tok }}",
            "embedded": "Bearer {{ prefect.blocks.secret.tok }}",
            "cfg": "{{ prefect.blocks.json.cfg }}",
            "field": "{{ prefect.blocks.aws-credentials.prod.region_name }}",
            "var": "{{ prefect.variables.count }}",
            "var_text": "n={{ prefect.variables.count }}",
            "missing_var": "{{ prefect.variables.nope }}",
            "env": "{{ $KEEP }}"
        });
        assert_eq!(
            resolve_references(&t, &refs).unwrap(),
            json!({"whole": "s3cr3t", "embedded": "Bearer s3cr3t", "cfg": {"a": 1}, "field": "eu",
                   "var": 3, "var_text": "n=3", "missing_var": "", "env": "{{ $KEEP }}"})
        );
        let err = resolve_references(&json!("x {{ prefect.blocks.json.cfg }}"), &refs).unwrap_err();
        assert!(err.to_string().contains("cannot be embedded"));
        assert_eq!(find_all(&t, Kind::Block).len(), 3, "names are deduplicated");
        assert_eq!(
            block_parts("prefect.blocks.aws-credentials.prod.region_name"),
            Some(("aws-credentials.prod".into(), Some("region_name".into())))
        );
    }
}
