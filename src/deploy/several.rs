//! Several project files in one run (`--prefect-file` given more than once, or a glob): which
//! files they are, and that no deployment is declared by two of them. Each file is deployed as
//! `prefect deploy` deploys it when run in the file's own folder (entrypoints, pull steps and
//! the git repository are that folder's); one file named plainly keeps the working directory,
//! as `prefect deploy --prefect-file` does.

use std::path::{Path, PathBuf};

use super::DeployOptions;
use crate::error::{Error, Location, Result};

/// The most project files one run takes: a glob over a whole tree is a mistake, not a project.
const MAX_FILES: usize = 1000;

/// One project file of a run: the file, and the folder its deployments are resolved in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProjectFile {
    /// The file, as found (relative to the working directory when given so).
    pub(crate) path: PathBuf,
    /// The folder entrypoints and git are resolved in.
    pub(crate) workdir: PathBuf,
}

/// The project files `given` names, in `workdir`: each plain path as it is, each glob (`*`,
/// `?`, `[`) as the files it matches, in order, each file once. With one plain path its
/// deployments are resolved in `workdir`; with several files, or a glob, each in its own folder.
pub(crate) fn project_files(given: &[PathBuf], workdir: &Path) -> Result<Vec<ProjectFile>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut globbed = false;
    for pattern in given {
        let text = pattern.to_string_lossy();
        // A file whose name holds `[` or `*` is that file, when it exists.
        if !text.contains(['*', '?', '[']) || workdir.join(pattern).is_file() {
            files.push(pattern.clone());
            continue;
        }
        globbed = true;
        let matched = matches(&text, workdir)?;
        if matched.is_empty() {
            return Err(Error::usage(format!(
                "--prefect-file {text:?} matches no file in {}; check the pattern (it is \
                 matched from the working directory)",
                workdir.display()
            )));
        }
        files.extend(matched);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(workdir.join(f)));
    if files.len() > MAX_FILES {
        return Err(Error::usage(format!(
            "--prefect-file names {} project files, more than the {MAX_FILES} one run takes; \
             narrow the pattern",
            files.len()
        )));
    }
    let own_folders = globbed || files.len() > 1;
    Ok(files
        .into_iter()
        .map(|path| {
            let absolute = workdir.join(&path);
            let workdir = match absolute.parent() {
                Some(folder) if own_folders => folder.to_owned(),
                _ => workdir.to_owned(),
            };
            ProjectFile { path, workdir }
        })
        .collect())
}

/// The files a glob matches from `workdir`, sorted, as paths relative to it.
fn matches(pattern: &str, workdir: &Path) -> Result<Vec<PathBuf>> {
    // The working directory as it is, whatever it holds; the pattern below it.
    let root = glob::Pattern::escape(&workdir.to_string_lossy());
    let full = format!("{}/{pattern}", root.trim_end_matches('/'));
    let paths = glob::glob(&full).map_err(|e| {
        Error::usage(format!(
            "--prefect-file {pattern:?} is not a valid pattern: {}",
            e.msg
        ))
    })?;
    let mut found: Vec<PathBuf> = paths
        .filter_map(std::result::Result::ok)
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(workdir).map(Path::to_owned).unwrap_or(p))
        .take(MAX_FILES + 1)
        .collect();
    found.sort();
    Ok(found)
}

/// Refuses a run in which two project files declare the same deployment (`flow/name`):
/// which of them would be live depends on the order the files are applied in.
pub(super) fn check_declared_once(runs: &[DeployOptions], names: &[Vec<String>]) -> Result<()> {
    let mut first: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    for (opts, names) in runs.iter().zip(names) {
        for name in names {
            if let Some(other) = first.insert(name, &opts.prefect_file) {
                if other != opts.prefect_file {
                    return Err(Error::project(format!(
                        "deployment {name:?} is declared by {} and by {}: one run deploys each \
                         deployment once; rename one of them or deploy the files apart",
                        other.display(),
                        opts.prefect_file.display()
                    ))
                    .at(Location::file(opts.prefect_file.display())));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_name_each_file_once_in_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b/prefect.yaml", "a/prefect.yaml", "a/other.yaml"] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "deployments: []\n").unwrap();
        }
        let files = project_files(
            &["*/prefect.yaml".into(), "a/prefect.yaml".into()],
            dir.path(),
        )
        .unwrap();
        let found: Vec<(PathBuf, PathBuf)> =
            files.into_iter().map(|f| (f.path, f.workdir)).collect();
        assert_eq!(
            found,
            [
                ("a/prefect.yaml".into(), dir.path().join("a")),
                ("b/prefect.yaml".into(), dir.path().join("b")),
            ]
        );
        let one = project_files(&["a/other.yaml".into()], dir.path()).unwrap();
        assert_eq!(
            one[0].workdir,
            dir.path(),
            "one plain file: as prefect deploy"
        );
        let none = project_files(&["*/missing.yaml".into()], dir.path()).unwrap_err();
        assert!(none.to_string().contains("matches no file"), "{none}");
    }
}
