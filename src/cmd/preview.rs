//! `pinflow preview cleanup`.

use std::process::ExitCode;

use super::{on_code_host, Context};
use crate::cli::{CleanupArgs, PreviewCommand};
use crate::deploy::{self, Cleaned, Cleanup};
use crate::diagnostic::Code;
use crate::error::{Error, Result};

/// Runs a `preview` subcommand.
pub(super) fn run(ctx: &Context, command: PreviewCommand) -> Result<ExitCode> {
    match command {
        PreviewCommand::Cleanup(args) => cleanup(ctx, args),
    }
}

/// Deletes a pull request's previews (or old ones) with their history, and lists them.
fn cleanup(ctx: &Context, args: CleanupArgs) -> Result<ExitCode> {
    let which = Cleanup {
        number: args
            .pull_request
            .or_else(|| ctx.platform.pull_request(&ctx.env)),
        repository: ctx.platform.repository(&ctx.env),
        older_than: args
            .older_than
            .as_deref()
            .map(deploy::parse_age)
            .transpose()
            .map_err(Error::usage)?,
        dry_run: args.dry_run,
    };
    let client = ctx.client()?;
    let report = ctx.runtime()?.block_on(deploy::cleanup(&client, &which))?;
    if args.comment && !args.dry_run {
        mark_comments(ctx, which.number, &report.deleted);
    }
    let shown = crate::report::Cleanup {
        dry_run: args.dry_run,
        report: &report,
    };
    ctx.reporter().render(&shown, args.output.format)?;
    Ok(ExitCode::SUCCESS)
}

/// `--comment`: the previews section of pinflow's comments on pull request `number` says
/// what was deleted. Never fails the run; a sweep by age alone names no pull request.
fn mark_comments(ctx: &Context, number: Option<u64>, cleaned: &[Cleaned]) {
    let Some(number) = number else {
        tracing::info!("--comment: no pull request to comment on (a sweep by age)");
        return;
    };
    if cleaned.is_empty() {
        // A second cleanup keeps the comment's list of what the first one deleted.
        tracing::info!("--comment: no previews were deleted; the comment stays as it is");
        return;
    }
    let markdown = ctx
        .secrets
        .redact(&crate::report::cleaned_markdown(cleaned));
    let work = crate::comment::previews_deleted(&*ctx.platform, &ctx.env, number, &markdown);
    let Some(marked) = on_code_host(ctx, work) else {
        return;
    };
    for why in &marked.warnings {
        crate::diagnostic::warn(Code::Comment, format!("--comment: {why}"));
    }
    match marked.updated {
        0 => tracing::info!("--comment: no comment on pull request #{number} lists previews"),
        n => tracing::info!(
            "--comment: {n} comment(s) on pull request #{number} now say the previews are deleted"
        ),
    }
}
