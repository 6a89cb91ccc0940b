//! YAML to JSON values: what Prefect's loader gives, with scalar keys as strings.

use serde_json::{Map, Value};

/// A short name for a value's type, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// YAML to JSON: scalar keys become strings, tags are dropped.
pub(super) fn to_json(v: serde_yaml_ng::Value) -> std::result::Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("the number {n} cannot be sent as JSON"))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => Value::Array(
            seq.into_iter()
                .map(to_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => {
                        if b {
                            "True".into()
                        } else {
                            "False".into()
                        }
                    }
                    Y::Number(n) => n.to_string(),
                    Y::Null => "None".into(),
                    other => return Err(format!("mapping keys must be scalars, found {other:?}")),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => to_json(t.value)?,
    })
}
