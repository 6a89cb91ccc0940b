//! Helpers on Ruff's Python AST that the flow reader, the schema writer and the class reader
//! share: literals, names, docstrings and source positions.

use ruff_python_ast::{Expr, Number, Stmt, UnaryOp};
use ruff_text_size::Ranged;
use serde_json::{json, Map, Value};

/// A literal Python value as JSON (what pydantic would dump for a default).
pub(super) fn literal(e: &Expr) -> Option<Value> {
    Some(match e {
        Expr::NoneLiteral(_) => Value::Null,
        Expr::BooleanLiteral(b) => json!(b.value),
        Expr::StringLiteral(s) => json!(s.value.to_str()),
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b.value.bytes().collect();
            json!(String::from_utf8(bytes).ok()?)
        }
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => json!(i.as_i64()?),
            Number::Float(f) => json!(f),
            Number::Complex { .. } => return None,
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => match literal(&u.operand)? {
            Value::Number(n) if n.is_i64() => json!(-n.as_i64()?),
            Value::Number(n) => json!(-n.as_f64()?),
            _ => return None,
        },
        Expr::List(l) => Value::Array(l.elts.iter().map(literal).collect::<Option<_>>()?),
        Expr::Tuple(t) => Value::Array(t.elts.iter().map(literal).collect::<Option<_>>()?),
        Expr::Set(s) => Value::Array(s.elts.iter().map(literal).collect::<Option<_>>()?),
        Expr::Dict(d) => {
            let mut m = Map::new();
            for item in &d.items {
                let key = match literal(item.key.as_ref()?)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                m.insert(key, literal(&item.value)?);
            }
            Value::Object(m)
        }
        Expr::Call(c) if c.arguments.args.is_empty() && c.arguments.keywords.is_empty() => {
            match name_of(&c.func)? {
                "list" | "tuple" | "set" | "frozenset" => json!([]),
                "dict" => json!({}),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// The last name of `x`, `mod.x` or `typing.x`.
pub(super) fn name_of(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// The text of a string literal.
pub(super) fn string_literal(e: &Expr) -> Option<String> {
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
        _ => None,
    }
}

/// The docstring of a function or class body.
pub(super) fn docstring_of_body(body: &[Stmt]) -> Option<String> {
    match body.first()? {
        Stmt::Expr(e) => string_literal(&e.value),
        _ => None,
    }
}

/// 1-based line and column of a byte offset.
pub(super) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The line of a node, for warnings.
pub(super) fn line_of(source: &str, node: &impl Ranged) -> usize {
    line_col(source, node.start().to_usize()).0
}
