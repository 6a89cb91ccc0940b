//! What a deploy did to each deployment: the result types that `report` renders.

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::vcs::VersionInfo;

/// What happened to one deployment, serialised as in the JSON contract (`created`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Action {
    /// A new deployment was created.
    Created,
    /// An existing deployment was updated: a new version.
    Updated,
    /// The live version already has this content; nothing was written.
    Unchanged,
    /// Nothing was written; the request that would be sent is shown.
    DryRun,
    /// It failed; `error` says why.
    Failed,
}

impl Action {
    /// The name used in output (`dry-run`, …).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Updated => "updated",
            Action::Unchanged => "unchanged",
            Action::DryRun => "dry-run",
            Action::Failed => "failed",
        }
    }
}

/// Why a deployment failed: its kind (for the exit code) and the message (for people and JSON,
/// where it is written as the message alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// The kind of the error, which decides the exit code.
    pub kind: ErrorKind,
    /// The message.
    pub message: String,
}

impl Serialize for Failure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.message)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self {
            kind: e.kind,
            message: e.to_string(),
        }
    }
}

/// What happened to one deployment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outcome {
    /// `flow/deployment`.
    pub name: String,
    /// The deployment's id (absent on a dry run of a new deployment, or on failure).
    pub id: Option<String>,
    /// The flow's id.
    pub flow_id: Option<String>,
    /// What was done.
    pub action: Action,
    /// The version name.
    pub version: Option<String>,
    /// The version info sent.
    pub version_info: VersionInfo,
    /// What was pinned.
    pub pinned: Pinned,
    /// The deployment in the Prefect UI.
    pub url: Option<String>,
    /// On a dry run: the request that would be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
    /// On failure: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Failure>,
}

/// The commit and image a deployment is pinned to.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Pinned {
    /// The commit written into a `git_clone` pull step.
    pub commit_sha: Option<String>,
    /// The image reference with its digest.
    pub image: Option<String>,
}

/// The result of `pinflow deploy`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DeployReport {
    /// One entry per selected deployment, in file order.
    pub deployments: Vec<Outcome>,
    /// With `--prune`: the deployments of this project that the file no longer declares,
    /// deleted (on a dry run: that would be).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pruned: Vec<super::Cleaned>,
}

impl DeployReport {
    /// The commit deployed (the version info's), if there is one.
    pub(crate) fn commit(&self) -> Option<&str> {
        self.deployments
            .iter()
            .find_map(|d| d.version_info.commit_sha.as_deref())
    }

    /// None when every deployment succeeded; else the error the exit code comes from. A lone
    /// failed deployment keeps its own kind (a project error is still exit 3); several
    /// deployments of which some failed are a partial failure (exit 5).
    pub(crate) fn failure(&self) -> Option<Error> {
        let failed: Vec<&Failure> = self
            .deployments
            .iter()
            .filter_map(|o| o.error.as_ref())
            .collect();
        match failed.as_slice() {
            [] => None,
            [one] if self.deployments.len() == 1 => Some(Error::new(one.kind, &one.message)),
            _ => Some(Error::new(
                ErrorKind::Partial,
                format!(
                    "{} of {} deployments failed",
                    failed.len(),
                    self.deployments.len()
                ),
            )),
        }
    }

    /// How many deployments ended with `action`.
    pub(crate) fn count(&self, action: Action) -> usize {
        self.deployments
            .iter()
            .filter(|d| d.action == action)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(action: Action, error: Option<Failure>) -> Outcome {
        Outcome {
            name: "f/d".into(),
            id: None,
            flow_id: None,
            action,
            version: None,
            version_info: crate::vcs::Detected::simple().version_info(""),
            pinned: Pinned::default(),
            url: None,
            request: None,
            error,
        }
    }

    #[test]
    fn actions_serialise_as_the_contract_says() {
        let names: Vec<String> = [
            Action::Created,
            Action::Updated,
            Action::Unchanged,
            Action::DryRun,
            Action::Failed,
        ]
        .iter()
        .map(|a| {
            serde_json::to_value(a)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(
            names,
            ["created", "updated", "unchanged", "dry-run", "failed"]
        );
    }

    #[test]
    fn a_lone_failure_keeps_its_kind_and_several_are_partial() {
        let bad = Failure {
            kind: ErrorKind::Project,
            message: "bad".into(),
        };
        let one = DeployReport {
            deployments: vec![outcome(Action::Failed, Some(bad.clone()))],
            pruned: Vec::new(),
        };
        assert_eq!(one.failure().unwrap().kind, ErrorKind::Project);
        let two = DeployReport {
            deployments: vec![
                outcome(Action::Created, None),
                outcome(Action::Failed, Some(bad)),
            ],
            pruned: Vec::new(),
        };
        let e = two.failure().unwrap();
        assert_eq!(
            (e.kind, e.to_string().as_str()),
            (ErrorKind::Partial, "1 of 2 deployments failed")
        );
        assert_eq!(two.count(Action::Created), 1);
        let json = serde_json::to_value(&two.deployments[1]).unwrap();
        assert_eq!(json["error"], "bad");
    }
}
