//! `pinflow versions`.

use std::process::ExitCode;

use super::Context;
use crate::cli::VersionsArgs;
use crate::error::Result;
use crate::history;

/// Lists a deployment's versions, newest first.
pub(super) fn run(ctx: &Context, args: VersionsArgs) -> Result<ExitCode> {
    let client = ctx.client()?;
    let aliases = || ctx.aliases(&args.deployment);
    let versions = history::versions(&client, &args.deployment, &aliases, args.limit);
    let report = ctx.runtime()?.block_on(versions)?;
    ctx.reporter().render(&report, args.output.format)?;
    Ok(ExitCode::SUCCESS)
}
