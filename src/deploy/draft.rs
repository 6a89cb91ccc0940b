//! From a deployment entry to the request bodies that create or update it, in Prefect's
//! resolution order (spec/prefect-deploy.md §4.3): blocks, variables, `$ENV`, the flow, the
//! work pool, build and push steps, step outputs; pull steps keep what the worker resolves.
//! Checking fields is `fields`, building bodies is `request`, triggers are `triggers`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::fields::Fields;
use super::request::{self, Parts};
pub(crate) use super::version::Code;
use super::{parameters, steps, triggers, DeployOptions, Mode};
use crate::api::Client;
use crate::diagnostic;
use crate::env::Env;
use crate::error::{Error, Location, Result};
use crate::flow;
use crate::project::{kind, DeploymentConfig, Project};
use crate::registry::Resolver;
use crate::secret::Secrets;
use crate::template::{self, Kind, Options, References, Sources};
use crate::vcs::Detected;

/// Everything needed to apply one deployment.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The flow's name (from the entrypoint).
    pub flow_name: String,
    /// The deployment's name.
    pub name: String,
    /// Its entry's position in the project file's `deployments`.
    pub index: usize,
    /// The body of `PATCH /deployments/{id}`.
    pub update: Map<String, Value>,
    /// Which code it runs: what a plan file freezes.
    pub code: Code,
    /// Automations to create for it, without `owner_resource` and the action's deployment id.
    pub triggers: Vec<Value>,
    /// Its work pool's name.
    pub pool: String,
    /// Where the work pool is named, for messages.
    pub pool_at: Location,
    /// What `--keep-paused` kept paused in `update` (`paused`, `schedules.N`).
    pub kept_paused: Vec<String>,
}

impl Draft {
    /// The body of `POST /deployments/`, without `flow_id`.
    pub(crate) fn create(&self) -> Map<String, Value> {
        request::create_from(&self.update, &self.name)
    }

    /// `flow/deployment`.
    pub(crate) fn full_name(&self) -> String {
        format!("{}/{}", self.flow_name, self.name)
    }

    /// What the history compares and records: the update's fields, and the triggers
    /// (automations) when there are any, so that a change to them alone is a change.
    pub(crate) fn compared(&self) -> Map<String, Value> {
        let mut planned = self.update.clone();
        if !self.triggers.is_empty() {
            planned.insert("triggers".into(), json!(self.triggers));
        }
        planned
    }
}

/// Shared state while drafting several deployments (`pinflow plan` itself is `diff`).
pub(super) struct Drafter<'a> {
    pub(super) opts: &'a DeployOptions,
    pub(super) env: &'a Env,
    pub(super) client: Option<&'a Client>,
    pub(super) project: &'a Project,
    pub(super) secrets: &'a Secrets,
    /// Block documents and variables looked up so far.
    pub(super) refs: References,
    pub(super) detected: BTreeMap<Option<&'static str>, Detected>,
    /// Flows read so far, by entrypoint: deployments often share one.
    flows: BTreeMap<String, Arc<flow::Flow>>,
    pub(super) resolver: Resolver,
    /// The environment as a values tree for `{{ $NAME }}`, built once.
    pub(super) env_values: Value,
}

/// Placeholders that cannot be filled yet are kept as written.
const KEEP: Options<'static> = Options {
    remove_notset: false,
    skip_prefixes: &[],
};
/// After the steps ran: missing outputs are removed; `{{ ctx.* }}` is the worker's.
const FINAL: Options<'static> = Options {
    remove_notset: true,
    skip_prefixes: &["ctx."],
};
/// On a dry run the steps did not run: their outputs stay as placeholders.
const UNRUN: Options<'static> = Options {
    remove_notset: false,
    skip_prefixes: &["ctx."],
};

impl<'a> Drafter<'a> {
    /// A drafter for `project`; values resolved from blocks are learned by `secrets`.
    pub(super) fn new(
        opts: &'a DeployOptions,
        env: &'a Env,
        client: Option<&'a Client>,
        project: &'a Project,
        secrets: &'a Secrets,
    ) -> Result<Self> {
        Ok(Self {
            opts,
            env,
            client,
            project,
            secrets,
            refs: References::default(),
            detected: BTreeMap::new(),
            flows: BTreeMap::new(),
            resolver: Resolver::new(env, secrets)?,
            env_values: template::env_values(env.vars()),
        })
    }

    /// Where `key` of deployment `d` is in the project file.
    pub(super) fn at(&self, d: &DeploymentConfig, key: &str) -> Location {
        self.project
            .location(d.index, key)
            .what(format!("deployment {:?}, `{key}`", d.name))
    }

    /// Drafts one deployment into its request bodies; nothing is written. When a plan file is
    /// applied, what names the code comes from it and the rest is rendered here.
    pub(super) async fn draft(&mut self, d: &DeploymentConfig) -> Result<Draft> {
        let config = self.render(d).await?;
        let entrypoint = self.entrypoint(&config, d)?;
        let frozen = self.opts.plan.as_ref().and_then(|p| p.code(d.index));
        let flow = match frozen {
            Some(code) => code.flow.clone(),
            None => self
                .flow(&entrypoint)
                .map_err(|e| e.at(self.at(d, "entrypoint")))?,
        };
        let pool = self.work_pool(&config, d)?;
        let outputs = self.run_steps(d)?;
        let (values, opts) = match outputs {
            Some(o) => (o, FINAL),
            None => (Value::Object(Map::new()), UNRUN),
        };
        let Value::Object(early) = config else {
            unreachable!("deployment entries are mappings")
        };
        // Schedules get what is known before the steps run; triggers are rendered on their own.
        let (schedules, raw, trigger_entries) = self.sections(&early, d);
        let mut config = match self.render_with(&Value::Object(raw), &values, opts, d)? {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let triggers = self.triggers(trigger_entries, &values, opts, d)?;
        let code = match frozen {
            Some(code) if code.entrypoint != entrypoint => {
                return Err(Error::project(format!(
                    "renders as {entrypoint:?} here, but the plan runs {:?}: a plan file fixes \
                     the code it deploys; make the plan again where it is applied",
                    code.entrypoint
                ))
                .at(self.at(d, "entrypoint")))
            }
            Some(code) => {
                code.put_image(&mut config);
                code.clone()
            }
            None => self.code(d, &mut config, &values, entrypoint, flow).await?,
        };
        let mut fields = Fields::read(&config, &code.flow, schedules.as_ref())
            .map_err(|e| Error::project(e.message).at(self.at(d, e.key)))?;
        fields.work_pool_name = json!(pool); // the file's, else the default pool's
        self.check_parameters(&fields, &code.flow, d)?;
        let parts = Parts {
            fields: &fields,
            schema: &code.flow.parameter_schema,
            pull: &code.pull_steps,
            version: &code.version,
            info: &code.version_info,
        };
        Ok(Draft {
            update: request::update_body(&parts, self.env),
            flow_name: code.flow.name.clone(),
            name: d.name.clone(),
            index: d.index,
            code,
            triggers,
            pool,
            pool_at: self.at(d, "work_pool"),
            kept_paused: Vec::new(),
        })
    }

    /// The flow at `entrypoint`, read (or asked of `--python`) once per run.
    fn flow(&mut self, entrypoint: &str) -> Result<Arc<flow::Flow>> {
        if let Some(known) = self.flows.get(entrypoint) {
            return Ok(known.clone());
        }
        let read: Arc<flow::Flow> = match &self.opts.python {
            Some(python) => flow::load_with_python(entrypoint, &self.opts.workdir, python),
            None => flow::load(entrypoint, &self.opts.workdir, self.env),
        }?
        .into();
        self.flows.insert(entrypoint.to_owned(), read.clone());
        Ok(read)
    }

    /// Refuses parameters the server would refuse (with `enforce_parameter_schema`, the
    /// default), and warns of parameters the flow does not have.
    fn check_parameters(
        &self,
        fields: &Fields,
        flow: &flow::Flow,
        d: &DeploymentConfig,
    ) -> Result<()> {
        for unknown in parameters::unknown(&fields.parameters, &flow.parameter_schema) {
            diagnostic::warn_at(
                diagnostic::Code::UnknownParameter,
                self.at(d, "parameters"),
                unknown,
            );
        }
        if fields.enforce_parameter_schema == Some(Value::Bool(false)) {
            return Ok(());
        }
        let problems = parameters::problems(&fields.parameters, &flow.parameter_schema);
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::project(format!(
            "{}; the server refuses parameters that do not fit the flow's signature (or set \
             enforce_parameter_schema: false)",
            problems.join("; ")
        ))
        .at(self.at(d, "parameters")))
    }

    /// What is rendered apart from the rest: the schedules (from `early`, the entry as known
    /// before the steps ran), the entry without them (as written), and its triggers (as
    /// written). The legacy `schedule:` is one schedule; `schedule: {}` (older `prefect init`
    /// templates) is none, as in Prefect.
    fn sections(
        &self,
        early: &Map<String, Value>,
        d: &DeploymentConfig,
    ) -> (Option<Value>, Map<String, Value>, Option<Value>) {
        let schedules = early.get("schedules").cloned().or_else(|| {
            early.get("schedule").map(|s| match s {
                Value::Null => Value::Null,
                Value::Object(m) if m.is_empty() => Value::Null,
                one => json!([one]),
            })
        });
        if early.get("sla").is_some_and(|s| !s.is_null()) {
            let (at, why) = (self.at(d, "sla"), "`sla` is not applied by pinflow yet");
            diagnostic::warn_at(diagnostic::Code::SlaNotApplied, at, why);
        }
        let mut raw = d.config.clone();
        for key in ["schedules", "schedule", "sla"] {
            raw.remove(key);
        }
        let triggers = raw.remove("triggers");
        (schedules, raw, triggers)
    }

    /// The entry with blocks, variables (looked up on the server, except when checking) and
    /// `{{ $ENV }}` filled in: what is known before the build steps run.
    async fn render(&mut self, d: &DeploymentConfig) -> Result<Value> {
        let config = Value::Object(d.config.clone());
        if self.opts.mode != Mode::Check {
            let step_values = Value::Array(d.build.iter().chain(&d.push).cloned().collect());
            self.look_up_references(&[&config, &step_values], d).await?;
        }
        let none = Value::Object(Map::new());
        Ok(self
            .render_with(&config, &none, KEEP, d)?
            .unwrap_or_default())
    }

    /// `template` rendered in one pass with the blocks and variables looked up (none when
    /// checking), the environment and step `outputs`.
    fn render_with(
        &self,
        template: &Value,
        outputs: &Value,
        opts: Options<'_>,
        d: &DeploymentConfig,
    ) -> Result<Option<Value>> {
        let src = Sources {
            refs: (self.opts.mode != Mode::Check).then_some(&self.refs),
            env: &self.env_values,
            outputs,
        };
        template::render(template, &src, opts).map_err(|e| e.at(self.at(d, "deployments")))
    }

    fn entrypoint(&self, config: &Value, d: &DeploymentConfig) -> Result<String> {
        match config.get("entrypoint") {
            Some(Value::String(s)) if s.contains("{{") => Err(Error::project(format!(
                "{s:?} still has a placeholder after templating; set the environment \
                 variable it names (`{{{{ $NAME }}}}`), or write the entrypoint out"
            ))
            .at(self.at(d, "entrypoint"))),
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(
                Error::project("`entrypoint` is required, as path/to/file.py:flow_function")
                    .at(self.at(d, "entrypoint")),
            ),
        }
    }

    /// Runs the build and push steps; None on a dry run or check, which runs none.
    fn run_steps(&self, d: &DeploymentConfig) -> Result<Option<Value>> {
        let all: Vec<Value> = d.build.iter().chain(&d.push).cloned().collect();
        if self.opts.mode != Mode::Apply && !all.is_empty() {
            if self.opts.mode == Mode::DryRun {
                diagnostic::warn(diagnostic::Code::StepsNotRun, format!("--dry-run: build and push steps of {:?} are not run; their outputs stay as placeholders", d.name));
            }
            return Ok(None);
        }
        let env = match &self.opts.preview {
            None => self.env.clone(),
            Some(_) if all.is_empty() => self.env.clone(),
            Some(preview) if preview.steps => steps::without_credentials(self.env),
            Some(_) => {
                return Err(Error::usage(format!(
                    "deployment {:?} has build or push steps, and a preview runs the pull \
                     request's own files: its steps would be the branch's commands, run with \
                     production's credentials at hand. Build the image in CI and pass its digest \
                     (--image-digest, or --resolve-image), or pass --preview-steps to run them \
                     without pinflow's credentials in their environment",
                    d.name
                ))
                .at(self.at(d, "build")));
            }
        };
        steps::run(&all, &env, &self.env_values, &self.refs, &self.opts.workdir).map(Some)
    }

    /// The `triggers:` list as automations: rendered before the steps ran (for `parameters`,
    /// which keep `{{ event.* }}` for the server, and the automation's own fields) and after.
    fn triggers(
        &self,
        entries: Option<Value>,
        values: &Value,
        opts: Options<'_>,
        d: &DeploymentConfig,
    ) -> Result<Vec<Value>> {
        let items = match entries {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(Error::project(format!(
                    "must be a list of triggers, found {}",
                    kind(&other)
                ))
                .at(self.at(d, "triggers")))
            }
        };
        let none = Value::Object(Map::new());
        items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let early = self.render_with(t, &none, KEEP, d)?.unwrap_or_default();
                let full = self.render_with(t, values, opts, d)?.unwrap_or_default();
                triggers::convert(&early, &full, i).map_err(|e| {
                    Error::project(format!("triggers[{i}]: {e}")).at(self.at(d, "triggers"))
                })
            })
            .collect()
    }

    async fn look_up_references(&mut self, values: &[&Value], d: &DeploymentConfig) -> Result<()> {
        let mut blocks = BTreeSet::new();
        let mut variables = BTreeSet::new();
        for v in values {
            for name in template::find_all(v, Kind::Block) {
                let (doc, _) = template::block_parts(&name).ok_or_else(|| {
                    Error::project(format!(
                        "{{{{ {name} }}}} must look like prefect.blocks.<type>.<name>"
                    ))
                    .at(self.at(d, "deployments"))
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
                    "block document {name:?} of type {slug:?} does not exist on {}; create it, or fix the placeholder",
                    client.connection().api_url
                ))
                .at(self.at(d, "deployments"))
            })?;
            self.secrets.learn_strings(&data);
            self.refs.blocks.insert(doc, data);
        }
        for var in variables {
            match client.read_variable(&var).await? {
                Some(v) => {
                    self.refs.variables.insert(var, v);
                }
                None => {
                    let why = format!(
                        "variable {var:?} does not exist on the server; Prefect uses \"\" for it"
                    );
                    diagnostic::warn(diagnostic::Code::MissingVariable, why);
                }
            }
        }
        Ok(())
    }

    /// The work pool's name (whether it exists on the server is checked, for the deployments
    /// to be written, before anything is: in known.rs).
    fn work_pool(&self, config: &Value, d: &DeploymentConfig) -> Result<String> {
        pool_name(config, self.env).ok_or_else(|| {
            Error::project(
                "no work pool; set work_pool.name (or PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME)",
            )
            .at(self.at(d, "work_pool"))
        })
    }

    /// The deployment's pull steps (the default `set_working_directory` when it has none),
    /// templated with step outputs and the environment; blocks and variables are left for
    /// the worker.
    pub(super) fn pull_steps(
        &self,
        d: &DeploymentConfig,
        config: &Map<String, Value>,
        outputs: &Value,
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
                    diagnostic::warn(diagnostic::Code::DefaultWorkingDirectory, format!("deployment {:?} has no pull steps and runs an image: using /opt/prefect as its working directory", d.name));
                    "/opt/prefect".to_owned()
                } else {
                    self.opts.workdir.display().to_string()
                };
                json!([{"prefect.deployments.steps.set_working_directory": {"directory": dir}}])
            }
        };
        // Blocks and variables are left for the worker to resolve.
        let src = Sources {
            refs: None,
            env: &self.env_values,
            outputs,
        };
        template::render(&steps, &src, KEEP)
            .ok()
            .flatten()
            .unwrap_or_default()
    }
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
