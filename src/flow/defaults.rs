//! A parameter's default value as JSON, as pydantic would dump it, from its Python expression
//! (also the text of `@flow(name=...)`): literals, module constants (also imported from the
//! project's modules), f-strings of them and `+`, `os.getenv`, enum members, well-known constructors (`Path("data")`,
//! `Decimal("1.5")`, `date(2024, 1, 2)`, `timedelta(seconds=5)`, `UUID("…")`) and instances of
//! the project's own models and dataclasses. Anything else is unknown (None), and the caller
//! says so with the file and line.

use ruff_python_ast::{
    ConversionFlag, Expr, ExprCall, ExprFString, FStringPart, InterpolatedStringElement, Operator,
};
use serde_json::{json, Map, Value};

use super::ast::{literal, name_of};
use super::classes::Class;
use super::names::Namespace;

/// How deeply nested model instances are read.
const MAX_DEPTH: usize = 8;

/// The JSON value of default expression `e`, or None when it cannot be known statically.
pub(super) fn value(e: &Expr, ns: &Namespace) -> Option<Value> {
    of(e, ns, 0)
}

fn of(e: &Expr, ns: &Namespace, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(v) = literal(e) {
        return Some(v);
    }
    match e {
        Expr::Name(n) => {
            let id = n.id.as_str();
            match ns.constants.get(id) {
                Some(v) => Some(v.clone()),
                None => of(
                    ns.expressions.get(id).or(ns.aliases.get(id))?,
                    ns,
                    depth + 1,
                ),
            }
        }
        // An enum member: its value.
        Expr::Attribute(a) => ns.classes.member(name_of(&a.value)?, a.attr.as_str()),
        Expr::Call(call) => environment(call, ns, depth).or_else(|| constructed(call, ns, depth)),
        Expr::BinOp(b) if b.op == Operator::Add => {
            match (of(&b.left, ns, depth + 1)?, of(&b.right, ns, depth + 1)?) {
                (Value::String(l), Value::String(r)) => Some(Value::String(l + &r)),
                _ => None,
            }
        }
        Expr::FString(f) => formatted(f, ns, depth).map(Value::String),
        _ => None,
    }
}

/// The text of `value` as `str()` gives it; None for what pinflow does not mirror (floats,
/// containers).
pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// An f-string whose fields are known values, without conversions or format specs.
fn formatted(f: &ExprFString, ns: &Namespace, depth: usize) -> Option<String> {
    let mut out = String::new();
    for part in f.value.iter() {
        let elements = match part {
            FStringPart::Literal(s) => {
                out.push_str(&s.value);
                continue;
            }
            FStringPart::FString(fs) => &fs.elements,
        };
        for element in elements.iter() {
            match element {
                InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                InterpolatedStringElement::Interpolation(i)
                    if i.format_spec.is_none()
                        && i.debug_text.is_none()
                        && matches!(i.conversion, ConversionFlag::None | ConversionFlag::Str) =>
                {
                    out.push_str(&text(&of(&i.expression, ns, depth + 1)?)?);
                }
                InterpolatedStringElement::Interpolation(_) => return None,
            }
        }
    }
    Some(out)
}

/// `os.getenv("NAME", default)` or `os.environ.get("NAME", default)`: what Prefect gets when
/// it imports the module in this same environment. A variable whose name says it holds a
/// secret is not read: its value would be stored in the schema for everyone to see.
fn environment(call: &ExprCall, ns: &Namespace, depth: usize) -> Option<Value> {
    let is_getenv = match &*call.func {
        Expr::Name(n) => n.id.as_str() == "getenv",
        Expr::Attribute(a) => {
            a.attr.as_str() == "getenv" && name_of(&a.value) == Some("os")
                || a.attr.as_str() == "get" && name_of(&a.value) == Some("environ")
        }
        _ => false,
    };
    if !is_getenv || call.arguments.args.len() > 2 {
        return None;
    }
    let name = of(call.arguments.args.first()?, ns, depth + 1)?;
    let name = name.as_str()?;
    let default = match (call.arguments.args.get(1), call.arguments.keywords.first()) {
        (Some(d), _) => of(d, ns, depth + 1)?,
        (None, Some(k)) if k.arg.as_ref().is_some_and(|a| a.as_str() == "default") => {
            of(&k.value, ns, depth + 1)?
        }
        (None, None) => Value::Null,
        _ => return None,
    };
    match ns.env.get_even_empty(name) {
        None => Some(default),
        Some(_) if crate::secret::name_says_secret(name) => None,
        Some(v) => Some(Value::String(v.to_owned())),
    }
}

/// `int(v)`, `float(v)` or `str(v)` of a known value, as Python converts it
/// (`int(os.getenv("LIMIT", "20"))`); None where Python would fail or pinflow does not mirror
/// the conversion.
fn converted(name: &str, v: &Value) -> Option<Value> {
    match (name, v) {
        ("int", Value::String(s)) => s.trim().parse::<i64>().ok().map(|i| json!(i)),
        ("int", Value::Number(n)) if n.is_i64() => Some(v.clone()),
        ("float", Value::String(s)) => {
            let f = s.trim().parse::<f64>().ok().filter(|f| f.is_finite())?;
            Some(json!(f))
        }
        ("float", Value::Number(n)) => Some(json!(n.as_f64()?)),
        ("str", Value::String(_)) => Some(v.clone()),
        ("str", other) => text(other).map(Value::String),
        _ => None,
    }
}

/// `dict(a=1)`, `dict({"a": 1})` or `dict({"a": 1}, b=2)`: the mapping, keywords last.
fn dictionary(call: &ExprCall, args: &[Value], ns: &Namespace, depth: usize) -> Option<Value> {
    let mut out = match args {
        [] => Map::new(),
        [Value::Object(m)] => m.clone(),
        _ => return None,
    };
    for kw in &call.arguments.keywords {
        // `dict(**other)` is not followed.
        let key = kw.arg.as_ref()?;
        out.insert(key.to_string(), of(&kw.value, ns, depth + 1)?);
    }
    Some(Value::Object(out))
}

/// What a call of a well-known type or of a project model gives, dumped as pydantic does.
fn constructed(call: &ExprCall, ns: &Namespace, depth: usize) -> Option<Value> {
    let name = name_of(&call.func)?;
    let args: Vec<Value> = call
        .arguments
        .args
        .iter()
        .map(|a| of(a, ns, depth + 1))
        .collect::<Option<_>>()?;
    let keyword = |k: &str| {
        call.arguments
            .keywords
            .iter()
            .find(|kw| kw.arg.as_ref().is_some_and(|a| a.as_str() == k))
            .and_then(|kw| of(&kw.value, ns, depth + 1))
    };
    let int = |i: usize| args.get(i).and_then(Value::as_i64);
    match name {
        "Path" | "PurePath" | "PosixPath" | "PurePosixPath" if args.len() == 1 => {
            args[0].as_str().map(|s| json!(s))
        }
        "Decimal" if args.len() == 1 => match &args[0] {
            Value::String(s) => Some(json!(s.trim())),
            Value::Number(n) if n.is_i64() => Some(json!(n.to_string())),
            _ => None,
        },
        "UUID" if args.len() == 1 => uuid(args[0].as_str()?).map(Value::String),
        "date" if args.len() == 3 => Some(json!(format!(
            "{:04}-{:02}-{:02}",
            int(0)?,
            int(1)?,
            int(2)?
        ))),
        "datetime" if (3..=6).contains(&args.len()) && call.arguments.keywords.is_empty() => {
            let part = |i: usize| if i < args.len() { int(i) } else { Some(0) };
            Some(json!(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                part(0)?,
                part(1)?,
                part(2)?,
                part(3)?,
                part(4)?,
                part(5)?
            )))
        }
        "time" if (1..=3).contains(&args.len()) && call.arguments.keywords.is_empty() => {
            let part = |i: usize| if i < args.len() { int(i) } else { Some(0) };
            Some(json!(format!(
                "{:02}:{:02}:{:02}",
                part(0)?,
                part(1)?,
                part(2)?
            )))
        }
        "timedelta" => timedelta(&args, &keyword).map(Value::String),
        "dict" => dictionary(call, &args, ns, depth),
        "int" | "float" | "str" if args.len() == 1 && call.arguments.keywords.is_empty() => {
            converted(name, &args[0])
        }
        _ => match ns.classes.get(name)? {
            Class::Model(model) => {
                let mut out = Map::new();
                for (i, field) in model.fields.iter().enumerate() {
                    let v = match keyword(&field.name).or_else(|| args.get(i).cloned()) {
                        Some(v) => v,
                        None => of(field.default.as_ref()?.as_ref()?, ns, depth + 1)?,
                    };
                    out.insert(field.name.clone(), v);
                }
                Some(Value::Object(out))
            }
            Class::Enum(_) => None,
        },
    }
}

/// A UUID in its canonical form (lower-case, hyphenated), or None.
fn uuid(text: &str) -> Option<String> {
    let hex: String = text
        .trim()
        .trim_start_matches("urn:uuid:")
        .chars()
        .filter(|c| *c != '-' && *c != '{' && *c != '}')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)` as the ISO
/// 8601 duration pydantic writes (`P1DT2H3M4.5S`, `PT0S`, `-PT1H`).
fn timedelta(args: &[Value], keyword: &dyn Fn(&str) -> Option<Value>) -> Option<String> {
    const UNITS: [(&str, f64); 7] = [
        ("days", 86_400e6),
        ("seconds", 1e6),
        ("microseconds", 1.0),
        ("milliseconds", 1e3),
        ("minutes", 60e6),
        ("hours", 3_600e6),
        ("weeks", 604_800e6),
    ];
    if args.len() > UNITS.len() {
        return None;
    }
    let mut micros = 0f64;
    for (i, (unit, scale)) in UNITS.iter().enumerate() {
        let v = args.get(i).cloned().or_else(|| keyword(unit));
        if let Some(v) = v {
            micros += v.as_f64()? * scale;
        }
    }
    Some(iso_duration(micros.round() as i128))
}

fn iso_duration(micros: i128) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let total = micros.abs();
    let (days, rest) = (total / 86_400_000_000, total % 86_400_000_000);
    let (hours, rest) = (rest / 3_600_000_000, rest % 3_600_000_000);
    let (minutes, rest) = (rest / 60_000_000, rest % 60_000_000);
    let (seconds, fraction) = (rest / 1_000_000, rest % 1_000_000);
    let mut out = format!("{sign}P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    let mut time = String::new();
    if hours > 0 {
        time.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        time.push_str(&format!("{minutes}M"));
    }
    if seconds > 0 || fraction > 0 {
        let frac = format!("{fraction:06}");
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            time.push_str(&format!("{seconds}S"));
        } else {
            time.push_str(&format!("{seconds}.{frac}S"));
        }
    }
    if !time.is_empty() {
        out.push('T');
        out.push_str(&time);
    } else if days == 0 {
        out.push_str("T0S");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_pydantic_writes_them() {
        let s = |micros: i128| iso_duration(micros);
        assert_eq!(s(93_784_500_000), "P1DT2H3M4.5S");
        assert_eq!(s(5_400_000_000), "PT1H30M");
        assert_eq!(s(0), "PT0S");
        assert_eq!(s(-3_600_000_000), "-PT1H");
        assert_eq!(s(7 * 86_400_000_000), "P7D");
        assert_eq!(s(250_000), "PT0.25S");
    }

    #[test]
    fn uuids_are_canonical() {
        assert_eq!(
            uuid("12345678123456781234567812345678").unwrap(),
            "12345678-1234-5678-1234-567812345678"
        );
        assert_eq!(
            uuid("{ABCDEF00-1234-5678-1234-567812345678}").unwrap(),
            "abcdef00-1234-5678-1234-567812345678"
        );
        assert!(uuid("nope").is_none());
    }
}
