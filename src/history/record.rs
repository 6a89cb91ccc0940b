//! History records: their shape, the versioned fields, and content hashes.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::api::{Artifact, Client};
use crate::error::{Error, Result};

/// Fields that make up a version (what rollback restores), as the server returns them.
/// `version_info` is versioned too, but self-hosted servers do not store it, so it is kept in
/// the record and left out of the hash.
pub(crate) const VERSIONED: [&str; 11] = [
    "description",
    "tags",
    "entrypoint",
    "pull_steps",
    "parameters",
    "parameter_openapi_schema",
    "enforce_parameter_schema",
    "work_queue_name",
    "work_pool_name",
    "job_variables",
    "version",
];

/// The artifact key of a deployment's history.
pub(crate) fn artifact_key(deployment_id: &str) -> String {
    format!("pinflow-{}", deployment_id.to_ascii_lowercase())
}

/// The versioned fields among `fields` (a deployment as the server returns it, or a body).
pub(crate) fn versioned_fields(fields: &Map<String, Value>) -> Map<String, Value> {
    VERSIONED
        .iter()
        .filter_map(|k| fields.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect()
}

/// A stable hash of `fields`: SHA-256 of canonical JSON (object keys sorted).
pub(crate) fn fields_hash(fields: &Map<String, Value>) -> String {
    let canonical = canonical(&Value::Object(fields.clone()));
    crate::digest::sha256_hex(canonical.as_bytes())
}

/// Whether the server takes `a` and `b` as the same value (key order and `1.0`/`1` aside).
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// Canonical JSON: object keys sorted, whole numbers written alike (`1.0` as `1`).
pub(crate) fn canonical(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical(&m[*k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        // 1.0 and 1 are the same number to the server.
        Value::Number(n)
            if n.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15) =>
        {
            format!("{}", n.as_f64().unwrap_or_default() as i64)
        }
        other => other.to_string(),
    }
}

/// What a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A new version.
    Created,
    /// The live version moved back.
    Rollback,
    /// The live version moved forward.
    Promote,
}

impl Event {
    /// The name stored in the record.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Event::Created => "created",
            Event::Rollback => "rollback",
            Event::Promote => "promote",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Event::Created, Event::Rollback, Event::Promote]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// One history record, read back from its artifact.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The artifact's id; for `created` records this is the version id.
    pub id: String,
    /// When the artifact was created (RFC 3339, from the server).
    pub created: String,
    /// What it records.
    pub event: Event,
    /// The record's data.
    pub data: Value,
}

impl Record {
    /// The hashes of the secrets this version was deployed with (what `hashes_within` kept).
    pub(crate) fn secret_hashes(&self) -> impl Iterator<Item = String> + '_ {
        self.strings("secret_hashes")
    }

    /// Where in this version secret values are, whole or inside a string (what
    /// `secret::paths_within` kept).
    pub(crate) fn secret_paths(&self) -> impl Iterator<Item = String> + '_ {
        self.strings("secret_paths")
    }

    /// The strings of the record's list `key` (none when it has no such list).
    fn strings(&self, key: &str) -> impl Iterator<Item = String> + '_ {
        self.data[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h.as_str().map(str::to_owned))
    }

    /// Reads a record from an artifact; None for artifacts pinflow did not write.
    pub(crate) fn from_artifact(a: &Artifact) -> Option<Self> {
        let (created, event) = Self::written(a)?;
        Some(Self {
            id: a.id.clone(),
            created,
            event,
            data: a.data.clone(),
        })
    }

    /// [`Record::from_artifact`], taking the artifact: its data is not copied.
    pub(crate) fn from_owned(a: Artifact) -> Option<Self> {
        let (created, event) = Self::written(&a)?;
        Some(Self {
            id: a.id,
            created,
            event,
            data: a.data,
        })
    }

    /// When a pinflow record was written, and what it records; None for other artifacts.
    fn written(a: &Artifact) -> Option<(String, Event)> {
        if a.data.get("pinflow")? != &json!(1) {
            return None;
        }
        Some((
            a.created.clone()?,
            Event::parse(a.data.get("event")?.as_str()?)?,
        ))
    }

    /// The pull request this record says the deployment is a preview of: its repository
    /// (None when it was deployed outside CI) and number. None for a record that does not say
    /// so: a deployment made by `pinflow deploy`, or a preview recorded by a pinflow that did
    /// not yet write this.
    pub(crate) fn preview(&self) -> Option<(Option<&str>, u64)> {
        let preview = self.data.get("preview")?;
        let number = preview.get("number")?.as_u64()?;
        let repository = match preview.get("repository")? {
            Value::Null => None,
            Value::String(r) => Some(r.as_str()),
            _ => return None,
        };
        Some((repository, number))
    }

    /// The project this record says the deployment was deployed from: its repository (None
    /// when it was deployed outside CI) and project file (relative to the repository's root).
    /// None for a record that does not say so (written by a pinflow older than this).
    pub(crate) fn project(&self) -> Option<(Option<&str>, &str)> {
        let project = self.data.get("project")?;
        let file = project.get("file")?.as_str()?;
        let repository = match project.get("repository")? {
            Value::Null => None,
            Value::String(r) => Some(r.as_str()),
            _ => return None,
        };
        Some((repository, file))
    }

    /// Whether this record is about deployment `id` (as its own data says).
    pub(crate) fn is_of(&self, id: &str) -> bool {
        self.data["deployment_id"]
            .as_str()
            .is_some_and(|d| d.eq_ignore_ascii_case(id))
    }

    /// The version name.
    pub(crate) fn version(&self) -> &str {
        self.data["version"].as_str().unwrap_or("")
    }

    /// The content hash of the version's stored fields.
    pub(crate) fn hash(&self) -> &str {
        self.data["hash"].as_str().unwrap_or("")
    }

    /// Appends a record to `deployment_id`'s history.
    pub(crate) async fn append(
        client: &Client,
        deployment_id: &str,
        mut data: Value,
        description: String,
    ) -> Result<Record> {
        // Unique to this write, so that a write whose answer was lost is not written twice.
        data["write"] = json!(uuid::Uuid::new_v4().to_string());
        let body = json!({"key": artifact_key(deployment_id), "type": "pinflow-version",
                          "description": description, "data": data});
        let stored = client.append_artifact(&body).await?;
        Record::from_artifact(&stored).ok_or_else(|| {
            Error::service("the server returned the history record without an id or creation time")
        })
    }

    /// The newest record of `deployment_id` that satisfies `wanted`, reading no further back
    /// in the history than it has to.
    pub(crate) async fn newest(
        client: &Client,
        deployment_id: &str,
        wanted: impl Fn(&Record) -> bool,
    ) -> Result<Option<Record>> {
        let hit = |a: &Artifact| Record::from_artifact(a).is_some_and(|r| wanted(&r));
        let read = client
            .artifacts_by_key_until(&artifact_key(deployment_id), hit)
            .await?;
        Ok(read.iter().find(|a| hit(a)).and_then(Record::from_artifact))
    }

    /// The newest record of each of the deployments `ids` that has one, by deployment id, in
    /// one request. Found by the history's key, which is the deployment's, and kept only when
    /// the record itself names that deployment.
    pub(crate) async fn newest_of(
        client: &Client,
        ids: &[&str],
    ) -> Result<HashMap<String, Record>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let by_key: HashMap<String, &str> = ids.iter().map(|id| (artifact_key(id), *id)).collect();
        let keys: Vec<String> = by_key.keys().cloned().collect();
        let mut newest = HashMap::new();
        for artifact in client.latest_artifacts(&keys).await? {
            let id = artifact.key.as_ref().and_then(|k| by_key.get(k)).copied();
            let record = Record::from_owned(artifact);
            if let (Some(id), Some(record)) = (id, record) {
                if record.is_of(id) {
                    newest.insert((*id).to_owned(), record);
                }
            }
        }
        Ok(newest)
    }

    /// The last `n` versions (`created` records) of `deployment_id`, oldest first, reading no
    /// further back than it has to.
    pub(crate) async fn recent_versions(
        client: &Client,
        deployment_id: &str,
        n: usize,
    ) -> Result<Vec<Record>> {
        let seen = std::cell::Cell::new(0);
        let enough = |a: &Artifact| {
            let version = Record::from_artifact(a)
                .is_some_and(|r| r.event == Event::Created && r.is_of(deployment_id));
            seen.set(seen.get() + usize::from(version));
            seen.get() >= n
        };
        let read = client
            .artifacts_by_key_until(&artifact_key(deployment_id), enough)
            .await?;
        let mut versions: Vec<Record> = read
            .iter()
            .filter_map(Record::from_artifact)
            .filter(|r| r.event == Event::Created && r.is_of(deployment_id))
            .collect();
        versions.reverse();
        Ok(versions)
    }

    /// The history of `deployment_id`, oldest first.
    pub(crate) async fn load(client: &Client, deployment_id: &str) -> Result<Vec<Record>> {
        let mut records: Vec<Record> = client
            .artifacts_by_key(&artifact_key(deployment_id))
            .await?
            .iter()
            .filter_map(Record::from_artifact)
            .collect();
        records.reverse();
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn hashes_ignore_key_order_and_integral_floats() {
        let a = versioned_fields(&map(
            json!({"version": "v1", "parameters": {"a": 1, "b": 2.0}, "id": "x"}),
        ));
        let b = versioned_fields(&map(
            json!({"parameters": {"b": 2, "a": 1}, "version": "v1"}),
        ));
        assert_eq!(fields_hash(&a), fields_hash(&b));
        let c = versioned_fields(&map(
            json!({"parameters": {"b": 3, "a": 1}, "version": "v1"}),
        ));
        assert_ne!(fields_hash(&a), fields_hash(&c));
        assert!(!a.contains_key("id"));
    }

    #[test]
    fn keys_are_valid_artifact_keys() {
        let key = artifact_key("E97BF64F-9b29-45f0-8b54-f87a89c57c75");
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{key}"
        );
    }

    #[test]
    fn foreign_artifacts_are_not_records() {
        let artifact = |data: Value| Artifact {
            id: "1".into(),
            created: Some("t".into()),
            key: None,
            data,
        };
        assert!(Record::from_artifact(&artifact(json!({"a": 1}))).is_none());
        assert!(
            Record::from_artifact(&artifact(json!({"pinflow": 1, "event": "other"}))).is_none()
        );
        let r = Record::from_artifact(&artifact(
            json!({"pinflow": 1, "event": "created", "version": "v"}),
        ))
        .unwrap();
        assert_eq!((r.event, r.version()), (Event::Created, "v"));
    }
}
