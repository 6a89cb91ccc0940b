//! `pinflow resolve-image`.

use std::process::ExitCode;

use super::Context;
use crate::cli::ResolveImageArgs;
use crate::error::Result;
use crate::registry::{Reference, Resolver};

/// Prints the image pinned to the digest its tag points to now.
pub(super) fn run(ctx: &Context, args: ResolveImageArgs) -> Result<ExitCode> {
    let reference = Reference::parse(&args.image)?;
    let resolver = Resolver::new(&ctx.env, &ctx.secrets)?;
    let resolved = ctx.runtime()?.block_on(resolver.resolve(&reference))?;
    ctx.reporter().render(&resolved, args.output.format)?;
    Ok(ExitCode::SUCCESS)
}
