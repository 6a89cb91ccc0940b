//! JSON Schema as pydantic writes it, from pieces: simple types, literals, unions, `Field(...)`
//! constraints, and keys in pydantic's (sorted) order. Pure functions, shared by the parameter
//! schema and the class definitions.

use ruff_python_ast::{Expr, ExprCall, Operator};
use serde_json::{json, Map, Value};

use super::ast::name_of;
use super::defaults;
use super::names::Namespace;

/// `Field(...)`, when `e` is a call of it.
pub(super) fn field_call(e: &Expr) -> Option<&ExprCall> {
    match e {
        Expr::Call(call) if name_of(&call.func) == Some("Field") => Some(call),
        _ => None,
    }
}

/// The keyword argument `k` of `call`.
pub(super) fn keyword<'e>(call: &'e ExprCall, k: &str) -> Option<&'e Expr> {
    call.arguments
        .keywords
        .iter()
        .find(|kw| kw.arg.as_ref().is_some_and(|a| a.as_str() == k))
        .map(|kw| &kw.value)
}

/// Adds what `Field(...)` keywords say (constraints, `examples`, `json_schema_extra`) to a
/// schema, as pydantic does: lengths become `minLength`/`maxLength` for text and
/// `minItems`/`maxItems` for lists. Values are read as defaults are (`ns`'s constants,
/// `dict(position=0)`).
pub(super) fn constrain<'e>(
    schema: &mut Map<String, Value>,
    keywords: impl IntoIterator<Item = (&'e str, &'e Expr)>,
    ns: &Namespace,
) {
    let is_array = schema.get("type") == Some(&json!("array"));
    for (k, e) in keywords {
        let Some(v) = defaults::value(e, ns) else {
            continue;
        };
        let key = match k {
            "ge" => "minimum",
            "le" => "maximum",
            "gt" => "exclusiveMinimum",
            "lt" => "exclusiveMaximum",
            "multiple_of" => "multipleOf",
            "min_length" if is_array => "minItems",
            "max_length" if is_array => "maxItems",
            "min_length" => "minLength",
            "max_length" => "maxLength",
            "pattern" => "pattern",
            "examples" => "examples",
            "json_schema_extra" => {
                if let Value::Object(extra) = v {
                    schema.extend(extra);
                }
                continue;
            }
            _ => continue,
        };
        schema.insert(key.into(), v);
    }
}

/// pydantic writes `anyOf` with `null` moved last and nested unions flattened.
pub(super) fn combine(members: Vec<Value>) -> Option<Value> {
    // Unions flatten and repeat no member, as Python's typing does: `Optional[X] | None` is
    // `X | None`, with one null, last.
    let mut flat = Vec::new();
    for s in members {
        match s.get("anyOf") {
            Some(Value::Array(inner)) if s.as_object().is_some_and(|o| o.len() == 1) => {
                flat.extend(inner.iter().cloned())
            }
            _ => flat.push(s),
        }
    }
    let null = json!({"type": "null"});
    let nullable = flat.contains(&null);
    let mut schemas: Vec<Value> = Vec::new();
    for s in flat {
        if s != null && !schemas.contains(&s) {
            schemas.push(s);
        }
    }
    if nullable {
        schemas.push(json!({"type": "null"}));
    }
    match schemas.len() {
        0 => None,
        1 => schemas.pop(),
        _ => Some(object([("anyOf", Value::Array(schemas))])),
    }
}

pub(super) fn flatten_union<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::BinOp(b) if b.op == Operator::BitOr => {
            flatten_union(&b.left, out);
            flatten_union(&b.right, out);
        }
        other => out.push(other),
    }
}

pub(super) fn simple(name: &str) -> Option<Value> {
    let t = |t: &str| json!({"type": t});
    let f = |format: &str| json!({"format": format, "type": "string"});
    Some(match name {
        "int" => t("integer"),
        "float" => t("number"),
        "str" => t("string"),
        "bool" => t("boolean"),
        "bytes" => f("binary"),
        "list" | "List" | "tuple" | "Tuple" | "Sequence" => json!({"items": {}, "type": "array"}),
        "set" | "Set" | "frozenset" | "FrozenSet" => {
            json!({"items": {}, "type": "array", "uniqueItems": true})
        }
        "dict" | "Dict" | "Mapping" => json!({"additionalProperties": true, "type": "object"}),
        "Any" | "object" => json!({}),
        "None" => t("null"),
        "datetime" => f("date-time"),
        "date" => f("date"),
        "time" => f("time"),
        "timedelta" => f("duration"),
        "UUID" => f("uuid"),
        "Path" | "PurePath" | "PosixPath" => f("path"),
        "Decimal" => json!({"anyOf": [{"type": "number"}, {"type": "string"}]}),
        _ => return None,
    })
}

pub(super) fn literal_schema(values: Vec<Value>) -> Value {
    let type_of = |v: &Value| match v {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::Null => Some("null"),
        _ => None,
    };
    let types: Vec<_> = values.iter().map(type_of).collect();
    let shared = types
        .first()
        .copied()
        .flatten()
        .filter(|t| types.iter().all(|x| *x == Some(*t)));
    let mut m = Map::new();
    if let [only] = values.as_slice() {
        m.insert("const".into(), only.clone());
    } else {
        m.insert("enum".into(), Value::Array(values));
    }
    if let Some(t) = shared {
        m.insert("type".into(), json!(t));
    }
    Value::Object(sorted(m))
}

pub(super) fn map<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    sorted(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

pub(super) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(map(pairs))
}

/// Keys in the order pydantic writes them (sorted).
pub(super) fn sorted(m: Map<String, Value>) -> Map<String, Value> {
    let mut pairs: Vec<_> = m.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.into_iter().collect()
}
