//! Command-line definitions (clap) and nothing else.
//!
//! Every flag also reads `PINFLOW_<FLAG>` from the environment. `main.rs` turns these into
//! the plain option structs of the library (`cmd`), so domain modules never see clap types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Ship pinned, versioned Prefect deployments from CI.
#[derive(Debug, Parser)]
#[command(name = "pinflow", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// pinflow's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update deployments from prefect.yaml, each as a new version.
    Deploy(DeployArgs),
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
    #[arg(long, env = "PINFLOW_OUTPUT", value_enum, default_value_t = Output::Text)]
    pub output: Output,
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
    #[arg(long, env = "PINFLOW_OUTPUT", value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

/// Where to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Lines for a person.
    Text,
    /// One JSON document.
    Json,
}

/// When to pin (`--pin-commit`, `--resolve-image`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PinMode {
    /// Commit: on CI. Image: when tagged, warning if the registry cannot be asked.
    Auto,
    /// Always; an error when it cannot be done.
    Always,
    /// Never.
    Never,
}

/// Flags of `pinflow resolve-image`.
#[derive(Debug, clap::Args)]
pub struct ResolveImageArgs {
    /// The image, such as ghcr.io/org/app:1.2.
    #[arg(value_name = "IMAGE_REF")]
    pub image: String,
    /// Result format.
    #[arg(long, env = "PINFLOW_OUTPUT", value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

/// Output of `version-info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InfoOutput {
    /// The version_info object as JSON.
    Json,
    /// `PINFLOW_*=value` lines for later CI stages.
    Env,
}

/// Flags of `pinflow deploy`.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// Deployments to deploy: a name, `flow/name`, or a glob such as `etl-*` (from the
    /// environment: comma-separated).
    #[arg(
        value_name = "NAME",
        env = "PINFLOW_DEPLOYMENTS",
        value_delimiter = ','
    )]
    pub names: Vec<String>,
    /// The same as NAME, in `prefect deploy -n` form; may be repeated.
    #[arg(short = 'n', long = "name", value_name = "NAME")]
    pub name_flags: Vec<String>,
    /// Deploy every deployment in the project file.
    #[arg(long, env = "PINFLOW_ALL")]
    pub all: bool,
    /// The project file.
    #[arg(long, env = "PINFLOW_PREFECT_FILE", default_value = "prefect.yaml")]
    pub prefect_file: PathBuf,
    /// The version name to record (default: the short commit SHA).
    #[arg(long, env = "PINFLOW_VERSION")]
    pub version: Option<String>,
    /// The version type: vcs:github, vcs:gitlab, vcs:bitbucket, vcs:azuredevops, vcs:git or
    /// prefect:simple (default: detected from the CI platform).
    #[arg(long, env = "PINFLOW_VERSION_TYPE")]
    pub version_type: Option<String>,
    /// Print the requests that would be sent; write nothing.
    #[arg(long, env = "PINFLOW_DRY_RUN")]
    pub dry_run: bool,
    /// Deploy even when the live version already has this content (a new version is recorded).
    #[arg(long, env = "PINFLOW_FORCE")]
    pub force: bool,
    /// Write this build's commit into git_clone pull steps of this repository (auto: on CI).
    #[arg(long, env = "PINFLOW_PIN_COMMIT", value_enum, default_value_t = PinMode::Auto)]
    pub pin_commit: PinMode,
    /// Pin job_variables.image to this digest (sha256:...), as built by an earlier CI step.
    #[arg(long, env = "PINFLOW_IMAGE_DIGEST", value_name = "DIGEST")]
    pub image_digest: Option<String>,
    /// Ask the registry for the digest of a tagged job_variables.image (auto: warn if it cannot).
    #[arg(long, env = "PINFLOW_RESOLVE_IMAGE", value_enum, default_value_t = PinMode::Auto)]
    pub resolve_image: PinMode,
    /// Load flows with this Python interpreter (which has Prefect and the flow's dependencies)
    /// for Prefect's exact schema, instead of reading their source.
    #[arg(long, env = "PINFLOW_PYTHON", value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// How many deployments to apply at once.
    #[arg(long, env = "PINFLOW_CONCURRENCY", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Result format.
    #[arg(long, env = "PINFLOW_OUTPUT", value_enum, default_value_t = Output::Text)]
    pub output: Output,
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
    #[arg(long, env = "PINFLOW_OUTPUT", value_enum, default_value_t = InfoOutput::Json)]
    pub output: InfoOutput,
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
}

impl From<Output> for crate::report::Format {
    fn from(o: Output) -> Self {
        match o {
            Output::Text => Self::Text,
            Output::Json => Self::Json,
        }
    }
}

impl From<PinMode> for crate::pin::Mode {
    fn from(m: PinMode) -> Self {
        match m {
            PinMode::Auto => Self::Auto,
            PinMode::Always => Self::Always,
            PinMode::Never => Self::Never,
        }
    }
}
