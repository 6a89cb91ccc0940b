//! From a deployment entry to the request bodies that create or update it, in Prefect's
//! resolution order (spec/prefect-deploy.md §4.3): blocks, variables, `$ENV`, the flow, the
//! work pool, build and push steps, step outputs; pull steps keep what the worker resolves.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::{schedule, steps, DeployOptions};
use crate::api::Client;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::flow;
use crate::pin::{self, Mode};
use crate::project::{kind, DeploymentConfig, Project};
use crate::registry::Resolver;
use crate::template::{self, Kind, Options, References};
use crate::vcs::{self, git::Git, Detected, VersionInfo, VersionType};

/// Everything needed to apply one deployment.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The flow's name (from the entrypoint).
    pub flow_name: String,
    /// The deployment's name.
    pub name: String,
    /// The body of `POST /deployments/`, without `flow_id`.
    pub create: Map<String, Value>,
    /// The body of `PATCH /deployments/{id}`.
    pub update: Map<String, Value>,
    /// The version name, if any.
    pub version: Option<String>,
    /// The version info sent with it.
    pub version_info: VersionInfo,
    /// Automations to create for it, without `owner_resource` and the action's deployment id.
    pub triggers: Vec<Value>,
    /// The commit written into its `git_clone` pull step, if any.
    pub pinned_commit: Option<String>,
    /// Its image with a digest, if pinned.
    pub pinned_image: Option<String>,
}

impl Planned {
    /// `flow/deployment`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.flow_name, self.name)
    }
}

/// Shared state while planning several deployments.
pub struct Planner<'a> {
    /// The command's options.
    pub opts: &'a DeployOptions,
    /// The environment.
    pub env: &'a Env,
    /// The server, when one is configured.
    pub client: Option<&'a Client>,
    /// The project file.
    pub project: &'a Project,
    /// Block documents and variables looked up so far.
    pub refs: References,
    /// Values resolved from blocks: never to be shown.
    pub secrets: BTreeSet<String>,
    detected: BTreeMap<Option<&'static str>, Detected>,
    pools: BTreeSet<String>,
    resolver: Resolver,
    /// The environment as a values tree for `{{ $NAME }}`, built once.
    env_values: Value,
    /// `pinflow check`: block and variable placeholders are left as they are, not looked up.
    pub offline: bool,
}

const KEEP: Options<'static> = Options {
    remove_notset: false,
    skip_prefixes: &[],
};
const FINAL: Options<'static> = Options {
    remove_notset: true,
    skip_prefixes: &["ctx."],
};

impl<'a> Planner<'a> {
    /// A planner for `project`.
    pub fn new(
        opts: &'a DeployOptions,
        env: &'a Env,
        client: Option<&'a Client>,
        project: &'a Project,
    ) -> Result<Self> {
        Ok(Self {
            opts,
            env,
            client,
            project,
            refs: References::default(),
            secrets: BTreeSet::new(),
            detected: BTreeMap::new(),
            pools: BTreeSet::new(),
            resolver: Resolver::new(env)?,
            env_values: template::env_values(env.vars()),
            offline: false,
        })
    }

    fn at(&self, d: &DeploymentConfig, key: &str) -> String {
        format!(
            "{} (deployment {:?}, `{key}`)",
            self.project.locate(d.index, key),
            d.name
        )
    }

    /// Plans one deployment; nothing is written.
    pub async fn plan(&mut self, d: &DeploymentConfig) -> Result<Planned> {
        let mut config = Value::Object(d.config.clone());
        let step_values = Value::Array(d.build.iter().chain(&d.push).cloned().collect());
        if !self.offline {
            self.look_up_references(&[&config, &step_values], d).await?;
            config = template::resolve_references(&config, &self.refs)
                .map_err(|e| e.context(self.at(d, "deployments")))?;
        }
        config = template::apply_values(&config, &self.env_values, KEEP).unwrap_or_default();

        let entrypoint = match config.get("entrypoint") {
            Some(Value::String(s)) if s.contains("{{") => {
                return Err(Error::project(format!(
                    "{}: {s:?} still has a placeholder after templating; set the environment \
                     variable it names (`{{{{ $NAME }}}}`), or write the entrypoint out",
                    self.at(d, "entrypoint")
                )))
            }
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                return Err(Error::project(format!(
                    "{}: `entrypoint` is required, as path/to/file.py:flow_function",
                    self.at(d, "entrypoint")
                )))
            }
        };
        let flow = match &self.opts.python {
            Some(python) => flow::load_with_python(&entrypoint, &self.opts.workdir, python),
            None => flow::load(&entrypoint, &self.opts.workdir),
        }
        .map_err(|e| e.context(self.at(d, "entrypoint")))?;
        self.check_work_pool(&config, d).await?;

        let outputs = if self.opts.dry_run && !(d.build.is_empty() && d.push.is_empty()) {
            if !self.offline {
                tracing::warn!("--dry-run: build and push steps of {:?} are not run; their outputs stay as placeholders", d.name);
            }
            None
        } else {
            let all: Vec<Value> = d.build.iter().chain(&d.push).cloned().collect();
            Some(steps::run(
                &all,
                self.env,
                &self.env_values,
                &self.refs,
                &self.opts.workdir,
            )?)
        };
        let mut config = match config {
            Value::Object(m) => m,
            _ => unreachable!("deployment entries are mappings"),
        };
        let schedules = config.remove("schedules").or_else(|| {
            config
                .remove("schedule")
                .map(|s| if s.is_null() { s } else { json!([s]) })
        });
        if config.remove("sla").is_some_and(|s| !s.is_null()) {
            tracing::warn!("{}: `sla` is not applied by pinflow yet", self.at(d, "sla"));
        }
        // Triggers get step-output templating except their `parameters` (kept for `{{ event.* }}`).
        let triggers = match config.remove("triggers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(Error::project(format!(
                    "{}: must be a list of triggers, found {}",
                    self.at(d, "triggers"),
                    kind(&other)
                )))
            }
        };
        let (values, opts) = match &outputs {
            Some(o) => (o.clone(), FINAL),
            None => (
                Value::Object(Map::new()),
                Options {
                    remove_notset: false,
                    skip_prefixes: &["ctx."],
                },
            ),
        };
        let config = match template::apply_values(&Value::Object(config), &values, opts) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let triggers = triggers
            .iter()
            .enumerate()
            .map(|(i, t)| {
                trigger(t, i, &values, opts).map_err(|e| {
                    Error::project(format!("{}: triggers[{i}]: {e}", self.at(d, "triggers")))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let pull = self.pull_steps(d, &config, &values, &self.env_values);
        let detected = self.detect(&config, d).await?;
        let mut pull = pull;
        let mut config = config;
        let pinned_commit = self.pin_commit(&mut pull, &detected, d)?;
        let pinned_image = match config
            .get_mut("work_pool")
            .and_then(|p| p.get_mut("job_variables"))
        {
            Some(jv) => {
                pin::pin_image(jv, &self.opts.pin, &self.resolver, &self.at(d, "work_pool")).await?
            }
            None => None,
        };
        let version = self.version(&config, &detected, &flow);
        let version_info = detected.version_info(version.as_deref().unwrap_or(""));
        let fields = Fields::read(&config, &flow, schedules.as_ref())
            .map_err(|e| Error::project(format!("{}: {e}", self.at(d, e.key))))?;
        let flow_name = flow.name.clone();
        Ok(Planned {
            create: fields.create_body(d, &flow, &pull, &version, &version_info),
            update: fields.update_body(&flow, &pull, &version, &version_info, self.env),
            flow_name,
            name: d.name.clone(),
            version,
            version_info,
            triggers,
            pinned_commit,
            pinned_image,
        })
    }

    async fn look_up_references(&mut self, values: &[&Value], d: &DeploymentConfig) -> Result<()> {
        let mut blocks = BTreeSet::new();
        let mut variables = BTreeSet::new();
        for v in values {
            for name in template::find_all(v, Kind::Block) {
                let (doc, _) = template::block_parts(&name).ok_or_else(|| {
                    Error::project(format!(
                        "{}: {{{{ {name} }}}} must look like prefect.blocks.<type>.<name>",
                        self.at(d, "deployments")
                    ))
                })?;
                blocks.insert(doc);
            }
            variables.extend(
                template::find_all(v, Kind::Variable)
                    .into_iter()
                    .map(|n| n["prefect.variables.".len()..].to_owned()),
            );
        }
        blocks.retain(|b| !self.refs.blocks.contains_key(b));
        variables.retain(|v| !self.refs.variables.contains_key(v));
        if blocks.is_empty() && variables.is_empty() {
            return Ok(());
        }
        let Some(client) = self.client else {
            let first = blocks
                .iter()
                .map(|b| format!("prefect.blocks.{b}"))
                .chain(variables.iter().map(|v| format!("prefect.variables.{v}")))
                .next()
                .unwrap_or_default();
            return Err(Error::usage(format!(
                "deployment {:?} uses {{{{ {first} }}}}, which must be looked up on a Prefect server; set PREFECT_API_URL",
                d.name
            )));
        };
        for doc in blocks {
            let (slug, name) = doc.split_once('.').unwrap_or((&doc, ""));
            let data = client.read_block_document(slug, name).await?.ok_or_else(|| {
                Error::project(format!(
                    "{}: block document {name:?} of type {slug:?} does not exist on {}; create it, or fix the placeholder",
                    self.at(d, "deployments"), client.connection().api_url
                ))
            })?;
            collect_strings(&data, &mut self.secrets);
            self.refs.blocks.insert(doc, data);
        }
        for var in variables {
            match client.read_variable(&var).await? {
                Some(v) => {
                    self.refs.variables.insert(var, v);
                }
                None => tracing::warn!(
                    "variable {var:?} does not exist on the server; Prefect uses \"\" for it"
                ),
            }
        }
        Ok(())
    }

    async fn check_work_pool(&mut self, config: &Value, d: &DeploymentConfig) -> Result<()> {
        let name = pool_name(config, self.env);
        let Some(name) = name else {
            return Err(Error::project(format!(
                "{}: no work pool; set work_pool.name (or PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME)",
                self.at(d, "work_pool")
            )));
        };
        let Some(client) = self.client else {
            return Ok(());
        };
        if self.pools.contains(&name) {
            return Ok(());
        }
        if client.read_work_pool(&name).await?.is_none() {
            return Err(Error::project(format!(
                "{}: work pool {name:?} does not exist on {}; create it (prefect work-pool create {name:?} --type process) or fix the name",
                self.at(d, "work_pool"), client.connection().api_url
            )));
        }
        self.pools.insert(name);
        Ok(())
    }

    fn pull_steps(
        &self,
        d: &DeploymentConfig,
        config: &Map<String, Value>,
        outputs: &Value,
        env_values: &Value,
    ) -> Value {
        let steps = match &d.pull {
            Some(steps) => Value::Array(steps.clone()),
            None => {
                let has_image = config
                    .get("work_pool")
                    .and_then(|p| p.get("job_variables"))
                    .and_then(|j| j.get("image"))
                    .is_some_and(|i| !i.is_null());
                let dir = if has_image {
                    tracing::warn!("deployment {:?} has no pull steps and runs an image: using /opt/prefect as its working directory", d.name);
                    "/opt/prefect".to_owned()
                } else {
                    self.opts.workdir.display().to_string()
                };
                json!([{"prefect.deployments.steps.set_working_directory": {"directory": dir}}])
            }
        };
        let steps = template::apply_values(&steps, outputs, KEEP).unwrap_or_default();
        template::apply_values(&steps, env_values, KEEP).unwrap_or_default()
    }

    async fn detect(
        &mut self,
        config: &Map<String, Value>,
        d: &DeploymentConfig,
    ) -> Result<Detected> {
        // As in Prefect, the project file's version_type wins over the flag.
        let wanted = match config.get("version_type") {
            Some(Value::String(s)) => Some(
                VersionType::parse(s)
                    .map_err(|e| Error::project(format!("{}: {e}", self.at(d, "version_type"))))?,
            ),
            Some(Value::Null) | None => self.opts.version_type,
            Some(other) => {
                return Err(Error::project(format!(
                    "{}: must be a string, found {}",
                    self.at(d, "version_type"),
                    kind(other)
                )))
            }
        };
        let key = wanted.map(VersionType::as_str);
        if let Some(found) = self.detected.get(&key) {
            return Ok(found.clone());
        }
        let mut found = vcs::detect(self.env, &Git::new(&self.opts.workdir), wanted)?;
        vcs::complete_message(&mut found, self.env).await;
        self.detected.insert(key, found.clone());
        Ok(found)
    }

    /// Pins this build's commit into `pull` per `--pin-commit`; returns the SHA if pinned.
    fn pin_commit(
        &self,
        pull: &mut Value,
        detected: &Detected,
        d: &DeploymentConfig,
    ) -> Result<Option<String>> {
        let on_ci = !matches!(detected.kind, VersionType::Git | VersionType::Simple);
        let wanted = match self.opts.pin.commit {
            Mode::Never => false,
            Mode::Auto => on_ci,
            Mode::Always => true,
        };
        if !wanted {
            return Ok(None);
        }
        let Some(commit) = &detected.commit else {
            return Err(Error::usage("--pin-commit always, but no commit is known here (not a git repository, no CI variables)"));
        };
        let ours = pin::this_repository(self.env, &Git::new(&self.opts.workdir));
        Ok(pin::pin_commit(pull, &commit.sha, &ours, &d.name).then(|| commit.sha.clone()))
    }

    /// `--version`, else the file's `version`, else the short SHA, else the flow's version.
    fn version(
        &self,
        config: &Map<String, Value>,
        detected: &Detected,
        flow: &flow::Flow,
    ) -> Option<String> {
        let from_file = config
            .get("version")
            .filter(|v| !v.is_null())
            .map(template::python_str);
        self.opts
            .version
            .clone()
            .or(from_file)
            .or_else(|| detected.short_sha())
            .or_else(|| Some(flow.version.clone()))
    }
}

/// Fields of a deployment trigger that belong to the automation, not to its trigger.
const AUTOMATION_FIELDS: [&str; 3] = ["name", "description", "enabled"];
/// Fields that belong to the run-deployment action.
const ACTION_FIELDS: [&str; 3] = ["parameters", "job_variables", "schedule_after"];

/// A `triggers:` entry as an automation that runs this deployment (Prefect's conversion); the
/// server fills in the trigger's defaults.
fn trigger(
    t: &Value,
    index: usize,
    values: &Value,
    opts: Options<'_>,
) -> std::result::Result<Value, String> {
    let m = t.as_object().ok_or_else(|| {
        format!(
            "expected a mapping with `type` and `expect`, found {}",
            kind(t)
        )
    })?;
    let kind_name = m.get("type").and_then(Value::as_str).unwrap_or("event");
    if !matches!(kind_name, "event" | "metric" | "compound" | "sequence") {
        return Err(format!(
            "type must be event, metric, compound or sequence, found {kind_name:?}"
        ));
    }
    let mut spec = Map::new();
    let mut action = Map::new();
    action.insert("type".into(), json!("run-deployment"));
    action.insert("source".into(), json!("selected"));
    for (k, v) in m {
        if ACTION_FIELDS.contains(&k.as_str()) {
            let v = if k == "parameters" {
                v.clone()
            } else {
                template::apply_values(v, values, opts).unwrap_or(Value::Null)
            };
            action.insert(k.clone(), v);
        } else if !AUTOMATION_FIELDS.contains(&k.as_str()) {
            spec.insert(
                k.clone(),
                template::apply_values(v, values, opts).unwrap_or(Value::Null),
            );
        }
    }
    spec.insert("type".into(), json!(kind_name));
    if kind_name == "event" {
        // The defaults Prefect's client fills in for an event trigger.
        let defaults = json!({"match": {}, "match_related": {}, "after": [], "expect": [],
            "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0});
        for (k, v) in defaults.as_object().into_iter().flatten() {
            spec.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let field = |k: &str| m.get(k).filter(|v| !v.is_null()).cloned();
    Ok(json!({
        "name": field("name"),
        "index": index + 1,
        "description": field("description").unwrap_or(json!("")),
        "enabled": field("enabled").unwrap_or(json!(true)),
        "trigger": spec,
        "actions": [action],
    }))
}

fn pool_name(config: &Value, env: &Env) -> Option<String> {
    config
        .get("work_pool")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            env.get("PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME")
                .or_else(|| env.get("PREFECT_DEFAULT_WORK_POOL_NAME"))
                .map(str::to_owned)
        })
}

fn collect_strings(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// A field that is not what the API takes; `key` locates it in the file.
struct FieldError {
    key: &'static str,
    message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The deployment's fields, checked and in the API's shapes.
struct Fields {
    description: Value,
    tags: Value,
    parameters: Value,
    work_pool_name: Value,
    work_queue_name: Value,
    job_variables: Value,
    entrypoint: Value,
    paused: Value,
    concurrency_limit: Value,
    concurrency_options: Value,
    schedules: Option<Vec<Value>>,
    enforce_parameter_schema: Option<Value>,
}

impl Fields {
    fn read(
        config: &Map<String, Value>,
        flow: &flow::Flow,
        schedules: Option<&Value>,
    ) -> std::result::Result<Self, FieldError> {
        let err = |key: &'static str, message: String| FieldError { key, message };
        let get = |k: &str| config.get(k).cloned().unwrap_or(Value::Null);
        let pool = get("work_pool");
        let pool_field = |k: &str| pool.get(k).cloned().unwrap_or(Value::Null);
        let description = match get("description") {
            Value::Null => flow.description.clone().map_or(Value::Null, Value::String),
            Value::String(s) => Value::String(s),
            other => {
                return Err(err(
                    "description",
                    format!("must be text, found {}", kind(&other)),
                ))
            }
        };
        let tags = match get("tags") {
            Value::Null => json!([]),
            // Prefect turns a string into a list of its characters; a comma list is what people mean.
            Value::String(s) => Value::Array(
                s.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| json!(t))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|t| json!(template::python_str(t)))
                    .collect(),
            ),
            other => {
                return Err(err(
                    "tags",
                    format!("must be a list of strings, found {}", kind(&other)),
                ))
            }
        };
        let parameters = match get("parameters") {
            Value::Null => json!({}),
            v @ Value::Object(_) => v,
            other => {
                return Err(err(
                    "parameters",
                    format!(
                        "must be a mapping of parameter names to values, found {}",
                        kind(&other)
                    ),
                ))
            }
        };
        let job_variables = match pool_field("job_variables") {
            Value::Null => json!({}),
            v @ Value::Object(_) => v,
            other => {
                return Err(err(
                    "work_pool",
                    format!(
                        "work_pool.job_variables must be a mapping, found {}",
                        kind(&other)
                    ),
                ))
            }
        };
        let paused = match get("paused") {
            Value::Null => json!(false),
            v @ Value::Bool(_) => v,
            other => {
                return Err(err(
                    "paused",
                    format!("must be true or false, found {}", kind(&other)),
                ))
            }
        };
        let (concurrency_limit, concurrency_options) = match get("concurrency_limit") {
            Value::Null => (Value::Null, Value::Null),
            v @ Value::Number(_) if v.as_u64().is_some() => (v, Value::Null),
            Value::Object(m) => {
                let limit = m
                    .get("limit")
                    .filter(|l| l.as_u64().is_some())
                    .cloned()
                    .ok_or_else(|| {
                        err(
                            "concurrency_limit",
                            "a concurrency mapping needs `limit`, a whole number".into(),
                        )
                    })?;
                let mut options = Map::new();
                match m.get("collision_strategy") {
                    Some(Value::String(s)) if matches!(s.as_str(), "ENQUEUE" | "CANCEL_NEW") => {
                        options.insert("collision_strategy".into(), json!(s));
                    }
                    None | Some(Value::Null) => {
                        options.insert("collision_strategy".into(), json!("ENQUEUE"));
                    }
                    Some(other) => {
                        return Err(err(
                            "concurrency_limit",
                            format!(
                                "collision_strategy must be ENQUEUE or CANCEL_NEW, found {other}"
                            ),
                        ))
                    }
                }
                if let Some(g) = m.get("grace_period_seconds").filter(|g| !g.is_null()) {
                    options.insert("grace_period_seconds".into(), g.clone());
                }
                (limit, Value::Object(options))
            }
            other => {
                return Err(err(
                    "concurrency_limit",
                    format!("must be a whole number or a mapping with `limit`, found {other}"),
                ))
            }
        };
        let schedules = match schedules {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                Some(schedule::convert(items).map_err(|e| err("schedules", e))?)
            }
            Some(other) => {
                return Err(err(
                    "schedules",
                    format!("must be a list of schedules, found {}", kind(other)),
                ))
            }
        };
        let enforce_parameter_schema = match get("enforce_parameter_schema") {
            Value::Null => None,
            v @ Value::Bool(_) => Some(v),
            other => {
                return Err(err(
                    "enforce_parameter_schema",
                    format!("must be true or false, found {}", kind(&other)),
                ))
            }
        };
        let text_or_null = |v: Value, key: &'static str| match v {
            Value::Null | Value::String(_) => Ok(v),
            other => Err(err(key, format!("must be text, found {}", kind(&other)))),
        };
        Ok(Self {
            description,
            tags,
            parameters,
            work_pool_name: text_or_null(pool_field("name"), "work_pool")?,
            work_queue_name: text_or_null(pool_field("work_queue_name"), "work_pool")?,
            job_variables,
            entrypoint: get("entrypoint"),
            paused,
            concurrency_limit,
            concurrency_options,
            schedules,
            enforce_parameter_schema,
        })
    }

    /// The `POST /deployments/` body, in the order Prefect sends it (flow_id added on apply).
    fn create_body(
        &self,
        d: &DeploymentConfig,
        flow: &flow::Flow,
        pull: &Value,
        version: &Option<String>,
        info: &VersionInfo,
    ) -> Map<String, Value> {
        let mut b = Map::new();
        b.insert("name".into(), json!(d.name));
        b.insert("paused".into(), self.paused.clone());
        b.insert(
            "schedules".into(),
            json!(self.schedules.clone().unwrap_or_default()),
        );
        b.insert("concurrency_limit".into(), self.concurrency_limit.clone());
        b.insert(
            "concurrency_options".into(),
            self.concurrency_options.clone(),
        );
        b.insert(
            "enforce_parameter_schema".into(),
            self.enforce_parameter_schema.clone().unwrap_or(json!(true)),
        );
        b.insert(
            "parameter_openapi_schema".into(),
            flow.parameter_schema.clone(),
        );
        b.insert("parameters".into(), self.parameters.clone());
        b.insert("tags".into(), self.tags.clone());
        b.insert("labels".into(), json!({}));
        b.insert("pull_steps".into(), pull.clone());
        b.insert("work_queue_name".into(), self.work_queue_name.clone());
        b.insert("work_pool_name".into(), self.work_pool_name.clone());
        b.insert("description".into(), self.description.clone());
        b.insert("path".into(), Value::Null);
        b.insert("entrypoint".into(), self.entrypoint.clone());
        b.insert("job_variables".into(), self.job_variables.clone());
        b.insert("version".into(), json!(version));
        b.insert("version_info".into(), json!(info));
        b
    }

    /// The `PATCH /deployments/{id}` body: what Prefect's update sends.
    fn update_body(
        &self,
        flow: &flow::Flow,
        pull: &Value,
        version: &Option<String>,
        info: &VersionInfo,
        env: &Env,
    ) -> Map<String, Value> {
        let mut b = Map::new();
        b.insert("version".into(), json!(version));
        b.insert("version_info".into(), json!(info));
        b.insert("description".into(), self.description.clone());
        b.insert("parameters".into(), self.parameters.clone());
        b.insert("paused".into(), self.paused.clone());
        b.insert("concurrency_limit".into(), self.concurrency_limit.clone());
        b.insert(
            "concurrency_options".into(),
            self.concurrency_options.clone(),
        );
        b.insert("tags".into(), self.tags.clone());
        b.insert("work_queue_name".into(), self.work_queue_name.clone());
        b.insert("work_pool_name".into(), self.work_pool_name.clone());
        b.insert("job_variables".into(), self.job_variables.clone());
        b.insert("entrypoint".into(), self.entrypoint.clone());
        b.insert(
            "parameter_openapi_schema".into(),
            flow.parameter_schema.clone(),
        );
        b.insert("pull_steps".into(), pull.clone());
        match &self.schedules {
            Some(s)
                if s.is_empty() && !env.flag("PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY") =>
            {
                tracing::warn!("`schedules: []` keeps the existing schedules, as in Prefect; set PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY=true to clear them");
            }
            Some(s) => {
                b.insert("schedules".into(), json!(s));
            }
            None => {}
        }
        if let Some(e) = &self.enforce_parameter_schema {
            b.insert("enforce_parameter_schema".into(), e.clone());
        }
        b
    }
}
