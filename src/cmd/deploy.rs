//! `pinflow deploy`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Context;
use crate::cli::{DeployArgs, TargetArgs};
use crate::comment::Section;
use crate::deploy::{self, DeployOptions, Mode, Preview};
use crate::error::{Error, Result};
use crate::pin::{self, PinOptions};
use crate::vcs::VersionType;

/// The options of a run over `target`, one per project file (`--prefect-file` may be given
/// several times, and as a glob): the selection, versioning and pinning flags.
pub(super) fn options(
    ctx: &Context,
    target: TargetArgs,
    mode: Mode,
    force: bool,
    concurrency: usize,
) -> Result<Vec<DeployOptions>> {
    let files = deploy::project_files(&target.prefect_file, &ctx.workdir)?;
    let named = !target.names.is_empty() || !target.name_flags.is_empty();
    if files.len() > 1 && (named || !target.all) {
        return Err(Error::usage(
            "several project files are deployed with --all (and no names): each file's \
             deployments all, as `prefect deploy --all` in each folder",
        ));
    }
    let preview = preview(ctx, &target)?;
    check_prune(&target)?;
    let image_digest = target
        .image_digest
        .map(|d| pin::check_digest(&d).map(|()| d))
        .transpose()?;
    let base = DeployOptions {
        names: target
            .names
            .into_iter()
            .chain(target.name_flags)
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        all: target.all,
        prefect_file: PathBuf::new(),
        version: target.version,
        version_type: target
            .version_type
            .as_deref()
            .map(VersionType::parse)
            .transpose()?,
        mode,
        force,
        concurrency,
        python: target.python,
        pin: PinOptions {
            commit: target.pin_commit.into(),
            image_digest,
            resolve: target.resolve_image.into(),
        },
        workdir: PathBuf::new(),
        platform: ctx.platform.version_type(),
        run: ctx.platform.run_info(&ctx.env),
        preview,
        origin: deploy::Origin {
            repository: None,
            file: String::new(),
        },
        prune: target.prune,
        keep_paused: target.keep_paused,
        out: false,
        plan: None,
    };
    let runs: Vec<DeployOptions> = files
        .into_iter()
        .map(|file| {
            Ok(DeployOptions {
                origin: origin(ctx, &file.path, base.prune)?,
                prefect_file: file.path,
                workdir: file.workdir,
                ..base.clone()
            })
        })
        .collect::<Result<_>>()?;
    let mut origins = std::collections::HashSet::new();
    if let Some(twice) = runs
        .iter()
        .find(|r| r.prune && !origins.insert(&r.origin.file))
    {
        return Err(Error::usage(format!(
            "--prune: two project files of this run are both {:?} in the repository, so each \
             would prune the other's deployments; deploy them apart, without --prune",
            twice.origin.file
        )));
    }
    Ok(runs)
}

/// The preview `target` asks for (`--preview`), with its pull request's number.
fn preview(ctx: &Context, target: &TargetArgs) -> Result<Option<Preview>> {
    if !target.preview {
        return Ok(None);
    }
    Preview::check_pattern(&target.preview_name).map_err(Error::usage)?;
    let number = target
        .pull_request
        .or_else(|| ctx.platform.pull_request(&ctx.env))
        .ok_or_else(|| {
            Error::usage(
                "--preview needs the pull request's number: run it in a pull or merge \
                 request build, or pass --pull-request N",
            )
        })?;
    Ok(Some(Preview {
        number,
        pattern: target.preview_name.clone(),
        triggers: target.preview_triggers,
        steps: target.preview_steps,
        repository: ctx.platform.repository(&ctx.env),
    }))
}

/// What a run's comment is keyed by: its project file, or with several the patterns given
/// (each project of a monorepo deployed apart keeps a comment of its own).
pub(super) fn comment_file(runs: &[DeployOptions], given: &[PathBuf]) -> PathBuf {
    match runs {
        [one] => one.prefect_file.clone(),
        _ => PathBuf::from(
            given
                .iter()
                .map(|g| g.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// Where the run's deployments come from (what their history records keep). `--prune` needs
/// both halves known: without the repository every clone's `prefect.yaml` would be one project,
/// without the file's place in it every folder's.
fn origin(ctx: &Context, prefect_file: &Path, prune: bool) -> Result<deploy::Origin> {
    let repository = ctx.platform.repository(&ctx.env);
    let file = project_file_in_repository(ctx, prefect_file);
    if prune && repository.is_none() {
        return Err(Error::usage(
            "--prune needs to know which repository this is, and only a CI platform says it \
             (GitHub Actions, GitLab CI, Bitbucket Pipelines, Azure Pipelines): outside CI every \
             repository's prefect.yaml would be one project, so run it from CI",
        ));
    }
    if prune && file.is_none() {
        return Err(Error::usage(format!(
            "--prune needs the project file's place in its repository, and {} is neither in a \
             folder holding .git nor in the CI platform's checkout: run it in the checkout (with \
             its .git folder), or without --prune",
            prefect_file.display()
        )));
    }
    Ok(deploy::Origin {
        repository,
        file: file.unwrap_or_else(|| prefect_file.to_string_lossy().into_owned()),
    })
}

/// `--prune` goes only with `--all`, and not with `--preview`.
fn check_prune(target: &TargetArgs) -> Result<()> {
    if !target.prune || (target.all && !target.preview) {
        return Ok(());
    }
    Err(Error::usage(if target.preview {
        "--prune does not go with --preview: previews are cleaned up with `pinflow preview \
         cleanup`"
    } else {
        "--prune needs --all: only a run over every deployment in the file knows which ones the \
         file no longer declares"
    }))
}

/// The project file's path from its repository's root, with `/` between folders: the same
/// file from any folder of any clone. The root is the CI platform's checkout when it holds the
/// file (a submodule's or a second checkout's `.git` below it must not make two projects one),
/// else the nearest folder holding `.git`; None when neither holds the file.
fn project_file_in_repository(ctx: &Context, file: &Path) -> Option<String> {
    let canonical = |p: PathBuf| p.canonicalize().unwrap_or(p);
    let absolute = canonical(ctx.workdir.join(file));
    let checkout = ctx.platform.checkout(&ctx.env).map(canonical);
    let root = checkout.filter(|c| absolute.starts_with(c)).or_else(|| {
        absolute
            .ancestors()
            .skip(1)
            .find(|d| d.join(".git").exists())
            .map(Path::to_owned)
    })?;
    let relative = absolute.strip_prefix(&root).ok()?;
    Some(
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Plans and applies the selected deployments, then reports them. A failed deployment is
/// reported with the results; the exit code says that it failed.
pub(super) fn run(ctx: &Context, args: DeployArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let mode = if args.dry_run {
        Mode::DryRun
    } else {
        Mode::Apply
    };
    let (post, pull_request) = (
        args.target.comment && !args.dry_run,
        args.target.pull_request,
    );
    let on_pull_request = pull_request.is_some() || ctx.platform.on_pull_request(&ctx.env);
    if args.target.prune && !args.dry_run && on_pull_request {
        // The branch's project file would decide what production loses.
        return Err(Error::usage(
            "--prune does not run on a pull request's build: the branch's project file would \
             decide which deployments are deleted; run `pinflow plan --all --prune` there to \
             show them, and prune from the branch you deploy from",
        ));
    }
    let given = args.target.prefect_file.clone();
    let runs = options(
        ctx,
        args.target,
        mode,
        args.force,
        usize::from(args.concurrency),
    )?;
    ctx.platform.section_start("pinflow deploy");
    let report = ctx
        .runtime()?
        .block_on(deploy::run(&runs, &ctx.env, &ctx.secrets));
    ctx.platform.section_end();
    let opts = &runs[0];
    let preview = opts.preview.is_some();
    let title = crate::report::deploy_title(preview);
    let markdown = markdown(&report, title, |r| {
        crate::report::deploy_markdown(r, preview)
    });
    if post {
        let number = opts.preview.as_ref().map(|p| p.number).or(pull_request);
        let commit = report.as_ref().ok().and_then(|r| r.commit());
        let file = comment_file(&runs, &given);
        super::comment(ctx, number, &file, Section::Deploy, &markdown, commit);
    }
    let dry_run = args.dry_run;
    finish(ctx, report, &markdown, args.output.format, dry_run, started)
}

/// A run's Markdown (for the job summary and the comment): its result, or its failure under
/// `title`; then the run's warnings.
pub(super) fn markdown<T>(
    report: &Result<T>,
    title: &str,
    result: impl FnOnce(&T) -> String,
) -> String {
    let mut markdown = match report {
        Ok(report) => result(report),
        Err(e) => crate::report::failure_markdown(title, e),
    };
    markdown.push_str(&crate::report::diagnostics_markdown(
        &crate::diagnostic::collected(),
    ));
    markdown
}

/// Reports a run that writes deployments (`deploy`, `apply`); a failed deployment is reported
/// with the results, and the exit code says that it failed.
pub(super) fn finish(
    ctx: &Context,
    report: Result<deploy::DeployReport>,
    markdown: &str,
    format: crate::report::Format,
    dry_run: bool,
    started: std::time::Instant,
) -> Result<ExitCode> {
    if report.is_err() && !dry_run {
        ctx.reporter().failure_summary(markdown);
    }
    let report = report?;
    ctx.reporter()
        .deploy(&report, format, dry_run, started, markdown)?;
    Ok(report
        .failure()
        .map_or(ExitCode::SUCCESS, |e| e.exit_code()))
}
