//! A pydantic model's configuration, as far as it changes the model's JSON schema: written as
//! `model_config = ConfigDict(...)` (or a `{...}` dict), as pydantic v1's `class Config:`
//! (which pydantic 2 still honours), or as class keywords (`class M(BaseModel, extra="forbid")`).
//!
//! pydantic 2 writes `extra="forbid"` as `additionalProperties: false`, `extra="allow"` as
//! `additionalProperties: true`, `title` as the model's title, and merges `json_schema_extra`
//! (a dict) over the model's schema; a subclass inherits its parents' options. Options that do
//! not change the schema (`frozen`, `populate_by_name`, `use_enum_values`, …) are ignored;
//! those that do but pinflow does not mirror (`alias_generator`, `use_attribute_docstrings`,
//! …), and values it cannot read, are kept as unread so the schema writer can say so.

use ruff_python_ast::{Expr, Keyword, Stmt, StmtClassDef};

use super::ast::name_of;

/// Options pinflow mirrors.
const READ: [&str; 3] = ["extra", "title", "json_schema_extra"];

/// Options that change a model's (validation) JSON schema which pinflow does not mirror.
const UNREAD: [&str; 7] = [
    "alias_generator",
    "use_attribute_docstrings",
    "str_min_length",
    "str_max_length",
    "model_title_generator",
    "field_title_generator",
    "json_schema_mode_override",
];

/// The options of one model, each as written (an expression read on use, with the module's
/// names).
#[derive(Debug, Clone, Default)]
pub(super) struct Config {
    /// `(option, value)` of the options pinflow mirrors, the last written winning.
    pub options: Vec<(String, Expr)>,
    /// Options that change the schema which pinflow does not read.
    pub unread: Vec<String>,
}

impl Config {
    /// The configuration of class `c`, over `parent`'s (inherited).
    pub(super) fn read(c: &StmtClassDef, parent: Option<&Config>) -> Self {
        let mut config = parent.cloned().unwrap_or_default();
        let keywords = c.arguments.as_ref().map_or(&[][..], |a| &a.keywords[..]);
        for kw in keywords {
            config.keyword(kw);
        }
        for stmt in super::classes::class_body(&c.body) {
            match stmt {
                Stmt::Assign(a) => {
                    if let [Expr::Name(n)] = a.targets.as_slice() {
                        if n.id.as_str() == "model_config" {
                            config.model_config(&a.value);
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let (Expr::Name(n), Some(v)) = (&*a.target, a.value.as_deref()) {
                        if n.id.as_str() == "model_config" {
                            config.model_config(v);
                        }
                    }
                }
                Stmt::ClassDef(inner) if inner.name.as_str() == "Config" => {
                    config.class_config(inner);
                }
                _ => {}
            }
        }
        config
    }

    /// The value of option `name`, when set.
    pub(super) fn get(&self, name: &str) -> Option<&Expr> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e)
    }

    fn set(&mut self, name: &str, value: &Expr) {
        if READ.contains(&name) {
            self.options.push((name.to_owned(), value.clone()));
        } else if UNREAD.contains(&name) {
            self.unread.push(name.to_owned());
        }
    }

    fn keyword(&mut self, kw: &Keyword) {
        match &kw.arg {
            Some(name) => self.set(name.as_str(), &kw.value),
            // `ConfigDict(**base)`: what it holds is not followed.
            None => self.unread.push("**".into()),
        }
    }

    /// `model_config = ConfigDict(...)`, `SettingsConfigDict(...)` or `{...}`.
    fn model_config(&mut self, value: &Expr) {
        match value {
            Expr::Call(call) if call.arguments.args.is_empty() => {
                for kw in call.arguments.keywords.iter() {
                    self.keyword(kw);
                }
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    match &item.key {
                        Some(Expr::StringLiteral(k)) => self.set(k.value.to_str(), &item.value),
                        _ => self.unread.push("model_config".into()),
                    }
                }
            }
            _ => self.unread.push("model_config".into()),
        }
    }

    /// pydantic v1's `class Config:`: its class attributes are options (`schema_extra` and
    /// other v1 names pydantic 2 ignores are ignored here too).
    fn class_config(&mut self, inner: &StmtClassDef) {
        for stmt in &inner.body {
            let (target, value) = match stmt {
                Stmt::Assign(a) => match a.targets.as_slice() {
                    [t] => (t, &*a.value),
                    _ => continue,
                },
                Stmt::AnnAssign(a) => match a.value.as_deref() {
                    Some(v) => (&*a.target, v),
                    None => continue,
                },
                _ => continue,
            };
            if let Expr::Name(n) = target {
                self.set(n.id.as_str(), value);
            }
        }
    }
}

/// The value of `extra`: `"forbid"`, `"allow"` or `"ignore"`, also as `Extra.forbid`.
pub(super) fn extra_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        Expr::Attribute(a) if name_of(&a.value) == Some("Extra") => Some(a.attr.as_str()),
        _ => None,
    }
}
