//! Command-line definitions (clap) and nothing else.
//!
//! Every flag also reads `PINFLOW_<FLAG>` from the environment. `main.rs` turns these into
//! the plain option structs of the library (`cmd`), so domain modules never see clap types.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

pub use crate::report::Format;

const AFTER_HELP: &str = "\
Connection (Prefect's own variables):
  PREFECT_API_URL           the server's API, e.g. http://127.0.0.1:4200/api, or a Prefect Cloud
                            workspace URL
  PREFECT_API_KEY           Prefect Cloud API key (sent as a Bearer token)
  PREFECT_API_AUTH_STRING   user:password for a self-hosted server with Basic auth
  PREFECT_API_REQUEST_TIMEOUT, PREFECT_CLIENT_MAX_RETRIES   seconds per request (20), retries (4)
Every flag also reads PINFLOW_<FLAG> (PINFLOW_ALL=true, PINFLOW_VERSION=...); PINFLOW_LOG=debug
shows each request.

Examples:
  pinflow check                              plan every deployment offline, list problems
  pinflow deploy --all                       every deployment in ./prefect.yaml
  pinflow deploy etl/prod --dry-run          what would be sent, nothing written
  pinflow plan --all --output markdown       what deploy would change, field by field
  pinflow plan --all --comment               the plan in the pull request's comment
  pinflow deploy --all --preview             this pull request's own copies (name-pr-N)
  pinflow preview cleanup                    delete this pull request's previews
  pinflow versions etl/prod                  versions, newest first; * marks the live one
  pinflow rollback etl/prod                  the version before the live one becomes live
  pinflow promote etl/prod --to 1a2b3c4d     any recorded version, by name or id

Exit codes: 0 ok, 2 usage, 3 invalid project, 4 a service failed, 5 some deployments failed,
6 plan: deploying would change something.";

/// Ship pinned, versioned Prefect deployments from CI.
#[derive(Debug, Parser)]
#[command(name = "pinflow", version, about, max_term_width = 100, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses the command line (and `PINFLOW_*` variables), or prints why it cannot and exits
    /// with 2, with `secrets` redacted from what it prints. A bad value that came from an environment variable says so: a CI wrapper sets
    /// them, and the user did not type it. What clap prints (errors, `--help`, `--version`)
    /// goes through `usage::render`: the rejected value is not repeated, secrets are
    /// redacted, every line is inert for CI runners.
    pub fn parse_or_exit(env: &crate::env::Env, secrets: &crate::secret::Secrets) -> Self {
        let command = crate::usage::hide_env_values(Self::command());
        let parsed = command.try_get_matches().and_then(|mut matches| {
            Self::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Self::command()))
        });
        match parsed {
            Ok(cli) => cli,
            Err(e) => {
                let note = from_environment(&e, env).map(|var| {
                    format!("note: the value comes from the environment variable {var}; fix or unset it")
                });
                let (shown, to_stderr) = crate::usage::render(&e, note.as_deref(), secrets);
                write_all(&shown, to_stderr);
                if to_stderr && json_wanted(env) {
                    write_all(&usage_document(&shown), false);
                }
                std::process::exit(e.exit_code());
            }
        }
    }
}

/// Whether the command line asks for JSON (`--output json`, `PINFLOW_OUTPUT=json`, or
/// `version-info`, JSON by default), read without the parser that refused it.
fn json_wanted(env: &crate::env::Env) -> bool {
    let args: Vec<String> = crate::env::Env::args().collect();
    let given = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--output" => Some(args.get(i + 1).cloned().unwrap_or_default()),
        _ => a.strip_prefix("--output=").map(str::to_owned),
    });
    match given.or_else(|| env.get("PINFLOW_OUTPUT").map(str::to_owned)) {
        Some(format) => format == "json",
        None => args.first().is_some_and(|c| c == "version-info"),
    }
}

/// The JSON document of a refused command line: its first line (already redacted and inert)
/// as a usage error.
fn usage_document(shown: &str) -> String {
    let first = shown.lines().next().unwrap_or("");
    let err = crate::error::Error::usage(first.trim_start_matches("error: "));
    let doc = crate::report::failure_document(&err);
    crate::escape::json(&(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"))
}

/// Writes `text` to stderr or stdout; a reader that went away is not an error.
fn write_all(text: &str, to_stderr: bool) {
    use std::io::Write;
    let _ = if to_stderr {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
}

/// The `PINFLOW_*` variable a bad value came from: the flag the error names, when it was not
/// given on the command line and its variable is set.
fn from_environment(e: &clap::Error, env: &crate::env::Env) -> Option<String> {
    if !matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let long = arg
        .trim_start_matches('-')
        .split([' ', '='])
        .next()?
        .to_owned();
    let typed = crate::env::Env::args()
        .any(|a| a == format!("--{long}") || a.starts_with(&format!("--{long}=")));
    if typed {
        return None;
    }
    let command = Cli::command();
    let var = command
        .get_subcommands()
        .flat_map(|c| c.get_arguments())
        .chain(command.get_arguments())
        .find(|a| a.get_long() == Some(long.as_str()) || a.get_id().as_str() == long)
        .and_then(|a| a.get_env())
        .map(|v| v.to_string_lossy().into_owned())?;
    env.get(&var).map(|_| var)
}

/// pinflow's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update deployments from prefect.yaml, each as a new version.
    Deploy(DeployArgs),
    /// Show what deploy would change, field by field, against the server; write nothing
    /// (but, with --out, the plan file).
    Plan(PlanArgs),
    /// Apply a plan file (`plan --out`) exactly: to the server it was made against (a stale
    /// plan is refused), or to another one (promotion: the same code, that server's settings).
    Apply(ApplyArgs),
    /// Manage pull request previews (`deploy --preview`).
    #[command(subcommand)]
    Preview(PreviewCommand),
    /// `preview cleanup` as one word, the command the CI packages pass on.
    #[command(name = "preview-cleanup", hide = true)]
    PreviewCleanup(CleanupArgs),
    /// Print the version info this build would record.
    VersionInfo(VersionInfoArgs),
    /// Print an image reference pinned to the digest its tag points to now.
    ResolveImage(ResolveImageArgs),
    /// Validate prefect.yaml and its entrypoints without talking to a server.
    Check(CheckArgs),
    /// List a deployment's versions, newest first, and which one is live.
    Versions(VersionsArgs),
    /// Make the version before the live one (or --to VERSION) live again.
    Rollback(MoveArgs),
    /// Make the version after the live one (or --to VERSION) live.
    Promote(MoveArgs),
}

/// Flags of `pinflow versions`.
#[derive(Debug, clap::Args)]
pub struct VersionsArgs {
    /// The deployment, as FLOW/DEPLOYMENT.
    #[arg(value_name = "FLOW/DEPLOYMENT", env = "PINFLOW_DEPLOYMENT")]
    pub deployment: String,
    /// Show at most this many versions.
    #[arg(long, env = "PINFLOW_LIMIT", default_value_t = 20)]
    pub limit: usize,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags of `pinflow rollback` and `pinflow promote`.
#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// The deployment, as FLOW/DEPLOYMENT.
    #[arg(value_name = "FLOW/DEPLOYMENT", env = "PINFLOW_DEPLOYMENT")]
    pub deployment: String,
    /// The version to make live: a version name or a version id.
    #[arg(long, env = "PINFLOW_TO", value_name = "VERSION")]
    pub to: Option<String>,
    /// Show the change; apply nothing.
    #[arg(long, env = "PINFLOW_DRY_RUN")]
    pub dry_run: bool,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--output text|json`, the result format most commands take.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Result format.
    #[arg(long = "output", id = "output", value_name = "OUTPUT", env = "PINFLOW_OUTPUT", default_value = "text",
          value_parser = formats(&[TEXT, JSON]))]
    pub format: Format,
}

/// `--output text|json|markdown` (`plan`).
#[derive(Debug, clap::Args)]
pub struct PlanOutputArgs {
    /// Result format.
    #[arg(long = "output", id = "output", value_name = "OUTPUT", env = "PINFLOW_OUTPUT", default_value = "text",
          value_parser = formats(&[
              (Format::Text, "text", "Lines for a terminal"),
              JSON,
              (Format::Markdown, "markdown", "Markdown, for a pull request comment or a job summary"),
          ]))]
    pub format: Format,
}

/// `--output json|env` (`version-info`).
#[derive(Debug, clap::Args)]
pub struct InfoOutputArgs {
    /// Result format.
    #[arg(long = "output", id = "output", value_name = "OUTPUT", env = "PINFLOW_OUTPUT", default_value = "json",
          value_parser = formats(&[
              (Format::Json, "json", "The version_info object as JSON"),
              (Format::Env, "env", "`PINFLOW_*=value` lines for later CI stages"),
          ]))]
    pub format: Format,
}

/// A result format a command takes: the value, its name on the command line, its help.
type Choice = (Format, &'static str, &'static str);

const TEXT: Choice = (Format::Text, "text", "Lines for a person");
const JSON: Choice = (Format::Json, "json", "One JSON document");

/// The parser of an `--output` that takes `choices` (one [`Format`] for every command, each
/// command its own values and their help).
fn formats(choices: &[Choice]) -> impl clap::builder::TypedValueParser<Value = Format> {
    let choices = choices.to_vec();
    let names = choices
        .iter()
        .map(|(_, name, help)| clap::builder::PossibleValue::new(*name).help(*help));
    clap::builder::PossibleValuesParser::new(names).map(move |name| {
        choices
            .iter()
            .find(|(_, n, _)| *n == name)
            .map_or(Format::Text, |(f, _, _)| *f)
    })
}

/// When to write this build's commit into `git_clone` pull steps (`--pin-commit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PinCommit {
    /// On a CI platform (a local deploy is not a build).
    Auto,
    /// Always; an error when no commit is known.
    Always,
    /// Never: pull steps are sent as written.
    Never,
}

/// When to ask the registry for the digest of a tagged image (`--resolve-image`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResolveImage {
    /// When the image has a tag and no digest; a registry that cannot be asked is a warning.
    Auto,
    /// Always; a registry that cannot be asked is an error.
    Always,
    /// Never: the image is sent as written.
    Never,
}

/// Flags of `pinflow resolve-image`.
#[derive(Debug, clap::Args)]
pub struct ResolveImageArgs {
    /// The image, such as ghcr.io/org/app:1.2.
    #[arg(value_name = "IMAGE_REF")]
    pub image: String,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What to deploy and how to version and pin it: the flags `deploy` and `plan` share.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// Deployments: a name, `flow/name`, or a glob such as `etl-*` (from the environment:
    /// comma-separated).
    #[arg(
        value_name = "NAME",
        env = "PINFLOW_DEPLOYMENTS",
        value_delimiter = ','
    )]
    pub names: Vec<String>,
    /// The same as NAME, in `prefect deploy -n` form; may be repeated.
    #[arg(short = 'n', long = "name", value_name = "NAME")]
    pub name_flags: Vec<String>,
    /// Every deployment in the project file.
    #[arg(long, env = "PINFLOW_ALL")]
    pub all: bool,
    /// The project file; may be repeated, and may be a glob (`'flows/*/prefect.yaml'`): with
    /// several files, each is deployed as `prefect deploy --all` run in its own folder.
    #[arg(
        long,
        env = "PINFLOW_PREFECT_FILE",
        default_value = "prefect.yaml",
        action = clap::ArgAction::Append
    )]
    pub prefect_file: Vec<PathBuf>,
    /// The version name to record (default: the short commit SHA).
    #[arg(long, env = "PINFLOW_VERSION")]
    pub version: Option<String>,
    /// The version type: vcs:github, vcs:gitlab, vcs:bitbucket, vcs:azuredevops, vcs:git or
    /// prefect:simple (default: detected from the CI platform).
    #[arg(long, env = "PINFLOW_VERSION_TYPE")]
    pub version_type: Option<String>,
    /// Write this build's commit into git_clone pull steps of this repository (auto: on CI).
    #[arg(long, env = "PINFLOW_PIN_COMMIT", value_enum, default_value_t = PinCommit::Auto)]
    pub pin_commit: PinCommit,
    /// Pin job_variables.image to this digest (sha256:...), as built by an earlier CI step.
    #[arg(long, env = "PINFLOW_IMAGE_DIGEST", value_name = "DIGEST")]
    pub image_digest: Option<String>,
    /// Ask the registry for the digest of a tagged job_variables.image (auto: warn if it cannot).
    #[arg(long, env = "PINFLOW_RESOLVE_IMAGE", value_enum, default_value_t = ResolveImage::Auto)]
    pub resolve_image: ResolveImage,
    /// Load flows with this Python interpreter (which has Prefect and the flow's dependencies)
    /// for Prefect's exact schema, instead of reading their source.
    #[arg(long, env = "PINFLOW_PYTHON", value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Deploy each deployment as this pull request's preview: its own name, schedules
    /// inactive, tagged `preview` and `pr-<number>`, no triggers (`pinflow preview cleanup`
    /// removes them). An existing deployment of that name is replaced only if pinflow's
    /// history shows it is this repository's preview of this pull request.
    #[arg(long, env = "PINFLOW_PREVIEW")]
    pub preview: bool,
    /// The previews' names: `{name}` is the deployment's, `{number}` the pull request's.
    #[arg(
        long,
        env = "PINFLOW_PREVIEW_NAME",
        value_name = "PATTERN",
        default_value = crate::deploy::Preview::DEFAULT_PATTERN
    )]
    pub preview_name: String,
    /// With --all: also delete the deployments pinflow deployed from this repository and
    /// project file that the file no longer declares (with their automations and history).
    /// A deployment made otherwise, or changed since pinflow deployed it, is never deleted.
    #[arg(long, env = "PINFLOW_PRUNE")]
    pub prune: bool,
    /// Keep the deployments' triggers (automations) in their previews.
    #[arg(long, env = "PINFLOW_PREVIEW_TRIGGERS")]
    pub preview_triggers: bool,
    /// Run the project's build and push steps for its previews. They are the pull request's
    /// own commands: without this flag a preview with steps is refused; with it they run
    /// without pinflow's credentials (Prefect, code hosts, variables named as secrets) in
    /// their environment.
    #[arg(long, env = "PINFLOW_PREVIEW_STEPS")]
    pub preview_steps: bool,
    /// Keep a schedule (or the deployment) paused when it was paused on the server and the
    /// file did not change it since pinflow last deployed it (default: deploy it as the file
    /// says, active, as `prefect deploy` does).
    #[arg(long, env = "PINFLOW_KEEP_PAUSED")]
    pub keep_paused: bool,
    /// The pull or merge request's number (default: the CI platform's).
    #[arg(long, env = "PINFLOW_PULL_REQUEST", value_name = "NUMBER")]
    pub pull_request: Option<u64>,
    /// Also write the result into one comment on the pull or merge request, updated in place
    /// on every push (GitHub, GitLab, Bitbucket, Azure Repos; needs the platform's token).
    #[arg(long, env = "PINFLOW_COMMENT")]
    pub comment: bool,
}

/// Flags of `pinflow deploy`.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// What to deploy.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Print the requests that would be sent; write nothing.
    #[arg(long, env = "PINFLOW_DRY_RUN")]
    pub dry_run: bool,
    /// Deploy even when the live version already has this content (a new version is recorded).
    #[arg(long, env = "PINFLOW_FORCE")]
    pub force: bool,
    /// How many deployments to apply at once.
    #[arg(long, env = "PINFLOW_CONCURRENCY", default_value_t = crate::deploy::DEFAULT_CONCURRENCY,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags of `pinflow plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// What a deploy would deploy.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Also write the plan to this file, for `pinflow apply` (no secret is written into it).
    #[arg(long, value_name = "PLAN.json", env = "PINFLOW_PLAN_FILE")]
    pub out: Option<PathBuf>,
    /// Result format.
    #[command(flatten)]
    pub output: PlanOutputArgs,
}

/// Flags of `pinflow apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The plan file `pinflow plan --out` wrote.
    #[arg(value_name = "PLAN.json", env = "PINFLOW_PLAN_FILE")]
    pub plan_file: PathBuf,
    /// Apply the plan even when it is stale (the server changed since it was made).
    #[arg(long, env = "PINFLOW_FORCE")]
    pub force: bool,
    /// How many deployments to apply at once.
    #[arg(long, env = "PINFLOW_CONCURRENCY", default_value_t = crate::deploy::DEFAULT_CONCURRENCY,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `pinflow preview …`.
#[derive(Debug, Subcommand)]
pub enum PreviewCommand {
    /// Delete a pull request's previews and their history (when it is closed or merged), or
    /// every preview not updated for a while (--older-than); on CI, only this repository's.
    /// Only deployments pinflow's history proves to be previews are deleted.
    Cleanup(CleanupArgs),
}

/// Flags of `pinflow preview cleanup`.
#[derive(Debug, clap::Args)]
pub struct CleanupArgs {
    /// The pull or merge request whose previews go (default: the CI platform's).
    #[arg(long, env = "PINFLOW_PULL_REQUEST", value_name = "NUMBER")]
    pub pull_request: Option<u64>,
    /// Instead (or as well), previews not updated for this long: 30m, 12h, 7d.
    #[arg(long, env = "PINFLOW_OLDER_THAN", value_name = "DURATION")]
    pub older_than: Option<String>,
    /// List what would be deleted; delete nothing.
    #[arg(long, env = "PINFLOW_DRY_RUN")]
    pub dry_run: bool,
    /// Also say in pinflow's comments on the pull request that its previews are deleted (the
    /// comment `deploy --preview --comment` wrote; needs the platform's token).
    #[arg(long, env = "PINFLOW_COMMENT")]
    pub comment: bool,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags of `pinflow version-info`.
#[derive(Debug, clap::Args)]
pub struct VersionInfoArgs {
    /// The version type to infer (default: detected from the CI platform).
    #[arg(long, env = "PINFLOW_VERSION_TYPE")]
    pub version_type: Option<String>,
    /// The version name to record (default: the short commit SHA).
    #[arg(long, env = "PINFLOW_VERSION")]
    pub version: Option<String>,
    /// Result format.
    #[command(flatten)]
    pub output: InfoOutputArgs,
}

/// Flags of `pinflow check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Deployments to check, as NAME, FLOW/NAME or a glob (default: all).
    #[arg(value_name = "DEPLOYMENT")]
    pub names: Vec<String>,
    /// The project file.
    #[arg(long, env = "PINFLOW_PREFECT_FILE", default_value = "prefect.yaml")]
    pub prefect_file: PathBuf,
    /// Load flows with this Python interpreter, as `deploy --python` does.
    #[arg(long, env = "PINFLOW_PYTHON", value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Result format.
    #[command(flatten)]
    pub output: OutputArgs,
}

impl From<PinCommit> for crate::pin::Mode {
    fn from(m: PinCommit) -> Self {
        match m {
            PinCommit::Auto => Self::Auto,
            PinCommit::Always => Self::Always,
            PinCommit::Never => Self::Never,
        }
    }
}

impl From<ResolveImage> for crate::pin::Mode {
    fn from(m: ResolveImage) -> Self {
        match m {
            ResolveImage::Auto => Self::Auto,
            ResolveImage::Always => Self::Always,
            ResolveImage::Never => Self::Never,
        }
    }
}
