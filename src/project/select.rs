//! Selecting deployments by name, `flow/name` or glob, as `prefect deploy -n` does. The flow
//! part may be the flow's name (what pinflow and Prefect show, `@flow(name="greeter")`) or its
//! function's name (`greet`, what Prefect matches): both select it.

use super::{DeploymentConfig, Project};
use crate::error::{Error, Result};

impl Project {
    /// The deployments named by `patterns` (all of them with `all`), in file order.
    /// `flow_name` gives a deployment's flow name when it can be read (from its entrypoint).
    pub fn select(
        &self,
        patterns: &[String],
        all: bool,
        flow_name: &dyn Fn(&DeploymentConfig) -> Option<String>,
    ) -> Result<Vec<&DeploymentConfig>> {
        if self.deployments.is_empty() && self.unnamed > 0 {
            return Err(Error::project(format!(
                "{}: no deployment has a `name` ({} without one skipped, as Prefect skips \
                 them); name the ones to deploy",
                self.path.display(),
                self.unnamed
            )));
        }
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
                self.known_names(flow_name)
            )));
        }
        let mut chosen = Vec::new();
        for pattern in patterns {
            let matched: Vec<_> = self
                .deployments
                .iter()
                .filter(|d| d.matches(pattern, flow_name(d).as_deref()))
                .collect();
            if matched.is_empty() {
                return Err(Error::usage(format!(
                    "no deployment matches {pattern:?} in {}. Known: {}",
                    self.path.display(),
                    self.known_names(flow_name)
                )));
            }
            chosen.extend(matched);
        }
        chosen.sort_by_key(|d| d.index);
        chosen.dedup_by_key(|d| d.index);
        Ok(chosen)
    }

    /// `flow/name` of every deployment, as pinflow shows them.
    fn known_names(&self, flow_name: &dyn Fn(&DeploymentConfig) -> Option<String>) -> String {
        let names: Vec<String> = self
            .deployments
            .iter()
            .map(|d| match flow_name(d) {
                Some(flow) => format!("{flow}/{}", d.name),
                None => d.qualified_name(),
            })
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

    /// The function the entrypoint names (`flows.py:run_etl` → `run_etl`).
    pub fn entrypoint_function(&self) -> Option<&str> {
        let ep = self.config.get("entrypoint")?.as_str()?;
        let func = ep.rsplit_once(':').map(|(_, f)| f).unwrap_or(ep);
        Some(func.rsplit('.').next().unwrap_or(func))
    }

    /// Does `pattern` (name, `flow/name`, or a glob of either) select this deployment? The
    /// flow part may be its flow's name (`flow_name`, when known) or its function's name; when
    /// only the other one matches, pinflow says which deployment that is.
    pub fn matches(&self, pattern: &str, flow_name: Option<&str>) -> bool {
        let glob = |pat: &str, text: &str| {
            glob::Pattern::new(pat)
                .map(|p| p.matches(text))
                .unwrap_or(pat == text)
        };
        let Some((flow, name)) = pattern.split_once('/') else {
            return glob(pattern, &self.name);
        };
        if !glob(name, &self.name) {
            return false;
        }
        let norm = |s: &str| s.replace('_', "-");
        let func = self.entrypoint_function().map(norm).unwrap_or_default();
        let by_function = glob(&norm(flow), &func);
        let by_flow = flow_name.is_some_and(|f| glob(flow, f));
        if let (Some(f), true, false) = (flow_name, by_function, by_flow) {
            tracing::info!(
                "{pattern:?} selects {f}/{}: {func} is the flow's function, {f} its name",
                self.name
            );
        }
        by_function || by_flow
    }
}
