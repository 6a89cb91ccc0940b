//! `pinflow plan`: what deploying would change, field by field, against the deployment the
//! server has now. Fields are compared as the server returns them, so what it fills in itself
//! (schedule ids, its own labels, the default queue) is not reported as a change.

use serde::Serialize;
use serde_json::{Map, Value};

use super::draft::Draft;
use super::known::Decision;
use crate::api::{Client, Deployment};
use crate::history::{canonical, same_value};
use crate::secret::{
    hide_in_value, name_says_environment, name_says_secret, redact_hashed, Secrets, REDACTED,
};

/// What a plan must not show: the secrets of this run, those the live version was deployed
/// with (by their hashes in its history record), credentials inside strings (a connection
/// string's password, `Bearer …`, `token=…`), the value of any key whose name says it holds a
/// secret, at any depth of the path or of the value (a rotated secret's old value is known to no
/// one but the server), and the live values of what goes from a process's environment
/// (`job_variables.env`, emptied or replaced by a pull request): which keys go is shown, never
/// what they held.
pub(super) struct Hidden<'a> {
    pub(super) secrets: &'a Secrets,
    pub(super) hashes: std::collections::BTreeSet<String>,
    /// Where the live version holds secrets, whole or inside a string (its history record's
    /// `secret_paths`): hidden whatever they hold now.
    pub(super) paths: std::collections::BTreeSet<String>,
}

impl Hidden<'_> {
    fn apply(&self, change: &mut FieldChange) {
        redact_hashed(&mut change.live, &self.hashes);
        crate::secret::hide_paths(&mut change.live, &change.field, &self.paths);
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
}

/// What deploying one deployment would come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// It does not exist yet: it would be created.
    New,
    /// It exists and would get a new version.
    Update,
    /// Its live version already has this content: nothing would be written.
    Unchanged,
}

impl Change {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Update => "update",
            Change::Unchanged => "unchanged",
        }
    }
}

/// One field that differs: its path (`parameters.source`), what the server has (null when
/// absent) and what would be deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field, with the keys inside mappings: `job_variables.env.REGION`.
    pub field: String,
    /// The live value (null when the server has none).
    pub live: Value,
    /// The value that would be deployed (null when it would be removed).
    pub planned: Value,
}

/// The plan for one deployment.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry {
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
    /// The deployment in the Prefect UI, when it exists.
    pub url: Option<String>,
}

/// The most field changes a plan lists for one deployment: a live deployment can be as large
/// as the server lets it be, and a plan is read by people.
pub const MAX_FIELDS_LISTED: usize = 100;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What `pinflow plan` found.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// One entry per selected deployment, in the project file's order.
    pub deployments: Vec<PlanEntry>,
    /// The commit the plan is for (the version info's), if there is one.
    #[serde(skip)]
    pub commit: Option<String>,
}

impl PlanReport {
    /// Whether deploying would write anything.
    pub fn has_changes(&self) -> bool {
        self.deployments
            .iter()
            .any(|d| d.change != Change::Unchanged)
    }

    /// How many deployments come to `change`.
    pub fn count(&self, change: Change) -> usize {
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
        version: p.version.clone(),
        live_version: None,
        fields: Vec::new(),
        fields_not_listed: 0,
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
        Decision::Update(d) => {
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

/// The compared fields of `planned` (an update body) that differ from `live`.
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
            "schedules" => (schedules(have), schedules(want)),
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
    found
}

/// Records where `have` and `want` differ under `path`: mappings key by key, anything else
/// as a whole. A mapping that is emptied, removed or replaced by something else is listed key
/// by key too (each key going), so that what hides a value by its key or its mapping's name
/// still can ([`Hidden`]), and so that a reviewer sees which keys go.
fn compare(path: String, have: &Value, want: &Value, found: &mut Vec<FieldChange>) {
    let keyed = |v: &Value| v.as_object().filter(|m| !m.is_empty()).cloned();
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
                found.push(FieldChange {
                    field: path,
                    live: Value::Null,
                    planned: want.clone(),
                });
            }
        }
        (None, Some(w)) => {
            if !is_nothing(have) {
                found.push(FieldChange {
                    field: path.clone(),
                    live: have.clone(),
                    planned: Value::Null,
                });
            }
            for (k, wv) in &w {
                compare(format!("{path}.{k}"), &Value::Null, wv, found);
            }
        }
        _ if same_value(have, want) => {}
        _ => found.push(FieldChange {
            field: path,
            live: have.clone(),
            planned: want.clone(),
        }),
    }
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

/// Schedules as comparable: in a stable order (the server keeps its own), each with the
/// fields a project sets and no nulls. The anchor of an interval is left out: a deploy sets it
/// to the time of the deploy when the file gives none, so it differs on every run.
fn schedules(list: &Value) -> Value {
    const FIELDS: [&str; 5] = [
        "schedule",
        "active",
        "max_scheduled_runs",
        "parameters",
        "slug",
    ];
    let Value::Array(items) = list else {
        return list.clone();
    };
    let mut items: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut kept = Map::new();
            for field in FIELDS {
                match item.get(field) {
                    None | Some(Value::Null) => {}
                    Some(Value::Object(schedule)) if field == "schedule" => {
                        let schedule: Map<String, Value> = schedule
                            .iter()
                            .filter(|(k, v)| *k != "anchor_date" && !v.is_null())
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        kept.insert(field.into(), Value::Object(schedule));
                    }
                    Some(v) => {
                        kept.insert(field.into(), v.clone());
                    }
                }
            }
            Value::Object(kept)
        })
        .collect();
    items.sort_by_cached_key(canonical);
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live(fields: Value) -> Deployment {
        let mut m = body(json!({"id": "d1"}));
        m.extend(body(fields));
        serde_json::from_value(Value::Object(m)).unwrap()
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn mappings_are_compared_key_by_key_and_lists_whole() {
        let d = live(json!({
            "parameters": {"source": "s3://a", "batch": 5},
            "tags": ["a", "b"],
            "job_variables": {"env": {"A": "1", "B": "2"}},
            "description": "old",
        }));
        let found = changes(
            &d,
            &body(json!({
                "parameters": {"source": "s3://b", "batch": 5.0},
                "tags": ["a"],
                "job_variables": {"env": {"A": "1"}},
                "description": "old",
            })),
        );
        let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["parameters.source", "job_variables.env.B", "tags"]);
        assert_eq!(found[1].planned, Value::Null, "a removed key");
    }

    #[test]
    fn live_values_that_were_or_are_secrets_are_hidden() {
        let secrets = Secrets::default();
        secrets.learn("new-secret-value");
        let hashes = [crate::secret::hash("recorded-secret")]
            .into_iter()
            .collect();
        let hidden = Hidden {
            secrets: &secrets,
            hashes,
            paths: Default::default(),
        };
        let change = |field: &str, live: Value, planned: Value| {
            let mut c = FieldChange {
                field: field.into(),
                live,
                planned,
            };
            hidden.apply(&mut c);
            (c.live, c.planned)
        };
        // A rotated secret: the old value is known only to the server.
        assert_eq!(
            change(
                "job_variables.env.CONN",
                json!("old"),
                json!("new-secret-value")
            ),
            (json!("***"), json!("***"))
        );
        // A secret recorded in the live version's history record.
        assert_eq!(
            change("parameters.uri", json!("recorded-secret"), json!("plain")),
            (json!("***"), json!("plain"))
        );
        // A field whose name says it holds a secret.
        assert_eq!(
            change("job_variables.env.api_token", json!("a"), Value::Null),
            (json!("***"), Value::Null)
        );
        // Anything else is shown.
        assert_eq!(
            change("parameters.source", json!("a"), json!("b")),
            (json!("a"), json!("b"))
        );
    }

    #[test]
    fn an_emptied_or_replaced_mapping_lists_the_keys_that_go() {
        let d = live(json!({"job_variables": {"env": {"A": "1", "B": "2"}, "image": "i"}}));
        for planned in [
            json!({"env": {}}),
            json!({"env": null}),
            json!({"env": "x"}),
            json!({}),
        ] {
            let found = changes(&d, &body(json!({ "job_variables": planned })));
            let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
            assert!(
                fields.starts_with(&["job_variables.env.A", "job_variables.env.B"]),
                "{planned}: {fields:?}"
            );
            assert!(found[..2].iter().all(|c| c.planned.is_null()));
        }
        let hidden = Hidden {
            secrets: &Secrets::default(),
            hashes: Default::default(),
            paths: Default::default(),
        };
        let mut going = changes(&d, &body(json!({"job_variables": {}})));
        going.iter_mut().for_each(|c| hidden.apply(c));
        let shown: Vec<(&str, &Value)> =
            going.iter().map(|c| (c.field.as_str(), &c.live)).collect();
        assert_eq!(
            shown,
            [
                ("job_variables.env.A", &json!("***")),
                ("job_variables.env.B", &json!("***")),
                ("job_variables.image", &json!("i")),
            ],
            "an environment's values are never shown as they go; other values are"
        );
    }

    #[test]
    fn what_the_server_fills_in_is_not_a_change() {
        let d = live(json!({
            "schedules": [
                {"id": "s2", "active": false, "slug": null,
                 "schedule": {"interval": 60.0, "anchor_date": "2026-01-01T00:00:00Z", "timezone": "UTC"}},
                {"id": "s1", "created": "x", "active": true,
                 "schedule": {"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}},
            ],
            "labels": {"prefect.flow.id": "f1"},
            "work_queue_name": "default",
            "concurrency_limit": null,
            "global_concurrency_limit": {"limit": 2, "name": "deployment:d1"},
        }));
        let same = body(json!({
            "schedules": [
                {"active": true, "replaces": null,
                 "schedule": {"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}},
                {"active": false,
                 "schedule": {"interval": 60, "anchor_date": "2026-11-30T00:00:00Z", "timezone": "UTC"}},
            ],
            "labels": {},
            "work_queue_name": null,
            "concurrency_limit": 2,
        }));
        assert_eq!(changes(&d, &same), []);
        let other = body(json!({
            "schedules": [{"active": false, "schedule": {"cron": "0 2 * * *", "day_or": true}}],
            "concurrency_limit": 3,
        }));
        let found = changes(&d, &other);
        assert_eq!(found[1].field, "concurrency_limit");
        assert_eq!(changes(&d, &other)[0].field, "schedules");
    }
}
