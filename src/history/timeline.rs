//! A deployment with its history: which versions exist and which one is live.

use std::collections::BTreeSet;

use super::record::{fields_hash, versioned_fields, Event, Record};
use crate::api::{Client, Deployment};
use crate::error::{Error, Result};

/// A deployment with its history and current state.
pub struct Timeline {
    /// `flow/name`.
    pub name: String,
    /// The deployment as the server returns it now.
    pub deployment: Deployment,
    /// Its records, oldest first.
    pub records: Vec<Record>,
}

impl Timeline {
    /// Loads `flow/name` and its history; an unknown deployment is an error.
    pub async fn load(client: &Client, target: &str) -> Result<Self> {
        let (flow, name) = target.split_once('/').ok_or_else(|| {
            Error::usage(format!(
                "{target:?} must be FLOW/DEPLOYMENT, for example etl/prod"
            ))
        })?;
        let deployment = client.read_deployment_by_name(flow, name).await?.ok_or_else(|| {
            Error::usage(format!(
                "deployment {target} does not exist on {}; check the name with `prefect deployment ls`",
                client.connection().api_url
            ))
        })?;
        let records = Record::load(client, &deployment.id).await?;
        Ok(Self {
            name: target.to_owned(),
            deployment,
            records,
        })
    }

    /// The deployment's id.
    pub fn id(&self) -> &str {
        &self.deployment.id
    }

    /// `created` records (the versions), oldest first.
    pub fn versions(&self) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.event == Event::Created)
            .collect()
    }

    /// The live version: the newest version whose content equals the deployment's current state.
    pub fn live(&self) -> Option<&Record> {
        let now = fields_hash(&versioned_fields(&self.deployment.fields));
        self.versions().into_iter().rev().find(|r| r.hash() == now)
    }

    /// Hashes of the secret values any record knows of, to redact what is shown.
    pub fn secret_hashes(&self) -> BTreeSet<String> {
        self.records
            .iter()
            .flat_map(|r| {
                r.data["secret_hashes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect()
    }

    /// The error for a deployment that pinflow never deployed.
    pub fn no_history(&self) -> Error {
        Error::usage(format!(
            "{} has no pinflow history yet; deploy it with `pinflow deploy` to record its first version",
            self.name
        ))
    }
}
