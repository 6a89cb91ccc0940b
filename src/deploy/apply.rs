//! Applying one planned deployment, as decided (`known`): nothing when it is unchanged, else
//! create or update it, replace its automations when it has or had any, and record the new
//! version in the history. A dry run shows the request instead.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use super::draft::Draft;
use super::known::Decision;
use super::outcome::{Action, Outcome, Pinned};
use super::request::Request;
use super::{triggers, DeployOptions, Mode};
use crate::api::{Client, Deployment};
use crate::error::{Error, Result};
use crate::history::{self, NewVersion};
use crate::secret::Secrets;

/// A deployment just written: its id, and the fields the server holds when known without
/// reading it back.
type Written = (String, Option<Map<String, Value>>);

/// What applying one deployment needs; shared by the concurrent applies of a run.
pub(super) struct Applier<'a> {
    /// The server; None only on a dry run without one.
    pub(super) client: Option<&'a Client>,
    pub(super) opts: &'a DeployOptions,
    /// Flow ids by flow name: those that exist, and those created in this run (once each).
    pub(super) flows: HashMap<String, OnceCell<String>>,
    /// Each work pool's default queue id, by name.
    pub(super) pools: HashMap<String, Option<String>>,
    /// The deployments some automation runs, read once, when first needed.
    pub(super) automated: OnceCell<HashSet<String>>,
    /// The run's secrets: the hashes of those inside a version are kept in its record.
    pub(super) secrets: &'a Secrets,
}

impl Applier<'_> {
    /// Applies `p` as decided; a failure is part of the outcome, not an error of the run.
    pub(super) async fn apply(&self, p: Draft, decision: Decision) -> Outcome {
        let mut outcome = Outcome {
            name: p.full_name(),
            id: None,
            flow_id: None,
            action: Action::DryRun,
            version: p.code.version.clone(),
            version_info: p.code.version_info.clone(),
            pinned: Pinned {
                commit_sha: p.code.pinned_commit.clone(),
                image: p.code.pinned_image.clone(),
            },
            url: None,
            request: None,
            error: None,
        };
        match self.apply_one(&p, decision, &mut outcome).await {
            Ok(()) => {
                if let (Some(c), Some(id)) = (self.client, &outcome.id) {
                    outcome.url = Some(c.connection().ui_url(id));
                }
                outcome
            }
            Err(e) => Outcome {
                action: Action::Failed,
                error: Some(e.into()),
                ..outcome
            },
        }
    }

    async fn apply_one(&self, p: &Draft, decision: Decision, outcome: &mut Outcome) -> Result<()> {
        let existing = match &decision {
            Decision::New => None,
            Decision::Unchanged(d, _) | Decision::Update(d, _) => Some(d),
        };
        if let Some(d) = existing {
            outcome.id = Some(d.id.clone());
            outcome.flow_id = d.flow_id.clone();
        }
        if let Decision::Unchanged(_, live) = &decision {
            tracing::debug!(
                "unchanged {}: version {} is live with the same content (--force deploys anyway)",
                outcome.name,
                live.version()
            );
            outcome.action = Action::Unchanged;
            outcome.version = Some(live.version().to_owned());
            return Ok(());
        }
        let (Some(client), Mode::Apply) = (self.client, self.opts.mode) else {
            let request = match existing {
                Some(d) => Request::update(&p.update, &d.id),
                None => Request::create(&p.create(), None),
            };
            outcome.request = Some(request.to_json());
            return Ok(());
        };
        let ((id, stored), newest) = match decision {
            Decision::Update(current, newest) => {
                // Which deployments automations run is read (once per run) beside the PATCH,
                // not after it: the PATCH does not change it.
                let automated = async {
                    if p.triggers.is_empty() {
                        self.automated
                            .get_or_try_init(|| client.deployments_with_automations())
                            .await?;
                    }
                    Ok::<(), crate::error::Error>(())
                };
                // Both run to the end: a request dropped in flight would keep its place in the
                // client's gate.
                let (written, automated) =
                    tokio::join!(self.update(client, p, &current, outcome), automated);
                automated?;
                (written?, newest)
            }
            _ => (self.create(client, p, outcome).await?, None),
        };
        outcome.id = Some(id.clone());
        self.replace_automations(client, p, &id, outcome.action == Action::Created)
            .await?;
        let stored = match stored {
            Some(fields) => fields,
            None => read_back(client, &outcome.name, &id).await?,
        };
        let planned = p.compared();
        let secret_hashes = self.secrets.hashes_within(&Value::Object(planned.clone()));
        let secret_paths =
            crate::secret::paths_within(&Value::Object(planned.clone()), self.secrets);
        let version = NewVersion {
            name: &outcome.name,
            id: &id,
            planned: &planned,
            stored,
            ci: &self.opts.run,
            secret_hashes: &secret_hashes,
            secret_paths: &secret_paths,
            preview: self
                .opts
                .preview
                .as_ref()
                .map_or(Value::Null, super::Preview::record),
            project: self.opts.origin.record(),
            newest: newest.as_deref(),
            deployed: match outcome.action {
                Action::Created => super::drift::deployed(&p.create(), &p.kept_paused),
                _ => super::drift::deployed(&p.update, &p.kept_paused),
            },
        };
        history::record_created(client, version)
            .await
            .map_err(|e| e.context("deployed, but recording the version in the history failed"))?;
        tracing::debug!(
            "{} {} (version {})",
            outcome.action.as_str(),
            outcome.name,
            p.code.version.as_deref().unwrap_or("none")
        );
        Ok(())
    }

    /// PATCHes `current`; returns its id and, when they can be worked out, the fields the
    /// server holds now.
    async fn update(
        &self,
        client: &Client,
        p: &Draft,
        current: &Deployment,
        outcome: &mut Outcome,
    ) -> Result<Written> {
        let request = Request::update(&p.update, &current.id);
        client
            .update_deployment(&current.id, &Value::Object(request.body))
            .await?;
        outcome.action = Action::Updated;
        let default_queue = self.pools.get(&p.pool).cloned().flatten();
        let stored = history::after_update(current, &p.update, default_queue.as_deref());
        Ok((current.id.clone(), stored))
    }

    /// Creates the deployment (and its flow, once per run, when it does not exist yet);
    /// returns its id and fields.
    async fn create(&self, client: &Client, p: &Draft, outcome: &mut Outcome) -> Result<Written> {
        if self.opts.preview.is_some() {
            // Creating is an upsert: a deployment of this name made since the run checked
            // (another pull request's build at the same moment) would be overwritten.
            if let Some(d) = client
                .read_deployment_by_name(&p.flow_name, &p.name)
                .await?
            {
                return Err(Error::service(format!(
                    "{} (id {}) was created by someone else after this run found the name \
                     free; nothing was written to it: run the deploy again, which checks \
                     whose preview it is",
                    p.full_name(),
                    d.id
                )));
            }
        }
        let flow_id = match self.flows.get(&p.flow_name) {
            Some(cell) => cell
                .get_or_try_init(|| client.ensure_flow(&p.flow_name))
                .await?
                .clone(),
            None => client.ensure_flow(&p.flow_name).await?,
        };
        let request = Request::create(&p.create(), Some(&flow_id));
        let created = client
            .create_deployment(&Value::Object(request.body))
            .await?;
        outcome.flow_id = Some(flow_id);
        outcome.action = Action::Created;
        Ok((created.id, Some(created.fields)))
    }

    /// Replaces the deployment's automations with its triggers, as `prefect deploy` does.
    /// Deleting is left out where it changes nothing: for a deployment created just now, or
    /// one that no automation runs (read once per run) and that declares no triggers.
    async fn replace_automations(
        &self,
        client: &Client,
        p: &Draft,
        id: &str,
        created: bool,
    ) -> Result<()> {
        let delete = if created {
            false
        } else if p.triggers.is_empty() {
            let automated = self
                .automated
                .get_or_try_init(|| client.deployments_with_automations())
                .await?;
            automated.contains(id)
        } else {
            true
        };
        triggers::replace(client, &p.triggers, &p.name, id, delete).await
    }
}

/// The deployment's fields as the server holds them, when they cannot be worked out.
async fn read_back(client: &Client, name: &str, id: &str) -> Result<Map<String, Value>> {
    client
        .read_deployment(id)
        .await?
        .map(|d| d.fields)
        .ok_or_else(|| Error::service(format!("{name} disappeared right after it was deployed")))
}
