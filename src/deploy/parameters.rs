//! Checking a deployment's `parameters` against its flow's parameter schema at planning, as
//! the server does when `enforce_parameter_schema` is on (Prefect validates with required
//! fields ignored). The subset of JSON Schema that pydantic writes for flow parameters:
//! types, `anyOf`/`allOf`/`oneOf`, `enum`/`const`, items and tuple items, properties,
//! `additionalProperties`, `$ref` to the schema's definitions, and numeric, string and array
//! constraints. A value that still holds a placeholder (a step output on a dry run) is not
//! checked; neither is anything the schema leaves open.

use serde_json::{Map, Value};

/// Nesting beyond which a value is not checked further (a schema can refer to itself).
const MAX_DEPTH: usize = 32;

/// What the server would refuse in the parameters: one line per problem, naming the parameter.
pub(super) fn problems(parameters: &Value, schema: &Value) -> Vec<String> {
    let Some(params) = parameters.as_object() else {
        return Vec::new();
    };
    let checker = Checker { root: schema };
    let properties = schema.get("properties").and_then(Value::as_object);
    params
        .iter()
        .filter_map(|(name, value)| {
            let prop = properties?.get(name)?;
            let why = checker.check(value, prop, 0)?;
            Some(format!("parameter `{name}`: {why}"))
        })
        .collect()
}

/// Parameters the flow does not have (the server takes them; a run would fail on them).
pub(super) fn unknown(parameters: &Value, schema: &Value) -> Vec<String> {
    let (Some(params), Some(properties)) = (
        parameters.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) else {
        return Vec::new();
    };
    if accepts_extra(schema) {
        return Vec::new();
    }
    params
        .keys()
        .filter(|k| !properties.contains_key(*k))
        .map(|k| {
            format!(
                "parameter `{k}` is not a parameter of the flow; its parameters: {}",
                properties.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect()
}

/// A flow with `**kwargs` takes any other parameter.
fn accepts_extra(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| {
            p.values().any(|prop| {
                prop.get("type") == Some(&Value::from("object"))
                    && prop.get("additionalProperties").is_some()
                    && prop.get("position").is_some()
                    && prop.get("default") == Some(&Value::Object(Map::new()))
            })
        })
        || schema
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(false))
}

struct Checker<'a> {
    root: &'a Value,
}

impl Checker<'_> {
    /// Why `value` does not fit `schema`, or None.
    fn check(&self, value: &Value, schema: &Value, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH || holds_placeholder(value) {
            return None;
        }
        let s = schema.as_object()?;
        if let Some(target) = s.get("$ref").and_then(Value::as_str) {
            return self.check(value, self.resolve(target)?, depth + 1);
        }
        if let Some(why) = self.combined(value, s, depth) {
            return Some(why);
        }
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            if !allowed.iter().any(|a| same(a, value)) {
                return Some(format!("{} is not one of {}", shown(value), list(allowed)));
            }
        }
        if let Some(c) = s.get("const") {
            if !same(c, value) {
                return Some(format!("{} is not {}", shown(value), shown(c)));
            }
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.is_empty() && !types.iter().any(|t| is_type(value, t)) {
                return Some(format!(
                    "expected {}, found {}",
                    types
                        .iter()
                        .map(|t| article(t))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    shown(value)
                ));
            }
        }
        bounds(value, s).or_else(|| self.inside(value, s, depth))
    }

    /// `anyOf`, `oneOf` (as any) and `allOf`.
    fn combined(&self, value: &Value, s: &Map<String, Value>, depth: usize) -> Option<String> {
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = s.get(key).and_then(Value::as_array) {
                let fits = options
                    .iter()
                    .any(|o| self.check(value, o, depth + 1).is_none());
                if !fits {
                    return Some(format!(
                        "{} fits none of the types the flow accepts",
                        shown(value)
                    ));
                }
            }
        }
        s.get("allOf")
            .and_then(Value::as_array)
            .and_then(|all| all.iter().find_map(|o| self.check(value, o, depth + 1)))
    }

    /// Items of a list and fields of a mapping.
    fn inside(&self, value: &Value, s: &Map<String, Value>, depth: usize) -> Option<String> {
        match value {
            Value::Array(items) => {
                let fixed = s.get("prefixItems").and_then(Value::as_array);
                items.iter().enumerate().find_map(|(i, item)| {
                    let schema = fixed
                        .and_then(|f| f.get(i))
                        .or_else(|| s.get("items").filter(|i| i.is_object()))?;
                    self.check(item, schema, depth + 1)
                        .map(|why| format!("item {i}: {why}"))
                })
            }
            Value::Object(fields) => {
                let properties = s.get("properties").and_then(Value::as_object);
                fields.iter().find_map(|(k, v)| {
                    let schema = properties
                        .and_then(|p| p.get(k))
                        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()));
                    match schema {
                        Some(schema) => self
                            .check(v, schema, depth + 1)
                            .map(|why| format!("field `{k}`: {why}")),
                        None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                            Some(format!("field `{k}` is not allowed"))
                        }
                        None => None,
                    }
                })
            }
            _ => None,
        }
    }

    /// `#/definitions/Name` (or `#/$defs/Name`) in the whole schema.
    fn resolve(&self, target: &str) -> Option<&Value> {
        let path = target.strip_prefix("#/")?;
        path.split('/').try_fold(self.root, |v, part| v.get(part))
    }
}

/// Numeric, string and array constraints.
fn bounds(value: &Value, s: &Map<String, Value>) -> Option<String> {
    let limit = |k: &str| s.get(k).and_then(Value::as_f64);
    if let Some(n) = value.as_f64().filter(|_| value.is_number()) {
        let checks = [
            ("minimum", limit("minimum").is_some_and(|m| n < m), ">="),
            ("maximum", limit("maximum").is_some_and(|m| n > m), "<="),
            (
                "exclusiveMinimum",
                limit("exclusiveMinimum").is_some_and(|m| n <= m),
                ">",
            ),
            (
                "exclusiveMaximum",
                limit("exclusiveMaximum").is_some_and(|m| n >= m),
                "<",
            ),
        ];
        if let Some((key, _, op)) = checks.iter().find(|(_, failed, _)| *failed) {
            return Some(format!("{n} must be {op} {}", s[*key]));
        }
        if let Some(m) = limit("multipleOf").filter(|m| *m > 0.0) {
            if ((n / m).round() * m - n).abs() > 1e-9 {
                return Some(format!("{n} must be a multiple of {m}"));
            }
        }
    }
    let count = match value {
        Value::String(t) => Some(("characters", t.chars().count(), "minLength", "maxLength")),
        Value::Array(a) => Some(("items", a.len(), "minItems", "maxItems")),
        _ => None,
    };
    if let Some((what, n, min, max)) = count {
        if limit(min).is_some_and(|m| (n as f64) < m) {
            return Some(format!(
                "{} has {n} {what}, fewer than {}",
                shown(value),
                s[min]
            ));
        }
        if limit(max).is_some_and(|m| (n as f64) > m) {
            return Some(format!(
                "{} has {n} {what}, more than {}",
                shown(value),
                s[max]
            ));
        }
    }
    if let (Value::String(t), Some(pattern)) = (value, s.get("pattern").and_then(Value::as_str)) {
        if let Ok(re) = regex::Regex::new(pattern) {
            if !re.is_match(t) {
                return Some(format!(
                    "{} does not match the pattern {pattern:?}",
                    shown(value)
                ));
            }
        }
    }
    None
}

fn holds_placeholder(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.contains("{{"))
}

/// JSON Schema's types; an integral float counts as an integer, as in Python's jsonschema.
fn is_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// Equality as JSON Schema sees it: 1 and 1.0 are the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer (a whole number)".into(),
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        "null" => "null".into(),
        other => format!("a {other}"),
    }
}

fn shown(value: &Value) -> String {
    crate::escape::cut(&value.to_string(), 80)
}

fn list(values: &[Value]) -> String {
    values.iter().map(shown).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({"type": "object", "properties": {
            "times": {"type": "integer", "title": "times", "position": 0},
            "name": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}], "default": null},
            "mode": {"$ref": "#/definitions/Mode"},
            "ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "tags": {"type": "array", "items": {"type": "string"}},
            "cfg": {"$ref": "#/definitions/Cfg"}
        }, "required": ["times"], "definitions": {
            "Mode": {"enum": ["a", "b"], "type": "string"},
            "Cfg": {"type": "object", "properties": {"n": {"type": "integer"}}}
        }})
    }

    #[test]
    fn good_parameters_pass_and_required_ones_may_be_missing() {
        let ok = json!({"times": 3, "name": null, "mode": "b", "ratio": 0.5, "tags": ["x"],
                        "cfg": {"n": 2.0}});
        assert_eq!(problems(&ok, &schema()), Vec::<String>::new());
        assert!(
            problems(&json!({}), &schema()).is_empty(),
            "required is not checked, as in Prefect"
        );
        assert!(problems(&json!({"times": "{{ step.stdout }}"}), &schema()).is_empty());
        assert!(
            problems(&json!({"anything": 1}), &json!({})).is_empty(),
            "an open schema"
        );
    }

    #[test]
    fn each_kind_of_mistake_is_named() {
        for (params, says) in [
            (
                json!({"times": "five"}),
                "parameter `times`: expected an integer (a whole number), found \"five\"",
            ),
            (json!({"times": 1.5}), "expected an integer"),
            (json!({"name": "too long"}), "fits none of the types"),
            (json!({"mode": "c"}), "\"c\" is not one of \"a\", \"b\""),
            (json!({"ratio": 2}), "2 must be <= 1"),
            (json!({"tags": ["x", 3]}), "item 1: expected a string"),
            (json!({"cfg": {"n": "x"}}), "field `n`: expected an integer"),
        ] {
            let found = problems(&params, &schema());
            assert!(
                found.len() == 1 && found[0].contains(says),
                "{params}: {found:?}"
            );
        }
    }

    #[test]
    fn unknown_parameters_are_named_unless_the_flow_takes_kwargs() {
        let found = unknown(&json!({"tiems": 3}), &schema());
        assert!(
            found[0]
                .contains("`tiems` is not a parameter of the flow; its parameters: times, name"),
            "{found:?}"
        );
        assert!(
            problems(&json!({"tiems": 3}), &schema()).is_empty(),
            "the server takes them"
        );
        let schema = json!({"properties": {"kw": {"type": "object", "additionalProperties": true,
            "default": {}, "position": 0, "title": "kw"}}});
        assert!(unknown(&json!({"other": 1}), &schema).is_empty());
    }
}
