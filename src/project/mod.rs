//! prefect.yaml: loading (anchors and `<<` merge keys), defaults, per-deployment action
//! overrides (`lines` finds where things are in the file, `select` picks deployments by name,
//! `flow/name` or glob, `yaml` turns YAML into JSON values).
//!
//! The file is Prefect's format: unknown keys are ignored with a warning, never rejected.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

mod lines;
mod select;
mod yaml;

pub use yaml::kind;

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
        let bytes = crate::files::read(path, MAX_FILE_BYTES, "project files").map_err(|e| {
            Error::project(format!("{e}; pass the project file with --prefect-file"))
        })?;
        Self::parse(path, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Parses project text; `path` is only used in messages.
    pub fn parse(path: &Path, text: String) -> Result<Self> {
        let mut project = Project {
            path: path.to_owned(),
            deployments: Vec::new(),
            text,
        };
        let root = project.root()?;
        for key in root.keys().filter(|k| !TOP_KEYS.contains(&k.as_str())) {
            tracing::warn!(
                "{}: unknown top-level key `{key}` ignored{}",
                project.at(project.key_line(key, 0)),
                suggestion(key, &TOP_KEYS)
            );
        }
        let top_steps = |key: &str| {
            steps(root.get(key)).map_err(|e| {
                Error::project(format!("`{key}`: {e}")).at(project.at(project.key_line(key, 0)))
            })
        };
        let build = top_steps("build")?.unwrap_or_default();
        let push = top_steps("push")?.unwrap_or_default();
        let pull = top_steps("pull")?;
        let entries = match root.get("deployments") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(other) => {
                return Err(Error::project(format!(
                    "`deployments` must be a list of deployments, found {}",
                    kind(other)
                ))
                .at(project.at(project.key_line("deployments", 0))))
            }
        };
        for (index, entry) in entries.into_iter().enumerate() {
            let at = project.at(project.deployment_line(index));
            let Value::Object(entry) = entry else {
                return Err(Error::project(format!(
                    "deployments[{index}] must be a mapping with at least `name` and `entrypoint`"
                ))
                .at(at));
            };
            for key in entry
                .keys()
                .filter(|k| !DEPLOYMENT_KEYS.contains(&k.as_str()))
            {
                tracing::warn!(
                    "{}: unknown key `{key}` in deployments[{index}] ignored{}",
                    project.location(index, key),
                    suggestion(key, &DEPLOYMENT_KEYS)
                );
            }
            let d = DeploymentConfig::new(index, entry, (&build, &push, &pull))
                .map_err(|e| e.at(at))?;
            project.deployments.push(d);
        }
        Ok(project)
    }

    /// The file as one JSON mapping, after anchors and merge keys.
    fn root(&self) -> Result<Map<String, Value>> {
        let mut text = std::borrow::Cow::Borrowed(self.text.as_str());
        let mut yaml: serde_yaml_ng::Value = loop {
            let e = match serde_yaml_ng::from_str(&text) {
                Ok(yaml) => break yaml,
                Err(e) => e,
            };
            // A key written twice: Prefect keeps the last one, and so does pinflow.
            if let Some((kept, key, first, second)) = yaml::drop_first_duplicate(&text, &e) {
                tracing::warn!(
                    "{}: `{key}` is written twice in one mapping (lines {first} and {second}); \
                     the last one is used, as Prefect does: remove the other",
                    self.at(Some(second))
                );
                text = std::borrow::Cow::Owned(kept);
                continue;
            }
            let (line, column, message) = yaml::syntax_error(&text, &e);
            let at = match column {
                Some(c) if line.is_some() => self.at(line).column(c),
                _ => self.at(line),
            };
            return Err(Error::project(message).at(at));
        };
        yaml.apply_merge().map_err(|e| {
            Error::project(format!("invalid merge key (<<): {e}")).at(self.at(None))
        })?;
        match yaml::to_json(yaml).map_err(|e| Error::project(e).at(self.at(None)))? {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(Map::new()),
            other => Err(Error::project(format!(
                "expected a mapping with a `deployments:` list, found {}",
                kind(&other)
            ))
            .at(self.at(Some(1)))),
        }
    }
}

impl DeploymentConfig {
    fn new(
        index: usize,
        mut entry: Map<String, Value>,
        top: (&Vec<Value>, &Vec<Value>, &Option<Vec<Value>>),
    ) -> Result<Self> {
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
}

/// `; did you mean `tags`?` for a near miss, else nothing.
fn suggestion(key: &str, known: &[&str]) -> String {
    yaml::did_you_mean(key, known).map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
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
            p.select(&pats, false, &|_| None)
                .unwrap()
                .iter()
                .map(|d| d.name.clone())
                .collect()
        };
        assert_eq!(names(&["prod"]), ["prod"]);
        assert_eq!(names(&["run-etl/dev"]), ["dev"]);
        assert_eq!(names(&["run_etl/*"]), ["prod", "dev"]);
        assert_eq!(names(&["*o*", "dev"]), ["prod", "dev", "other"]);
        let err = p.select(&["nope".into()], false, &|_| None).unwrap_err();
        assert!(err.to_string().contains("run-etl/prod"), "{err}");
        assert!(p.select(&[], false, &|_| None).is_err());
        assert_eq!(p.select(&[], true, &|_| None).unwrap().len(), 3);
        // The flow's name selects as well as its function's, and is what "Known" lists.
        let named = |d: &DeploymentConfig| (d.name == "prod").then(|| "etl".to_owned());
        let by_flow: Vec<&str> = p
            .select(&["etl/prod".into()], false, &named)
            .unwrap()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(by_flow, ["prod"]);
        assert!(p.select(&["run-etl/prod".into()], false, &named).is_ok());
        let err = p.select(&["nope".into()], false, &named).unwrap_err();
        assert!(
            err.to_string()
                .contains("Known: etl/prod, run-etl/dev, flow-b/other"),
            "{err}"
        );
    }

    #[test]
    fn lines_of_deployments_and_fields() {
        let p = parse(ANCHORS).unwrap();
        assert_eq!(p.deployment_line(0), Some(12));
        assert_eq!(p.deployment_line(1), Some(15));
        assert_eq!(p.field_line(1, "work_pool"), Some(18));
        assert_eq!(p.location(2, "entrypoint").to_string(), "prefect.yaml:22");
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
