//! A deployment entry's fields, checked and put in the API's shapes. Pure: no I/O, no server;
//! each problem names the key it is about, so that the caller can point at its line.

use serde_json::{json, Map, Value};

use super::schedule;
use crate::flow::Flow;
use crate::project::{kind, lax_bool, lax_int};
use crate::template;

/// A field that is not what the API takes; `key` locates it in the file.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct FieldError {
    /// The deployment key the problem is in.
    pub key: &'static str,
    /// What is wrong and what is expected.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

type Checked<T> = std::result::Result<T, FieldError>;

fn err<T>(key: &'static str, message: impl Into<String>) -> Checked<T> {
    Err(FieldError {
        key,
        message: message.into(),
    })
}

/// The deployment's fields, checked and in the API's shapes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fields {
    /// Text, or null.
    pub description: Value,
    /// A list of strings.
    pub tags: Value,
    /// A mapping.
    pub parameters: Value,
    /// Text, or null.
    pub work_pool_name: Value,
    /// Text, or null.
    pub work_queue_name: Value,
    /// A mapping.
    pub job_variables: Value,
    /// As written.
    pub entrypoint: Value,
    /// A boolean.
    pub paused: Value,
    /// A whole number, or null.
    pub concurrency_limit: Value,
    /// `{collision_strategy, grace_period_seconds?}`, or null.
    pub concurrency_options: Value,
    /// The schedules in the API's shape; None when the file has none (an update keeps them).
    pub schedules: Option<Vec<Value>>,
    /// Set only when the file sets it (an update leaves it alone otherwise).
    pub enforce_parameter_schema: Option<Value>,
}

impl Fields {
    /// Checks the fields of a templated deployment entry; `schedules` is its `schedules` (or
    /// its `schedule` as a list of one).
    pub(super) fn read(
        config: &Map<String, Value>,
        flow: &Flow,
        schedules: Option<&Value>,
    ) -> Checked<Self> {
        let get = |k: &str| config.get(k).cloned().unwrap_or(Value::Null);
        let pool = get("work_pool");
        let pool_field = |k: &str| pool.get(k).cloned().unwrap_or(Value::Null);
        let (concurrency_limit, concurrency_options) = concurrency(get("concurrency_limit"))?;
        Ok(Self {
            description: description(get("description"), flow)?,
            tags: tags(get("tags"))?,
            parameters: mapping(
                get("parameters"),
                "parameters",
                "must be a mapping of parameter names to values",
            )?,
            work_pool_name: text_or_null(pool_field("name"), "work_pool")?,
            work_queue_name: text_or_null(pool_field("work_queue_name"), "work_pool")?,
            job_variables: mapping(
                pool_field("job_variables"),
                "work_pool",
                "work_pool.job_variables must be a mapping",
            )?,
            entrypoint: get("entrypoint"),
            paused: match get("paused") {
                Value::Null => json!(false),
                other => boolean(other, "paused")?,
            },
            concurrency_limit,
            concurrency_options,
            schedules: schedule_list(schedules)?,
            enforce_parameter_schema: match get("enforce_parameter_schema") {
                Value::Null => None,
                other => Some(boolean(other, "enforce_parameter_schema")?),
            },
        })
    }
}

/// The file's description, else the flow's docstring, else none.
fn description(v: Value, flow: &Flow) -> Checked<Value> {
    match v {
        Value::Null => Ok(flow.description.clone().map_or(Value::Null, Value::String)),
        s @ Value::String(_) => Ok(s),
        other => err(
            "description",
            format!("must be text, found {}", kind(&other)),
        ),
    }
}

/// A list of strings. A string is a comma-separated list (Prefect would take it as a list of
/// its characters, which nobody means).
fn tags(v: Value) -> Checked<Value> {
    match v {
        Value::Null => Ok(json!([])),
        Value::String(s) => Ok(Value::Array(
            s.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| json!(t))
                .collect(),
        )),
        Value::Array(items) => Ok(Value::Array(
            items
                .iter()
                .map(|t| json!(template::python_str(t)))
                .collect(),
        )),
        other => err(
            "tags",
            format!("must be a list of strings, found {}", kind(&other)),
        ),
    }
}

/// A mapping (empty when absent); `expected` says what it must be.
fn mapping(v: Value, key: &'static str, expected: &str) -> Checked<Value> {
    match v {
        Value::Null => Ok(json!({})),
        m @ Value::Object(_) => Ok(m),
        other => err(key, format!("{expected}, found {}", kind(&other))),
    }
}

/// true or false, in pydantic's lax spellings as Prefect takes them (`"yes"`, `0`).
fn boolean(v: Value, key: &'static str) -> Checked<Value> {
    match lax_bool(&v) {
        Some(b) => Ok(Value::Bool(b)),
        None => err(key, format!("must be true or false, found {}", kind(&v))),
    }
}

fn text_or_null(v: Value, key: &'static str) -> Checked<Value> {
    match v {
        Value::Null | Value::String(_) => Ok(v),
        other => err(key, format!("must be text, found {}", kind(&other))),
    }
}

/// `concurrency_limit`: a whole number, or a mapping with `limit` and optionally
/// `collision_strategy` (ENQUEUE, the default, or CANCEL_NEW) and `grace_period_seconds`.
fn concurrency(v: Value) -> Checked<(Value, Value)> {
    // At least 1: the server refuses 0 and below.
    let positive = |v: &Value| lax_int(v).filter(|n| *n >= 1).map(Value::from);
    let m = match v {
        Value::Null => return Ok((Value::Null, Value::Null)),
        Value::Object(m) => m,
        other => {
            return positive(&other)
                .map(|n| (n, Value::Null))
                .ok_or_else(|| FieldError {
                    key: "concurrency_limit",
                    message: format!(
                        "must be a whole number from 1, or a mapping with `limit`; found {other}"
                    ),
                })
        }
    };
    // Without `limit` (or with a null one), Prefect stores no limit and keeps the options.
    let limit = match m.get("limit") {
        None | Some(Value::Null) => Value::Null,
        Some(l) => positive(l).ok_or_else(|| FieldError {
            key: "concurrency_limit",
            message: format!("`limit` must be a whole number from 1, found {l}"),
        })?,
    };
    let strategy = match m.get("collision_strategy") {
        Some(Value::String(s)) if matches!(s.as_str(), "ENQUEUE" | "CANCEL_NEW") => s.clone(),
        None | Some(Value::Null) => "ENQUEUE".to_owned(),
        Some(other) => {
            return err(
                "concurrency_limit",
                format!("collision_strategy must be ENQUEUE or CANCEL_NEW, found {other}"),
            )
        }
    };
    let mut options = Map::new();
    options.insert("collision_strategy".into(), json!(strategy));
    if let Some(g) = m.get("grace_period_seconds").filter(|g| !g.is_null()) {
        options.insert("grace_period_seconds".into(), g.clone());
    }
    Ok((limit, Value::Object(options)))
}

fn schedule_list(schedules: Option<&Value>) -> Checked<Option<Vec<Value>>> {
    match schedules {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => {
            schedule::convert(items)
                .map(Some)
                .map_err(|message| FieldError {
                    key: "schedules",
                    message,
                })
        }
        Some(other) => err(
            "schedules",
            format!("must be a list of schedules, found {}", kind(other)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(description: Option<&str>) -> Flow {
        Flow {
            name: "f".into(),
            description: description.map(str::to_owned),
            version: "x".into(),
            parameter_schema: json!({}),
        }
    }

    fn read(config: Value) -> Checked<Fields> {
        let config = config.as_object().cloned().unwrap();
        let schedules = config.get("schedules").cloned();
        Fields::read(
            &config,
            &flow(Some("From the docstring")),
            schedules.as_ref(),
        )
    }

    #[test]
    fn defaults_when_the_file_says_nothing() {
        let f = read(json!({"entrypoint": "a.py:f"})).unwrap();
        assert_eq!(f.description, "From the docstring");
        assert_eq!(
            (
                f.tags.clone(),
                f.parameters.clone(),
                f.job_variables.clone()
            ),
            (json!([]), json!({}), json!({}))
        );
        assert_eq!(
            (f.paused.clone(), f.concurrency_limit.clone()),
            (json!(false), Value::Null)
        );
        assert_eq!((f.schedules, f.enforce_parameter_schema), (None, None));
    }

    #[test]
    fn shapes_the_api_takes() {
        let f = read(
            json!({"description": "Mine", "tags": "a, b,,", "paused": true,
            "enforce_parameter_schema": false, "concurrency_limit": {"limit": 2,
            "grace_period_seconds": 30}, "work_pool": {"name": "p", "work_queue_name": "q",
            "job_variables": {"image": "x"}}, "schedules": []}),
        )
        .unwrap();
        assert_eq!(f.description, "Mine");
        assert_eq!(f.tags, json!(["a", "b"]));
        assert_eq!(
            (f.work_pool_name, f.work_queue_name),
            (json!("p"), json!("q"))
        );
        assert_eq!(f.concurrency_limit, json!(2));
        assert_eq!(
            f.concurrency_options,
            json!({"collision_strategy": "ENQUEUE", "grace_period_seconds": 30})
        );
        assert_eq!(f.enforce_parameter_schema, Some(json!(false)));
        assert_eq!(f.schedules, Some(vec![]));
        assert_eq!(
            read(json!({"tags": [1, true]})).unwrap().tags,
            json!(["1", "True"])
        );
        assert_eq!(
            read(json!({"concurrency_limit": 3}))
                .unwrap()
                .concurrency_options,
            Value::Null
        );
    }

    #[test]
    fn each_bad_field_names_its_key() {
        for (config, key, says) in [
            (
                json!({"description": 3}),
                "description",
                "must be text, found a number",
            ),
            (
                json!({"tags": {"a": 1}}),
                "tags",
                "must be a list of strings",
            ),
            (
                json!({"parameters": [1]}),
                "parameters",
                "must be a mapping of parameter names",
            ),
            (
                json!({"work_pool": {"job_variables": "x"}}),
                "work_pool",
                "work_pool.job_variables must be a mapping, found a string",
            ),
            (
                json!({"work_pool": {"name": 3}}),
                "work_pool",
                "must be text",
            ),
            (
                json!({"paused": "maybe"}),
                "paused",
                "must be true or false",
            ),
            (
                json!({"enforce_parameter_schema": 2}),
                "enforce_parameter_schema",
                "must be true or false",
            ),
            (
                json!({"concurrency_limit": -1}),
                "concurrency_limit",
                "whole number from 1, or a mapping",
            ),
            (
                json!({"concurrency_limit": {"limit": "x"}}),
                "concurrency_limit",
                "`limit` must be a whole number",
            ),
            (
                json!({"concurrency_limit": {"limit": 1, "collision_strategy": "DROP"}}),
                "concurrency_limit",
                "ENQUEUE or CANCEL_NEW",
            ),
            (
                json!({"schedules": {"cron": "x"}}),
                "schedules",
                "must be a list of schedules",
            ),
        ] {
            let e = read(config.clone()).unwrap_err();
            assert_eq!(e.key, key, "{config}");
            assert!(e.message.contains(says), "{config}: {}", e.message);
        }
    }
}
