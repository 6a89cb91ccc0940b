//! `pinflow deploy`: plan every selected deployment (nothing is written if any plan fails),
//! then apply them concurrently with a bounded number in flight.

mod plan;
mod schedule;
mod steps;

use std::path::PathBuf;

use futures::stream::{self, StreamExt};
use serde::Serialize;
use serde_json::{json, Value};

use crate::api::{Client, Connection};
use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::history;
use crate::project::{DeploymentConfig, Project};
use crate::vcs::{VersionInfo, VersionType};
pub use plan::Planned;

/// What `pinflow deploy` was asked to do.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// Names, `flow/name`s or globs.
    pub names: Vec<String>,
    /// Every deployment.
    pub all: bool,
    /// The project file.
    pub prefect_file: PathBuf,
    /// `--version`.
    pub version: Option<String>,
    /// `--version-type`.
    pub version_type: Option<VersionType>,
    /// Print what would be sent; write nothing.
    pub dry_run: bool,
    /// Deploy even when nothing changed since the live version.
    pub force: bool,
    /// Deployments applied at once.
    pub concurrency: usize,
    /// What to pin.
    pub pin: crate::pin::PinOptions,
    /// A Python interpreter to load flows with, instead of reading their source.
    pub python: Option<PathBuf>,
    /// The directory entrypoints and git are resolved in (the working directory).
    pub workdir: PathBuf,
    /// The CI run making the change (`ci::Platform::run_info`), kept in the history.
    pub run: serde_json::Value,
}

/// What happened to one deployment.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// `flow/deployment`.
    pub name: String,
    /// The deployment's id (absent on a dry run of a new deployment, or on failure).
    pub id: Option<String>,
    /// The flow's id.
    pub flow_id: Option<String>,
    /// `created`, `updated`, `unchanged`, `dry-run` or `failed`.
    pub action: &'static str,
    /// The version name.
    pub version: Option<String>,
    /// The version info sent.
    pub version_info: VersionInfo,
    /// What was pinned (filled in by pinning; empty until then).
    pub pinned: Pinned,
    /// The deployment in the Prefect UI.
    pub url: Option<String>,
    /// On a dry run: the request that would be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
    /// On failure: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The commit and image a deployment is pinned to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pinned {
    /// The commit written into a `git_clone` pull step.
    pub commit_sha: Option<String>,
    /// The image reference with its digest.
    pub image: Option<String>,
}

/// The result of `pinflow deploy`.
#[derive(Debug, Clone, Serialize)]
pub struct DeployReport {
    /// One entry per selected deployment, in file order.
    pub deployments: Vec<Outcome>,
    /// Values from secret blocks: kept out of every output.
    #[serde(skip)]
    pub secrets: Vec<String>,
}

impl DeployReport {
    /// None when every deployment succeeded; else the error the exit code comes from.
    pub fn failure(&self) -> Option<Error> {
        let failed: Vec<&Outcome> = self
            .deployments
            .iter()
            .filter(|o| o.error.is_some())
            .collect();
        match failed.len() {
            0 => None,
            n if n == self.deployments.len() && n == 1 => {
                Some(Error::service(failed[0].error.clone().unwrap_or_default()))
            }
            n => Some(Error::new(
                ErrorKind::Partial,
                format!("{n} of {} deployments failed", self.deployments.len()),
            )),
        }
    }
}

/// Runs `pinflow check`: plans the selected deployments as a dry run would, without a server
/// or a registry (block and variable placeholders are not looked up), so that it finds what
/// `deploy` would refuse in the files. Each deployment's plan, or what is wrong with it.
pub async fn check(opts: &DeployOptions, env: &Env) -> Result<Vec<(String, Result<String>)>> {
    let project = Project::load(&opts.prefect_file)?;
    let selected = select(&project, opts)?;
    let mut planner = plan::Planner::new(opts, env, None, &project)?;
    planner.offline = true;
    let mut checked = Vec::with_capacity(selected.len());
    for d in &selected {
        let planned = planner.plan(d).await;
        let name = match &planned {
            Ok(p) => p.full_name(),
            Err(_) => d.name.clone(),
        };
        let entrypoint = planned.map(|p| {
            let e = &p.create["entrypoint"];
            e.as_str().unwrap_or_default().to_owned()
        });
        checked.push((name, entrypoint));
    }
    Ok(checked)
}

/// The deployments `opts` names, with their build and push steps checked.
fn select<'p>(project: &'p Project, opts: &DeployOptions) -> Result<Vec<&'p DeploymentConfig>> {
    let selected = project.select(&opts.names, opts.all)?;
    for d in &selected {
        steps::check("build", &d.build, &d.name)?;
        steps::check("push", &d.push, &d.name)?;
    }
    Ok(selected)
}

/// Runs `pinflow deploy`.
pub async fn run(opts: &DeployOptions, env: &Env) -> Result<DeployReport> {
    let project = Project::load(&opts.prefect_file)?;
    let selected = select(&project, opts)?;
    let client = match Connection::from_env(env)? {
        Some(conn) => Some(Client::with_concurrency(conn, opts.concurrency)?),
        None if opts.dry_run => None,
        None => return Err(Error::usage(
            "PREFECT_API_URL is not set; point it at your server (e.g. http://127.0.0.1:4200/api, \
                 or your Prefect Cloud workspace URL), or use --dry-run",
        )),
    };
    let mut planner = plan::Planner::new(opts, env, client.as_ref(), &project)?;
    let mut plans = Vec::with_capacity(selected.len());
    for d in &selected {
        plans.push(planner.plan(d).await?);
    }
    let secrets: Vec<String> = planner.secrets.into_iter().collect();
    let client = client.as_ref();
    if let Some(c) = client {
        c.hide_in_trace(&secrets);
    }
    let ci = opts.run.clone();
    let flows = plans
        .iter()
        .map(|p| (p.flow_name.clone(), tokio::sync::OnceCell::new()))
        .collect();
    let secret_hashes: Vec<String> = secrets
        .iter()
        .map(|s| crate::history::secret_hash(s))
        .collect();
    let applier = &Applier {
        client,
        opts,
        ci: &ci,
        flows,
        secret_hashes,
    };
    let mut deployments: Vec<(usize, Outcome)> = stream::iter(plans.into_iter().enumerate())
        .map(|(i, p)| async move { (i, applier.apply(p).await) })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    deployments.sort_by_key(|(i, _)| *i);
    Ok(DeployReport {
        deployments: deployments.into_iter().map(|(_, o)| o).collect(),
        secrets,
    })
}

/// Replaces the deployment's automations with its triggers, as `prefect deploy` does. A
/// deployment created just now owns none, so then there is nothing to delete.
async fn apply_triggers(client: &Client, p: &Planned, id: &str, created: bool) -> Result<()> {
    if created && p.triggers.is_empty() {
        return Ok(());
    }
    if !created {
        client.delete_deployment_automations(id).await?;
    }
    let mut created = Vec::with_capacity(p.triggers.len());
    for t in &p.triggers {
        let mut body = t.clone();
        let index = body
            .as_object_mut()
            .and_then(|m| m.remove("index"))
            .unwrap_or_default();
        if body["name"].is_null() {
            body["name"] = json!(format!("{}__automation_{index}", p.name));
        }
        body["actions"][0]["deployment_id"] = json!(id);
        body["owner_resource"] = json!(format!("prefect.deployment.{id}"));
        created.push(client.create_automation(&body, id, &created).await?);
    }
    Ok(())
}

/// What applying one deployment needs; shared by the concurrent applies of a run.
struct Applier<'a> {
    client: Option<&'a Client>,
    opts: &'a DeployOptions,
    ci: &'a Value,
    /// Flow ids by flow name, created once per run.
    flows: std::collections::HashMap<String, tokio::sync::OnceCell<String>>,
    /// Hashes of values from secret blocks, kept in history records for redaction.
    secret_hashes: Vec<String>,
}

impl Applier<'_> {
    async fn apply(&self, p: Planned) -> Outcome {
        let (client, opts, ci) = (self.client, self.opts, self.ci);
        let mut outcome = Outcome {
            name: p.full_name(),
            id: None,
            flow_id: None,
            action: "dry-run",
            version: p.version.clone(),
            version_info: p.version_info.clone(),
            pinned: Pinned {
                commit_sha: p.pinned_commit.clone(),
                image: p.pinned_image.clone(),
            },
            url: None,
            request: None,
            error: None,
        };
        match self.apply_inner(&p, client, opts, ci, &mut outcome).await {
            Ok(()) => {
                if let (Some(c), Some(id)) = (client, &outcome.id) {
                    outcome.url = Some(c.connection().ui_url(id));
                }
                outcome
            }
            Err(e) => {
                tracing::error!("{}: {e}", outcome.name);
                Outcome {
                    action: "failed",
                    error: Some(e.to_string()),
                    ..outcome
                }
            }
        }
    }

    async fn apply_inner(
        &self,
        p: &Planned,
        client: Option<&Client>,
        opts: &DeployOptions,
        ci: &Value,
        outcome: &mut Outcome,
    ) -> Result<()> {
        let dry_run = opts.dry_run;
        let existing = match client {
            Some(c) => c.read_deployment_by_name(&p.flow_name, &p.name).await?,
            None => None,
        };
        let field = |d: &Value, k: &str| d.get(k).and_then(Value::as_str).map(str::to_owned);
        if let Some(d) = &existing {
            outcome.id = field(d, "id");
            outcome.flow_id = field(d, "flow_id");
        }
        if dry_run {
            outcome.request = Some(match &existing {
                Some(_) => {
                    json!({"method": "PATCH", "path": format!("/deployments/{}", outcome.id.clone().unwrap_or_default()), "body": p.update})
                }
                None => {
                    let mut body = p.create.clone();
                    body.insert("flow_id".into(), json!(outcome.flow_id));
                    json!({"method": "POST", "path": "/deployments/", "body": body})
                }
            });
            return Ok(());
        }
        let client = client.expect("a client exists unless this is a dry run");
        // What the history compares and records: the fields, and the triggers (automations).
        let mut planned = p.update.clone();
        if !p.triggers.is_empty() {
            planned.insert("triggers".into(), json!(p.triggers));
        }
        let mut stored = None;
        match existing {
            Some(current) => {
                let id = outcome
                    .id
                    .clone()
                    .ok_or_else(|| Error::service("the server's deployment has no id"))?;
                if !opts.force {
                    let name = outcome.name.clone();
                    if let Some(live) = history::unchanged(client, &current, &planned).await? {
                        tracing::info!("unchanged {name}: version {} is live with the same content (--force deploys anyway)", live.version());
                        outcome.action = "unchanged";
                        outcome.version = Some(live.version().to_owned());
                        return Ok(());
                    }
                }
                client
                    .update_deployment(&id, &Value::Object(p.update.clone()))
                    .await?;
                outcome.action = "updated";
            }
            None => {
                let flow_id = match self.flows.get(&p.flow_name) {
                    Some(cell) => cell
                        .get_or_try_init(|| client.ensure_flow(&p.flow_name))
                        .await?
                        .clone(),
                    None => client.ensure_flow(&p.flow_name).await?,
                };
                let mut body = serde_json::Map::new();
                body.insert("name".into(), json!(p.name));
                body.insert("flow_id".into(), json!(flow_id));
                body.extend(p.create.clone());
                let created = client.create_deployment(&Value::Object(body)).await?;
                outcome.id = created["id"].as_str().map(str::to_owned);
                stored = Some(created);
                outcome.flow_id = Some(flow_id);
                outcome.action = "created";
            }
        }
        let id = outcome.id.clone().unwrap_or_default();
        apply_triggers(client, p, &id, outcome.action == "created").await?;
        history::record_created(
            client,
            &outcome.name,
            &id,
            &planned,
            ci,
            stored,
            &self.secret_hashes,
        )
        .await
        .map_err(|e| e.context("deployed, but recording the version in the history failed"))?;
        tracing::info!(
            "{} {} (version {})",
            outcome.action,
            outcome.name,
            p.version.as_deref().unwrap_or("none")
        );
        Ok(())
    }
}
