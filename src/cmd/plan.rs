//! `pinflow plan`.

use std::process::ExitCode;

use super::{comment, deploy::options, Context};
use crate::cli::PlanArgs;
use crate::comment::Section;
use crate::deploy::{self, Mode};
use crate::error::{Error, Result};

/// The exit code of a plan in which deploying would change something (0: nothing would).
pub(super) const CHANGES: u8 = 6;

/// Compares what deploying would send with what the server has, and reports it. Needs the
/// server: a plan without one would only say "new" for everything.
pub(super) fn run(ctx: &Context, args: PlanArgs) -> Result<ExitCode> {
    if crate::api::Connection::from_env(&ctx.env)?.is_none() {
        return Err(Error::usage(
            "PREFECT_API_URL is not set: a plan compares with the deployments on your server; \
             point it at the server (or use `pinflow deploy --dry-run` to see the requests \
             without one)",
        ));
    }
    let (post, pull_request) = (args.target.comment, args.target.pull_request);
    let given = args.target.prefect_file.clone();
    let runs = options(
        ctx,
        args.target,
        Mode::DryRun,
        false,
        usize::from(deploy::DEFAULT_CONCURRENCY),
    )?;
    ctx.platform.section_start("pinflow plan");
    let report = ctx
        .runtime()?
        .block_on(deploy::compare(&runs, &ctx.env, &ctx.secrets));
    ctx.platform.section_end();
    // Rendered once: for the job summary, `--output markdown` and the comment.
    let mut markdown = match &report {
        Ok(report) => crate::report::plan::markdown(report),
        Err(e) => crate::report::failure_markdown("pinflow plan", e),
    };
    // The run's warnings reach the job summary and the comment too.
    markdown.push_str(&crate::report::diagnostics_markdown(
        &crate::diagnostic::collected(),
    ));
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
    Ok(if report.has_changes() {
        ExitCode::from(CHANGES)
    } else {
        ExitCode::SUCCESS
    })
}
