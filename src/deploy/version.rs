//! Which code a version is ([`Code`], what a plan file freezes): the version info this build
//! records (the CI platform's, or git's), the commit pinned into pull steps, the image pinned,
//! the version name, and a warning when the working tree is not the recorded commit.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::draft::Drafter;
use crate::error::{Error, Result};
use crate::flow;
use crate::pin;
use crate::project::{kind, DeploymentConfig};
use crate::template;
use crate::vcs::{self, git::Git, Detected, VersionInfo, VersionType};

/// What names the code a deployment runs. A plan file (`plan --out`) keeps it, and `apply`
/// sends it byte for byte to whichever server the plan is applied to; the rest of a deployment
/// belongs to the environment and is rendered again there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Code {
    /// The entrypoint, as templated.
    pub entrypoint: String,
    /// The flow: its name, description, version and parameter schema.
    pub flow: std::sync::Arc<flow::Flow>,
    /// The version name, if any.
    pub version: Option<String>,
    /// The version info sent with it.
    pub version_info: VersionInfo,
    /// Its pull steps, as sent (the commit pinned, when it is).
    pub pull_steps: Value,
    /// `job_variables.image`, as sent (pinned to a digest, when it is).
    pub image: Option<Value>,
    /// The commit written into its `git_clone` pull step, if any.
    pub pinned_commit: Option<String>,
    /// Its image with a digest, if pinned.
    pub pinned_image: Option<String>,
}

impl Code {
    /// Writes the image into `config`'s job variables, as the plan had it.
    pub(super) fn put_image(&self, config: &mut Map<String, Value>) {
        let Some(image) = &self.image else { return };
        let pool = config.entry("work_pool").or_insert_with(|| json!({}));
        if let Some(pool) = pool.as_object_mut() {
            let jv = pool.entry("job_variables").or_insert_with(|| json!({}));
            if let Some(jv) = jv.as_object_mut() {
                jv.insert("image".into(), image.clone());
            }
        }
    }
}

impl Drafter<'_> {
    /// Which code `d` runs, as this build finds it: its pull steps with the commit pinned,
    /// its image pinned (in `config`'s job variables), its version and version info.
    pub(super) async fn code(
        &mut self,
        d: &DeploymentConfig,
        config: &mut Map<String, Value>,
        values: &Value,
        entrypoint: String,
        flow: std::sync::Arc<flow::Flow>,
    ) -> Result<Code> {
        let mut pull_steps = self.pull_steps(d, config, values);
        let detected = self.detect(config, d).await?;
        let pinned_commit = self.pin_commit(&mut pull_steps, &detected, d)?;
        let job_variables = config
            .get_mut("work_pool")
            .and_then(|p| p.get_mut("job_variables"));
        let pinned_image = match job_variables {
            Some(jv) => {
                let at = self.at(d, "work_pool").to_string();
                pin::pin_image(jv, &self.opts.pin, &self.resolver, &at).await?
            }
            None => None,
        };
        let image = config
            .get("work_pool")
            .and_then(|p| p.get("job_variables"))
            .and_then(|jv| jv.get("image"))
            .cloned();
        let version = self.version(config, &detected, &flow);
        let version_info = detected.version_info(version.as_deref().unwrap_or(""));
        Ok(Code {
            entrypoint,
            flow,
            version,
            version_info,
            pull_steps,
            image,
            pinned_commit,
            pinned_image,
        })
    }

    pub(super) async fn detect(
        &mut self,
        config: &Map<String, Value>,
        d: &DeploymentConfig,
    ) -> Result<Detected> {
        // As in Prefect, the project file's version_type wins over the flag.
        let wanted = match config.get("version_type") {
            Some(Value::String(s)) => Some(
                VersionType::parse(s)
                    .map_err(|e| Error::project(e.to_string()).at(self.at(d, "version_type")))?,
            ),
            Some(Value::Null) | None => self.opts.version_type,
            Some(other) => {
                return Err(
                    Error::project(format!("must be a string, found {}", kind(other)))
                        .at(self.at(d, "version_type")),
                )
            }
        };
        let key = wanted.map(VersionType::as_str);
        if let Some(found) = self.detected.get(&key) {
            return Ok(found.clone());
        }
        let git = Git::new(&self.opts.workdir);
        let mut found = vcs::detect(self.env, &git, wanted, self.opts.platform)?;
        vcs::complete_message(&mut found, self.env).await;
        if self.detected.is_empty() {
            self.warn_if_dirty(&git, &found);
        }
        self.detected.insert(key, found.clone());
        Ok(found)
    }

    /// Warns when the working tree has changes the recorded commit does not: the version would
    /// name code that is not what was deployed.
    fn warn_if_dirty(&self, git: &Git, detected: &Detected) {
        let Some(commit) = &detected.commit else {
            return;
        };
        let changed = git.changed_files();
        if changed.is_empty() || git.head().as_deref() != Some(commit.sha.as_str()) {
            return;
        }
        let shown: Vec<&str> = changed.iter().take(3).map(String::as_str).collect();
        let more = if changed.len() > 3 { ", …" } else { "" };
        crate::diagnostic::warn(
            crate::diagnostic::Code::UncommittedChanges,
            format!(
            "the working tree has uncommitted changes ({}{more}): the version records commit {}, \
             but what is deployed differs from it; commit first",
            shown.join(", "),
            &commit.sha[..commit.sha.len().min(8)]
        ),
        );
    }

    /// Pins this build's commit into `pull` per `--pin-commit`; returns the SHA if pinned.
    pub(super) fn pin_commit(
        &self,
        pull: &mut Value,
        detected: &Detected,
        d: &DeploymentConfig,
    ) -> Result<Option<String>> {
        let on_ci = !matches!(detected.kind, VersionType::Git | VersionType::Simple);
        let wanted = match self.opts.pin.commit {
            pin::Mode::Never => false,
            pin::Mode::Auto => on_ci,
            pin::Mode::Always => true,
        };
        if !wanted {
            return Ok(None);
        }
        let Some(commit) = &detected.commit else {
            return Err(Error::usage("--pin-commit always, but no commit is known here (not a git repository, no CI variables)"));
        };
        let ours = pin::this_repository(self.env, &Git::new(&self.opts.workdir));
        Ok(pin::pin_commit(pull, &commit.sha, &ours, &d.name).then(|| commit.sha.clone()))
    }

    /// `--version`, else the file's `version`, else the short SHA, else the flow's version.
    pub(super) fn version(
        &self,
        config: &Map<String, Value>,
        detected: &Detected,
        flow: &flow::Flow,
    ) -> Option<String> {
        let from_file = config
            .get("version")
            .filter(|v| !v.is_null())
            .map(template::python_str);
        self.opts
            .version
            .clone()
            .or(from_file)
            .or_else(|| detected.short_sha())
            .or_else(|| Some(flow.version.clone()))
    }
}
