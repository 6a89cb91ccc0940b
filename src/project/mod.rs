//! prefect.yaml: loading (anchors and `<<` merge keys), defaults, per-deployment action
//! overrides (`lines` finds where things are in the file, `select` picks deployments by name,
//! `flow/name` or glob, `yaml` turns YAML into JSON values).
//!
//! The file is Prefect's format: unknown keys are ignored with a warning, never rejected.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

mod lines;
mod select;
mod types;
mod yaml;

pub(crate) use types::{lax_bool, lax_int};
pub(crate) use yaml::kind;

use crate::diagnostic::Code;
use crate::error::{Error, Result};

/// The largest project file pinflow reads (4 MiB); real ones are a few KiB.
pub(crate) const MAX_FILE_BYTES: u64 = 4 << 20;

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
    /// Entries without a name, skipped as Prefect skips them.
    unnamed: usize,
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

    /// The file's text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses project text; `path` is only used in messages.
    pub fn parse(path: &Path, text: String) -> Result<Self> {
        let mut project = Project {
            path: path.to_owned(),
            deployments: Vec::new(),
            unnamed: 0,
            text,
        };
        let root = project.root()?;
        types::check_top(&root).map_err(|(key, message)| {
            Error::project(format!("`{key}` {message}")).at(project.at(project.key_line(key, 0)))
        })?;
        for key in root.keys().filter(|k| !TOP_KEYS.contains(&k.as_str())) {
            crate::diagnostic::warn_at(
                Code::UnknownKey,
                project.at(project.key_line(key, 0)),
                format!(
                    "unknown top-level key `{key}` ignored{}",
                    suggestion(key, &TOP_KEYS)
                ),
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
            let Value::Object(mut entry) = entry else {
                return Err(Error::project(format!(
                    "deployments[{index}] must be a mapping with at least `name` and `entrypoint`"
                ))
                .at(at));
            };
            for key in entry
                .keys()
                .filter(|k| !DEPLOYMENT_KEYS.contains(&k.as_str()))
            {
                crate::diagnostic::warn_at(
                    Code::UnknownKey,
                    project.location(index, key),
                    format!(
                        "unknown key `{key}` in deployments[{index}] ignored{}",
                        suggestion(key, &DEPLOYMENT_KEYS)
                    ),
                );
            }
            if entry.get("name").is_none_or(Value::is_null) {
                // `prefect init` writes an entry with every field empty; Prefect skips it.
                crate::diagnostic::warn_at(
                    Code::UnnamedDeployment,
                    at.clone(),
                    format!(
                        "deployments[{index}] has no `name` and is skipped, as Prefect skips \
                         it; give it a name to deploy it"
                    ),
                );
                project.unnamed += 1;
                continue;
            }
            types::check_deployment(&mut entry).map_err(|(key, message)| {
                let which = match entry.get("name") {
                    Some(Value::String(name)) => format!("deployment {name:?}"),
                    _ => format!("deployments[{index}]"),
                };
                Error::project(message).at(project
                    .location(index, key)
                    .what(format!("{which}, `{key}`")))
            })?;
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
                crate::diagnostic::warn_at(
                    Code::DuplicateKey,
                    self.at(Some(second)),
                    format!(
                        "`{key}` is written twice in one mapping (lines {first} and {second}); \
                         the last one is used, as Prefect does: remove the other"
                    ),
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
        // A missing name was skipped and a non-text one refused (`types`): blank is left.
        let name = match entry.get("name").and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => s.to_owned(),
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
            Value::Object(m) if m.len() > 1 => {
                // Usually arguments written beside the step's name instead of under it.
                let keys: Vec<&str> = m.keys().map(String::as_str).collect();
                let step = keys.iter().find(|k| k.contains('.')).unwrap_or(&keys[0]);
                let args: Vec<&&str> = keys.iter().filter(|k| *k != step).collect();
                return Err(Error::project(format!(
                    "step {i} has {} keys ({}): a step is one key, its function, with the \
                     arguments indented under it; indent {} under `{step}:`. (Prefect stores \
                     such a step, and the worker fails on it when a run starts.)",
                    keys.len(),
                    keys.join(", "),
                    args.iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
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
mod tests;
