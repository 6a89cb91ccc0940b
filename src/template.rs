//! Prefect's placeholder grammar and substitution rules (spec/prefect-deploy.md §4.2–4.5).
//!
//! `{{ name }}` placeholders are of four kinds by prefix: `prefect.blocks.` (a block
//! document), `prefect.variables.` (a variable), `$` (an environment variable) and anything
//! else (a step output). [`render`] fills them all in one pass from the [`Sources`] known at
//! that point: blocks and variables looked up beforehand, the environment, step outputs.

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

/// How [`render`] treats placeholders it cannot fill.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Remove a value that is a missing whole step-output placeholder, and blank missing
    /// embedded ones (and missing `{{ $VAR }}`s); otherwise keep them as written.
    pub remove_notset: bool,
    /// Placeholders with these prefixes are left alone (`ctx.` for the worker).
    pub skip_prefixes: &'a [&'a str],
}

/// What placeholders are filled from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Block documents and variables looked up beforehand; None leaves their placeholders as
    /// written (for the worker, or when checking offline).
    pub refs: Option<&'a References>,
    /// The environment as a values tree ([`env_values`]): `{{ $NAME }}` and, as in Prefect,
    /// a plain `{{ NAME }}` that names a variable.
    pub env: &'a Value,
    /// Step outputs so far (an empty mapping before the steps ran).
    pub outputs: &'a Value,
}

/// What a placeholder is filled with.
enum Fill {
    Value(Value),
    Missing,
    Kept,
}

/// Renders every placeholder in `template` in one pass, in Prefect's precedence (blocks and
/// variables, then the environment, then step outputs), and with its type rules: a whole
/// placeholder keeps its value's type, an embedded one becomes text (Python's `str()`), a
/// block's mapping or list cannot be embedded, a missing variable is `""`.
///
/// Unlike Prefect, which renders in stages, a value put in is never scanned again: a variable,
/// block, environment variable or step output whose text holds `{{ … }}` stays as it is.
/// Returns None when the whole value is a missing step output and `remove_notset` is set.
pub fn render(template: &Value, src: &Sources<'_>, opts: Options<'_>) -> Result<Option<Value>> {
    Ok(match template {
        Value::String(s) => render_string(s, src, opts)?,
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for v in items {
                out.extend(render(v, src, opts)?);
            }
            Some(Value::Array(out))
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if let Some(v) = render(v, src, opts)? {
                    out.insert(k.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        other => Some(other.clone()),
    })
}

fn render_string(s: &str, src: &Sources<'_>, opts: Options<'_>) -> Result<Option<Value>> {
    let found: Vec<_> = PLACEHOLDER.captures_iter(s).collect();
    if found.is_empty() {
        return Ok(Some(Value::String(s.to_owned())));
    }
    if let [only] = found.as_slice() {
        if &only[0] == s {
            let name = &only[1];
            return Ok(match fill(name, src, opts)? {
                Fill::Value(v) => Some(v),
                Fill::Missing if opts.remove_notset && kind_of(name) == Kind::Standard => None,
                Fill::Missing if opts.remove_notset => Some(Value::String(String::new())),
                Fill::Missing | Fill::Kept => Some(Value::String(s.to_owned())),
            });
        }
    }
    let mut failure = None;
    let out = PLACEHOLDER.replace_all(s, |c: &regex::Captures<'_>| {
        let name = &c[1];
        match fill(name, src, opts) {
            Ok(Fill::Value(Value::Object(_) | Value::Array(_))) if kind_of(name) == Kind::Block => {
                failure.get_or_insert(Error::project(format!(
                    "{{{{ {name} }}}} is a mapping or list and cannot be embedded in text; \
                     make it the whole value or name one field"
                )));
                String::new()
            }
            Ok(Fill::Value(v)) => python_str(&v),
            Ok(Fill::Missing) if opts.remove_notset => String::new(),
            Ok(Fill::Missing | Fill::Kept) => c[0].to_owned(),
            Err(e) => {
                failure.get_or_insert(e);
                String::new()
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(Some(Value::String(out.into_owned()))),
    }
}

/// The value placeholder `name` stands for.
fn fill(name: &str, src: &Sources<'_>, opts: Options<'_>) -> Result<Fill> {
    if opts.skip_prefixes.iter().any(|p| name.starts_with(p)) {
        return Ok(Fill::Kept);
    }
    let found = match kind_of(name) {
        Kind::Block | Kind::Variable if src.refs.is_none() => return Ok(Fill::Kept),
        Kind::Block => Some(block_value(
            name,
            src.refs.unwrap_or(&References::default()),
        )?),
        Kind::Variable => Some(variable_value(
            name,
            src.refs.unwrap_or(&References::default()),
        )),
        Kind::EnvVar => src.env.get(&name[1..]).cloned(),
        Kind::Standard => lookup(src.env, name)
            .or_else(|| lookup(src.outputs, name))
            .cloned(),
    };
    Ok(found.map_or(Fill::Missing, Fill::Value))
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

/// The environment as a values tree for [`render`] (`Sources::env`).
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

/// A variable's value; a missing variable is `""`, as in Prefect.
fn variable_value(name: &str, refs: &References) -> Value {
    let var = &name["prefect.variables.".len()..];
    refs.variables
        .get(var)
        .cloned()
        .unwrap_or(Value::String(String::new()))
}

/// A block document's data, or the field the placeholder names. System blocks keep their
/// value under `value`, which a placeholder need not name.
fn block_value(name: &str, refs: &References) -> Result<Value> {
    let (doc, path) = block_parts(name).ok_or_else(|| {
        Error::project(format!(
            "{{{{ {name} }}}} must name a block as prefect.blocks.<type>.<name>"
        ))
    })?;
    let data = refs
        .blocks
        .get(&doc)
        .ok_or_else(|| Error::service(format!("block document {doc} was not looked up")))?;
    let is_value_block = data
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("value"));
    let data = match &path {
        Some(p) if is_value_block && !p.starts_with("value") => &data["value"],
        None if is_value_block => &data["value"],
        _ => data,
    };
    match &path {
        Some(p) => lookup(data, p).cloned().ok_or_else(|| {
            Error::project(format!(
                "block document {doc} has no field {p:?} (from {{{{ {name} }}}})"
            ))
        }),
        None => Ok(data.clone()),
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

    fn one_pass(t: Value, env: &Value, outputs: &Value, opts: Options<'_>) -> Option<Value> {
        let src = Sources {
            refs: Some(&References::default()),
            env,
            outputs,
        };
        render(&t, &src, opts).unwrap()
    }

    #[test]
    fn prefect_examples() {
        let env = json!({"NUM": "5", "HOME": "/root"});
        let outputs = json!({"step": {"out": 42, "lst": [1, 2]}, "out": 42});
        let r = |t: Value| one_pass(json!({"k": t}), &env, &outputs, REMOVE).unwrap();
        assert_eq!(r(json!("{{ $MISSING }}")), json!({"k": ""}));
        assert_eq!(r(json!("x-{{ $MISSING }}-y")), json!({"k": "x--y"}));
        assert_eq!(r(json!("{{ missing.key }}")), json!({}));
        assert_eq!(r(json!("pre {{ missing.key }}")), json!({"k": "pre "}));
        assert_eq!(r(json!("{{ $NUM }}")), json!({"k": "5"}));
        assert_eq!(r(json!("{{ step.out }}")), json!({"k": 42}));
        assert_eq!(r(json!("{{step.lst}}")), json!({"k": [1, 2]}));
        assert_eq!(r(json!(["{{ missing }}", "keep"])), json!({"k": ["keep"]}));
        assert_eq!(
            r(json!("{{ ctx.flow_run.id }}")),
            json!({"k": "{{ ctx.flow_run.id }}"})
        );
        assert_eq!(
            r(json!("{{ HOME }}")),
            json!({"k": "/root"}),
            "Prefect's env quirk"
        );
        assert_eq!(
            r(json!("n={{ step.lst }} {{ out }}")),
            json!({"k": "n=[1, 2] 42"})
        );
        // Before the steps ran, what cannot be filled is kept as written.
        let early = one_pass(
            json!("{{ $MISSING }} {{ step.out }}"),
            &env,
            &json!({}),
            KEEP,
        );
        assert_eq!(early, Some(json!("{{ $MISSING }} {{ step.out }}")));
    }

    #[test]
    fn templating_dict_drops_missing_keys() {
        let t = json!({"last_name": "{{last_name}}", "age": "{{age}}"});
        assert_eq!(
            one_pass(t, &json!({}), &json!({"age": 30}), REMOVE).unwrap(),
            json!({"age": 30})
        );
    }

    #[test]
    fn values_put_in_are_never_scanned_again() {
        let mut refs = References::default();
        refs.variables
            .insert("v".into(), json!("{{ $AWS_SECRET_ACCESS_KEY }}"));
        let env = json!({"AWS_SECRET_ACCESS_KEY": "s3cr3t", "BRANCH": "x{{ login.stdout }}"});
        let outputs = json!({"login": {"stdout": "token"}, "o": "{{ $AWS_SECRET_ACCESS_KEY }}"});
        let src = Sources {
            refs: Some(&refs),
            env: &env,
            outputs: &outputs,
        };
        let t = json!({"a": "{{ prefect.variables.v }}", "b": "{{ $BRANCH }}",
                       "c": "pre {{ prefect.variables.v }}", "d": "{{ o }}"});
        assert_eq!(
            render(&t, &src, REMOVE).unwrap().unwrap(),
            json!({"a": "{{ $AWS_SECRET_ACCESS_KEY }}", "b": "x{{ login.stdout }}",
                   "c": "pre {{ $AWS_SECRET_ACCESS_KEY }}", "d": "{{ $AWS_SECRET_ACCESS_KEY }}"})
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
        let src = Sources {
            refs: Some(&refs),
            env: &json!({}),
            outputs: &json!({}),
        };
        assert_eq!(
            render(&t, &src, KEEP).unwrap().unwrap(),
            json!({"whole": "s3cr3t", "embedded": "Bearer s3cr3t", "cfg": {"a": 1}, "field": "eu",
                   "var": 3, "var_text": "n=3", "missing_var": "", "env": "{{ $KEEP }}"})
        );
        let no_refs = Sources { refs: None, ..src };
        assert_eq!(
            render(&t, &no_refs, KEEP).unwrap().unwrap(),
            t,
            "left for the worker"
        );
        let err = render(&json!("x {{ prefect.blocks.json.cfg }}"), &src, KEEP).unwrap_err();
        assert!(err.to_string().contains("cannot be embedded"));
        assert_eq!(find_all(&t, Kind::Block).len(), 3, "names are deduplicated");
        assert_eq!(
            block_parts("prefect.blocks.aws-credentials.prod.region_name"),
            Some(("aws-credentials.prod".into(), Some("region_name".into())))
        );
    }
}
