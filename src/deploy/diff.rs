//! `pinflow plan`: what deploying would change, field by field, against the deployment the
//! server has now. Fields are compared as the server returns them, so what it fills in itself
//! (schedule ids, its own labels, the default queue) is not reported as a change.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::draft::Draft;
use super::known::Decision;
use super::words;
use crate::api::{Client, Deployment};
use crate::history::same_value;
use crate::secret::{
    hide_in_value, name_says_environment, name_says_secret, redact_hashed, Secrets, REDACTED,
};
use schedules::compare_schedules;
pub(super) use schedules::{pair_schedules, schedules};

/// What a plan must not show: the secrets of this run, those the live version was deployed
/// with (by their hashes in its history record), credentials inside strings (a connection
/// string's password, `Bearer …`, `token=…`), the value of any key whose name says it holds a
/// secret, at any depth of the path or of the value (a rotated secret's old value is known to no
/// one but the server), and the live values of what goes from a process's environment
/// (`job_variables.env`, emptied or replaced by a pull request): which keys go is shown, never
/// what they held.
pub(super) struct Hidden<'a> {
    pub(super) secrets: &'a Secrets,
    pub(super) hashes: BTreeSet<String>,
    /// Where the live version holds secrets, whole or inside a string (its history record's
    /// `secret_paths`): hidden whatever they hold now.
    pub(super) paths: BTreeSet<String>,
}

impl Hidden<'_> {
    pub(super) fn apply(&self, change: &mut FieldChange) {
        redact_hashed(&mut change.live, &self.hashes);
        let paths = self.paths_for(&change.field);
        crate::secret::hide_paths(&mut change.live, &change.field, &paths);
        // The keys inside the top-level field (`job_variables.env.API_TOKEN`: env, API_TOKEN).
        let inner: Vec<&str> = change.field.split('.').skip(1).collect();
        let planned = change.planned.to_string();
        let secret =
            inner.iter().any(|k| name_says_secret(k)) || self.secrets.redact(&planned) != planned;
        // What production's environment holds is never shown, whatever replaces it.
        let environment = inner.iter().any(|k| name_says_environment(k));
        for (v, hide) in [
            (&mut change.live, secret || environment),
            (&mut change.planned, secret),
        ] {
            if v.is_null() {
                continue;
            }
            if hide {
                *v = Value::String(REDACTED.into());
            } else {
                hide_in_value(v, self.secrets);
            }
        }
    }

    /// The live version's secret paths as they apply to the change at `field`. Schedules are
    /// paired by content and slug, so the live schedule compared under `schedules.N` may have
    /// been another place in the live version: what any live schedule held at a path is hidden
    /// at that path in every schedule.
    fn paths_for(&self, field: &str) -> Cow<'_, BTreeSet<String>> {
        let Some(index) = field
            .strip_prefix("schedules.")
            .and_then(|rest| rest.split('.').next())
        else {
            return Cow::Borrowed(&self.paths);
        };
        Cow::Owned(
            self.paths
                .iter()
                .map(|p| {
                    let mut parts: Vec<&str> = p.split('.').collect();
                    if parts.len() > 1 && parts[0] == "schedules" {
                        parts[1] = index;
                    }
                    parts.join(".")
                })
                .collect(),
        )
    }
}

/// What deploying one deployment would come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Change {
    /// It does not exist yet: it would be created.
    New,
    /// It exists and would get a new version.
    Update,
    /// Its live version already has this content: nothing would be written.
    Unchanged,
    /// The project file no longer declares it, and `--prune` would delete it.
    Delete,
}

impl Change {
    /// The word used in output.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Update => "update",
            Change::Unchanged => "unchanged",
            Change::Delete => "delete",
        }
    }
}

/// One field that differs: its path (`parameters.source`), the reviewer's words for it, what
/// the server has (null when absent) and what would be deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FieldChange {
    /// The field, with the keys inside mappings and positions inside lists:
    /// `job_variables.env.REGION`, `schedules.0.schedule.cron`.
    pub field: String,
    /// The field in words (`environment variable REGION`, `schedule 1: cron`,
    /// `parameter batch_size: default`).
    pub label: String,
    /// The live value (null when the server has none).
    pub live: Value,
    /// The value that would be deployed (null when it would be removed).
    pub planned: Value,
}

/// The plan for one deployment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanEntry {
    /// `flow/name`.
    pub name: String,
    /// New, update or unchanged.
    pub change: Change,
    /// The version a deploy would create (for unchanged: the live one).
    pub version: Option<String>,
    /// The live version's name, when it exists.
    pub live_version: Option<String>,
    /// The fields that would change (empty for new and unchanged), at most
    /// `MAX_FIELDS_LISTED` (100).
    pub fields: Vec<FieldChange>,
    /// How many more fields would change than are listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub fields_not_listed: usize,
    /// The fields that differ on the server from what pinflow last deployed (its newest
    /// history record), at most `MAX_FIELDS_LISTED`.
    pub drift: Vec<super::drift::Drift>,
    /// How many more fields drifted than are listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub drift_not_listed: usize,
    /// The deployment in the Prefect UI, when it exists.
    pub url: Option<String>,
}

/// The most field changes a plan lists for one deployment: a live deployment can be as large
/// as the server lets it be, and a plan is read by people.
pub(super) const MAX_FIELDS_LISTED: usize = 100;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What `pinflow plan` found.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanReport {
    /// One entry per selected deployment, in the project file's order.
    pub deployments: Vec<PlanEntry>,
    /// The commit the plan is for (the version info's), if there is one.
    #[serde(skip)]
    pub commit: Option<String>,
}

impl PlanReport {
    /// Whether deploying would write anything.
    pub(crate) fn has_changes(&self) -> bool {
        self.deployments
            .iter()
            .any(|d| d.change != Change::Unchanged)
    }

    /// How many deployments come to `change`.
    pub(crate) fn count(&self, change: Change) -> usize {
        self.deployments
            .iter()
            .filter(|d| d.change == change)
            .count()
    }
}

/// The fields a plan compares, in the order shown. `version` and `version_info` are the
/// version itself (shown on their own); triggers are automations, not deployment fields.
const COMPARED: [&str; 15] = [
    "description",
    "entrypoint",
    "parameters",
    "parameter_openapi_schema",
    "enforce_parameter_schema",
    "schedules",
    "work_pool_name",
    "work_queue_name",
    "job_variables",
    "pull_steps",
    "tags",
    "labels",
    "concurrency_limit",
    "concurrency_options",
    "paused",
];

/// The plan entry of a deployment `--prune` would delete.
pub(super) fn deleted(client: &Client, u: &super::prune::Undeclared) -> PlanEntry {
    PlanEntry {
        name: u.name.clone(),
        change: Change::Delete,
        version: None,
        live_version: Some(u.version.clone()),
        fields: Vec::new(),
        fields_not_listed: 0,
        drift: Vec::new(),
        drift_not_listed: 0,
        url: Some(client.connection().ui_url(&u.deployment.id)),
    }
}

/// The plan entry of `p`, as decided.
pub(super) fn entry(
    client: Option<&Client>,
    p: &Draft,
    decision: Decision,
    hidden: &Hidden,
) -> PlanEntry {
    let url = |d: &Deployment| client.map(|c| c.connection().ui_url(&d.id));
    let mut entry = PlanEntry {
        name: p.full_name(),
        change: Change::New,
        version: p.code.version.clone(),
        live_version: None,
        fields: Vec::new(),
        fields_not_listed: 0,
        drift: Vec::new(),
        drift_not_listed: 0,
        url: None,
    };
    match decision {
        Decision::New => {}
        Decision::Unchanged(d, live) => {
            entry.change = Change::Unchanged;
            entry.version = Some(live.version().to_owned());
            entry.live_version = entry.version.clone();
            entry.url = url(&d);
        }
        Decision::Update(d, _) => {
            entry.change = Change::Update;
            entry.live_version = d.field("version").as_str().map(str::to_owned);
            entry.fields = changes(&d, &p.update);
            entry.fields_not_listed = entry.fields.len().saturating_sub(MAX_FIELDS_LISTED);
            entry.fields.truncate(MAX_FIELDS_LISTED);
            for change in &mut entry.fields {
                hidden.apply(change);
            }
            entry.url = url(&d);
        }
    }
    if hidden.paths.contains("version") {
        entry.live_version = entry.live_version.map(|_| REDACTED.to_owned());
    }
    entry
}

/// The compared fields of `planned` (an update body) that differ from `live`, each named in
/// the reviewer's words ([`words::label`]).
fn changes(live: &Deployment, planned: &Map<String, Value>) -> Vec<FieldChange> {
    let mut found = Vec::new();
    for key in COMPARED {
        let Some(want) = planned.get(key) else {
            continue;
        };
        // A null queue is the pool's default queue, which the server names.
        if key == "work_queue_name" && want.is_null() {
            continue;
        }
        let have = live.field(key);
        let (have, want) = match key {
            "schedules" => {
                compare_schedules(&schedules(have), &schedules(want), &mut found);
                continue;
            }
            // The server adds labels of its own (`prefect.flow.id`).
            "labels" => (only_keys_of(have, want), want.clone()),
            // The server keeps a limit as a global concurrency limit.
            "concurrency_limit" if have.is_null() => (
                live.field("global_concurrency_limit")["limit"].clone(),
                want.clone(),
            ),
            _ => (have.clone(), want.clone()),
        };
        compare(key.to_owned(), &have, &want, &mut found);
    }
    let slugs: Vec<Option<String>> = schedules(planned.get("schedules").unwrap_or(&Value::Null))
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|s| s["slug"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for change in &mut found {
        change.label = words::label(&change.field, &slugs);
    }
    found
}

/// A change at `path` (named later, by [`changes`]).
pub(super) fn change(path: String, live: &Value, planned: &Value) -> FieldChange {
    FieldChange {
        field: path,
        label: String::new(),
        live: live.clone(),
        planned: planned.clone(),
    }
}

/// Records where `have` and `want` differ under `path`: mappings key by key, lists of
/// mappings of one length item by item, anything else as a whole. A mapping that is emptied,
/// removed or replaced by something else is listed key by key too (each key going), so that
/// what hides a value by its key or its mapping's name still can ([`Hidden`]), and so that a
/// reviewer sees which keys go.
pub(super) fn compare(path: String, have: &Value, want: &Value, found: &mut Vec<FieldChange>) {
    let keyed = |v: &Value| v.as_object().filter(|m| !m.is_empty()).cloned();
    if let (Some(h), Some(w)) = (mappings(have), mappings(want)) {
        if h.len() == w.len() {
            for (i, (hv, wv)) in h.iter().zip(w).enumerate() {
                compare(format!("{path}.{i}"), hv, wv, found);
            }
            return;
        }
    }
    match (keyed(have), keyed(want)) {
        (Some(h), Some(w)) => {
            let mut keys: Vec<&String> = w.keys().collect();
            keys.extend(h.keys().filter(|k| !w.contains_key(*k)));
            for k in keys {
                let (hv, wv) = (
                    h.get(k).unwrap_or(&Value::Null),
                    w.get(k).unwrap_or(&Value::Null),
                );
                compare(format!("{path}.{k}"), hv, wv, found);
            }
        }
        (Some(h), None) if !same_value(have, want) => {
            for (k, hv) in &h {
                compare(format!("{path}.{k}"), hv, &Value::Null, found);
            }
            if !is_nothing(want) {
                found.push(change(path, &Value::Null, want));
            }
        }
        (None, Some(w)) => {
            if !is_nothing(have) {
                found.push(change(path.clone(), have, &Value::Null));
            }
            for (k, wv) in &w {
                compare(format!("{path}.{k}"), &Value::Null, wv, found);
            }
        }
        _ if same_value(have, want) => {}
        _ => found.push(change(path, have, want)),
    }
}

/// The items of a list made only of mappings (pull steps, schedules), else None.
fn mappings(v: &Value) -> Option<&Vec<Value>> {
    v.as_array()
        .filter(|items| !items.is_empty() && items.iter().all(Value::is_object))
}

/// Null or an empty mapping: no value, as far as a change is concerned.
fn is_nothing(v: &Value) -> bool {
    v.is_null() || v.as_object().is_some_and(Map::is_empty)
}

/// `have` with only the keys `want` has.
fn only_keys_of(have: &Value, want: &Value) -> Value {
    match (have, want) {
        (Value::Object(h), Value::Object(w)) => Value::Object(
            h.iter()
                .filter(|(k, _)| w.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => have.clone(),
    }
}

mod schedules;
#[cfg(test)]
mod tests;
