//! Reads that cover many things in one request (page by page): the flows, deployments, newest
//! history records, work pools and automations of a whole run.

use serde_json::{json, Value};

use super::bounds::Paged;
use super::{types, Artifact, Client, Deployment, WorkPool};
use crate::error::Result;

impl Client {
    /// Everything a filter endpoint returns for `body`, page by page (the server's page is at
    /// most 200), within the bounds of one paged read ([`Paged`]).
    pub(super) async fn filter_all<T: serde::de::DeserializeOwned>(
        &self,
        segments: &[&str],
        body: Value,
    ) -> Result<Vec<T>> {
        const PAGE: usize = 200;
        let what = format!("POST /{}", segments.join("/"));
        let mut all = Vec::new();
        let mut paged = Paged::new(&what);
        loop {
            let mut page_body = body.clone();
            page_body["limit"] = json!(PAGE);
            page_body["offset"] = json!(all.len());
            let page = self.page(segments, &page_body).await?;
            let items: Vec<T> = types::parse_page(&page, &what, PAGE)?;
            paged.take(items.len(), &page)?;
            let done = items.len() < PAGE;
            all.extend(items);
            if done {
                return Ok(all);
            }
        }
    }

    /// The flows named `names` that exist.
    pub(crate) async fn flows_named(&self, names: &[&str]) -> Result<Vec<types::Flow>> {
        self.filter_all(
            &["flows", "filter"],
            json!({"flows": {"name": {"any_": names}}}),
        )
        .await
    }

    /// The deployments named one of `names` of the flows named one of `flow_names` (some
    /// pairs may not be wanted: the caller picks). Needs no flow ids, so it can be sent beside
    /// the flows' own read.
    pub(crate) async fn deployments_of_flows_named(
        &self,
        flow_names: &[&str],
        names: &[&str],
    ) -> Result<Vec<Deployment>> {
        let body = json!({"flows": {"name": {"any_": flow_names}},
                          "deployments": {"name": {"any_": names}}});
        self.filter_all(&["deployments", "filter"], body).await
    }

    /// The deployments that have every one of `tags`.
    pub(crate) async fn deployments_tagged(&self, tags: &[&str]) -> Result<Vec<Deployment>> {
        let body = json!({"deployments": {"tags": {"all_": tags}}});
        self.filter_all(&["deployments", "filter"], body).await
    }

    /// Every artifact of each of `keys`, in one (paged) read.
    pub(crate) async fn artifacts_with_keys(&self, keys: &[String]) -> Result<Vec<Artifact>> {
        let body = json!({"artifacts": {"key": {"any_": keys}}});
        self.filter_all(&["artifacts", "filter"], body).await
    }

    /// The newest artifact of each of `keys` (an artifact collection per key).
    pub(crate) async fn latest_artifacts(&self, keys: &[String]) -> Result<Vec<Artifact>> {
        self.latest_artifacts_where(json!({"any_": keys})).await
    }

    /// The newest artifact of every key that holds `part` (the server matches anywhere in the
    /// key; the caller checks what it wants of each).
    pub(crate) async fn latest_artifacts_like(&self, part: &str) -> Result<Vec<Artifact>> {
        self.latest_artifacts_where(json!({"like_": part})).await
    }

    /// The newest artifact of each key that `key_filter` (Prefect's artifact key filter)
    /// selects.
    async fn latest_artifacts_where(&self, key_filter: Value) -> Result<Vec<Artifact>> {
        let body = json!({"artifacts": {"key": key_filter}});
        let collections: Vec<types::Collection> = self
            .filter_all(&["artifacts", "latest", "filter"], body)
            .await?;
        Ok(collections
            .into_iter()
            .map(types::Collection::latest)
            .collect())
    }

    /// The deployments with `ids` that exist.
    pub(crate) async fn deployments_with_ids(&self, ids: &[&str]) -> Result<Vec<Deployment>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({"deployments": {"id": {"any_": ids}}});
        self.filter_all(&["deployments", "filter"], body).await
    }

    /// The work pools named `names` that exist.
    pub(crate) async fn work_pools_named(&self, names: &[&str]) -> Result<Vec<WorkPool>> {
        self.filter_all(
            &["work_pools", "filter"],
            json!({"work_pools": {"name": {"any_": names}}}),
        )
        .await
    }

    /// The ids of the deployments that some automation runs (its actions name them): a
    /// deployment no automation names owns none.
    pub(crate) async fn deployments_with_automations(
        &self,
    ) -> Result<std::collections::HashSet<String>> {
        let automations: Vec<Value> = self
            .filter_all(&["automations", "filter"], json!({}))
            .await?;
        Ok(automations
            .iter()
            .flat_map(|a| a["actions"].as_array().cloned().unwrap_or_default())
            .filter_map(|action| action["deployment_id"].as_str().map(str::to_owned))
            .collect())
    }

    /// The automations that run each deployment, by deployment id, as the server holds them
    /// but their ids and timestamps (which change when nothing else does), in one read.
    pub(crate) async fn automations_by_deployment(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<Value>>> {
        let automations: Vec<Value> = self
            .filter_all(&["automations", "filter"], json!({}))
            .await?;
        let mut by = std::collections::HashMap::<String, Vec<Value>>::new();
        for mut a in automations {
            let runs: Vec<String> = a["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|action| action["deployment_id"].as_str().map(str::to_owned))
                .collect();
            if let Some(m) = a.as_object_mut() {
                for volatile in ["id", "created", "updated"] {
                    m.remove(volatile);
                }
            }
            for id in runs {
                by.entry(id).or_default().push(a.clone());
            }
        }
        // In an order of their own: the server's order of equal names is not one.
        for list in by.values_mut() {
            list.sort_by_cached_key(crate::history::canonical);
        }
        Ok(by)
    }

    /// `flow/name` of the deployments on the server (at most `limit`), sorted: for messages that
    /// say which names exist.
    pub(crate) async fn deployment_names(&self, limit: usize) -> Result<Vec<String>> {
        let body = json!({"limit": limit, "sort": "NAME_ASC"});
        let found = self.page(&["deployments", "filter"], &body).await?;
        let deployments: Vec<Deployment> =
            types::parse_page(&found, "POST /deployments/filter", limit)?;
        let mut names = self.full_names(&deployments).await?;
        names.sort();
        Ok(names)
    }

    /// `flow/name` of each of `deployments`, in order (`?` for a flow the server does not
    /// list), from one read of their flows.
    pub(crate) async fn full_names(&self, deployments: &[Deployment]) -> Result<Vec<String>> {
        let mut ids: Vec<&str> = deployments
            .iter()
            .filter_map(|d| d.flow_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let flows: Vec<types::Flow> = if ids.is_empty() {
            Vec::new()
        } else {
            let body = json!({"flows": {"id": {"any_": ids}}});
            self.filter_all(&["flows", "filter"], body).await?
        };
        Ok(deployments
            .iter()
            .map(|d| {
                let flow = flows
                    .iter()
                    .find(|f| Some(&f.id) == d.flow_id.as_ref())
                    .map_or("?", |f| f.name.as_str());
                format!("{flow}/{}", d.field("name").as_str().unwrap_or("?"))
            })
            .collect())
    }
}
