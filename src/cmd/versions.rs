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
    let report = runtime()?.block_on(history::versions(&client, &args.deployment, args.limit))?;
    let reporter = ctx.reporter();
    match args.output {
        Output::Json => reporter.json(&report)?,
        Output::Text => reporter.stdout(&text::versions(&report)),
    }
    Ok(ExitCode::SUCCESS)
}
