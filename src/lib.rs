//! pinflow: pinned, versioned Prefect deployments from CI, in one static binary.
//!
//! Data flows one way: inputs (flags, environment, prefect.yaml) become a plan of request
//! bodies, the plan is applied through the Prefect API, and the results are reported.

pub mod api;
pub mod ci;
pub mod cli;
pub mod deploy;
pub mod env;
pub mod error;
pub mod flow;
pub mod history;
pub mod http;
pub mod log;
pub mod pin;
pub mod project;
pub mod registry;
pub mod report;
pub mod template;
pub mod vcs;

use std::process::ExitCode;

use cli::{Cli, Command, InfoOutput, Output};
use env::Env;
use error::{Error, Result};

/// Runs one command; returns the exit code for success and partial failure. On a CI platform
/// the error is also reported the platform's way (an annotation at the file and line).
pub fn run(cli: Cli, env: Env) -> Result<ExitCode> {
    let workdir = std::env::current_dir()
        .map_err(|e| Error::usage(format!("cannot read the working directory: {e}")))?;
    let platform = ci::Platform::detect(&env, &workdir);
    let result = dispatch(cli, env, workdir, &platform);
    if let Err(e) = &result {
        platform.error(e);
    }
    result
}

fn dispatch(
    cli: Cli,
    env: Env,
    workdir: std::path::PathBuf,
    platform: &ci::Platform,
) -> Result<ExitCode> {
    match cli.command {
        Command::Deploy(args) => {
            let opts = deploy::DeployOptions {
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
                    .map(vcs::VersionType::parse)
                    .transpose()?,
                dry_run: args.dry_run,
                force: args.force,
                concurrency: usize::from(args.concurrency),
                python: args.python,
                pin: pin::PinOptions {
                    commit: pin_mode(args.pin_commit),
                    image_digest: match args.image_digest {
                        Some(d) => {
                            pin::check_digest(&d)?;
                            Some(d)
                        }
                        None => None,
                    },
                    resolve: pin_mode(args.resolve_image),
                },
                workdir,
                run: platform.run_info(&env),
            };
            platform.section_start("pinflow deploy");
            let report = runtime()?.block_on(deploy::run(&opts, &env));
            platform.section_end();
            let report = report?;
            platform.mask(&report.secrets);
            if !opts.dry_run {
                platform
                    .deploy_outputs(&report)
                    .map_err(|e| Error::service(format!("cannot write the CI outputs: {e}")))?;
            }
            let rendered = match args.output {
                Output::Json => report::json(&report)? + "\n",
                Output::Text => report::deploy_text(&report),
            };
            write_stdout(&report::redact(&rendered, &report.secrets));
            match report.failure() {
                Some(e) => Err(Error::new(
                    e.kind,
                    report::redact(&e.to_string(), &report.secrets),
                )),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        Command::VersionInfo(args) => {
            let wanted = args
                .version_type
                .as_deref()
                .map(vcs::VersionType::parse)
                .transpose()?;
            let mut detected = vcs::detect(&env, &vcs::git::Git::new(&workdir), wanted)?;
            runtime()?.block_on(vcs::complete_message(&mut detected, &env));
            let version = args
                .version
                .or_else(|| detected.short_sha())
                .unwrap_or_default();
            let info = detected.version_info(&version);
            match args.output {
                InfoOutput::Json => write_stdout(&(report::json(&info)? + "\n")),
                InfoOutput::Env => write_stdout(&report::version_env(&info)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ResolveImage(args) => {
            let reference = registry::Reference::parse(&args.image)?;
            let resolver = registry::Resolver::new(&env)?;
            let resolved = runtime()?.block_on(resolver.resolve(&reference))?;
            write_stdout(&match args.output {
                Output::Json => report::json(&resolved)? + "\n",
                Output::Text => format!("{}\n", resolved.image),
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Versions(args) => {
            let client = connect(&env)?;
            let report =
                runtime()?.block_on(history::versions(&client, &args.deployment, args.limit))?;
            write_stdout(&match args.output {
                Output::Json => report::json(&report)? + "\n",
                Output::Text => report::versions_text(&report),
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Rollback(args) => move_live(args, history::Direction::Rollback, &env, platform),
        Command::Promote(args) => move_live(args, history::Direction::Promote, &env, platform),
        Command::Check(args) => {
            let opts = deploy::DeployOptions {
                all: args.names.is_empty(),
                names: args.names,
                prefect_file: args.prefect_file,
                version: None,
                version_type: None,
                dry_run: true,
                force: false,
                concurrency: 1,
                // Offline: no registry lookups.
                pin: pin::PinOptions {
                    commit: pin::Mode::Auto,
                    image_digest: None,
                    resolve: pin::Mode::Never,
                },
                python: args.python,
                workdir,
                run: serde_json::Value::Null,
            };
            let checked = runtime()?.block_on(deploy::check(&opts, &env))?;
            let total = checked.len();
            let mut failed = Vec::new();
            for (name, entrypoint) in checked {
                match entrypoint {
                    Ok(entrypoint) => write_stdout(&format!("ok  {name}  ({entrypoint})\n")),
                    Err(e) => {
                        write_stdout(&format!("FAILED  {name}\n"));
                        failed.push(e);
                    }
                }
            }
            match failed.len() {
                0 => Ok(ExitCode::SUCCESS),
                1 => Err(failed.remove(0)),
                n => {
                    // Each problem at its own line, then one error for the exit code.
                    for e in &failed {
                        tracing::error!("{e}");
                        platform.error(e);
                    }
                    Err(Error::new(
                        failed[0].kind,
                        format!("{n} of {total} deployments have problems (above)"),
                    ))
                }
            }
        }
    }
}

fn pin_mode(mode: cli::PinMode) -> pin::Mode {
    match mode {
        cli::PinMode::Auto => pin::Mode::Auto,
        cli::PinMode::Always => pin::Mode::Always,
        cli::PinMode::Never => pin::Mode::Never,
    }
}

fn move_live(
    args: cli::MoveArgs,
    direction: history::Direction,
    env: &Env,
    platform: &ci::Platform,
) -> Result<ExitCode> {
    let client = connect(env)?;
    let opts = history::MoveOptions {
        target: args.deployment,
        to: args.to,
        dry_run: args.dry_run,
        direction,
    };
    let report =
        runtime()?.block_on(history::move_live(&client, &opts, &platform.run_info(env)))?;
    write_stdout(&match args.output {
        Output::Json => report::json(&report)? + "\n",
        Output::Text => report::move_text(&report),
    });
    Ok(ExitCode::SUCCESS)
}

/// A client for the server in `PREFECT_API_URL`, which these commands need.
fn connect(env: &Env) -> Result<api::Client> {
    let conn = api::Connection::from_env(env)?.ok_or_else(|| {
        Error::usage(
            "PREFECT_API_URL is not set; point it at your Prefect server or Cloud workspace",
        )
    })?;
    api::Client::new(conn)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::service(format!("cannot start the async runtime: {e}")))
}

/// Prints results; a reader that went away (`| head`) is not an error.
/// Prints results. Every line goes through `ci::inert_text`: text from commits and branches
/// inside them cannot become a CI command.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(ci::inert_text(text).as_bytes())
        .and_then(|()| out.flush());
}
