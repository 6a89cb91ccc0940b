//! `pinflow deploy`.

use std::process::ExitCode;

use super::{runtime, Context};
use crate::cli::DeployArgs;
use crate::deploy::{self, DeployOptions, Mode};
use crate::error::Result;
use crate::pin::{self, PinOptions};
use crate::vcs::VersionType;

/// Plans and applies the selected deployments, then reports them. A failed deployment is
/// reported with the results; the exit code says that it failed.
pub fn run(ctx: &Context, args: DeployArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let image_digest = args
        .image_digest
        .map(|d| pin::check_digest(&d).map(|()| d))
        .transpose()?;
    let opts = DeployOptions {
        names: args
            .names
            .into_iter()
            .chain(args.name_flags)
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        all: args.all,
        prefect_file: args.prefect_file,
        version: args.version,
        version_type: args
            .version_type
            .as_deref()
            .map(VersionType::parse)
            .transpose()?,
        mode: if args.dry_run {
            Mode::DryRun
        } else {
            Mode::Apply
        },
        force: args.force,
        concurrency: usize::from(args.concurrency),
        python: args.python,
        pin: PinOptions {
            commit: args.pin_commit.into(),
            image_digest,
            resolve: args.resolve_image.into(),
        },
        workdir: ctx.workdir.clone(),
        platform: ctx.platform.version_type(),
        run: ctx.platform.run_info(&ctx.env),
    };
    ctx.platform.section_start("pinflow deploy");
    let report = runtime()?.block_on(deploy::run(&opts, &ctx.env, &ctx.secrets));
    ctx.platform.section_end();
    let report = report?;
    ctx.reporter()
        .deploy(&report, args.output.into(), args.dry_run, started)?;
    Ok(report
        .failure()
        .map_or(ExitCode::SUCCESS, |e| e.exit_code()))
}
