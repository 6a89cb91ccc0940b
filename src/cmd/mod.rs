//! One file per command: each turns its arguments into a call of the domain and hands the
//! result to `report`. This module starts a run (platform, secrets, logging) and prints the
//! error of a failed one, once, through the reporter.

mod apply;
mod check;
mod deploy;
mod move_live;
mod plan;
mod preview;
mod resolve_image;
mod version_info;
mod versions;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::api::{Client, Connection};
use crate::cli::{Cli, Command, PreviewCommand};
use crate::deploy::DEFAULT_CONCURRENCY;
use crate::diagnostic::Code;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::platform::Platform;
use crate::report::Reporter;
use crate::secret::Secrets;

/// What every command runs with.
pub(crate) struct Context {
    /// The environment.
    pub env: Env,
    /// The working directory: entrypoints and git are resolved in it.
    pub workdir: PathBuf,
    /// The CI platform.
    pub platform: std::sync::Arc<dyn Platform>,
    /// Every secret value known so far.
    pub secrets: Secrets,
    /// The async runtime the run's network work runs on, built once when first needed.
    runtime: std::sync::OnceLock<tokio::runtime::Runtime>,
}

impl Context {
    /// The reporter for this run.
    pub(crate) fn reporter(&self) -> Reporter<'_> {
        use std::io::IsTerminal;
        // Colour for a person at a terminal only (https://no-color.org).
        let colour = !self.platform.on_ci()
            && self.env.get_even_empty("NO_COLOR").is_none()
            && self.env.get("TERM") != Some("dumb")
            && std::io::stdout().is_terminal();
        Reporter::new(&*self.platform, &self.secrets).with_colour(colour)
    }

    /// A client for the server in `PREFECT_API_URL`, which the history commands need.
    pub(crate) fn client(&self) -> Result<Client> {
        let conn = Connection::from_env(&self.env)?.ok_or_else(|| {
            Error::usage(
                "PREFECT_API_URL is not set; point it at your Prefect server or Cloud workspace",
            )
        })?;
        Client::new(conn, usize::from(DEFAULT_CONCURRENCY), &self.secrets)
    }

    /// The run's async runtime (built on first use, then shared by every call). One thread: a
    /// run waits on servers, and a second thread only competes with a local server for a small
    /// runner's cores and holds memory of its own (500 deployments: create in 22 s instead of
    /// 44, peak RSS 40 MiB instead of 42; docs/speed.md).
    pub(crate) fn runtime(&self) -> Result<&tokio::runtime::Runtime> {
        if let Some(rt) = self.runtime.get() {
            return Ok(rt);
        }
        let built = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::service(format!("cannot start the async runtime: {e}")))?;
        Ok(self.runtime.get_or_init(|| built))
    }
}

impl Context {
    /// Other names of deployment `target` (`flow/name`) that the project file in the working
    /// directory gives it (read only when the server knows no `target`): its flow's name when
    /// `target` names the flow's function, and the other way round. Empty when there is no
    /// project file or it says nothing of `target`.
    pub(crate) fn aliases(&self, target: &str) -> Vec<String> {
        let Some((flow, name)) = target.split_once('/') else {
            return Vec::new();
        };
        let Ok(project) = crate::project::Project::load(&self.workdir.join("prefect.yaml")) else {
            return Vec::new();
        };
        let norm = |s: &str| s.replace('_', "-");
        let mut aliases = Vec::new();
        for d in project.deployments.iter().filter(|d| d.name == name) {
            let function = d.entrypoint_function().map(norm).unwrap_or_default();
            let flow_name = d
                .config
                .get("entrypoint")
                .and_then(|e| e.as_str())
                .and_then(|e| crate::flow::name(e, &self.workdir, &self.env));
            if let Some(flow_name) = flow_name {
                for (one, other) in [(&function, &flow_name), (&flow_name, &function)] {
                    if norm(flow) == norm(one) && other != flow {
                        aliases.push(format!("{other}/{name}"));
                    }
                }
            }
        }
        aliases.dedup();
        aliases
    }
}

/// Runs one command and returns the process's exit code. The credentials in the environment
/// are learned (and masked on CI) before anything else happens.
pub fn run(cli: Cli, env: Env) -> ExitCode {
    let workdir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let platform = crate::platform::detect(&env, &workdir);
    let secrets = Secrets::new(platform.mask());
    secrets.install();
    secrets.learn_env(&env);
    // A pull request's project file can pull any variable into what is shown
    // (`{{ $DB_PASSWORD }}` in a description or a version): those named as secrets are hidden.
    secrets.learn_named(&env);
    crate::log::panic_hook(secrets.clone());
    crate::log::init(&env, secrets.clone());
    let (shown_on, hidden) = (platform.clone(), secrets.clone());
    crate::diagnostic::install(std::sync::Arc::new(move |d| {
        Reporter::new(&*shown_on, &hidden).diagnostic(d);
    }));
    let json = json_output(&cli.command);
    let ctx = Context {
        env,
        workdir,
        platform,
        secrets,
        runtime: std::sync::OnceLock::new(),
    };
    let result = match cli.command {
        Command::Deploy(args) => deploy::run(&ctx, args),
        Command::Plan(args) => plan::run(&ctx, args),
        Command::Apply(args) => apply::run(&ctx, args),
        Command::Preview(command) => preview::run(&ctx, command),
        Command::PreviewCleanup(args) => preview::run(&ctx, PreviewCommand::Cleanup(args)),
        Command::Check(args) => check::run(&ctx, args),
        Command::VersionInfo(args) => version_info::run(&ctx, args),
        Command::ResolveImage(args) => resolve_image::run(&ctx, args),
        Command::Versions(args) => versions::run(&ctx, args),
        Command::Rollback(args) => move_live::run(&ctx, args, crate::history::Direction::Rollback),
        Command::Promote(args) => move_live::run(&ctx, args, crate::history::Direction::Promote),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let reporter = ctx.reporter();
            reporter.error(&e);
            // A script reading the JSON gets a document, failures included.
            if json {
                let _ = reporter.failure_document(&e);
            }
            e.exit_code()
        }
    }
}

/// Whether `command` prints its result as JSON (`--output json`).
fn json_output(command: &Command) -> bool {
    use crate::report::Format;
    let format = match command {
        Command::Deploy(a) => a.output.format,
        Command::Plan(a) => a.output.format,
        Command::Apply(a) => a.output.format,
        Command::Preview(PreviewCommand::Cleanup(a)) | Command::PreviewCleanup(a) => {
            a.output.format
        }
        Command::Check(a) => a.output.format,
        Command::VersionInfo(a) => a.output.format,
        Command::ResolveImage(a) => a.output.format,
        Command::Versions(a) => a.output.format,
        Command::Rollback(a) | Command::Promote(a) => a.output.format,
    };
    format == Format::Json
}

/// Writes `markdown` into `section` of the pull request's sticky comment (`--comment`) for
/// project file `prefect_file`, with the commit the run deployed or planned (as its report
/// says) in the footer. Never fails the run: off a pull request build it only says so, and a
/// comment that cannot be written is a warning saying what to set.
fn comment(
    ctx: &Context,
    pull_request: Option<u64>,
    prefect_file: &std::path::Path,
    section: crate::comment::Section,
    markdown: &str,
    commit: Option<&str>,
) {
    let Some(number) = pull_request.or_else(|| ctx.platform.pull_request(&ctx.env)) else {
        tracing::info!("--comment: this is not a pull or merge request build; no comment");
        return;
    };
    let markdown = ctx.secrets.redact(markdown);
    // The project file as the repository names it: the same on every runner and checkout
    // path, and different for each project of a monorepo.
    let file = ctx.workdir.join(prefect_file);
    let root = crate::platform::repository_root(&ctx.workdir);
    let key = file
        .strip_prefix(&root)
        .unwrap_or(prefect_file)
        .to_string_lossy()
        .replace('\\', "/");
    let work = crate::comment::post(
        &*ctx.platform,
        &ctx.env,
        number,
        &key,
        section,
        &markdown,
        commit,
    );
    if let Some(posted) = on_code_host(ctx, work) {
        match posted.warning() {
            Some(why) => crate::diagnostic::warn(Code::Comment, format!("--comment: {why}")),
            None => tracing::info!("--comment: {posted}"),
        }
    }
}

/// Runs `work` against the code host (`--comment`): what it cannot do is a warning, never
/// the run's failure.
fn on_code_host<T>(
    ctx: &Context,
    work: impl std::future::Future<Output = std::result::Result<T, String>>,
) -> Option<T> {
    let done = ctx
        .runtime()
        .map_err(|e| e.to_string())
        .and_then(|rt| rt.block_on(work));
    done.map_err(|why| crate::diagnostic::warn(Code::Comment, format!("--comment: {why}")))
        .ok()
}
