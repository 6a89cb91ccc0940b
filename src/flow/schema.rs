//! Parameter schemas as Prefect (pydantic v2) writes them, from the function's AST.
//!
//! Each property holds `title` (the parameter name), `position`, `default` when there is one,
//! `description` from the docstring, and the type's schema; keys are sorted as pydantic sorts
//! them. A type pinflow cannot read statically becomes `{}` (any value), with a warning.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use ruff_python_ast::{Expr, Operator, ParameterWithDefault, Stmt, StmtFunctionDef};
use serde_json::{json, Map, Value};

use super::ast::{line_of, literal, name_of};
use super::classes::{python_title, Class, Classes};
use super::docstring;

/// The schema Prefect stores for `func`.
pub fn parameter_schema(
    func: &StmtFunctionDef,
    doc: Option<&str>,
    source: &str,
    file: &Path,
    module: &[Stmt],
) -> Value {
    let classes = Classes::read(module);
    let reader = Reader {
        source,
        file,
        classes: &classes,
        module,
        defs: RefCell::default(),
    };
    let mut props = Properties {
        descriptions: doc.map(docstring::google_args).unwrap_or_default(),
        ..Properties::default()
    };
    let p = &func.parameters;
    for param in p.posonlyargs.iter().chain(&p.args) {
        props.add_named(param, &reader);
    }
    if let Some(var) = &p.vararg {
        let items = reader.type_or_any(var.annotation.as_deref(), var.name.as_str());
        let prop = map([
            ("type", json!("array")),
            ("items", items),
            ("default", json!([])),
        ]);
        props.add(var.name.as_str(), prop, true);
    }
    for param in &p.kwonlyargs {
        props.add_named(param, &reader);
    }
    if let Some(kw) = &p.kwarg {
        let values = match reader.type_or_any(kw.annotation.as_deref(), kw.name.as_str()) {
            v if v == json!({}) => json!(true),
            v => v,
        };
        let prop = map([
            ("type", json!("object")),
            ("additionalProperties", values),
            ("default", json!({})),
        ]);
        props.add(kw.name.as_str(), prop, true);
    }
    props.schema(reader.defs.into_inner())
}

/// The properties of the schema as they are added, in signature order.
#[derive(Default)]
struct Properties {
    descriptions: BTreeMap<String, String>,
    properties: Map<String, Value>,
    required: Vec<Value>,
    position: usize,
}

impl Properties {
    /// A named parameter: its annotation's schema and its default, when it can be read.
    fn add_named(&mut self, param: &ParameterWithDefault, reader: &Reader<'_>) {
        let name = param.parameter.name.as_str();
        let mut prop = reader.annotation(param.parameter.annotation.as_deref(), name);
        if let Some(v) = param
            .default
            .as_deref()
            .and_then(|d| reader.default(d, name))
        {
            prop.insert("default".into(), v);
        }
        self.add(name, prop, param.default.is_some());
    }

    fn add(&mut self, name: &str, mut prop: Map<String, Value>, has_default: bool) {
        if matches!(name, "self" | "cls") {
            // Skipped, but counted: Prefect numbers positions as in the signature.
            self.position += 1;
            return;
        }
        prop.insert("title".into(), json!(name));
        prop.insert("position".into(), json!(self.position));
        if let Some(d) = self.descriptions.get(name) {
            prop.insert("description".into(), json!(d));
        }
        if !has_default {
            self.required.push(json!(name));
        }
        self.properties
            .insert(name.to_owned(), Value::Object(sorted(prop)));
        self.position += 1;
    }

    /// The whole schema, with the definitions the properties refer to.
    fn schema(self, defs: BTreeMap<String, Value>) -> Value {
        let mut schema = Map::new();
        schema.insert("title".into(), json!("Parameters"));
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(self.properties));
        if !self.required.is_empty() {
            schema.insert("required".into(), Value::Array(self.required));
        }
        if !defs.is_empty() {
            schema.insert(
                "definitions".into(),
                Value::Object(defs.into_iter().collect()),
            );
        }
        Value::Object(schema)
    }
}

struct Reader<'a> {
    source: &'a str,
    file: &'a Path,
    classes: &'a Classes,
    module: &'a [Stmt],
    /// Definitions of the module's classes that the schema refers to, by name.
    defs: RefCell<BTreeMap<String, Value>>,
}

impl Reader<'_> {
    fn warn(&self, node: &Expr, param: &str, what: &str) {
        tracing::warn!(
            "{}:{}: parameter {param:?}: {what}; the schema leaves it open (any value). \
             Prefect, importing the module, may describe it more closely",
            self.file.display(),
            line_of(self.source, node)
        );
    }

    /// The schema of an annotation as the property's own keys.
    fn annotation(&self, ann: Option<&Expr>, param: &str) -> Map<String, Value> {
        match self.type_or_any(ann, param) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn type_or_any(&self, ann: Option<&Expr>, param: &str) -> Value {
        let Some(ann) = ann else { return json!({}) };
        self.type_schema(ann).unwrap_or_else(|| {
            self.warn(
                ann,
                param,
                "its type annotation is not understood statically",
            );
            json!({})
        })
    }

    fn default(&self, expr: &Expr, param: &str) -> Option<Value> {
        let v = literal(expr).or_else(|| match expr {
            // An enum member: its value.
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(class) => {
                    self.classes
                        .member(class.id.as_str(), a.attr.as_str(), self.module)
                }
                _ => None,
            },
            _ => None,
        });
        if v.is_none() {
            self.warn(
                expr,
                param,
                "its default is not a literal, so it is left out of the schema",
            );
        }
        v
    }

    fn type_schema(&self, e: &Expr) -> Option<Value> {
        match e {
            Expr::NoneLiteral(_) => Some(json!({"type": "null"})),
            Expr::StringLiteral(s) => {
                let parsed = ruff_python_parser::parse_expression(s.value.to_str()).ok()?;
                self.type_schema(&parsed.syntax().body)
            }
            Expr::BinOp(b) if b.op == Operator::BitOr => {
                let mut members = Vec::new();
                flatten_union(e, &mut members);
                self.union(&members)
            }
            Expr::Subscript(s) => self.generic(name_of(&s.value)?, &s.slice),
            Expr::Name(n) if self.classes.get(n.id.as_str()).is_some() => {
                self.reference(n.id.as_str())
            }
            Expr::Name(_) | Expr::Attribute(_) => simple(name_of(e)?),
            _ => None,
        }
    }

    /// `{"$ref": "#/definitions/<name>"}`, adding the class's definition once.
    fn reference(&self, name: &str) -> Option<Value> {
        let known = self.defs.borrow().contains_key(name);
        if !known {
            // A placeholder first, so a class that refers to itself does not recurse forever.
            self.defs.borrow_mut().insert(name.to_owned(), Value::Null);
            let def = self.definition(name);
            match def {
                Some(d) => self.defs.borrow_mut().insert(name.to_owned(), d),
                None => self.defs.borrow_mut().remove(name),
            };
        }
        self.defs
            .borrow()
            .contains_key(name)
            .then(|| json!({"$ref": format!("#/definitions/{name}")}))
    }

    /// A class's schema as pydantic writes it.
    fn definition(&self, name: &str) -> Option<Value> {
        match self.classes.get(name)? {
            Class::Enum(values) => {
                let mut m = match literal_schema(values.clone()) {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                m.remove("const");
                m.insert("enum".into(), Value::Array(values.clone()));
                m.insert("title".into(), json!(name));
                Some(Value::Object(sorted(m)))
            }
            Class::Model(model) => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for f in &model.fields {
                    let mut prop = match self.type_schema(&f.annotation) {
                        Some(Value::Object(m)) => m,
                        _ => {
                            self.warn(
                                &f.annotation,
                                &f.name,
                                &format!(
                                    "the type of {name}.{} is not understood statically",
                                    f.name
                                ),
                            );
                            Map::new()
                        }
                    };
                    let bare_ref = prop.len() == 1 && prop.contains_key("$ref");
                    match &f.default {
                        None => required.push(json!(f.name)),
                        Some(Some(d)) => {
                            if let Some(v) = self.default(d, &f.name) {
                                prop.insert("default".into(), v);
                            }
                        }
                        Some(None) => {}
                    }
                    if let Some(d) = &f.description {
                        prop.insert("description".into(), json!(d));
                    }
                    match &f.title {
                        Some(t) => {
                            prop.insert("title".into(), json!(t));
                        }
                        None if !bare_ref => {
                            prop.insert(
                                "title".into(),
                                json!(python_title(&f.name.replace('_', " "))),
                            );
                        }
                        None => {}
                    }
                    properties.insert(f.name.clone(), Value::Object(sorted(prop)));
                }
                let mut m = Map::new();
                if let Some(doc) = &model.doc {
                    m.insert("description".into(), json!(docstring::cleandoc(doc)));
                }
                m.insert("properties".into(), Value::Object(properties));
                if !required.is_empty() {
                    m.insert("required".into(), Value::Array(required));
                }
                m.insert("title".into(), json!(name));
                m.insert("type".into(), json!("object"));
                Some(Value::Object(sorted(m)))
            }
        }
    }

    fn generic(&self, name: &str, slice: &Expr) -> Option<Value> {
        let args: Vec<&Expr> = match slice {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let arg = |i: usize| args.get(i).and_then(|a| self.type_schema(a));
        match name {
            "Optional" => combine(vec![arg(0)?, json!({"type": "null"})]),
            "Union" => self.union(&args),
            "Annotated" => arg(0),
            "List" | "list" | "Sequence" | "MutableSequence" | "Iterable" => {
                Some(object([("type", json!("array")), ("items", arg(0)?)]))
            }
            "Set" | "set" | "FrozenSet" | "frozenset" => Some(object([
                ("type", json!("array")),
                ("items", arg(0)?),
                ("uniqueItems", json!(true)),
            ])),
            "Tuple" | "tuple" => {
                if let [item, Expr::EllipsisLiteral(_)] = args.as_slice() {
                    return Some(object([
                        ("type", json!("array")),
                        ("items", self.type_schema(item)?),
                    ]));
                }
                let items = args
                    .iter()
                    .map(|a| self.type_schema(a))
                    .collect::<Option<Vec<_>>>()?;
                let n = items.len();
                Some(object([
                    ("type", json!("array")),
                    ("prefixItems", Value::Array(items)),
                    ("minItems", json!(n)),
                    ("maxItems", json!(n)),
                ]))
            }
            "Dict" | "dict" | "Mapping" | "MutableMapping" => {
                let values = match arg(1)? {
                    v if v == json!({}) => json!(true),
                    v => v,
                };
                Some(object([
                    ("type", json!("object")),
                    ("additionalProperties", values),
                ]))
            }
            "Literal" => {
                let values = args
                    .iter()
                    .map(|a| literal(a))
                    .collect::<Option<Vec<_>>>()?;
                Some(literal_schema(values))
            }
            _ => None,
        }
    }

    fn union(&self, members: &[&Expr]) -> Option<Value> {
        combine(
            members
                .iter()
                .map(|m| self.type_schema(m))
                .collect::<Option<Vec<_>>>()?,
        )
    }
}

/// pydantic writes `anyOf` with `null` moved last and nested unions flattened.
fn combine(members: Vec<Value>) -> Option<Value> {
    let mut schemas = Vec::new();
    let mut nullable = false;
    for s in members {
        if s == json!({"type": "null"}) {
            nullable = true;
            continue;
        }
        match s.get("anyOf") {
            Some(Value::Array(inner)) if s.as_object().is_some_and(|o| o.len() == 1) => {
                schemas.extend(inner.iter().cloned())
            }
            _ => schemas.push(s),
        }
    }
    schemas.dedup();
    if nullable {
        schemas.push(json!({"type": "null"}));
    }
    match schemas.len() {
        0 => None,
        1 => schemas.pop(),
        _ => Some(object([("anyOf", Value::Array(schemas))])),
    }
}

fn flatten_union<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::BinOp(b) if b.op == Operator::BitOr => {
            flatten_union(&b.left, out);
            flatten_union(&b.right, out);
        }
        other => out.push(other),
    }
}

fn simple(name: &str) -> Option<Value> {
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

fn literal_schema(values: Vec<Value>) -> Value {
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

fn map<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    sorted(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(map(pairs))
}

/// Keys in the order pydantic writes them (sorted).
fn sorted(m: Map<String, Value>) -> Map<String, Value> {
    let mut pairs: Vec<_> = m.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.into_iter().collect()
}
