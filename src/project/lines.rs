//! Where things are in the project file: the line of a deployment, of one of its keys, of a
//! top-level key, as typed [`Location`]s for messages and CI annotations.

use super::Project;
use crate::error::Location;

impl Project {
    /// The line (1-based) where `deployments[index]` starts, if it can be found.
    pub fn deployment_line(&self, index: usize) -> Option<usize> {
        let start = self.key_line("deployments", 0)?;
        let mut indent = None;
        let mut seen = 0;
        for (n, line) in self.text.lines().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let this = line.len() - trimmed.len();
            if this == 0 && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                let want = *indent.get_or_insert(this);
                if this == want {
                    if seen == index {
                        return Some(n + 1);
                    }
                    seen += 1;
                }
            }
        }
        None
    }

    /// The line of `key:` within `deployments[index]`, for messages about one field.
    pub fn field_line(&self, index: usize, key: &str) -> Option<usize> {
        let start = self.deployment_line(index)?;
        let end = self.deployment_line(index + 1).unwrap_or(usize::MAX);
        let prefix = format!("{key}:");
        self.text
            .lines()
            .enumerate()
            .skip(start - 1)
            .take_while(|(n, _)| n + 1 < end)
            .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(&prefix))
            .map(|(n, _)| n + 1)
    }

    /// Where `deployments[index]`.`key` is (the deployment when the key is absent).
    pub fn location(&self, index: usize, key: &str) -> Location {
        let line = self
            .field_line(index, key)
            .or_else(|| self.deployment_line(index));
        Location::line(self.path.display(), line)
    }

    /// Where the file itself is, at `line` when known.
    pub(super) fn at(&self, line: Option<usize>) -> Location {
        Location::line(self.path.display(), line)
    }

    /// The line of a top-level `key:` (at `indent` spaces).
    pub(super) fn key_line(&self, key: &str, indent: usize) -> Option<usize> {
        let prefix = format!("{}{key}:", " ".repeat(indent));
        self.text
            .lines()
            .position(|l| l.starts_with(&prefix))
            .map(|n| n + 1)
    }
}
