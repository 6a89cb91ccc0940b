//! Selecting deployments by name, `flow/name` or glob, as `prefect deploy -n` does.

use super::{DeploymentConfig, Project};
use crate::error::{Error, Result};

impl Project {
    /// The deployments named by `patterns` (all of them with `all`), in file order.
    pub fn select(&self, patterns: &[String], all: bool) -> Result<Vec<&DeploymentConfig>> {
        if self.deployments.is_empty() {
            return Err(Error::project(format!(
                "{}: no deployments are defined; add a `deployments:` list",
                self.path.display()
            )));
        }
        if all {
            return Ok(self.deployments.iter().collect());
        }
        if patterns.is_empty() {
            if let [only] = self.deployments.as_slice() {
                return Ok(vec![only]);
            }
            return Err(Error::usage(format!(
                "{} defines {} deployments; name the ones to deploy or pass --all. Known: {}",
                self.path.display(),
                self.deployments.len(),
                self.known_names()
            )));
        }
        let mut chosen = Vec::new();
        for pattern in patterns {
            let matched: Vec<_> = self
                .deployments
                .iter()
                .filter(|d| d.matches(pattern))
                .collect();
            if matched.is_empty() {
                return Err(Error::usage(format!(
                    "no deployment matches {pattern:?} in {}. Known: {}",
                    self.path.display(),
                    self.known_names()
                )));
            }
            chosen.extend(matched);
        }
        chosen.sort_by_key(|d| d.index);
        chosen.dedup_by_key(|d| d.index);
        Ok(chosen)
    }

    fn known_names(&self) -> String {
        let names: Vec<String> = self
            .deployments
            .iter()
            .map(|d| d.qualified_name())
            .collect();
        names.join(", ")
    }
}

impl DeploymentConfig {
    /// `flow/name` as shown to people: the entrypoint's function name and the deployment name.
    pub fn qualified_name(&self) -> String {
        match self.entrypoint_function() {
            Some(f) => format!("{}/{}", f.replace('_', "-"), self.name),
            None => self.name.clone(),
        }
    }

    fn entrypoint_function(&self) -> Option<&str> {
        let ep = self.config.get("entrypoint")?.as_str()?;
        let func = ep.rsplit_once(':').map(|(_, f)| f).unwrap_or(ep);
        Some(func.rsplit('.').next().unwrap_or(func))
    }

    /// Does `pattern` (name, `flow/name`, or a glob of either) select this deployment?
    pub fn matches(&self, pattern: &str) -> bool {
        let glob = |pat: &str, text: &str| {
            glob::Pattern::new(pat)
                .map(|p| p.matches(text))
                .unwrap_or(pat == text)
        };
        match pattern.split_once('/') {
            Some((flow, name)) => {
                let norm = |s: &str| s.replace('_', "-");
                let func = self.entrypoint_function().map(norm).unwrap_or_default();
                glob(&norm(flow), &func) && glob(name, &self.name)
            }
            None => glob(pattern, &self.name),
        }
    }
}
