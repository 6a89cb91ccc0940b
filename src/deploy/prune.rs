//! `--prune`: the deployments that pinflow deployed from this project file and that the file no
//! longer declares. A deployment is this project's only when its newest history record says
//! pinflow deployed it from this repository and this file, and the deployment still holds what
//! that record says (nobody redeployed or edited it since, with `prefect deploy`, the UI or the
//! API). Everything else — made by hand, by `prefect deploy`, from another repository or file,
//! a pull request's preview — is never deleted.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::{Client, Deployment};
use crate::error::Result;
use crate::history::{artifact_key, fields_hash, versioned_fields, Record};

/// Where a run's deployments come from: the repository (host-qualified, as
/// `platform::Platform::repository` names it; None outside CI) and the project file, relative to the
/// repository's root with `/` between folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Origin {
    /// `github.com/org/repo`, …; None outside CI.
    pub repository: Option<String>,
    /// `prefect.yaml`, `flows/etl/prefect.yaml`.
    pub file: String,
}

impl Origin {
    /// What a history record keeps of it.
    pub(crate) fn record(&self) -> Value {
        json!({"repository": self.repository, "file": self.file})
    }

    /// Whether `record` says its deployment was deployed from here.
    fn made(&self, record: &Record) -> bool {
        record.preview().is_none()
            && record.project() == Some((self.repository.as_deref(), self.file.as_str()))
    }
}

/// A deployment of this project that the file no longer declares.
#[derive(Debug, Clone)]
pub(super) struct Undeclared {
    /// The deployment as the server has it.
    pub(super) deployment: Deployment,
    /// `flow/name`.
    pub(super) name: String,
    /// The live version's name (from its newest record).
    pub(super) version: String,
}

/// What `--prune` found: the deployments it deletes, and those its records name that it
/// leaves alone, with why.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) undeclared: Vec<Undeclared>,
    pub(super) left_alone: Vec<String>,
}

/// For each of `origins` (`None`: a file of the run that does not prune), the deployments
/// whose newest record says they are that origin's, that are not among `declared`
/// (`flow/name`s), and that still hold what their record says. Three reads for all of them:
/// the newest record of every pinflow history, the deployments they name, and their flows.
pub(super) async fn find(
    client: &Client,
    origins: &[Option<&Origin>],
    declared: &[String],
) -> Result<Vec<Found>> {
    let mut found: Vec<Found> = origins.iter().map(|_| Found::default()).collect();
    if origins.iter().all(Option::is_none) {
        return Ok(found);
    }
    let records: Vec<(usize, Record)> = client
        .latest_artifacts_like("pinflow-")
        .await?
        .into_iter()
        .filter_map(|a| {
            let in_own_history = a.key.clone();
            let record = Record::from_owned(a)?;
            let id = record.data["deployment_id"].as_str()?;
            // The record is in its deployment's own history, and is one origin's.
            if in_own_history.as_deref() != Some(artifact_key(id).as_str()) {
                return None;
            }
            let which = origins
                .iter()
                .position(|o| o.is_some_and(|o| o.made(&record)))?;
            Some((which, record))
        })
        .collect();
    let ids: Vec<&str> = records
        .iter()
        .filter_map(|(_, r)| r.data["deployment_id"].as_str())
        .collect();
    let deployments = client.deployments_with_ids(&ids).await?;
    let names = client.full_names(&deployments).await?;
    for (d, name) in deployments.into_iter().zip(names) {
        if declared.contains(&name) {
            continue;
        }
        let Some((which, record)) = records.iter().find(|(_, r)| r.is_of(&d.id)) else {
            continue;
        };
        let of = &mut found[*which];
        if fields_hash(&versioned_fields(&d.fields)) != record.hash() || drifted(&d, record) {
            let file = origins[*which].map_or("", |o| o.file.as_str());
            of.left_alone.push(format!(
                "{name} is no longer in {file}, but it changed since pinflow deployed it (by \
                 `prefect deploy`, the UI or the API), so --prune leaves it alone; delete it \
                 yourself if it should go"
            ));
            continue;
        }
        of.undeclared.push(Undeclared {
            version: record.version().to_owned(),
            name,
            deployment: d,
        });
    }
    for f in &mut found {
        f.undeclared.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(found)
}

/// Whether `d` holds anything other than what `record` says pinflow deployed: its schedules or
/// `paused` as the record keeps them (what its versioned fields' hash does not cover).
fn drifted(d: &Deployment, record: &Record) -> bool {
    let secrets = crate::secret::Secrets::default();
    let nothing_hidden = super::diff::Hidden {
        secrets: &secrets,
        hashes: Default::default(),
        paths: Default::default(),
    };
    !super::drift::of(d, record, None, &nothing_hidden).is_empty()
}
