//! `pinflow rollback` and `pinflow promote`.

use std::process::ExitCode;

use super::Context;
use crate::cli::MoveArgs;
use crate::error::Result;
use crate::history::{self, Direction, MoveOptions};

/// Makes another version live (or shows what would change).
pub(super) fn run(ctx: &Context, args: MoveArgs, direction: Direction) -> Result<ExitCode> {
    let client = ctx.client()?;
    let aliases = || ctx.aliases(&args.deployment);
    let opts = MoveOptions {
        target: args.deployment.clone(),
        to: args.to,
        dry_run: args.dry_run,
        direction,
    };
    let ci = ctx.platform.run_info(&ctx.env);
    let report = ctx
        .runtime()?
        .block_on(history::move_live(&client, &opts, &aliases, &ci))?;
    ctx.reporter().render(&report, args.output.format)?;
    Ok(ExitCode::SUCCESS)
}
