//! `pinflow plan`.

use std::process::ExitCode;

use super::{comment, deploy::options, Context};
use crate::cli::PlanArgs;
use crate::comment::Section;
use crate::deploy::{self, Mode, PlanFile, Seal};
use crate::error::{Error, Result};

/// The exit code of a plan in which deploying would change something (0: nothing would).
pub(super) const CHANGES: u8 = 6;

/// Compares what deploying would send with what the server has, and reports it; with `--out`,
/// writes the plan file too. Needs the server: a plan without one would only say "new" for
/// everything.
pub(super) fn run(ctx: &Context, args: PlanArgs) -> Result<ExitCode> {
    let Some(connection) = crate::api::Connection::from_env(&ctx.env)? else {
        return Err(Error::usage(
            "PREFECT_API_URL is not set: a plan compares with the deployments on your server; \
             point it at the server (or use `pinflow deploy --dry-run` to see the requests \
             without one)",
        ));
    };
    if args.out.is_some() && args.target.preview {
        return Err(Error::usage(
            "--out does not go with --preview: a plan file is applied as it is to a server, and \
             a preview belongs to its pull request's build; deploy previews with `pinflow deploy \
             --preview`",
        ));
    }
    let on_pull_request =
        args.target.pull_request.is_some() || ctx.platform.on_pull_request(&ctx.env);
    if args.out.is_some() && args.target.prune && on_pull_request {
        // The branch's project file would decide what production loses.
        return Err(Error::usage(
            "--out with --prune is refused on a pull request's build: the branch's project \
             file would decide which deployments a later apply deletes; show them with `plan \
             --all --prune`, and make the pruning plan on the branch you deploy from",
        ));
    }
    // The key signs a plan file: a plan without one (a pull request's review, whose build may
    // not get the secret) does not need it.
    let key = args.out.as_ref().and(ctx.env.raw(deploy::PLAN_KEY_VAR));
    let seal = Seal::new(key, &ctx.secrets)?;
    if let Some(out) = &args.out {
        PlanFile::clear(out)?;
    }
    let (post, pull_request) = (args.target.comment, args.target.pull_request);
    let given = args.target.prefect_file.clone();
    let mut runs = options(
        ctx,
        args.target,
        Mode::DryRun,
        false,
        usize::from(deploy::DEFAULT_CONCURRENCY),
    )?;
    for run in &mut runs {
        run.out = args.out.is_some();
    }
    ctx.platform.section_start("pinflow plan");
    let compared = ctx
        .runtime()?
        .block_on(deploy::compare(&runs, &ctx.env, &ctx.secrets, &seal));
    ctx.platform.section_end();
    // The plan file is written before anything is reported: a plan that cannot be written is
    // the run's failure.
    let report = compared.and_then(|(report, files)| {
        if let Some(out) = &args.out {
            let plan = PlanFile::new(&connection.api_url, on_pull_request, files, &seal);
            plan.write(out, &ctx.secrets)?;
        }
        Ok(report)
    });
    // Rendered once: for the job summary, `--output markdown` and the comment.
    let markdown = super::deploy::markdown(&report, "pinflow plan", crate::report::plan::markdown);
    // A failed plan says so in the comment too: the last push's plan would mislead.
    if post {
        let commit = report.as_ref().ok().and_then(|r| r.commit.as_deref());
        let file = super::deploy::comment_file(&runs, &given);
        comment(ctx, pull_request, &file, Section::Plan, &markdown, commit);
    }
    if report.is_err() {
        ctx.reporter().failure_summary(&markdown);
    }
    let report = report?;
    ctx.reporter()
        .plan(&report, args.output.format, &markdown)?;
    if let Some(out) = &args.out {
        tracing::info!(
            "plan written to {}: apply it with `pinflow apply {0}`",
            out.display()
        );
    }
    Ok(if report.has_changes() {
        ExitCode::from(CHANGES)
    } else {
        ExitCode::SUCCESS
    })
}
