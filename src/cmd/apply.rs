//! `pinflow apply`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::Context;
use crate::cli::ApplyArgs;
use crate::deploy::{self, DeployOptions, Mode, PlanFile, Seal};
use crate::error::{Error, Result};
use crate::pin::{self, PinOptions};

/// Applies a plan file: each of its project files' deployments drafted again from the file's
/// text as planned, with the plan's code, in this job's environment and against this server.
pub(super) fn run(ctx: &Context, args: ApplyArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let seal = Seal::new(ctx.env.raw(deploy::PLAN_KEY_VAR), &ctx.secrets)?;
    let plan = PlanFile::read(&args.plan_file, &seal)?;
    if plan.pull_request {
        return Err(Error::usage(
            "this plan was made on a pull request's build: its project file is the branch's, \
             not what was merged; make the plan on the branch you deploy from and apply that",
        ));
    }
    if plan.files.iter().any(|f| f.prune) && ctx.platform.on_pull_request(&ctx.env) {
        // The branch's plan would decide what production loses.
        return Err(Error::usage(
            "this plan was made with --prune, and a pull request's build does not prune: apply \
             it from the branch you deploy from",
        ));
    }
    let here = ctx.platform.repository(&ctx.env);
    if let Some(file) = plan
        .files
        .iter()
        .find(|f| f.prune && here.is_some() && f.origin.repository != here)
    {
        // Its records would name another repository's deployments as this project's.
        return Err(Error::usage(format!(
            "this plan prunes the deployments of {:?}, and this build is of {:?}: apply a \
             pruning plan from the repository it was made in",
            file.origin.repository.as_deref().unwrap_or("no repository"),
            here.as_deref().unwrap_or_default()
        )));
    }
    let runs: Vec<DeployOptions> = plan
        .files
        .iter()
        .map(|file| DeployOptions {
            names: Vec::new(),
            all: false,
            prefect_file: PathBuf::from(&file.prefect_file),
            version: None,
            version_type: None,
            mode: Mode::Apply,
            force: false,
            concurrency: usize::from(args.concurrency),
            // The plan pinned what it pins; nothing is looked up again.
            pin: PinOptions {
                commit: pin::Mode::Never,
                image_digest: None,
                resolve: pin::Mode::Never,
            },
            python: None,
            workdir: ctx.workdir.clone(),
            platform: ctx.platform.version_type(),
            run: ctx.platform.run_info(&ctx.env),
            preview: None,
            origin: file.origin.clone(),
            prune: file.prune,
            keep_paused: file.keep_paused,
            out: false,
            plan: Some(Arc::new(file.clone())),
        })
        .collect();
    ctx.platform.section_start("pinflow apply");
    let report = ctx.runtime()?.block_on(deploy::apply_plan(
        &plan,
        &runs,
        &ctx.env,
        &ctx.secrets,
        &seal,
        args.force,
    ));
    ctx.platform.section_end();
    let title = crate::report::deploy_title(false);
    let markdown =
        super::deploy::markdown(&report, title, |r| crate::report::deploy_markdown(r, false));
    super::deploy::finish(ctx, report, &markdown, args.output.format, false, started)
}
