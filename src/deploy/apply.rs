//! Applying one planned deployment: read what the server has, skip it when the live version
//! already has this content, else create or update it, replace its automations and record the
//! new version in the history.

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use tokio::sync::OnceCell;

use super::outcome::{Action, Outcome, Pinned};
use super::plan::Planned;
use super::request::Request;
use super::{triggers, DeployOptions, Mode};
use crate::api::{Client, Deployment};
use crate::error::{Error, Result};
use crate::history::{self, NewVersion};

/// A deployment just written: its id, and the fields the server holds when known without
/// reading it back.
type Written = (String, Option<Map<String, Value>>);

/// What applying one deployment needs; shared by the concurrent applies of a run.
pub(super) struct Applier<'a> {
    /// The server; None only on a dry run without one.
    pub(super) client: Option<&'a Client>,
    pub(super) opts: &'a DeployOptions,
    /// Flow ids by flow name, created once per run.
    pub(super) flows: HashMap<String, OnceCell<String>>,
    /// The run's secrets: the hashes of those inside a version are kept in its record.
    pub(super) secrets: &'a crate::secret::Secrets,
}

impl Applier<'_> {
    /// Applies `p`; a failure is part of the outcome, not an error of the run.
    pub(super) async fn apply(&self, p: Planned) -> Outcome {
        let mut outcome = Outcome {
            name: p.full_name(),
            id: None,
            flow_id: None,
            action: Action::DryRun,
            version: p.version.clone(),
            version_info: p.version_info.clone(),
            pinned: Pinned {
                commit_sha: p.pinned_commit.clone(),
                image: p.pinned_image.clone(),
            },
            url: None,
            request: None,
            error: None,
        };
        match self.apply_one(&p, &mut outcome).await {
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

    async fn apply_one(&self, p: &Planned, outcome: &mut Outcome) -> Result<()> {
        let existing = match self.client {
            Some(c) => c.read_deployment_by_name(&p.flow_name, &p.name).await?,
            None => None,
        };
        if let Some(d) = &existing {
            outcome.id = Some(d.id.clone());
            outcome.flow_id = d.flow_id.clone();
        }
        // What the history compares and records: the fields, and the triggers (automations).
        let mut planned = p.update.clone();
        if !p.triggers.is_empty() {
            planned.insert("triggers".into(), json!(p.triggers));
        }
        let (Some(client), Mode::Apply) = (self.client, self.opts.mode) else {
            return self.dry_run(p, &planned, existing, outcome).await;
        };
        let (id, stored) = match existing {
            Some(current) => match self.update(client, p, &planned, current, outcome).await? {
                Some(written) => written,
                None => return Ok(()),
            },
            None => self.create(client, p, outcome).await?,
        };
        outcome.id = Some(id.clone());
        let created = outcome.action == Action::Created;
        triggers::replace(client, &p.triggers, &p.name, &id, created).await?;
        let stored = match stored {
            Some(fields) => fields,
            None => self.read_back(client, &outcome.name, &id).await?,
        };
        let secret_hashes = self.secrets.hashes_within(&Value::Object(planned.clone()));
        let version = NewVersion {
            name: &outcome.name,
            id: &id,
            planned: &planned,
            stored,
            ci: &self.opts.run,
            secret_hashes: &secret_hashes,
        };
        history::record_created(client, version)
            .await
            .map_err(|e| e.context("deployed, but recording the version in the history failed"))?;
        tracing::debug!(
            "{} {} (version {})",
            outcome.action.as_str(),
            outcome.name,
            p.version.as_deref().unwrap_or("none")
        );
        Ok(())
    }

    /// A dry run: what would be sent, or `unchanged` when a deploy would write nothing.
    async fn dry_run(
        &self,
        p: &Planned,
        planned: &Map<String, Value>,
        existing: Option<Deployment>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        if let (Some(client), Some(current), false) = (self.client, &existing, self.opts.force) {
            if let Some(live) = history::unchanged(client, current, planned).await? {
                outcome.action = Action::Unchanged;
                outcome.version = Some(live.version().to_owned());
                return Ok(());
            }
        }
        let request = match &existing {
            Some(d) => Request::update(&p.update, &d.id),
            None => Request::create(&p.create, None),
        };
        outcome.request = Some(request.to_json());
        Ok(())
    }

    /// Updates `current` unless its live version already has the planned content (then None,
    /// and the outcome says `unchanged`); returns its id and, when they can be worked out, the
    /// fields the server holds now.
    async fn update(
        &self,
        client: &Client,
        p: &Planned,
        planned: &Map<String, Value>,
        current: Deployment,
        outcome: &mut Outcome,
    ) -> Result<Option<Written>> {
        if !self.opts.force {
            if let Some(live) = history::unchanged(client, &current, planned).await? {
                tracing::debug!("unchanged {}: version {} is live with the same content (--force deploys anyway)", outcome.name, live.version());
                outcome.action = Action::Unchanged;
                outcome.version = Some(live.version().to_owned());
                return Ok(None);
            }
        }
        let request = Request::update(&p.update, &current.id);
        client
            .update_deployment(&current.id, &Value::Object(request.body))
            .await?;
        outcome.action = Action::Updated;
        let stored = history::after_update(&current, &p.update, p.default_queue_id.as_deref());
        Ok(Some((current.id, stored)))
    }

    /// Creates the deployment (and its flow, once per run); returns its id and fields.
    async fn create(&self, client: &Client, p: &Planned, outcome: &mut Outcome) -> Result<Written> {
        let flow_id = self.flow_id(client, &p.flow_name).await?;
        let request = Request::create(&p.create, Some(&flow_id));
        let created = client
            .create_deployment(&Value::Object(request.body))
            .await?;
        outcome.flow_id = Some(flow_id);
        outcome.action = Action::Created;
        Ok((created.id, Some(created.fields)))
    }

    /// The id of flow `name`, created once per run.
    async fn flow_id(&self, client: &Client, name: &str) -> Result<String> {
        match self.flows.get(name) {
            Some(cell) => cell
                .get_or_try_init(|| client.ensure_flow(name))
                .await
                .cloned(),
            None => client.ensure_flow(name).await,
        }
    }

    /// The deployment's fields as the server holds them, when they cannot be worked out.
    async fn read_back(&self, client: &Client, name: &str, id: &str) -> Result<Map<String, Value>> {
        client
            .read_deployment(id)
            .await?
            .map(|d: Deployment| d.fields)
            .ok_or_else(|| {
                Error::service(format!("{name} disappeared right after it was deployed"))
            })
    }
}
