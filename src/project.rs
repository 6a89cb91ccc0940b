//! prefect.yaml: loading (anchors and `<<` merge keys), defaults, per-deployment action
//! overrides, and selecting deployments by name, `flow/name` or glob.
//!
//! The file is Prefect's format: unknown keys are ignored with a warning, never rejected.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The largest project file pinflow reads (4 MiB); real ones are a few KiB.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// Keys Prefect reads at the top level of prefect.yaml.
const TOP_KEYS: [&str; 7] = [
    "prefect-version",
    "name",
    "build",
    "push",
    "pull",
    "deployments",
    "definitions",
];

/// Keys Prefect reads in a deployment entry.
const DEPLOYMENT_KEYS: [&str; 21] = [
    "name",
    "version",
    "version_type",
    "tags",
    "description",
    "schedule",
    "schedules",
    "paused",
    "concurrency_limit",
    "flow_name",
    "entrypoint",
    "parameters",
    "enforce_parameter_schema",
    "build",
    "push",
    "pull",
    "work_pool",
    "triggers",
    "sla",
    "labels",
    "job_variables",
];

/// A loaded project file.
#[derive(Debug, Clone)]
pub struct Project {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its deployments, in file order.
    pub deployments: Vec<DeploymentConfig>,
    text: String,
}

/// One deployment entry after merge keys, defaults and action overrides.
#[derive(Debug, Clone)]
pub struct DeploymentConfig {
    /// Position in the `deployments` list.
    pub index: usize,
    /// The deployment's name as written (it may still hold placeholders).
    pub name: String,
    /// The entry with Prefect's defaults merged in, without build/push/pull.
    pub config: Map<String, Value>,
    /// Build steps (deployment's own, else the project's).
    pub build: Vec<Value>,
    /// Push steps (deployment's own, else the project's).
    pub push: Vec<Value>,
    /// Pull steps; None when absent or null, which means "use the default pull step".
    pub pull: Option<Vec<Value>>,
}

impl Project {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(Error::project(format!(
                "{}: the file is {} bytes; pinflow reads project files of at most {MAX_FILE_BYTES} bytes",
                path.display(),
                size
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::project(format!(
                "cannot read {}: {e}; pass the project file with --prefect-file",
                path.display()
            ))
        })?;
        Self::parse(path, text)
    }

    /// Parses project text; `path` is only used in messages.
    pub fn parse(path: &Path, text: String) -> Result<Self> {
        let at = |line: Option<usize>| match line {
            Some(l) => format!("{}:{l}", path.display()),
            None => path.display().to_string(),
        };
        let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            let text = e.to_string();
            let why = if text.contains("repetition limit") {
                " (aliases expand to too much data: an alias bomb?)"
            } else if text.contains("recursion limit") {
                " (nested too deeply)"
            } else {
                ""
            };
            Error::project(format!("{}: invalid YAML: {text}{why}", at(line)))
        })?;
        yaml.apply_merge()
            .map_err(|e| Error::project(format!("{}: invalid merge key (<<): {e}", at(None))))?;
        let root = match to_json(yaml).map_err(|e| Error::project(format!("{}: {e}", at(None))))? {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(Error::project(format!(
                    "{}: expected a mapping with a `deployments:` list, found {}",
                    at(Some(1)),
                    kind(&other)
                )))
            }
        };
        let mut project = Project {
            path: path.to_owned(),
            deployments: Vec::new(),
            text,
        };
        for key in root.keys().filter(|k| !TOP_KEYS.contains(&k.as_str())) {
            tracing::warn!(
                "{}: unknown top-level key `{key}` ignored",
                at(project.key_line(key, 0))
            );
        }
        let top_steps = |key: &str| {
            steps(root.get(key))
                .map_err(|e| e.context(format!("{}: `{key}`", at(project.key_line(key, 0)))))
        };
        let build = top_steps("build")?.unwrap_or_default();
        let push = top_steps("push")?.unwrap_or_default();
        let pull = top_steps("pull")?;
        let entries = match root.get("deployments") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(other) => {
                return Err(Error::project(format!(
                    "{}: `deployments` must be a list of deployments, found {}",
                    at(project.key_line("deployments", 0)),
                    kind(other)
                )))
            }
        };
        for (index, entry) in entries.into_iter().enumerate() {
            let line = project.deployment_line(index);
            let Value::Object(entry) = entry else {
                return Err(Error::project(format!(
                    "{}: deployments[{index}] must be a mapping with at least `name` and `entrypoint`",
                    at(line)
                )));
            };
            let d = DeploymentConfig::new(index, entry, (&build, &push, &pull))
                .map_err(|e| e.context(at(line)))?;
            project.deployments.push(d);
        }
        Ok(project)
    }

    /// The line (1-based) where `deployments[index]` starts, if it can be found.
    pub fn deployment_line(&self, index: usize) -> Option<usize> {
        let start = self.key_line("deployments", 0)?;
        let lines: Vec<&str> = self.text.lines().collect();
        let mut indent = None;
        let mut seen = 0;
        for (n, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let this = line.len() - trimmed.len();
            if this == 0 && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                let want = *indent.get_or_insert(this);
                if this == want {
                    if seen == index {
                        return Some(n + 1);
                    }
                    seen += 1;
                }
            }
        }
        None
    }

    /// The line of `key:` within `deployments[index]`, for messages about one field.
    pub fn field_line(&self, index: usize, key: &str) -> Option<usize> {
        let start = self.deployment_line(index)?;
        let end = self.deployment_line(index + 1).unwrap_or(usize::MAX);
        self.text
            .lines()
            .enumerate()
            .skip(start - 1)
            .take_while(|(n, _)| n + 1 < end)
            .find(|(_, l)| {
                let t = l.trim_start().trim_start_matches("- ");
                t.starts_with(&format!("{key}:"))
            })
            .map(|(n, _)| n + 1)
    }

    /// `path:line` for `deployments[index]`.`key` (or the deployment when the key is absent).
    pub fn locate(&self, index: usize, key: &str) -> String {
        let line = self
            .field_line(index, key)
            .or_else(|| self.deployment_line(index));
        match line {
            Some(l) => format!("{}:{l}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    fn key_line(&self, key: &str, indent: usize) -> Option<usize> {
        let prefix = format!("{}{key}:", " ".repeat(indent));
        self.text
            .lines()
            .position(|l| l.starts_with(&prefix))
            .map(|n| n + 1)
    }

    /// The deployments named by `patterns` (all of them with `all`), in file order.
    pub fn select(&self, patterns: &[String], all: bool) -> Result<Vec<&DeploymentConfig>> {
        if self.deployments.is_empty() {
            return Err(Error::project(format!(
                "{}: no deployments are defined; add a `deployments:` list",
                self.path.display()
            )));
        }
        if all {
            return Ok(self.deployments.iter().collect());
        }
        if patterns.is_empty() {
            if let [only] = self.deployments.as_slice() {
                return Ok(vec![only]);
            }
            return Err(Error::usage(format!(
                "{} defines {} deployments; name the ones to deploy or pass --all. Known: {}",
                self.path.display(),
                self.deployments.len(),
                self.known_names()
            )));
        }
        let mut chosen = Vec::new();
        for pattern in patterns {
            let matched: Vec<_> = self
                .deployments
                .iter()
                .filter(|d| d.matches(pattern))
                .collect();
            if matched.is_empty() {
                return Err(Error::usage(format!(
                    "no deployment matches {pattern:?} in {}. Known: {}",
                    self.path.display(),
                    self.known_names()
                )));
            }
            chosen.extend(matched);
        }
        chosen.sort_by_key(|d| d.index);
        chosen.dedup_by_key(|d| d.index);
        Ok(chosen)
    }

    fn known_names(&self) -> String {
        let names: Vec<String> = self
            .deployments
            .iter()
            .map(|d| d.qualified_name())
            .collect();
        names.join(", ")
    }
}

impl DeploymentConfig {
    fn new(
        index: usize,
        mut entry: Map<String, Value>,
        top: (&Vec<Value>, &Vec<Value>, &Option<Vec<Value>>),
    ) -> Result<Self> {
        for key in entry
            .keys()
            .filter(|k| !DEPLOYMENT_KEYS.contains(&k.as_str()))
        {
            tracing::warn!("deployments[{index}]: unknown key `{key}` ignored");
        }
        let name = match entry.get("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(other) if !other.is_null() => {
                return Err(Error::project(format!(
                    "deployments[{index}].name must be a string, found {}",
                    kind(other)
                )))
            }
            _ => {
                return Err(Error::project(format!(
                    "deployments[{index}] has no `name`; every deployment needs one"
                )))
            }
        };
        let own =
            |entry: &mut Map<String, Value>, key: &str| -> Result<Option<Option<Vec<Value>>>> {
                match entry.remove(key) {
                    None => Ok(None),
                    Some(v) => {
                        Ok(Some(steps(Some(&v)).map_err(|e| {
                            e.context(format!("deployments[{index}].{key}"))
                        })?))
                    }
                }
            };
        let build = own(&mut entry, "build")?
            .unwrap_or_else(|| Some(top.0.clone()))
            .unwrap_or_default();
        let push = own(&mut entry, "push")?
            .unwrap_or_else(|| Some(top.1.clone()))
            .unwrap_or_default();
        let pull = own(&mut entry, "pull")?.unwrap_or_else(|| top.2.clone());
        let mut config = defaults();
        for (k, v) in entry {
            if k == "work_pool" {
                if let (Some(Value::Object(pool)), Value::Object(given)) =
                    (config.get_mut("work_pool"), &v)
                {
                    pool.extend(given.clone());
                    continue;
                }
            }
            config.insert(k, v);
        }
        Ok(Self {
            index,
            name,
            config,
            build,
            push,
            pull,
        })
    }

    /// `flow/name` as shown to people: the entrypoint's function name and the deployment name.
    pub fn qualified_name(&self) -> String {
        match self.entrypoint_function() {
            Some(f) => format!("{}/{}", f.replace('_', "-"), self.name),
            None => self.name.clone(),
        }
    }

    fn entrypoint_function(&self) -> Option<&str> {
        let ep = self.config.get("entrypoint")?.as_str()?;
        let func = ep.rsplit_once(':').map(|(_, f)| f).unwrap_or(ep);
        Some(func.rsplit('.').next().unwrap_or(func))
    }

    /// Does `pattern` (name, `flow/name`, or a glob of either) select this deployment?
    pub fn matches(&self, pattern: &str) -> bool {
        let glob = |pat: &str, text: &str| {
            glob::Pattern::new(pat)
                .map(|p| p.matches(text))
                .unwrap_or(pat == text)
        };
        match pattern.split_once('/') {
            Some((flow, name)) => {
                let norm = |s: &str| s.replace('_', "-");
                let func = self.entrypoint_function().map(norm).unwrap_or_default();
                glob(&norm(flow), &func) && glob(name, &self.name)
            }
            None => glob(pattern, &self.name),
        }
    }
}

/// Prefect's defaults for a deployment entry (`_merge_with_default_deploy_config`).
fn defaults() -> Map<String, Value> {
    let v = serde_json::json!({
        "name": null, "version": null, "tags": [], "concurrency_limit": null, "description": null,
        "flow_name": null, "entrypoint": null, "parameters": {},
        "work_pool": {"name": null, "work_queue_name": null, "job_variables": {}}
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!("literal object"),
    }
}

/// An action section: a list of single-key mappings, or one mapping (wrapped into a list).
fn steps(v: Option<&Value>) -> Result<Option<Vec<Value>>> {
    let list = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Object(m)) => vec![Value::Object(m.clone())],
        Some(other) => {
            return Err(Error::project(format!(
                "expected a list of steps such as `- prefect.deployments.steps.git_clone: {{...}}`, found {}",
                kind(other)
            )))
        }
    };
    for (i, step) in list.iter().enumerate() {
        match step {
            Value::Object(m)
                if m.len() == 1 && m.values().all(|v| v.is_object() || v.is_null()) => {}
            _ => {
                return Err(Error::project(format!(
                    "step {i} must be a mapping with exactly one key, the step's function, \
                     whose value holds its arguments"
                )))
            }
        }
    }
    Ok(Some(list))
}

/// A short name for a value's type, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// YAML to JSON: scalar keys become strings, tags are dropped.
fn to_json(v: serde_yaml_ng::Value) -> std::result::Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("the number {n} cannot be sent as JSON"))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => Value::Array(
            seq.into_iter()
                .map(to_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => {
                        if b {
                            "True".into()
                        } else {
                            "False".into()
                        }
                    }
                    Y::Number(n) => n.to_string(),
                    Y::Null => "None".into(),
                    other => return Err(format!("mapping keys must be scalars, found {other:?}")),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => to_json(t.value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project> {
        Project::parse(Path::new("prefect.yaml"), text.to_owned())
    }

    const ANCHORS: &str = "\
name: p
definitions:
  work_pools:
    pool: &pool
      name: pool-a
      job_variables: {image: app:1}
  actions:
    clone: &clone
      - prefect.deployments.steps.git_clone: {repository: https://x/r.git}
pull: *clone
deployments:
  - name: prod
    entrypoint: flows/etl.py:run_etl
    work_pool: *pool
  - name: dev
    entrypoint: flows/etl.py:run_etl
    pull: []
    work_pool:
      <<: *pool
      work_queue_name: low
  - name: other
    entrypoint: other.py:flow_b
    build: null
";

    #[test]
    fn anchors_merge_keys_defaults_and_overrides() {
        let p = parse(ANCHORS).unwrap();
        let prod = &p.deployments[0];
        assert_eq!(prod.config["work_pool"]["name"], "pool-a");
        assert_eq!(prod.config["work_pool"]["work_queue_name"], Value::Null);
        assert_eq!(prod.config["parameters"], serde_json::json!({}));
        assert_eq!(prod.pull.as_ref().unwrap().len(), 1);
        let dev = &p.deployments[1];
        assert_eq!(dev.config["work_pool"]["work_queue_name"], "low");
        assert_eq!(dev.config["work_pool"]["job_variables"]["image"], "app:1");
        assert_eq!(dev.pull, Some(vec![]));
    }

    #[test]
    fn selection_by_name_flow_and_glob() {
        let p = parse(ANCHORS).unwrap();
        let names = |pats: &[&str]| -> Vec<String> {
            let pats: Vec<String> = pats.iter().map(|s| s.to_string()).collect();
            p.select(&pats, false)
                .unwrap()
                .iter()
                .map(|d| d.name.clone())
                .collect()
        };
        assert_eq!(names(&["prod"]), ["prod"]);
        assert_eq!(names(&["run-etl/dev"]), ["dev"]);
        assert_eq!(names(&["run_etl/*"]), ["prod", "dev"]);
        assert_eq!(names(&["*o*", "dev"]), ["prod", "dev", "other"]);
        let err = p.select(&["nope".into()], false).unwrap_err();
        assert!(err.to_string().contains("run-etl/prod"), "{err}");
        assert!(p.select(&[], false).is_err());
        assert_eq!(p.select(&[], true).unwrap().len(), 3);
    }

    #[test]
    fn lines_of_deployments_and_fields() {
        let p = parse(ANCHORS).unwrap();
        assert_eq!(p.deployment_line(0), Some(12));
        assert_eq!(p.deployment_line(1), Some(15));
        assert_eq!(p.field_line(1, "work_pool"), Some(18));
        assert_eq!(p.locate(2, "entrypoint"), "prefect.yaml:22");
    }

    #[test]
    fn yaml_syntax_error_names_the_line() {
        let err = parse("deployments:\n  - name: a\n    tags: [x\n").unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Project);
        assert!(err.to_string().starts_with("prefect.yaml:"), "{err}");
        assert!(err.to_string().contains("invalid YAML"), "{err}");
    }

    #[test]
    fn alias_bombs_deep_nesting_and_huge_files_are_refused_quickly() {
        let mut bomb = vec!["a0: &a0 [x, x, x, x, x, x, x, x, x, x]".to_owned()];
        for i in 1..10 {
            bomb.push(format!(
                "a{i}: &a{i} [{}]",
                vec![format!("*a{}", i - 1); 10].join(", ")
            ));
        }
        bomb.push("deployments: *a9".into());
        let started = std::time::Instant::now();
        let err = parse(&bomb.join("\n")).unwrap_err();
        assert!(err.to_string().contains("alias bomb"), "{err}");
        let deep = format!("deployments: {}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("nested too deeply"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("prefect.yaml");
        std::fs::write(&big, format!("# {}\n", "x".repeat(MAX_FILE_BYTES as usize))).unwrap();
        assert!(Project::load(&big)
            .unwrap_err()
            .to_string()
            .contains("at most"));
    }

    #[test]
    fn bad_shapes_are_project_errors() {
        for (text, needle) in [
            ("- a\n", "expected a mapping"),
            ("deployments: {a: 1}\n", "must be a list"),
            ("deployments:\n  - entrypoint: a.py:f\n", "has no `name`"),
            (
                "deployments:\n  - name: a\n    pull: 3\n",
                "deployments[0].pull",
            ),
            (
                "deployments:\n  - name: a\n    pull:\n      - a: 1\n        b: 2\n",
                "exactly one key",
            ),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.to_string().contains(needle), "{text:?}: {err}");
        }
    }
}
