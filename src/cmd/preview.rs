//! `pinflow preview cleanup`.

use std::process::ExitCode;

use super::{runtime, Context};
use crate::cli::{CleanupArgs, PreviewCommand};
use crate::deploy::{self, Cleanup};
use crate::error::{Error, Result};
use crate::report::{text, Format};

/// Runs a `preview` subcommand.
pub fn run(ctx: &Context, command: PreviewCommand) -> Result<ExitCode> {
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
        older_than: args
            .older_than
            .as_deref()
            .map(deploy::parse_age)
            .transpose()
            .map_err(Error::usage)?,
        dry_run: args.dry_run,
    };
    let client = ctx.client()?;
    let cleaned = runtime()?.block_on(deploy::cleanup(&client, &which))?;
    let reporter = ctx.reporter();
    match Format::from(args.output) {
        Format::Json => reporter.json(&serde_json::json!({
            "dry_run": args.dry_run, "deleted": cleaned,
        }))?,
        _ => reporter.stdout(&text::cleaned(&cleaned, args.dry_run)),
    }
    Ok(ExitCode::SUCCESS)
}
