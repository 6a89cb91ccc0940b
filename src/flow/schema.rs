//! Parameter schemas as Prefect (pydantic v2) writes them, from the function's AST.
//!
//! Each property holds `title` (the parameter name), `position`, `default` when there is one,
//! `description` from the docstring, and the type's schema; keys are sorted as pydantic sorts
//! them. A type pinflow cannot read statically becomes `{}` (any value), with a warning.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::Path;

use ruff_python_ast::{Expr, Operator, ParameterWithDefault, StmtFunctionDef};
use serde_json::{json, Map, Value};

use super::ast::{line_of, literal, name_of};
use super::jsonschema::{
    combine, constrain, field_call, flatten_union, keyword, literal_schema, map, object, simple,
    sorted,
};
use super::names::Namespace;
use super::{defaults, docstring};

/// How many type aliases deep a type is followed.
const MAX_ALIAS_DEPTH: usize = 16;

/// The schema Prefect stores for `func`, whose module's names are `ns`.
pub(super) fn parameter_schema(
    func: &StmtFunctionDef,
    doc: Option<&str>,
    source: &str,
    file: &Path,
    ns: &Namespace,
) -> Value {
    let reader = Reader {
        source,
        file,
        ns,
        defs: RefCell::default(),
        aliases: Cell::new(0),
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
    /// A named parameter: its annotation's schema and its default, when it can be read. A
    /// `Field(...)` default gives its default (a `default_factory` makes the parameter
    /// required, as in Prefect), its description and `json_schema_extra`; Prefect drops its
    /// title, constraints and examples.
    fn add_named(&mut self, param: &ParameterWithDefault, reader: &Reader<'_>) {
        let name = param.parameter.name.as_str();
        let mut prop = reader.annotation(param.parameter.annotation.as_deref(), name);
        let Some(default) = param.default.as_deref() else {
            self.add(name, prop, false);
            return;
        };
        let Some(field) = field_call(default) else {
            if let Some(v) = reader.default(default, name) {
                prop.insert("default".into(), v);
            }
            self.add(name, prop, true);
            return;
        };
        let kw = |k: &str| keyword(field, k);
        if let Some(d) = kw("description").and_then(literal) {
            prop.insert("description".into(), d);
        }
        // Applied last: it overrides even the title, position and description Prefect sets.
        let extra = match kw("json_schema_extra").and_then(|e| defaults::value(e, reader.ns)) {
            Some(Value::Object(extra)) => extra,
            _ => Map::new(),
        };
        let has_default = match field.arguments.args.first().or(kw("default")) {
            Some(Expr::EllipsisLiteral(_)) => false,
            Some(d) => {
                if let Some(v) = reader.default(d, name) {
                    prop.insert("default".into(), v);
                }
                true
            }
            None => kw("default_factory").is_none(),
        };
        self.add_with(name, prop, has_default, extra);
    }

    fn add(&mut self, name: &str, prop: Map<String, Value>, has_default: bool) {
        self.add_with(name, prop, has_default, Map::new());
    }

    /// Adds a property; `extra` (`json_schema_extra`) goes over the keys Prefect sets.
    fn add_with(
        &mut self,
        name: &str,
        mut prop: Map<String, Value>,
        has_default: bool,
        extra: Map<String, Value>,
    ) {
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
        prop.extend(extra);
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

pub(super) struct Reader<'a> {
    source: &'a str,
    file: &'a Path,
    pub(super) ns: &'a Namespace,
    /// Definitions of the module's classes that the schema refers to, by name.
    defs: RefCell<BTreeMap<String, Value>>,
    /// How many aliases deep the type being read is.
    aliases: Cell<usize>,
}

impl Reader<'_> {
    pub(super) fn warn(&self, node: &Expr, param: &str, what: &str) {
        crate::diagnostic::warn_at(
            crate::diagnostic::Code::OpenParameter,
            crate::error::Location::line(self.file.display(), Some(line_of(self.source, node))),
            format!(
                "parameter {param:?}: {what}; the schema leaves it open (any value). \
                 Prefect, importing the module, may describe it more closely"
            ),
        );
    }

    /// A model configuration option that changes the schema but cannot be read statically.
    pub(super) fn warn_config(&self, model: &str, option: &str) {
        crate::diagnostic::warn_at(
            crate::diagnostic::Code::OpenParameter,
            crate::error::Location::file(self.file.display()),
            format!(
                "model {model:?} (a parameter's type): its configuration option {option:?} is \
                 not read statically, so the schema leaves out what it changes; pass --python \
                 PATH to let Python describe the model as Prefect does"
            ),
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

    pub(super) fn default(&self, expr: &Expr, param: &str) -> Option<Value> {
        let v = defaults::value(expr, self.ns);
        if v.is_none() {
            self.warn(
                expr,
                param,
                "its default cannot be known without running Python, so it is left out of the schema",
            );
        }
        v
    }

    pub(super) fn type_schema(&self, e: &Expr) -> Option<Value> {
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
            Expr::Subscript(s) => match self.ns.aliases.get(name_of(&s.value)?) {
                // A generic alias (`Pair = Tuple[int, int]` used as `Pair`) is not expanded.
                Some(_) => None,
                None => self.generic(name_of(&s.value)?, &s.slice),
            },
            Expr::Name(_) | Expr::Attribute(_) => {
                let name = name_of(e)?;
                if self.ns.classes.get(name).is_some() {
                    self.reference(name)
                } else if let Some(alias) = self.ns.aliases.get(name) {
                    self.alias(alias)
                } else {
                    simple(name)
                }
            }
            _ => None,
        }
    }

    /// The type an alias stands for (`Choice = Literal["a", "b"]`), followed a bounded depth.
    fn alias(&self, alias: &Expr) -> Option<Value> {
        let depth = self.aliases.get();
        if depth >= MAX_ALIAS_DEPTH {
            return None;
        }
        self.aliases.set(depth + 1);
        let schema = self.type_schema(alias);
        self.aliases.set(depth);
        schema
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

    fn generic(&self, name: &str, slice: &Expr) -> Option<Value> {
        let args: Vec<&Expr> = match slice {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let arg = |i: usize| args.get(i).and_then(|a| self.type_schema(a));
        match name {
            "Optional" => combine(vec![arg(0)?, json!({"type": "null"})]),
            "Union" => self.union(&args),
            "Annotated" => {
                let mut base = match arg(0)? {
                    Value::Object(m) => m,
                    _ => return None,
                };
                // Constraints and examples of `Field(...)`; Prefect sets title and
                // description itself.
                for call in args[1..].iter().filter_map(|a| field_call(a)) {
                    let keywords = call
                        .arguments
                        .keywords
                        .iter()
                        .filter_map(|k| Some((k.arg.as_ref()?.as_str(), &k.value)));
                    constrain(&mut base, keywords, self.ns);
                    if let Some(Expr::StringLiteral(d)) = keyword(call, "discriminator") {
                        self.discriminate(&mut base, d.value.to_str());
                    }
                }
                Some(Value::Object(sorted(base)))
            }
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
