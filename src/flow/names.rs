//! What a flow module's names stand for, as far as its parameter schema needs: classes, type
//! aliases (`Choice = Literal["a", "b"]`, `X: TypeAlias = …`, `type X = …`), constants bound to
//! literals, and the same names imported from the project's own modules (`from .models import
//! Params`, `from pkg.config import Mode`), read statically as Prefect would have imported them.
//! A module outside the project (a third-party package) is not read: its types stay open.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ruff_python_ast::{Expr, Stmt};
use serde_json::Value;

use super::ast::literal;
use super::classes::Classes;
use crate::env::Env;

/// How deep imports are followed (a module importing a module importing …).
const MAX_IMPORT_DEPTH: usize = 4;
/// How many project modules one flow's schema reads at most.
const MAX_MODULES: usize = 64;

/// The names a schema can resolve.
#[derive(Debug, Default, Clone)]
pub(super) struct Namespace {
    /// Classes by name.
    pub classes: Classes,
    /// Type aliases by name.
    pub aliases: BTreeMap<String, Expr>,
    /// Constants bound to literals, by name.
    pub constants: BTreeMap<String, Value>,
    /// Other module-level values (`NAME = f"etl-{ENV}"`), by name, worked out on use.
    pub expressions: BTreeMap<String, Expr>,
    /// The environment `os.getenv` reads: the one Prefect would import the module in.
    pub env: Env,
}

impl Namespace {
    /// The names of module `body` (the file `file`), with those it imports from modules found
    /// under `roots` (the project directory and the flow's own directory, as on Python's path).
    pub(super) fn read(body: &[Stmt], file: &Path, roots: &[PathBuf], env: &Env) -> Self {
        let mut loaded = 0;
        Self {
            env: env.clone(),
            ..Self::read_module(body, file, roots, 0, &mut loaded)
        }
    }

    fn read_module(
        body: &[Stmt],
        file: &Path,
        roots: &[PathBuf],
        depth: usize,
        loaded: &mut usize,
    ) -> Self {
        let mut own = Namespace {
            classes: Classes::read(body),
            ..Namespace::default()
        };
        for stmt in executed(body) {
            own.bind(stmt);
        }
        if depth >= MAX_IMPORT_DEPTH {
            return own;
        }
        // Imported names come after the module's own; the imported modules' other names
        // after those (their classes may refer to them).
        let mut imported = Namespace::default();
        let mut rest = Namespace::default();
        for stmt in executed(body) {
            let Stmt::ImportFrom(from) = stmt else {
                continue;
            };
            let module = from.module.as_ref().map(|m| m.as_str()).unwrap_or("");
            let Some(path) = find_module(module, from.level, file, roots) else {
                continue;
            };
            if *loaded >= MAX_MODULES {
                break;
            }
            *loaded += 1;
            let Some(theirs) = parse(&path, roots, depth + 1, loaded) else {
                continue;
            };
            for alias in &from.names {
                let name = alias.name.as_str();
                let local = alias.asname.as_ref().map_or(name, |a| a.as_str());
                if name == "*" {
                    imported.absorb(&theirs);
                } else {
                    imported.take(&theirs, name, local);
                }
            }
            rest.absorb(&theirs);
        }
        own.absorb(&imported);
        own.absorb(&rest);
        own
    }

    /// Records what a module-level statement binds: an alias or a constant.
    fn bind(&mut self, stmt: &Stmt) {
        let (name, value) = match stmt {
            Stmt::Assign(a) => match a.targets.as_slice() {
                [Expr::Name(n)] => (n.id.to_string(), &*a.value),
                _ => return,
            },
            Stmt::AnnAssign(a) => match (&*a.target, a.value.as_deref()) {
                (Expr::Name(n), Some(v)) => (n.id.to_string(), v),
                _ => return,
            },
            Stmt::TypeAlias(t) => match &*t.name {
                Expr::Name(n) => {
                    self.aliases.insert(n.id.to_string(), (*t.value).clone());
                    return;
                }
                _ => return,
            },
            _ => return,
        };
        // The last binding counts: forget what the name stood for before.
        self.constants.remove(&name);
        self.aliases.remove(&name);
        self.expressions.remove(&name);
        match literal(value) {
            Some(v) => {
                self.constants.insert(name, v);
            }
            None if looks_like_a_type(value) => {
                self.aliases.insert(name, value.clone());
            }
            None => {
                self.expressions.insert(name, value.clone());
            }
        }
    }

    /// Whether this namespace binds `name` already, as anything.
    fn binds(&self, name: &str) -> bool {
        self.classes.get(name).is_some()
            || self.aliases.contains_key(name)
            || self.constants.contains_key(name)
            || self.expressions.contains_key(name)
    }

    /// `theirs`'s `name` as `local`, unless this namespace binds `local` already.
    fn take(&mut self, theirs: &Namespace, name: &str, local: &str) {
        if self.binds(local) {
            return;
        }
        if let Some(c) = theirs.classes.get(name) {
            self.classes.add(local, c.clone());
        }
        if let Some(a) = theirs.aliases.get(name) {
            self.aliases.insert(local.to_owned(), a.clone());
        }
        if let Some(v) = theirs.constants.get(name) {
            self.constants.insert(local.to_owned(), v.clone());
        }
        if let Some(e) = theirs.expressions.get(name) {
            self.expressions.insert(local.to_owned(), e.clone());
        }
    }

    /// Every name of `other` this namespace does not bind yet: a name bound here, whatever
    /// as, is not taken from elsewhere (a module's constant is not replaced by another
    /// module's class, nor its `int(os.getenv(...))` by another module's literal).
    fn absorb(&mut self, other: &Namespace) {
        let mut names: Vec<&String> = other.classes.iter().map(|(n, _)| n).collect();
        names.extend(other.aliases.keys());
        names.extend(other.constants.keys());
        names.extend(other.expressions.keys());
        names.sort();
        names.dedup();
        for name in names {
            self.take(other, name, name);
        }
    }
}

/// The module-level statements Python runs on import, in order: those of `try:` blocks too
/// (`try: X = os.getenv(...)`; their `except` branches are for failures Prefect would not meet).
fn executed(body: &[Stmt]) -> impl Iterator<Item = &Stmt> {
    body.iter().flat_map(|stmt| match stmt {
        Stmt::Try(t) => t.body.iter().collect::<Vec<_>>(),
        other => vec![other],
    })
}

/// Whether an assigned value reads as a type: a subscripted generic, a union, or a name.
fn looks_like_a_type(e: &Expr) -> bool {
    match e {
        Expr::Subscript(_) | Expr::Name(_) | Expr::Attribute(_) => true,
        Expr::BinOp(b) => b.op == ruff_python_ast::Operator::BitOr,
        _ => false,
    }
}

/// The file of module `module` imported with `level` leading dots from `file`, when it is in
/// the project: `pkg/mod.py` or `pkg/mod/__init__.py` under one of `roots` (absolute), or
/// under the importing file's package (relative).
fn find_module(module: &str, level: u32, file: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let relative: PathBuf = module.split('.').filter(|p| !p.is_empty()).collect();
    let bases: Vec<PathBuf> = if level == 0 {
        roots.to_vec()
    } else {
        let mut dir = file.parent()?.to_path_buf();
        for _ in 1..level {
            dir = dir.parent()?.to_path_buf();
        }
        vec![dir]
    };
    bases.iter().find_map(|base| {
        let path = base.join(&relative);
        let candidates = [path.with_extension("py"), path.join("__init__.py")];
        candidates.into_iter().find(|c| c.is_file())
    })
}

/// The namespace of the module at `path`, or None when it cannot be read or parsed.
fn parse(path: &Path, roots: &[PathBuf], depth: usize, loaded: &mut usize) -> Option<Namespace> {
    let bytes = crate::files::read(path, super::MAX_FLOW_BYTES, "modules").ok()?;
    let source = String::from_utf8_lossy(&bytes);
    let parsed = ruff_python_parser::parse_module(&source).ok()?;
    Some(Namespace::read_module(
        &parsed.syntax().body,
        path,
        roots,
        depth,
        loaded,
    ))
}
