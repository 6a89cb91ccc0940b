//! `pinflow deploy`, `plan`, `apply` and `check`: draft every selected deployment (nothing is
//! written if any draft fails), then apply them concurrently with a bounded number in flight.
//!
//! `prepare` drafts and decides before anything is written, `draft` resolves an entry in
//! Prefect's order, `fields` checks its fields, `parameters` checks
//! them against the flow's signature, `request` builds the bodies, `triggers` converts
//! triggers to automations, `known` reads what the server has in a few batched requests and
//! decides what each deployment comes to, `apply` writes one deployment, `outcome` is what the
//! run reports; `diff` is `pinflow plan`'s field-by-field comparison with the server, `drift`
//! what changed on the server since pinflow deployed (and `--keep-paused`);
//! `previews` turns a plan into a pull request's preview deployment;
//! `version` says which code a version is; `planfile` is `plan --out`'s file and what makes it
//! stale; `prune` what a project no longer declares; `schedule` and `steps` are what they say.

mod apply;
mod diff;
mod draft;
mod drift;
mod fields;
mod known;
mod outcome;
mod parameters;
mod planfile;
mod prepare;
mod previews;
mod prune;
mod request;
mod schedule;
mod several;
mod steps;
mod triggers;
mod version;
mod words;

use std::path::PathBuf;

use futures::stream::{self, StreamExt};

pub(crate) use diff::{Change, FieldChange, PlanEntry, PlanReport};
pub(crate) use drift::Drift;
#[cfg(test)]
pub(crate) use outcome::Pinned;
pub(crate) use outcome::{Action, DeployReport, Failure, Outcome};
pub(crate) use planfile::{FilePlan, PlanFile, Seal, KEY_VAR as PLAN_KEY_VAR};
pub(crate) use previews::{cleanup, parse_age, Cleaned, Cleanup, CleanupReport, Preview, Skipped};
pub(crate) use prune::Origin;
pub(crate) use schedule::now_rfc3339;
pub(crate) use several::project_files;

use prepare::{prepare, select, Decided, Prepared};

use crate::api::{self, Client};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::secret::Secrets;
use crate::vcs::VersionType;

/// How far a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Write the deployments and their versions.
    Apply,
    /// Look things up on the server (when there is one) and show what would be sent; run no
    /// steps, write nothing.
    DryRun,
    /// `pinflow check`: plan offline, with no server and no registry; look nothing up.
    Check,
}

/// How many deployments are applied (and Prefect requests sent) at once unless
/// `--concurrency` says otherwise.
pub(crate) const DEFAULT_CONCURRENCY: u16 = 4;

/// What `pinflow deploy` (or `check`) was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct DeployOptions {
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
    /// How far to go.
    pub mode: Mode,
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
    /// The CI platform's version type, read first when detecting the version info.
    pub platform: Option<VersionType>,
    /// The CI run making the change (`platform::Platform::run_info`), kept in the history.
    pub run: serde_json::Value,
    /// Deploy each deployment as a preview of this pull request instead (`--preview`).
    pub preview: Option<Preview>,
    /// Where the deployments come from, as their history records keep it.
    pub origin: Origin,
    /// Delete this project's deployments that the file no longer declares (`--prune`; with
    /// `all` only).
    pub prune: bool,
    /// Keep paused what was paused on the server when the file did not change it
    /// (`--keep-paused`).
    pub keep_paused: bool,
    /// A plan file is written (`plan --out`): deployments with build or push steps are
    /// refused, since a plan runs none and fixes the code it deploys.
    pub out: bool,
    /// The file's part of the plan being applied (`apply`): the file's text as planned, and
    /// the code of each deployment.
    pub plan: Option<std::sync::Arc<FilePlan>>,
}

/// What `pinflow check` found for one deployment: its name and entrypoint, or what is wrong.
pub(crate) type Checked = (String, Result<String>);

/// Runs `pinflow check`: plans the selected deployments as a dry run would, without a server
/// or a registry (block and variable placeholders are not looked up), so that it finds what
/// `deploy` would refuse in the files.
pub(crate) async fn check(
    opts: &DeployOptions,
    env: &Env,
    secrets: &Secrets,
) -> Result<Vec<Checked>> {
    let project = Project::load(&opts.prefect_file)?;
    let selected = select(&project, opts, env)?;
    let mut drafter = draft::Drafter::new(opts, env, None, &project, secrets)?;
    let mut checked = Vec::with_capacity(selected.len());
    for d in &selected {
        let planned = drafter.draft(d).await;
        let name = match &planned {
            Ok(p) => p.full_name(),
            Err(_) => d.name.clone(),
        };
        checked.push((name, planned.map(|p| p.code.entrypoint)));
    }
    Ok(checked)
}

/// Runs `pinflow plan` over one project file or several: what deploying the selected
/// deployments would change, field by field, against what the server has; nothing is written.
/// With `--out` (`opts.out`), also each file's part of the plan file.
pub(crate) async fn compare(
    runs: &[DeployOptions],
    env: &Env,
    secrets: &Secrets,
    seal: &Seal<'_>,
) -> Result<(PlanReport, Vec<FilePlan>)> {
    let mut prepared = prepare(runs, env, secrets).await?;
    let client = prepared.client.as_ref();
    let mut report = PlanReport {
        deployments: Vec::new(),
        commit: None,
    };
    let mut plan = Vec::new();
    let everywhere: Vec<String> = prepared
        .files
        .iter()
        .flat_map(|f| declared(&f.plans))
        .collect();
    let found = undeclared(client, runs, &everywhere).await?;
    if let (Some(client), true) = (client, runs.iter().any(|o| o.out)) {
        prepared.known.automations = Some(client.automations_by_deployment().await?);
        // What identifies the server to `apply`, whatever its URL: its work pools' queues.
        let all: Vec<&draft::Draft> = prepared.files.iter().flat_map(|f| &f.plans).collect();
        prepared.known.queues = known::queue_ids(client, &all).await?;
    }
    for ((opts, file), found) in runs.iter().zip(prepared.files).zip(found) {
        report.commit = report.commit.or_else(|| {
            file.plans
                .iter()
                .find_map(|p| p.code.version_info.commit_sha.clone())
        });
        warn_left_alone(found.left_alone);
        let undeclared = found.undeclared;
        if opts.out {
            let Decided {
                text,
                plans,
                decisions,
            } = &file;
            let known = &prepared.known;
            let text = text.clone();
            let file = FilePlan::new(opts, text, plans, decisions, known, &undeclared, seal);
            plan.push(file);
        }
        for (p, decision) in file.plans.iter().zip(file.decisions) {
            let entry = plan_entry(client, &prepared.known, p, decision, secrets);
            report.deployments.push(entry);
        }
        if let Some(client) = client {
            let deleted = undeclared.iter().map(|u| diff::deleted(client, u));
            report.deployments.extend(deleted);
        }
    }
    Ok((report, plan))
}

/// What `plan` says of one deployment: its changes and its drift, hidden as a plan hides.
fn plan_entry(
    client: Option<&Client>,
    known: &known::Known,
    p: &draft::Draft,
    decision: known::Decision,
    secrets: &Secrets,
) -> PlanEntry {
    // What the live version's newest history record says of its secrets.
    let record = match &decision {
        known::Decision::Update(d, _) | known::Decision::Unchanged(d, _) => known.newest(&d.id),
        known::Decision::New => None,
    };
    let hidden = diff::Hidden {
        secrets,
        hashes: record
            .map(|r| r.secret_hashes().collect())
            .unwrap_or_default(),
        paths: record
            .map(|r| r.secret_paths().collect())
            .unwrap_or_default(),
    };
    let drift = match &decision {
        known::Decision::Update(d, Some(r)) => drift::of(d, r, Some(&p.update), &hidden),
        known::Decision::Unchanged(d, _) => record
            .map(|r| drift::of(d, r, None, &hidden))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut entry = diff::entry(client, p, decision, &hidden);
    entry.drift_not_listed = drift.len().saturating_sub(diff::MAX_FIELDS_LISTED);
    entry.drift = drift;
    entry.drift.truncate(diff::MAX_FIELDS_LISTED);
    entry
}

/// Reports what `--prune` left alone.
fn warn_left_alone(why: Vec<String>) {
    for message in why {
        crate::diagnostic::warn(crate::diagnostic::Code::PruneLeftAlone, message);
    }
}

/// The `flow/name` of every planned deployment.
fn declared(plans: &[draft::Draft]) -> Vec<String> {
    plans.iter().map(draft::Draft::full_name).collect()
}

/// What `--prune` finds for each of `runs` (nothing for a file that does not prune), in one
/// read for all of them.
async fn undeclared(
    client: Option<&Client>,
    runs: &[DeployOptions],
    declared: &[String],
) -> Result<Vec<prune::Found>> {
    let origins: Vec<Option<&Origin>> = runs.iter().map(|o| o.prune.then_some(&o.origin)).collect();
    match client {
        Some(client) => prune::find(client, &origins, declared).await,
        None => Ok(runs.iter().map(|_| prune::Found::default()).collect()),
    }
}

/// With `--prune`, once every deployment of every file is applied: deletes each file's
/// deployments that no file of the run declares (on a dry run, only finds them; a plan's files
/// only what the plan deletes, on the server it was made against when `same_server`). Nothing
/// is deleted after a failed deployment: the files may not be what is live.
async fn prune_undeclared(
    client: Option<&Client>,
    runs: &[DeployOptions],
    declared: &[String],
    same_server: bool,
    report: &mut DeployReport,
) -> Result<()> {
    let Some(client) = client.filter(|_| runs.iter().any(|o| o.prune)) else {
        return Ok(());
    };
    if report.failure().is_some() {
        warn_left_alone(vec![
            "--prune deleted nothing: a deployment failed, so the file is not what is live".into(),
        ]);
        return Ok(());
    }
    let found = undeclared(Some(client), runs, declared).await?;
    for (opts, mut found) in runs.iter().zip(found) {
        if let Some(plan) = &opts.plan {
            let (planned, kept): (Vec<_>, Vec<_>) = found
                .undeclared
                .into_iter()
                .partition(|u| plan.deletes(u, same_server));
            found.undeclared = planned;
            found.left_alone.extend(kept.into_iter().map(|u| {
                format!(
                    "{} is no longer declared, but the plan does not delete it: left alone",
                    u.name
                )
            }));
        }
        warn_left_alone(found.left_alone);
        let undeclared: Vec<(&api::Deployment, String)> = found
            .undeclared
            .iter()
            .map(|u| (&u.deployment, u.name.clone()))
            .collect();
        let deleted = previews::delete(client, &undeclared, opts.mode != Mode::Apply).await?;
        report.pruned.extend(deleted);
    }
    Ok(())
}

/// Runs `pinflow deploy` over one project file or several (each with its own options): every
/// file's plans first, and nothing is written unless all of them plan, no deployment is
/// declared by two files and every work pool written to exists; then each file's applies, in
/// turn; then, with `--prune`, what no file of the run declares any more.
pub(crate) async fn run(
    runs: &[DeployOptions],
    env: &Env,
    secrets: &Secrets,
) -> Result<DeployReport> {
    let prepared = prepare(runs, env, secrets).await?;
    write(runs, prepared, secrets, false).await
}

/// Runs `pinflow apply`: `runs` are the plan's files (each with its part of `plan`), drafted
/// again here with the plan's code. Against the server the plan was made against (its URL, or
/// any deployment it saw), nothing is written when the plan is stale (unless `force`); against
/// another, the plan is promoted.
pub(crate) async fn apply_plan(
    plan: &PlanFile,
    runs: &[DeployOptions],
    env: &Env,
    secrets: &Secrets,
    seal: &Seal<'_>,
    force: bool,
) -> Result<DeployReport> {
    let mut prepared = prepare(runs, env, secrets).await?;
    let Some(client) = prepared.client.as_ref() else {
        return Err(Error::usage(
            "PREFECT_API_URL is not set: apply writes to a server",
        ));
    };
    let planned = runs
        .iter()
        .zip(&prepared.files)
        .filter_map(|(opts, file)| opts.plan.as_deref().map(|planned| (opts, planned, file)));
    for (_, planned, file) in planned.clone() {
        planned.check_drafted(&file.plans)?;
    }
    let everywhere: Vec<String> = prepared
        .files
        .iter()
        .flat_map(|f| declared(&f.plans))
        .collect();
    let found = undeclared(Some(client), runs, &everywhere).await?;
    // The server is known by its own ids, whatever its URL: the deployments and flows read,
    // those prune would delete, the work pools' queues.
    let all: Vec<&draft::Draft> = prepared.files.iter().flat_map(|f| &f.plans).collect();
    let ids: Vec<String> = prepared
        .known
        .ids()
        .into_iter()
        .chain(
            found
                .iter()
                .flat_map(|f| f.undeclared.iter().map(|u| u.deployment.id.clone())),
        )
        .chain(known::queue_ids(client, &all).await?)
        .collect();
    // The ids decide when the plan saw any (two clusters may reach their servers at one
    // address); the URL only when it saw none.
    let same_server = match planned.clone().any(|(_, p, _)| p.saw_anything()) {
        true => planned.clone().any(|(_, p, _)| p.saw_any_of(&ids)),
        false => plan.made_against(&client.connection().api_url),
    };
    if !same_server {
        tracing::info!(
            "{} is not the server the plan was made against ({}): promoting it, as planned there",
            client.connection().api_url,
            plan.server
        );
    }
    if same_server {
        prepared.known.automations = Some(client.automations_by_deployment().await?);
        let mut moved = Vec::new();
        for ((opts, planned, file), found) in planned.zip(found) {
            let known = &prepared.known;
            let delete = opts.prune.then_some(found.undeclared.as_slice());
            moved.extend(planned.stale(&file.plans, &file.decisions, known, delete, seal));
        }
        match (moved.is_empty(), force) {
            (true, _) => {}
            (false, true) => {
                for m in &moved {
                    let why = format!("--force: applied although {m}");
                    crate::diagnostic::warn(crate::diagnostic::Code::ConcurrentChange, why);
                }
            }
            (false, false) => return Err(planfile::stale_error(&moved)),
        }
    }
    write(runs, prepared, secrets, same_server).await
}

/// Writes what `prepare` planned: checks the work pools, applies each file's deployments, then
/// prunes (a plan's files only what the plan deletes, on the server it was made against when
/// `same_server`).
async fn write(
    runs: &[DeployOptions],
    prepared: Prepared,
    secrets: &Secrets,
    same_server: bool,
) -> Result<DeployReport> {
    let client = prepared.client.as_ref();
    // Nothing is written unless every work pool any file writes to exists.
    let pools = match client {
        Some(c) => {
            let writing: Vec<&draft::Draft> = prepared
                .files
                .iter()
                .flat_map(|f| f.plans.iter().zip(&f.decisions))
                .filter(|(_, d)| d.writes())
                .map(|(p, _)| p)
                .collect();
            known::check_pools(c, &writing).await?
        }
        None => Default::default(),
    };
    let declared: Vec<String> = prepared
        .files
        .iter()
        .flat_map(|f| declared(&f.plans))
        .collect();
    let mut report = DeployReport {
        deployments: Vec::new(),
        pruned: Vec::new(),
    };
    for (opts, file) in runs.iter().zip(prepared.files) {
        let known = &prepared.known;
        let applied = apply_file(opts, client, known, &pools, file, secrets).await;
        report.deployments.extend(applied);
    }
    // Only once every file is applied: a deployment one file gives up and another takes is
    // declared, not gone.
    prune_undeclared(client, runs, &declared, same_server, &mut report).await?;
    Ok(report)
}

/// Applies one project file's planned deployments; each outcome says how its own went.
async fn apply_file(
    opts: &DeployOptions,
    client: Option<&Client>,
    known: &known::Known,
    pools: &std::collections::HashMap<String, Option<String>>,
    file: Decided,
    secrets: &Secrets,
) -> Vec<Outcome> {
    let Decided {
        plans, decisions, ..
    } = file;
    let applier = &apply::Applier {
        client,
        opts,
        flows: plans
            .iter()
            .map(|p| {
                let cell = match known.flows.get(&p.flow_name) {
                    Some(id) => tokio::sync::OnceCell::new_with(Some(id.clone())),
                    None => tokio::sync::OnceCell::new(),
                };
                (p.flow_name.clone(), cell)
            })
            .collect(),
        pools: pools.clone(),
        automated: tokio::sync::OnceCell::new(),
        secrets,
    };
    let mut deployments: Vec<(usize, Outcome)> =
        stream::iter(plans.into_iter().zip(decisions).enumerate())
            .map(|(i, (p, d))| async move { (i, applier.apply(p, d).await) })
            .buffer_unordered(opts.concurrency.max(1))
            .collect()
            .await;
    deployments.sort_by_key(|(i, _)| *i);
    deployments.into_iter().map(|(_, o)| o).collect()
}
