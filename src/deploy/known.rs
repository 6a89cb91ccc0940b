//! What the server already has for the planned deployments, read in a few batched requests
//! whatever their number (their flows, the deployments, the newest history record of each),
//! and what each deployment comes to: new, unchanged, or an update. A run where nothing
//! changed costs three requests.

use std::collections::HashMap;
use std::sync::Arc;

use super::draft::Draft;
use crate::api::{Client, Deployment};
use crate::error::{Error, Result};
use crate::history::{self, Record};

/// What the server has.
#[derive(Default)]
pub(super) struct Known {
    /// Flow ids by flow name, for the flows that exist.
    pub(super) flows: HashMap<String, String>,
    /// Existing deployments by flow name and deployment name (shared with the decisions: a
    /// monorepo's hundreds are held once).
    deployments: HashMap<(String, String), Arc<Deployment>>,
    /// The newest history record of each existing deployment, by deployment id.
    latest: HashMap<String, Arc<Record>>,
    /// The automations that run each deployment, by deployment id: read only for a plan file
    /// (`plan --out`, `apply`), whose stale check covers them.
    pub(super) automations: Option<HashMap<String, Vec<serde_json::Value>>>,
    /// The default queue ids of the work pools the plans write to: read only for a plan file,
    /// which knows its server by them whatever its URL.
    pub(super) queues: Vec<String>,
}

/// What applying a planned deployment comes to.
pub(super) enum Decision {
    /// It does not exist yet.
    New,
    /// Its live version already has this content: nothing is written.
    Unchanged(Arc<Deployment>, Arc<Record>),
    /// It exists and gets a new version; with its newest history record, if it has one (which
    /// keeps the rows of the table the new record shows).
    Update(Arc<Deployment>, Option<Arc<Record>>),
}

impl Decision {
    /// Whether applying it writes anything.
    pub(super) fn writes(&self) -> bool {
        !matches!(self, Decision::Unchanged(..))
    }
}

impl Known {
    /// The newest history record of deployment `id`, when it has one.
    pub(super) fn newest(&self, id: &str) -> Option<&Record> {
        self.latest.get(id).map(|r| &**r)
    }

    /// The ids of the flows of `plans` that exist.
    pub(super) fn flows_of(&self, plans: &[Draft]) -> Vec<String> {
        let mut ids: Vec<String> = plans
            .iter()
            .filter_map(|p| self.flows.get(&p.flow_name).cloned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The ids of every deployment and flow read.
    pub(super) fn ids(&self) -> Vec<String> {
        let deployments = self.deployments.values().map(|d| d.id.clone());
        deployments.chain(self.flows.values().cloned()).collect()
    }

    /// The deployment the server has for `p`, if any.
    pub(super) fn existing(&self, p: &Draft) -> Option<&Deployment> {
        self.deployments
            .get(&(p.flow_name.clone(), p.name.clone()))
            .map(|d| &**d)
    }

    /// Reads the flows and deployments of `plans`, and the newest history record of each
    /// deployment that exists: what unchanged is decided by, what proves a deployment is a pull
    /// request's preview, and what keeps the table of versions the next record carries on.
    pub(super) async fn read(client: &Client, plans: &[&Draft]) -> Result<Self> {
        let mut flow_names: Vec<&str> = plans.iter().map(|p| p.flow_name.as_str()).collect();
        flow_names.sort_unstable();
        flow_names.dedup();
        let mut names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        // Both reads at once: the deployments are filtered by their flows' names, not ids.
        // Both run to the end: a request dropped in flight would keep its place in the client's
        // gate.
        let (flows, found) = tokio::join!(
            client.flows_named(&flow_names),
            client.deployments_of_flows_named(&flow_names, &names)
        );
        let (flows, found) = (flows?, found?);
        let mut known = Known {
            flows: flows.into_iter().map(|f| (f.name, f.id)).collect(),
            ..Known::default()
        };
        let flow_of: HashMap<&str, &str> = known
            .flows
            .iter()
            .map(|(name, id)| (id.as_str(), name.as_str()))
            .collect();
        let mut deployments = HashMap::new();
        for d in found {
            let flow = d.flow_id.as_deref().and_then(|id| flow_of.get(id)).copied();
            let name = d.field("name").as_str().map(str::to_owned);
            if let (Some(flow), Some(name)) = (flow, name) {
                deployments.insert((flow.to_owned(), name), Arc::new(d));
            }
        }
        known.deployments = deployments;
        // Read even with `force`: the new records carry on the table the newest ones keep.
        let ids: Vec<&str> = known.deployments.values().map(|d| d.id.as_str()).collect();
        known.latest = Record::newest_of(client, &ids)
            .await?
            .into_iter()
            .map(|(id, r)| (id, Arc::new(r)))
            .collect();
        Ok(known)
    }

    /// What `p` comes to. The newest record usually settles whether it is unchanged; when it
    /// cannot (after a rollback, or an edit made outside pinflow), the deployment's history is
    /// read further back.
    pub(super) async fn decide(
        &self,
        client: Option<&Client>,
        p: &Draft,
        force: bool,
    ) -> Result<Decision> {
        let key = (p.flow_name.clone(), p.name.clone());
        let Some(current) = self.deployments.get(&key).cloned() else {
            return Ok(Decision::New);
        };
        let newest = self.latest.get(&current.id).cloned();
        let Some(client) = client.filter(|_| !force) else {
            return Ok(Decision::Update(current, newest));
        };
        let planned = p.compared();
        let live = match history::unchanged_from_newest(newest.as_deref(), &current, &planned) {
            // The newest record is the live version: shared, not copied.
            Some(true) => newest.clone(),
            Some(false) => None,
            None => history::unchanged(client, &current, &planned)
                .await?
                .map(Arc::new),
        };
        Ok(match live {
            Some(record) => Decision::Unchanged(current, record),
            None => Decision::Update(current, newest),
        })
    }
}

/// The default queue ids of the work pools of `plans` that exist, in one request: ids only
/// their server has.
pub(super) async fn queue_ids(client: &Client, plans: &[&Draft]) -> Result<Vec<String>> {
    let mut names: Vec<&str> = plans.iter().map(|p| p.pool.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let pools = client.work_pools_named(&names).await?;
    Ok(pools
        .into_iter()
        .filter_map(|p| p.default_queue_id)
        .collect())
}

/// Checks, in one request, that the work pools of the deployments to be written exist; returns
/// each pool's default queue id by name. A missing pool is an error at the first deployment
/// that names it (or, when the URL is not a Prefect API at all, says so).
pub(super) async fn check_pools(
    client: &Client,
    plans: &[&Draft],
) -> Result<HashMap<String, Option<String>>> {
    let mut names: Vec<&str> = plans.iter().map(|p| p.pool.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let found: HashMap<String, Option<String>> = client
        .work_pools_named(&names)
        .await?
        .into_iter()
        .map(|pool| (pool.name, pool.default_queue_id))
        .collect();
    if let Some(p) = plans.iter().find(|p| !found.contains_key(&p.pool)) {
        if !client.is_prefect_api().await {
            return Err(client.not_an_api());
        }
        let name = &p.pool;
        return Err(Error::project(format!(
            "work pool {name:?} does not exist on {}; create it (prefect work-pool create {name:?} --type process) or fix the name",
            client.connection().api_url
        ))
        .at(p.pool_at.clone()));
    }
    Ok(found)
}
