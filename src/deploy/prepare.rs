//! Everything a run does before it writes: each file's selected deployments drafted, what the
//! server has of them read in one batch, and what applying each comes to.

use super::{draft, drift, known, planfile, previews, several, steps, DeployOptions, Mode};
use crate::api::{Client, Connection};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::project::{DeploymentConfig, Project};
use crate::secret::Secrets;

/// The deployments `opts` names, with their build and push steps checked.
pub(super) fn select<'p>(
    project: &'p Project,
    opts: &DeployOptions,
    env: &Env,
) -> Result<Vec<&'p DeploymentConfig>> {
    let flow_name = |d: &DeploymentConfig| {
        let entrypoint = d.config.get("entrypoint")?.as_str()?;
        crate::flow::name(entrypoint, &opts.workdir, env)
    };
    let selected = match &opts.plan {
        // A plan's own entries, whatever the names (and whether their entrypoints are here).
        Some(plan) => project
            .deployments
            .iter()
            .filter(|d| plan.code(d.index).is_some())
            .collect(),
        None => project.select(&opts.names, opts.all, &flow_name)?,
    };
    for d in &selected {
        if opts.out {
            planfile::check_sources(project, d)?;
        }
        if opts.out && !(d.build.is_empty() && d.push.is_empty()) {
            return Err(Error::usage(format!(
                "deployment {:?} has build or push steps, and a plan file runs none: it fixes \
                 the code it deploys. Build and push the image in CI before the plan, and pin it \
                 (--image-digest, or --resolve-image); or deploy it with `pinflow deploy`",
                d.name
            )));
        }
        steps::check("build", &d.build, &d.name)?;
        steps::check("push", &d.push, &d.name)?;
    }
    Ok(selected)
}

/// What a run knows before it writes anything: the server, what it has of every selected
/// deployment of every project file (read in one batch for all the files), and each file's
/// deployments planned, with what applying each comes to.
pub(super) struct Prepared {
    pub(super) client: Option<Client>,
    pub(super) known: known::Known,
    pub(super) files: Vec<Decided>,
}

/// One project file's deployments, planned and decided.
pub(super) struct Decided {
    /// The file's text, as read.
    pub(super) text: String,
    pub(super) plans: Vec<draft::Draft>,
    pub(super) decisions: Vec<known::Decision>,
}

/// Plans every selected deployment of every file in `runs` and reads what the server has of
/// them in one batch (nothing is written); refuses a deployment declared by two files.
pub(super) async fn prepare(
    runs: &[DeployOptions],
    env: &Env,
    secrets: &Secrets,
) -> Result<Prepared> {
    let Some(first) = runs.first() else {
        return Err(Error::usage("no project file to deploy"));
    };
    // The files first: a project error is reported before a missing server.
    let projects = runs
        .iter()
        .map(|opts| match &opts.plan {
            Some(plan) => Project::parse(&opts.prefect_file, plan.text.clone()),
            None => Project::load(&opts.prefect_file),
        })
        .collect::<Result<Vec<_>>>()?;
    let selections = runs
        .iter()
        .zip(&projects)
        .map(|(opts, project)| select(project, opts, env))
        .collect::<Result<Vec<_>>>()?;
    let client = match Connection::from_env(env)? {
        Some(conn) => Some(Client::new(conn, first.concurrency, secrets)?),
        None if first.mode != Mode::Apply => None,
        None => return Err(Error::usage(
            "PREFECT_API_URL is not set; point it at your server (e.g. http://127.0.0.1:4200/api, \
                 or your Prefect Cloud workspace URL), or use --dry-run",
        )),
    };
    let mut drafted = Vec::with_capacity(runs.len());
    for ((opts, project), selected) in runs.iter().zip(&projects).zip(&selections) {
        let c = client.as_ref();
        drafted.push(draft_file(opts, project, selected, env, secrets, c).await?);
    }
    let names: Vec<Vec<String>> = drafted.iter().map(|plans| super::declared(plans)).collect();
    several::check_declared_once(runs, &names)?;
    let known = match &client {
        Some(c) => known::Known::read(c, &drafted.iter().flatten().collect::<Vec<_>>()).await?,
        None => known::Known::default(),
    };
    let mut files = Vec::with_capacity(runs.len());
    for ((opts, mut plans), project) in runs.iter().zip(drafted).zip(&projects) {
        if let (Some(preview), Some(_)) = (&opts.preview, &client) {
            // Before anything is written: every preview's name is free or is already this
            // pull request's preview.
            previews::check_owned(&plans, &known, preview)?;
        }
        let decisions = decide(opts, client.as_ref(), &known, &mut plans).await?;
        files.push(Decided {
            text: project.text().to_owned(),
            plans,
            decisions,
        });
    }
    Ok(Prepared {
        client,
        known,
        files,
    })
}

/// One project file's selected deployments, planned.
async fn draft_file(
    opts: &DeployOptions,
    project: &Project,
    selected: &[&DeploymentConfig],
    env: &Env,
    secrets: &Secrets,
    client: Option<&Client>,
) -> Result<Vec<draft::Draft>> {
    let mut drafter = draft::Drafter::new(opts, env, client, project, secrets)?;
    let mut plans = Vec::with_capacity(selected.len());
    for d in selected {
        let mut planned = drafter.draft(d).await?;
        if let Some(preview) = &opts.preview {
            previews::make(&mut planned, preview);
        }
        plans.push(planned);
    }
    Ok(plans)
}

/// What applying each of `plans` comes to (with `--keep-paused`, what stays paused is kept in
/// its body).
async fn decide(
    opts: &DeployOptions,
    client: Option<&Client>,
    known: &known::Known,
    plans: &mut [draft::Draft],
) -> Result<Vec<known::Decision>> {
    let mut decisions = Vec::with_capacity(plans.len());
    for p in plans.iter_mut() {
        let decision = known.decide(client, p, opts.force).await?;
        if let (true, known::Decision::Update(live, newest)) = (opts.keep_paused, &decision) {
            p.kept_paused = drift::keep_paused(&mut p.update, live, newest.as_deref());
            for kept in &p.kept_paused {
                tracing::info!(
                    "{}: {kept} stays paused, as on the server (--keep-paused)",
                    p.full_name()
                );
            }
        }
        decisions.push(decision);
    }
    Ok(decisions)
}
