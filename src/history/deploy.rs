//! What a deploy asks of the history: whether the live version already has the planned
//! content (`unchanged`), and recording each new version (`record_created`).

use serde_json::{json, Map, Value};

use super::record::{fields_hash, versioned_fields, Event, Record};
use super::shown::{self, Row, SHOWN};
use crate::api::{Client, Deployment};
use crate::error::Result;
use crate::escape::markdown_code;

/// The live version when the planned fields equal it, so the deploy can be skipped.
/// `planned` is the update body, with the deployment's `triggers` when it has any: a change
/// to the triggers alone is a change.
pub(crate) async fn unchanged(
    client: &Client,
    deployment: &Deployment,
    planned: &Map<String, Value>,
) -> Result<Option<Record>> {
    // The live version is the newest one with the deployment's current content.
    let now = fields_hash(&versioned_fields(&deployment.fields));
    let live = Record::newest(client, &deployment.id, |r| {
        r.event == Event::Created && r.hash() == now
    })
    .await?;
    let planned_hash = planned_hash(planned);
    Ok(live.filter(|l| l.data["planned_hash"] == json!(planned_hash)))
}

/// The same question answered from the deployment's newest record alone, when it can be: a
/// newest `created` record with the deployment's current content is the live version (Some:
/// whether it has the planned content); no record at all means no live version (Some(false)).
/// Anything else (a rollback or promote last, an edit made outside pinflow) needs the history
/// read further back: None.
pub(crate) fn unchanged_from_newest(
    newest: Option<&Record>,
    deployment: &Deployment,
    planned: &Map<String, Value>,
) -> Option<bool> {
    let Some(newest) = newest else {
        return Some(false);
    };
    let now = fields_hash(&versioned_fields(&deployment.fields));
    if newest.event != Event::Created || newest.hash() != now {
        return None;
    }
    Some(newest.data["planned_hash"] == json!(planned_hash(planned)))
}

fn planned_hash(planned: &Map<String, Value>) -> String {
    let mut fields = versioned_fields(planned);
    fields.insert(
        "version_info".into(),
        planned.get("version_info").cloned().unwrap_or_default(),
    );
    if let Some(triggers) = planned.get("triggers") {
        fields.insert("triggers".into(), triggers.clone());
    }
    fields_hash(&fields)
}

/// The versioned fields the server holds after PATCHing `body` onto `existing`, worked out the
/// way the server applies a PATCH (so that no read-back is needed): each field sent replaces the
/// stored one, and a null `work_queue_name` with a work pool means the pool's default queue.
/// That queue's name is known when the deployment already used it in the same pool
/// (`default_queue_id` is the pool's); otherwise None: read the deployment back.
pub(crate) fn after_update(
    existing: &Deployment,
    body: &Map<String, Value>,
    default_queue_id: Option<&str>,
) -> Option<Map<String, Value>> {
    let mut fields = versioned_fields(&existing.fields);
    fields.extend(versioned_fields(body));
    let pool = body.get("work_pool_name").filter(|p| !p.is_null());
    if body.get("work_queue_name").is_some_and(Value::is_null) && pool.is_some() {
        let same_pool = existing.field("work_pool_name") == pool.unwrap_or(&Value::Null);
        let on_default =
            default_queue_id.is_some() && existing.work_queue_id.as_deref() == default_queue_id;
        if !(same_pool && on_default) {
            return None;
        }
        fields.insert(
            "work_queue_name".into(),
            existing.field("work_queue_name").clone(),
        );
    }
    Some(fields)
}

/// What a new version is: the deployment, what was planned and what the server holds.
pub(crate) struct NewVersion<'a> {
    /// `flow/name`.
    pub name: &'a str,
    /// The deployment's id.
    pub id: &'a str,
    /// The update body (with `triggers`), as compared by [`unchanged`].
    pub planned: &'a Map<String, Value>,
    /// The versioned fields the server holds now.
    pub stored: Map<String, Value>,
    /// The CI run (`platform::Platform::run_info`).
    pub ci: &'a Value,
    /// Hashes of the secret values in it, for redaction later.
    pub secret_hashes: &'a [String],
    /// Where in it secret values are, whole or inside a string (`secret::paths_within`).
    pub secret_paths: &'a [String],
    /// For a pull request's preview, `{"repository": …, "number": …}` (what
    /// [`Record::preview`] reads back: the proof that the deployment is that preview); Null
    /// otherwise.
    pub preview: Value,
    /// The project it was deployed from, `{"repository": …, "file": …}` (what
    /// [`Record::project`] reads back: what `--prune` proves ownership by).
    pub project: Value,
    /// The deployment's newest history record, as read before the deploy (None when it has
    /// none): it keeps the rows of the versions before this one.
    pub newest: Option<&'a Record>,
    /// What was sent of the fields that are not versioned (schedules, `paused`), as drift
    /// compares them later (`deploy::drift`).
    pub deployed: Value,
}

/// Records a version just written.
pub(crate) async fn record_created(client: &Client, v: NewVersion<'_>) -> Result<Record> {
    let fields = versioned_fields(&v.stored);
    if fields.get("version") != v.planned.get("version") {
        crate::diagnostic::warn(
            crate::diagnostic::Code::ConcurrentChange,
            format!("{} was changed by someone else during this deploy; its history records what the server holds", v.name),
        );
    }
    let info = &v.planned["version_info"];
    let mut data = json!({"pinflow": 1, "event": Event::Created.as_str(), "deployment_id": v.id,
        "deployment": v.name, "version": fields.get("version"), "version_info": info,
        "hash": fields_hash(&fields), "planned_hash": planned_hash(v.planned), "fields": fields,
        "ci": v.ci, "secret_hashes": v.secret_hashes, "secret_paths": v.secret_paths,
        "preview": v.preview, "project": v.project, "deployed": v.deployed});
    let version = fields.get("version").and_then(Value::as_str).unwrap_or("");
    let row = Row::new(version, info, v.ci, crate::deploy::now_rfc3339());
    let rows = shown::after_deploy(rows_before(client, v.id, v.newest).await?, row);
    data["shown"] = serde_json::to_value(&rows).unwrap_or_default();
    let headline = format!(
        "pinflow: {} version {} deployed",
        markdown_code(v.name),
        markdown_code(version)
    );
    let description = shown::render(v.name, &headline, &rows);
    Record::append(client, v.id, data, description).await
}

/// The rows of the versions before a new one, oldest first: those the newest record keeps (no
/// request), else, when it was written by a pinflow that kept none, those of the last
/// [`SHOWN`] versions read from the history (once: the record written now keeps them).
async fn rows_before(client: &Client, id: &str, newest: Option<&Record>) -> Result<Vec<Row>> {
    let Some(newest) = newest else {
        return Ok(Vec::new());
    };
    if let Some(rows) = shown::rows_of(newest) {
        return Ok(rows);
    }
    let versions = Record::recent_versions(client, id, SHOWN).await?;
    Ok(versions.iter().map(Row::of).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(v: Value) -> Deployment {
        serde_json::from_value(v).unwrap()
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn the_newest_record_settles_unchanged_when_it_is_the_live_version() {
        let planned = map(json!({"version": "v1", "version_info": {"type": "vcs:git"}}));
        let current = deployment(json!({"id": "d", "version": "v1"}));
        let now = fields_hash(&versioned_fields(&current.fields));
        let record = |event: Event, hash: &str, planned_hash: String| Record {
            id: "r".into(),
            created: "t".into(),
            event,
            data: json!({"hash": hash, "planned_hash": planned_hash}),
        };
        let same = record(Event::Created, &now, planned_hash(&planned));
        assert_eq!(
            unchanged_from_newest(Some(&same), &current, &planned),
            Some(true)
        );
        let other = record(Event::Created, &now, "x".into());
        assert_eq!(
            unchanged_from_newest(Some(&other), &current, &planned),
            Some(false)
        );
        assert_eq!(unchanged_from_newest(None, &current, &planned), Some(false));
        let moved = record(Event::Rollback, &now, planned_hash(&planned));
        assert!(
            unchanged_from_newest(Some(&moved), &current, &planned).is_none(),
            "read further"
        );
        let edited = record(Event::Created, "other", planned_hash(&planned));
        assert!(
            unchanged_from_newest(Some(&edited), &current, &planned).is_none(),
            "read further"
        );
    }

    #[test]
    fn an_update_is_the_patch_applied_to_what_was_there() {
        let existing = deployment(json!({"id": "d", "work_queue_id": "q1", "version": "v1",
            "tags": ["a"], "work_pool_name": "pool", "work_queue_name": "default",
            "enforce_parameter_schema": false, "schedules": []}));
        let body = map(
            json!({"version": "v2", "tags": [], "work_pool_name": "pool",
            "work_queue_name": null, "paused": false}),
        );
        let after = after_update(&existing, &body, Some("q1")).unwrap();
        assert_eq!(
            Value::Object(after),
            json!({"tags": [], "enforce_parameter_schema": false, "work_queue_name": "default",
                   "work_pool_name": "pool", "version": "v2"})
        );
        // Another pool, or a queue that is not the pool's default: only the server knows.
        let moved = map(json!({"work_pool_name": "other", "work_queue_name": null}));
        assert!(after_update(&existing, &moved, Some("q1")).is_none());
        assert!(after_update(&existing, &body, Some("q2")).is_none());
        assert!(after_update(&existing, &body, None).is_none());
        // A named queue is stored as sent.
        let named = map(json!({"work_pool_name": "other", "work_queue_name": "low"}));
        assert_eq!(
            after_update(&existing, &named, None).unwrap()["work_queue_name"],
            "low"
        );
    }
}
