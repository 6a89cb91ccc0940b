//! `versions`, `rollback` and `promote`, and the deploy-time hooks (unchanged detection and
//! recording new versions).

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::record::{fields_hash, redact_secrets, versioned_fields, Record};
use crate::api::Client;
use crate::error::{Error, Result};

/// A deployment with its history and current state.
pub struct Timeline {
    /// `flow/name`.
    pub name: String,
    /// The deployment as the server returns it now.
    pub deployment: Value,
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
        Self::for_deployment(client, target, deployment).await
    }

    /// The history of a deployment already read from the server.
    pub async fn for_deployment(client: &Client, name: &str, deployment: Value) -> Result<Self> {
        let id = deployment["id"].as_str().unwrap_or_default().to_owned();
        let records = Record::load(client, &id).await?;
        Ok(Self {
            name: name.to_owned(),
            deployment,
            records,
        })
    }

    /// The deployment's id.
    pub fn id(&self) -> &str {
        self.deployment["id"].as_str().unwrap_or_default()
    }

    /// `created` records (the versions), oldest first.
    pub fn versions(&self) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.event == "created")
            .collect()
    }

    /// The live version: the newest version whose content equals the deployment's current state.
    pub fn live(&self) -> Option<&Record> {
        let now = fields_hash(&versioned_fields(&self.deployment));
        self.versions().into_iter().rev().find(|r| r.hash() == now)
    }

    fn no_history(&self) -> Error {
        Error::usage(format!(
            "{} has no pinflow history yet; deploy it with `pinflow deploy` to record its first version",
            self.name
        ))
    }
}

/// One version as listed.
#[derive(Debug, Clone, Serialize)]
pub struct VersionEntry {
    /// The version id (the id of its history record).
    pub id: String,
    /// The version name.
    pub version: String,
    /// What code it records.
    pub version_info: Value,
    /// When it was created (RFC 3339).
    pub created: String,
    /// Whether it is live now.
    pub live: bool,
    /// The CI run and actor that created it.
    pub ci: Value,
}

impl VersionEntry {
    fn new(r: &Record, live: Option<&Record>) -> Self {
        Self {
            id: r.id.clone(),
            version: r.version().to_owned(),
            version_info: r.data["version_info"].clone(),
            created: r.created.clone(),
            live: live.is_some_and(|l| l.id == r.id),
            ci: r.data["ci"].clone(),
        }
    }
}

/// The result of `pinflow versions`.
#[derive(Debug, Clone, Serialize)]
pub struct VersionsReport {
    /// `flow/name`.
    pub deployment: String,
    /// The deployment's id.
    pub id: String,
    /// The live version's id; null when the current state was not made by pinflow (untracked).
    pub live: Option<String>,
    /// Prefect Cloud's own id of the current version, when the server reports one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_version_id: Option<String>,
    /// Versions, newest first.
    pub versions: Vec<VersionEntry>,
}

/// Lists the versions of `target` (`flow/name`), newest first, at most `limit`.
pub async fn versions(client: &Client, target: &str, limit: usize) -> Result<VersionsReport> {
    let t = Timeline::load(client, target).await?;
    let live = t.live();
    let versions = t
        .versions()
        .into_iter()
        .rev()
        .take(limit)
        .map(|r| VersionEntry::new(r, live))
        .collect();
    Ok(VersionsReport {
        deployment: t.name.clone(),
        id: t.id().to_owned(),
        live: live.map(|r| r.id.clone()),
        cloud_version_id: t.deployment["version_id"].as_str().map(str::to_owned),
        versions,
    })
}

/// Rollback or promote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// To the version before the live one.
    Rollback,
    /// To the version after the live one.
    Promote,
}

impl Direction {
    fn event(self) -> &'static str {
        match self {
            Direction::Rollback => "rollback",
            Direction::Promote => "promote",
        }
    }
}

/// What `rollback` / `promote` were asked to do.
#[derive(Debug, Clone)]
pub struct MoveOptions {
    /// `flow/name`.
    pub target: String,
    /// A version name or id to move to, instead of the neighbour of the live version.
    pub to: Option<String>,
    /// Show the change; apply nothing.
    pub dry_run: bool,
    /// Which way.
    pub direction: Direction,
}

/// The result of `rollback` / `promote`.
#[derive(Debug, Clone, Serialize)]
pub struct MoveReport {
    /// `flow/name`.
    pub deployment: String,
    /// The deployment's id.
    pub id: String,
    /// `rollback`, `promote`, `dry-run` or `unchanged` (the target is live already).
    pub action: String,
    /// The version that was live (null when untracked).
    pub from: Option<VersionEntry>,
    /// The version that is live now.
    pub to: VersionEntry,
    /// On a dry run: the PATCH body that would be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
}

/// Makes another version live: PATCHes only versioned fields (schedules, pause, concurrency
/// and triggers are left as they are), then appends the event to the history.
pub async fn move_live(client: &Client, opts: &MoveOptions, ci: &Value) -> Result<MoveReport> {
    let t = Timeline::load(client, &opts.target).await?;
    let versions = t.versions();
    if versions.is_empty() {
        return Err(t.no_history());
    }
    let live = t.live();
    let target = match &opts.to {
        Some(to) => pick(&versions, to, &t.name)?,
        None => neighbour(&versions, live, opts.direction, &t.name)?,
    };
    let entry = |r: &Record| VersionEntry::new(r, live);
    let mut report = MoveReport {
        deployment: t.name.clone(),
        id: t.id().to_owned(),
        action: opts.direction.event().to_owned(),
        from: live.map(entry),
        to: entry(target),
        request: None,
    };
    if live.is_some_and(|l| l.id == target.id) {
        report.action = "unchanged".into();
        return Ok(report);
    }
    let mut body: Map<String, Value> = target.data["fields"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    body.insert("version_info".into(), target.data["version_info"].clone());
    if opts.dry_run {
        report.action = "dry-run".into();
        // Values that came from secret blocks are known by their hashes only.
        let hashes = t
            .records
            .iter()
            .flat_map(|r| {
                r.data["secret_hashes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect();
        let mut request =
            json!({"method": "PATCH", "path": format!("/deployments/{}", t.id()), "body": body});
        redact_secrets(&mut request, &hashes);
        report.request = Some(request);
        return Ok(report);
    }
    client
        .update_deployment(t.id(), &Value::Object(body))
        .await?;
    let now = client.read_deployment(t.id()).await?.unwrap_or_default();
    if fields_hash(&versioned_fields(&now)) != target.hash() {
        tracing::warn!(
            "{} changed while it was being moved; `pinflow versions` shows what is live",
            t.name
        );
    }
    let event = opts.direction.event();
    let data = json!({"pinflow": 1, "event": event, "deployment_id": t.id(), "deployment": t.name,
        "target": target.id, "from": live.map(|l| l.id.clone()), "version": target.version(),
        "hash": target.hash(), "ci": ci});
    let description = format!(
        "pinflow {event}: **{}** now runs version `{}` (was `{}`)",
        t.name,
        target.version(),
        live.map_or("untracked", |l| l.version())
    );
    Record::append(client, t.id(), data, description).await?;
    report.to.live = true;
    if let Some(from) = report.from.as_mut() {
        from.live = false;
    }
    Ok(report)
}

/// The version `to` names: a version id, a unique id prefix, or a version name.
fn pick<'a>(versions: &[&'a Record], to: &str, name: &str) -> Result<&'a Record> {
    if let Some(r) = versions.iter().find(|r| r.id == to) {
        return Ok(r);
    }
    let by_name: Vec<&&Record> = versions.iter().filter(|r| r.version() == to).collect();
    let by_prefix: Vec<&&Record> = versions
        .iter()
        .filter(|r| to.len() >= 8 && r.id.starts_with(to))
        .collect();
    let matches = if by_name.is_empty() {
        by_prefix
    } else {
        by_name
    };
    let list = |rs: &[&&Record]| {
        rs.iter()
            .map(|r| format!("{} ({}, {})", r.version(), r.id, r.created))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::usage(format!(
            "no version of {name} is named or numbered {to:?}; its versions: {}",
            list(&versions.iter().collect::<Vec<_>>())
        ))),
        many => Err(Error::usage(format!(
            "{to:?} names {} versions of {name}: {}; pass the id instead",
            many.len(),
            list(many)
        ))),
    }
}

fn neighbour<'a>(
    versions: &[&'a Record],
    live: Option<&Record>,
    direction: Direction,
    name: &str,
) -> Result<&'a Record> {
    let live = live.ok_or_else(|| {
        Error::usage(format!(
            "the live configuration of {name} was changed outside pinflow (untracked), so there is no \
             previous or next version; pick one with --to (see `pinflow versions {name}`)"
        ))
    })?;
    let at = versions
        .iter()
        .position(|r| r.id == live.id)
        .unwrap_or_default();
    let found = match direction {
        Direction::Rollback => at.checked_sub(1).and_then(|i| versions.get(i)),
        Direction::Promote => versions.get(at + 1),
    };
    found.copied().ok_or_else(|| {
        Error::usage(match direction {
            Direction::Rollback => format!(
                "{name} is at its oldest version ({}); there is nothing older to roll back to",
                live.version()
            ),
            Direction::Promote => format!(
                "{name} is at its newest version ({}); there is nothing newer to promote",
                live.version()
            ),
        })
    })
}

/// Deploy-time: the live version when the planned fields equal it, so the deploy can be skipped.
/// `planned` is the update body, with the deployment's `triggers` when it has any: a change
/// to the triggers alone is a change.
pub async fn unchanged(
    client: &Client,
    deployment: &Value,
    planned: &Map<String, Value>,
) -> Result<Option<Record>> {
    // The live version is the newest one with the deployment's current content.
    let now = fields_hash(&versioned_fields(deployment));
    let id = deployment["id"].as_str().unwrap_or_default();
    let live = Record::newest(client, id, |r| r.event == "created" && r.hash() == now).await?;
    let planned_hash = planned_hash(planned);
    Ok(live.filter(|l| l.data["planned_hash"] == json!(planned_hash)))
}

fn planned_hash(planned: &Map<String, Value>) -> String {
    let mut fields = versioned_fields(&Value::Object(planned.clone()));
    fields.insert(
        "version_info".into(),
        planned.get("version_info").cloned().unwrap_or_default(),
    );
    if let Some(triggers) = planned.get("triggers") {
        fields.insert("triggers".into(), triggers.clone());
    }
    fields_hash(&fields)
}

/// Deploy-time: records the version just written, from what the server now stores (`stored`
/// when the write returned it, else read back).
pub async fn record_created(
    client: &Client,
    name: &str,
    id: &str,
    planned: &Map<String, Value>,
    ci: &Value,
    stored: Option<Value>,
    secret_hashes: &[String],
) -> Result<Record> {
    let stored = match stored {
        Some(s) => s,
        None => client.read_deployment(id).await?.ok_or_else(|| {
            Error::service(format!("{name} disappeared right after it was deployed"))
        })?,
    };
    if stored["version"] != planned["version"] {
        tracing::warn!("{name} was changed by someone else during this deploy; its history records what the server holds");
    }
    let fields = versioned_fields(&stored);
    let info = &planned["version_info"];
    let data = json!({"pinflow": 1, "event": "created", "deployment_id": id, "deployment": name,
        "version": stored["version"], "version_info": info, "hash": fields_hash(&fields),
        "planned_hash": planned_hash(planned), "fields": fields, "ci": ci, "secret_hashes": secret_hashes});
    let text = |k: &str| info[k].as_str().unwrap_or("").to_owned();
    let description = format!(
        "pinflow: **{name}** version `{}` created\n\n- commit `{}` on `{}`: {}\n- repository: {}\n- CI run: {}",
        stored["version"].as_str().unwrap_or(""),
        text("commit_sha"),
        text("branch"),
        text("message"),
        text("repository"),
        ci["run_url"].as_str().unwrap_or("none"),
    );
    Record::append(client, id, data, description).await
}
