//! `pinflow check`.

use std::process::ExitCode;

use super::{runtime, Context};
use crate::cli::CheckArgs;
use crate::deploy::{self, DeployOptions, Mode};
use crate::error::{Error, Result};
use crate::pin::{self, PinOptions};

/// Plans every selected deployment offline and lists `ok` or `FAILED` for each; each problem
/// is reported once, with its file and line.
pub fn run(ctx: &Context, args: CheckArgs) -> Result<ExitCode> {
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
        keep_paused: false,
    };
    let checked = runtime()?.block_on(deploy::check(&opts, &ctx.env, &ctx.secrets))?;
    let total = checked.len();
    let reporter = ctx.reporter();
    let mut failed: Vec<Error> = Vec::new();
    let mut rows = Vec::with_capacity(total);
    for (name, entrypoint) in checked {
        match entrypoint {
            Ok(entrypoint) => rows.push(vec!["ok".to_owned(), name, format!("({entrypoint})")]),
            Err(e) => {
                rows.push(vec!["FAILED".to_owned(), name]);
                failed.push(e);
            }
        }
    }
    reporter.stdout(&crate::report::text::table(&rows));
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
