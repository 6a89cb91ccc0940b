//! A deployment with its history: which versions exist and which one is live.

use std::collections::BTreeSet;

use super::record::{fields_hash, versioned_fields, Event, Record};
use crate::api::{Client, Deployment};
use crate::error::{Error, Result};

/// The error for a deployment the server does not have, with the names it does have.
async fn not_found(client: &Client, target: &str) -> Error {
    const SHOWN: usize = 50;
    if !client.is_prefect_api().await {
        return client.not_an_api();
    }
    let server = &client.connection().api_url;
    let known = match client.deployment_names(SHOWN + 1).await {
        Ok(names) if names.is_empty() => "it has no deployments yet".to_owned(),
        Ok(names) if names.len() > SHOWN => {
            format!("it has: {}, …", names[..SHOWN].join(", "))
        }
        Ok(names) => format!("it has: {}", names.join(", ")),
        Err(e) => format!("its deployments could not be listed ({e})"),
    };
    Error::usage(format!(
        "deployment {target} does not exist on {server}; {known}"
    ))
}

/// A deployment with its history and current state.
pub(crate) struct Timeline {
    /// `flow/name`.
    pub name: String,
    /// The deployment as the server returns it now.
    pub deployment: Deployment,
    /// Its records, oldest first.
    pub records: Vec<Record>,
}

impl Timeline {
    /// Loads `flow/name` and its history, else the first of `aliases()` (the same deployment
    /// named another way, worked out only when the server knows no `target`) that exists; an
    /// unknown deployment is an error that lists the deployments the server has.
    pub(crate) async fn load(
        client: &Client,
        target: &str,
        aliases: &dyn Fn() -> Vec<String>,
    ) -> Result<Self> {
        if let Some(t) = Self::named(client, target).await? {
            return Ok(t);
        }
        for name in aliases() {
            if let Some(t) = Self::named(client, &name).await? {
                tracing::info!("{target} is {name}: {name} is what the server calls it");
                return Ok(t);
            }
        }
        Err(not_found(client, target).await)
    }

    /// Deployment `name` (`flow/deployment`) and its history, if the server has it.
    async fn named(client: &Client, name: &str) -> Result<Option<Self>> {
        let (flow, deployment) = name.split_once('/').ok_or_else(|| {
            Error::usage(format!(
                "{name:?} must be FLOW/DEPLOYMENT, for example etl/prod"
            ))
        })?;
        let Some(deployment) = client.read_deployment_by_name(flow, deployment).await? else {
            return Ok(None);
        };
        let records = Record::load(client, &deployment.id).await?;
        Ok(Some(Self {
            name: name.to_owned(),
            deployment,
            records,
        }))
    }

    /// The deployment's id.
    pub(crate) fn id(&self) -> &str {
        &self.deployment.id
    }

    /// `created` records (the versions), oldest first.
    pub(crate) fn versions(&self) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.event == Event::Created)
            .collect()
    }

    /// The live version: the newest version whose content equals the deployment's current state.
    pub(crate) fn live(&self) -> Option<&Record> {
        let now = fields_hash(&versioned_fields(&self.deployment.fields));
        self.versions().into_iter().rev().find(|r| r.hash() == now)
    }

    /// Hashes of the secret values any record knows of, to redact what is shown.
    pub(crate) fn secret_hashes(&self) -> BTreeSet<String> {
        self.records
            .iter()
            .flat_map(Record::secret_hashes)
            .collect()
    }

    /// The error for a deployment that pinflow never deployed.
    pub(crate) fn no_history(&self) -> Error {
        Error::usage(format!(
            "{} has no pinflow history yet; deploy it with `pinflow deploy` to record its first version",
            self.name
        ))
    }
}
