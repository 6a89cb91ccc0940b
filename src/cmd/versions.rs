//! `pinflow versions`.

use std::process::ExitCode;

use super::{runtime, Context};
use crate::cli::{Output, VersionsArgs};
use crate::error::Result;
use crate::history;
use crate::report::text;

/// Lists a deployment's versions, newest first.
pub fn run(ctx: &Context, args: VersionsArgs) -> Result<ExitCode> {
    let client = ctx.client()?;
    let aliases = || ctx.aliases(&args.deployment);
    let versions = history::versions(&client, &args.deployment, &aliases, args.limit);
    let report = runtime()?.block_on(versions)?;
    let reporter = ctx.reporter();
    match args.output {
        Output::Json => reporter.json(&report)?,
        Output::Text => reporter.stdout(&text::versions(&report)),
    }
    Ok(ExitCode::SUCCESS)
}
