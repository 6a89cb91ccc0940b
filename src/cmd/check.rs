//! `pinflow check`.

use std::process::ExitCode;

use super::Context;
use crate::cli::CheckArgs;
use crate::deploy::{self, DeployOptions, Mode};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::pin::{self, PinOptions};
use crate::report::{CheckReport, Checked, Format};

/// Plans every selected deployment offline and lists `ok` or `FAILED` for each; each problem
/// is reported once, with its file and line.
pub(super) fn run(ctx: &Context, args: CheckArgs) -> Result<ExitCode> {
    let opts = DeployOptions {
        all: args.names.is_empty(),
        names: args.names,
        prefect_file: args.prefect_file,
        version: None,
        version_type: None,
        mode: Mode::Check,
        force: false,
        concurrency: 1,
        // Offline: no registry lookups.
        pin: PinOptions {
            commit: pin::Mode::Auto,
            image_digest: None,
            resolve: pin::Mode::Never,
        },
        python: args.python,
        workdir: ctx.workdir.clone(),
        platform: ctx.platform.version_type(),
        run: serde_json::Value::Null,
        preview: None,
        origin: deploy::Origin {
            repository: None,
            file: String::new(),
        },
        prune: false,
        keep_paused: false,
        out: false,
        plan: None,
    };
    let checked = ctx
        .runtime()?
        .block_on(deploy::check(&opts, &ctx.env, &ctx.secrets))?;
    let total = checked.len();
    let reporter = ctx.reporter();
    let mut failed: Vec<Error> = Vec::new();
    let mut report = CheckReport {
        deployments: Vec::with_capacity(total),
    };
    for (name, entrypoint) in checked {
        let (ok, entrypoint) = match entrypoint {
            Ok(entrypoint) => (true, Some(entrypoint)),
            Err(e) => {
                failed.push(e);
                (false, None)
            }
        };
        report.deployments.push(Checked {
            name,
            ok,
            entrypoint,
        });
    }
    if args.output.format == Format::Json {
        // One document: the problems are its error diagnostics (and annotations on CI).
        failed.iter().for_each(|e| reporter.error(e));
        let errors = failed.iter().map(Diagnostic::of_error).collect();
        reporter.document(&report, errors)?;
        return Ok(failed.first().map_or(ExitCode::SUCCESS, |e| e.exit_code()));
    }
    reporter.render(&report, Format::Text)?;
    match failed.len() {
        0 => Ok(ExitCode::SUCCESS),
        1 => Err(failed.remove(0)),
        n => {
            // Each problem at its own line, then one error for the exit code.
            for e in &failed {
                reporter.error(e);
            }
            Err(Error::new(
                failed[0].kind,
                format!("{n} of {total} deployments have problems (above)"),
            ))
        }
    }
}
