//! Projects in real git repositories in temporary folders.

use std::path::Path;
use std::process::Command;

/// A project folder that is a git repository with an origin remote.
pub struct TestProject {
    /// The folder.
    pub dir: tempfile::TempDir,
}

impl TestProject {
    /// A repository with `files`, committed with `message`.
    pub fn new(files: &[(&str, &str)], message: &str) -> Self {
        let p = TestProject {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        p.git(&["init", "-q", "-b", "main"]);
        p.git(&["remote", "add", "origin", "https://github.com/org/repo.git"]);
        p.commit(files, message);
        p
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `files` and commits them; returns the new HEAD SHA.
    pub fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
        for (name, content) in files {
            let path = self.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.head()
    }

    /// HEAD's full SHA.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Runs git here and returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}
