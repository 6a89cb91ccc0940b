//! `pinflow version-info`.

use std::process::ExitCode;

use super::Context;
use crate::cli::VersionInfoArgs;
use crate::error::Result;
use crate::report::text;
use crate::report::Format;
use crate::vcs::{self, git::Git, VersionType};

/// Prints the version info this build would record.
pub(super) fn run(ctx: &Context, args: VersionInfoArgs) -> Result<ExitCode> {
    let wanted = args
        .version_type
        .as_deref()
        .map(VersionType::parse)
        .transpose()?;
    let git = Git::new(&ctx.workdir);
    let mut detected = vcs::detect(&ctx.env, &git, wanted, ctx.platform.version_type())?;
    ctx.runtime()?
        .block_on(vcs::complete_message(&mut detected, &ctx.env));
    let version = args
        .version
        .or_else(|| detected.short_sha())
        .unwrap_or_default();
    let info = detected.version_info(&version);
    let reporter = ctx.reporter();
    // The JSON is Prefect's version_info object itself: no diagnostics beside its fields.
    match args.output.format {
        Format::Json => reporter.json(&info)?,
        _ => reporter.stdout(&text::version_env(&info)),
    }
    Ok(ExitCode::SUCCESS)
}
