//! Reads a flow from its Python source without running Python: the flow's name, description,
//! version and parameter schema, as `prefect deploy` computes them by importing the module.

mod ast;
mod classes;
mod config;
mod defaults;
mod definitions;
mod docstring;
mod jsonschema;
mod names;
mod schema;

use std::cell::LazyCell;
use std::path::{Path, PathBuf};

use ast::{docstring_of_body, line_col};
use md5::{Digest, Md5};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use serde_json::Value;

use crate::env::Env;
use crate::error::{Error, Location, Result};

/// The largest flow file pinflow reads (16 MiB).
pub(crate) const MAX_FLOW_BYTES: u64 = 16 << 20;

/// What Prefect learns from a flow function.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// `@flow(name=...)`, else the function name with `_` as `-`.
    pub name: String,
    /// `@flow(description=...)`, else the cleaned docstring.
    pub description: Option<String>,
    /// `@flow(version=...)`, else the MD5 of the source file (Prefect's default).
    pub version: String,
    /// The parameter schema Prefect would send.
    pub parameter_schema: Value,
}

/// Asks a Python interpreter that has Prefect and the flow's dependencies for the flow, as
/// `prefect deploy` computes it (`--python`); run in `base`.
pub(crate) fn load_with_python(entrypoint: &str, base: &Path, python: &Path) -> Result<Flow> {
    const SCRIPT: &str = "import json, sys\n\
from prefect.flows import load_flow_from_entrypoint\n\
from prefect.utilities.callables import parameter_schema\n\
f = load_flow_from_entrypoint(sys.argv[1])\n\
print(json.dumps({'name': f.name, 'description': f.description, 'version': f.version,\n\
  'schema': parameter_schema(f).model_dump(exclude_unset=True)}))\n";
    let out = std::process::Command::new(python)
        .args(["-c", SCRIPT, entrypoint])
        .current_dir(base)
        // It imports the repository's code: the plan files' key is none of its business.
        .env_remove(crate::deploy::PLAN_KEY_VAR)
        .output()
        .map_err(|e| Error::usage(format!("--python {}: cannot run it: {e}", python.display())))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(Error::project(format!(
            "entrypoint {entrypoint:?}: {} could not load the flow: {last}",
            python.display()
        )));
    }
    let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        Error::service(format!(
            "--python {}: unexpected output: {e}",
            python.display()
        ))
    })?;
    Ok(Flow {
        name: v["name"].as_str().unwrap_or_default().to_owned(),
        description: v["description"].as_str().map(str::to_owned),
        version: v["version"].as_str().unwrap_or_default().to_owned(),
        parameter_schema: v["schema"].clone(),
    })
}

/// Loads the flow at `entrypoint` (`path/file.py:func`, `path/file.py:Class.method` or
/// `package.module.func`), resolving paths against `base`.
pub(crate) fn load(entrypoint: &str, base: &Path, env: &Env) -> Result<Flow> {
    let (file, qualname) = split_entrypoint(entrypoint, base)?;
    let bytes = crate::files::read(&file, MAX_FLOW_BYTES, "flow files").map_err(|e| {
        Error::project(format!(
            "entrypoint {entrypoint:?}: {e}; entrypoints are relative to the directory pinflow \
             runs in"
        ))
    })?;
    let roots = import_roots(entrypoint, base, &file);
    read(&bytes, &qualname, &file, entrypoint, &roots, env)
}

/// Where the flow module's imports are found, as on Python's path when Prefect loads it: the
/// directory pinflow runs in, the flow file's own, and `src/` for an installed package there.
fn import_roots(entrypoint: &str, base: &Path, file: &Path) -> Vec<PathBuf> {
    let mut roots = vec![base.to_path_buf()];
    roots.extend(file.parent().map(Path::to_path_buf));
    let src = base.join("src");
    if file.starts_with(&src) && !entrypoint.contains(".py:") {
        roots.push(src);
    }
    roots
}

/// Reads the flow `qualname` from Python source `bytes` (the contents of `file`), following no
/// imports.
pub fn from_source(bytes: &[u8], qualname: &str, file: &Path, entrypoint: &str) -> Result<Flow> {
    read(bytes, qualname, file, entrypoint, &[], &Env::default())
}

/// The flow's name at `entrypoint` as Prefect derives it (`@flow(name=...)`, else the
/// function's name with `_` as `-`), without reading its parameters; None when the entrypoint
/// cannot be read or the name cannot be worked out.
pub(crate) fn name(entrypoint: &str, base: &Path, env: &Env) -> Option<String> {
    let (file, qualname) = split_entrypoint(entrypoint, base).ok()?;
    let bytes = crate::files::read(&file, MAX_FLOW_BYTES, "flow files").ok()?;
    let source = String::from_utf8_lossy(&bytes);
    let parsed = ruff_python_parser::parse_module(&source).ok()?;
    let body = &parsed.syntax().body;
    let func = find_function(body, &qualname)?;
    // The project's modules are read only if the decorator's text needs them.
    let roots = import_roots(entrypoint, base, &file);
    let ns = LazyCell::new(|| names::Namespace::read(body, &file, &roots, env));
    Some(Decorator::read(func, &ns, &source, &file).ok()?.name)
}

/// What `@flow(...)` says: the flow's name (else its function's, `_` as `-`), and its
/// description and version when given.
struct Decorator {
    name: String,
    description: Option<String>,
    version: Option<String>,
}

impl Decorator {
    /// Reads the decorator's text arguments; one given as an expression pinflow cannot work
    /// out is an error, as guessing would deploy under another flow's name.
    fn read(
        func: &StmtFunctionDef,
        ns: &LazyCell<names::Namespace, impl FnOnce() -> names::Namespace>,
        source: &str,
        file: &Path,
    ) -> Result<Self> {
        let args = decorator_args(func);
        let get = |key: &str| -> Result<Option<String>> {
            let Some((_, e)) = args.iter().find(|(k, _)| k == key) else {
                return Ok(None);
            };
            ast::literal(e)
                .or_else(|| defaults::value(e, ns))
                .as_ref()
                .and_then(defaults::text)
                .map(Some)
                .ok_or_else(|| {
                    Error::project(format!(
                        "@flow({key}=...) of {} is an expression pinflow cannot work out without \
                     running Python; write it as text (or as constants and f-strings of \
                     them), or pass --python PATH to let a Python with the flow's \
                     dependencies read it",
                        func.name
                    ))
                    .at(Location::line(
                        file.display(),
                        Some(ast::line_of(source, e)),
                    ))
                })
        };
        Ok(Self {
            name: get("name")?.unwrap_or_else(|| func.name.as_str().replace('_', "-")),
            description: get("description")?,
            version: get("version")?,
        })
    }
}

/// Reads the flow `qualname` from Python source `bytes` (the contents of `file`), following
/// imports of modules under `roots`.
fn read(
    bytes: &[u8],
    qualname: &str,
    file: &Path,
    entrypoint: &str,
    roots: &[PathBuf],
    env: &Env,
) -> Result<Flow> {
    let source = String::from_utf8_lossy(bytes);
    let parsed = ruff_python_parser::parse_module(&source).map_err(|e| {
        let (line, col) = line_col(&source, e.location.start().to_usize());
        Error::project(format!("Python syntax error: {}", e.error)).at(Location::line(
            file.display(),
            Some(line),
        )
        .column(col))
    })?;
    let body = &parsed.syntax().body;
    let func = find_function(body, qualname).ok_or_else(|| {
        let flows = flow_functions(body);
        Error::project(format!(
            "entrypoint {entrypoint:?}: {} has no function {qualname:?}; {}",
            file.display(),
            if flows.is_empty() {
                "it defines no @flow functions".to_owned()
            } else {
                format!("its @flow functions are: {}", flows.join(", "))
            }
        ))
    })?;
    let ns = LazyCell::new(|| names::Namespace::read(body, file, roots, env));
    let given = Decorator::read(func, &ns, &source, file)?;
    let docstring = docstring_of(func);
    Ok(Flow {
        name: given.name,
        description: given
            .description
            .or_else(|| docstring.as_deref().map(docstring::cleandoc)),
        version: given.version.unwrap_or_else(|| md5_hex(bytes)),
        parameter_schema: schema::parameter_schema(func, docstring.as_deref(), &source, file, &ns),
    })
}

fn split_entrypoint(entrypoint: &str, base: &Path) -> Result<(PathBuf, String)> {
    if !entrypoint.contains(':') && entrypoint.ends_with(".py") {
        return Err(Error::project(format!(
            "entrypoint {entrypoint:?} names a file but no function; the form is \
             path/to/file.py:function_name, for example {entrypoint}:main"
        )));
    }
    let (path, qualname) = match entrypoint.rsplit_once(':') {
        // As Prefect reads it: `path/file.py:function` is a file, `pkg.module:function` a module.
        Some((path, func)) if path.ends_with(".py") => (PathBuf::from(path), func.to_owned()),
        Some((module, func)) => (module_file(module, base, entrypoint)?, func.to_owned()),
        None => match entrypoint.rsplit_once('.') {
            Some((module, func)) => (module_file(module, base, entrypoint)?, func.to_owned()),
            None => {
                return Err(Error::project(format!(
                    "entrypoint {entrypoint:?} must look like path/to/file.py:function_name"
                )))
            }
        },
    };
    if qualname.is_empty() {
        return Err(Error::project(format!(
            "entrypoint {entrypoint:?} names no function; add :function_name"
        )));
    }
    let file = if path.is_absolute() {
        path
    } else {
        base.join(path)
    };
    Ok((file, qualname))
}

/// The file of module `pkg.module`, relative to `base`. Prefect imports it with the working
/// directory first on Python's path, or from the installed project; pinflow installs nothing,
/// so it looks where a project keeps its package: in `base`, then in `base/src` (the layout
/// `pip install -e .` makes importable).
fn module_file(module: &str, base: &Path, entrypoint: &str) -> Result<PathBuf> {
    let parts: Vec<&str> = module.split('.').collect();
    let valid = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !parts.iter().all(valid) {
        return Err(Error::project(format!(
            "entrypoint {entrypoint:?} must look like path/to/file.py:function_name (a file) or \
             package.module:function_name (a module)"
        )));
    }
    let relative = parts.join("/");
    let candidates = [
        format!("{relative}.py"),
        format!("{relative}/__init__.py"),
        format!("src/{relative}.py"),
        format!("src/{relative}/__init__.py"),
    ];
    candidates
        .iter()
        .find(|c| base.join(c).is_file())
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::project(format!(
                "entrypoint {entrypoint:?} names the module {module}, which is not in {} (looked \
                 for {}); pinflow reads the project's files and cannot read installed packages: \
                 write it as path/to/file.py:function_name",
                base.display(),
                candidates.join(", ")
            ))
        })
}

fn find_function<'a>(body: &'a [Stmt], qualname: &str) -> Option<&'a StmtFunctionDef> {
    let (head, rest) = match qualname.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (qualname, None),
    };
    body.iter().rev().find_map(|stmt| match (stmt, rest) {
        (Stmt::FunctionDef(f), None) if f.name.as_str() == head => Some(f),
        (Stmt::ClassDef(c), Some(rest)) if c.name.as_str() == head => find_function(&c.body, rest),
        _ => None,
    })
}

fn flow_functions(body: &[Stmt]) -> Vec<String> {
    body.iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f) if is_flow_decorated(f) => Some(f.name.to_string()),
            _ => None,
        })
        .collect()
}

fn is_flow_decorator(expr: &Expr) -> bool {
    let target = match expr {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    match target {
        Expr::Name(n) => n.id.as_str() == "flow",
        Expr::Attribute(a) => a.attr.as_str() == "flow",
        _ => false,
    }
}

fn is_flow_decorated(f: &StmtFunctionDef) -> bool {
    f.decorator_list
        .iter()
        .any(|d| is_flow_decorator(&d.expression))
}

/// The keyword arguments of the `@flow(...)` decorator.
fn decorator_args(f: &StmtFunctionDef) -> Vec<(String, Expr)> {
    f.decorator_list
        .iter()
        .filter(|d| is_flow_decorator(&d.expression))
        .filter_map(|d| match &d.expression {
            Expr::Call(call) => Some(call),
            _ => None,
        })
        .flat_map(|call| call.arguments.keywords.iter())
        .filter_map(|k| Some((k.arg.as_ref()?.to_string(), k.value.clone())))
        .collect()
}

fn docstring_of(f: &StmtFunctionDef) -> Option<String> {
    docstring_of_body(&f.body)
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests;
