//! Types defined in a module: enums, pydantic models, dataclasses and TypedDicts, read from the
//! AST so their schemas can be written as pydantic writes them.

use std::collections::BTreeMap;

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use serde_json::Value;

use super::config::Config;

/// How deep module-level blocks (`try:` in `if …:` …) are read for classes.
const MAX_BLOCK_DEPTH: usize = 4;

/// A class the schema can describe.
#[derive(Debug, Clone)]
pub(super) enum Class {
    /// An `Enum`: its members' names and values, in order.
    Enum(Vec<(String, Value)>),
    /// A model-like class: pydantic `BaseModel`, `@dataclass` or `TypedDict`.
    Model(Model),
}

/// Fields of a model-like class, in declaration order.
#[derive(Debug, Clone)]
pub(super) struct Model {
    /// The class docstring, if written.
    pub doc: Option<String>,
    /// Its fields.
    pub fields: Vec<Field>,
    /// Its pydantic configuration (inherited, then its own).
    pub config: Config,
}

/// One annotated field.
#[derive(Debug, Clone)]
pub(super) struct Field {
    /// The field's name.
    pub name: String,
    /// Its annotation.
    pub annotation: Expr,
    /// `Some(default expression)`; `None` when required.
    pub default: Option<Option<Expr>>,
    /// `Field(description=...)`.
    pub description: Option<String>,
    /// `Field(title=...)`.
    pub title: Option<String>,
    /// `Field(...)`'s other keywords (constraints, `examples`, `json_schema_extra`), as
    /// written; the schema writer turns them into JSON Schema keys.
    pub keywords: Vec<(String, Expr)>,
}

/// A module's classes by name.
#[derive(Debug, Default, Clone)]
pub(super) struct Classes {
    map: BTreeMap<String, Class>,
}

impl Classes {
    /// Reads the module-level classes of a module: those at the top level, and those defined
    /// in module-level blocks (`try:`/`except`, `if sys.version_info …:`, `with`), where a
    /// class already defined keeps its first definition (the one Python runs when the `try:`
    /// or the first branch succeeds).
    pub(super) fn read(body: &[Stmt]) -> Self {
        let mut classes = Classes::default();
        classes.read_block(body, 0);
        classes
    }

    fn read_block(&mut self, body: &[Stmt], depth: usize) {
        let nested = |classes: &mut Self, block: &[Stmt]| {
            if depth < MAX_BLOCK_DEPTH {
                classes.read_block(block, depth + 1);
            }
        };
        for stmt in body {
            match stmt {
                Stmt::ClassDef(c) => {
                    let Some(class) = self.class(c) else { continue };
                    if depth == 0 {
                        self.map.insert(c.name.to_string(), class);
                    } else {
                        self.map.entry(c.name.to_string()).or_insert(class);
                    }
                }
                Stmt::Try(t) => {
                    nested(self, &t.body);
                    nested(self, &t.orelse);
                    nested(self, &t.finalbody);
                    for handler in &t.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        nested(self, &h.body);
                    }
                }
                Stmt::If(i) => {
                    nested(self, &i.body);
                    for clause in &i.elif_else_clauses {
                        nested(self, &clause.body);
                    }
                }
                Stmt::With(w) => nested(self, &w.body),
                _ => {}
            }
        }
    }

    /// The class named `name`.
    pub(super) fn get(&self, name: &str) -> Option<&Class> {
        self.map.get(name)
    }

    /// Adds `class` as `name` unless a class of that name is known already.
    pub(super) fn add(&mut self, name: &str, class: Class) {
        self.map.entry(name.to_owned()).or_insert(class);
    }

    /// Every class, by name.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&String, &Class)> {
        self.map.iter()
    }

    /// The value of enum member `Class.MEMBER`.
    pub(super) fn member(&self, class: &str, member: &str) -> Option<Value> {
        let Some(Class::Enum(members)) = self.get(class) else {
            return None;
        };
        members
            .iter()
            .find(|(n, _)| n == member)
            .map(|(_, v)| v.clone())
    }

    fn class(&self, c: &StmtClassDef) -> Option<Class> {
        let bases: Vec<&str> = c.bases().iter().filter_map(base_name).collect();
        if bases.iter().any(|b| b.ends_with("Enum") || *b == "Flag") {
            let members = enum_members(c);
            return (!members.is_empty()).then_some(Class::Enum(members));
        }
        let dataclass = c.decorator_list.iter().any(|d| {
            let target = match &d.expression {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            base_name(target) == Some("dataclass")
        });
        let parent = bases.iter().find_map(|b| match self.get(b) {
            Some(Class::Model(m)) => Some(m),
            _ => None,
        });
        let is_model = dataclass
            || parent.is_some()
            || bases
                .iter()
                .any(|b| matches!(*b, "BaseModel" | "TypedDict"));
        if !is_model {
            return None;
        }
        let mut fields = parent.map(|m| m.fields.clone()).unwrap_or_default();
        fields.extend(class_body(&c.body).filter_map(field));
        Some(Class::Model(Model {
            doc: super::ast::docstring_of_body(&c.body),
            fields,
            config: Config::read(c, parent.map(|m| &m.config)),
        }))
    }
}

/// A class body's statements as Python runs them on class creation: those of `try:` blocks too
/// (`try: x: int = Field(...) / except …`), whose annotations pydantic sees as fields.
pub(super) fn class_body(body: &[Stmt]) -> impl Iterator<Item = &Stmt> {
    body.iter().flat_map(|stmt| match stmt {
        Stmt::Try(t) => t.body.iter().collect::<Vec<_>>(),
        other => vec![other],
    })
}

fn base_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

fn enum_members(c: &StmtClassDef) -> Vec<(String, Value)> {
    c.body
        .iter()
        .filter_map(|s| match s {
            Stmt::Assign(a) => match a.targets.as_slice() {
                [Expr::Name(n)] if !n.id.as_str().starts_with('_') => {
                    Some((n.id.to_string(), super::ast::literal(&a.value)?))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn field(s: &Stmt) -> Option<Field> {
    let Stmt::AnnAssign(a) = s else { return None };
    let Expr::Name(target) = &*a.target else {
        return None;
    };
    if target.id.as_str() == "model_config" {
        return None;
    }
    if base_name(match &*a.annotation {
        Expr::Subscript(sub) => &sub.value,
        other => other,
    }) == Some("ClassVar")
    {
        return None;
    }
    let mut f = Field {
        name: target.id.to_string(),
        annotation: (*a.annotation).clone(),
        default: None,
        description: None,
        title: None,
        keywords: Vec::new(),
    };
    match a.value.as_deref() {
        None => {}
        Some(Expr::Call(call)) if matches!(base_name(&call.func), Some("Field" | "field")) => {
            let kw = |k: &str| {
                call.arguments
                    .keywords
                    .iter()
                    .find(|kw| kw.arg.as_ref().is_some_and(|a| a.as_str() == k))
                    .map(|kw| &kw.value)
            };
            let text = |e: Option<&Expr>| match e {
                Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_owned()),
                _ => None,
            };
            f.description = text(kw("description"));
            f.title = text(kw("title"));
            f.keywords = call
                .arguments
                .keywords
                .iter()
                .filter_map(|k| Some((k.arg.as_ref()?.to_string(), k.value.clone())))
                .filter(|(k, _)| CONSTRAINTS.contains(&k.as_str()))
                .collect();
            if let Some(d) = call.arguments.args.first().or(kw("default")) {
                if !matches!(d, Expr::EllipsisLiteral(_)) {
                    f.default = Some(Some(d.clone()));
                }
            } else if kw("default_factory").is_some() {
                f.default = Some(None);
            }
        }
        Some(value) => f.default = Some(Some(value.clone())),
    }
    Some(f)
}

/// `Field(...)` keywords that add to a field's schema (besides default, description, title).
pub(super) const CONSTRAINTS: [&str; 10] = [
    "ge",
    "le",
    "gt",
    "lt",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
    "examples",
    "json_schema_extra",
];

/// Python's `str.title()`: upper-case a letter after a non-letter, lower-case the others.
pub(super) fn python_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_like_python() {
        assert_eq!(python_title("max rows"), "Max Rows");
        assert_eq!(python_title("url"), "Url");
        assert_eq!(python_title("http2 port"), "Http2 Port");
        assert_eq!(python_title("ID"), "Id");
    }
}
