//! History records: their shape, the versioned fields, and content hashes.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::api::Client;
use crate::error::Result;

/// Fields that make up a version (what rollback restores), as the server returns them.
/// `version_info` is versioned too, but self-hosted servers do not store it, so it is kept in
/// the record and left out of the hash.
pub const VERSIONED: [&str; 11] = [
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
pub fn artifact_key(deployment_id: &str) -> String {
    format!("pinflow-{}", deployment_id.to_ascii_lowercase())
}

/// The versioned fields of a deployment (as returned by the server, or a request body).
pub fn versioned_fields(deployment: &Value) -> Map<String, Value> {
    VERSIONED
        .iter()
        .filter_map(|k| deployment.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect()
}

/// SHA-256 (hex) of a secret value: what history records keep to recognise it, never the value.
pub fn secret_hash(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Replaces every string in `v` whose hash is in `hashes` with `***`.
pub fn redact_secrets(v: &mut Value, hashes: &std::collections::BTreeSet<String>) {
    match v {
        Value::String(s) if hashes.contains(&secret_hash(s)) => *s = "***".into(),
        Value::Array(a) => a.iter_mut().for_each(|x| redact_secrets(x, hashes)),
        Value::Object(m) => m.values_mut().for_each(|x| redact_secrets(x, hashes)),
        _ => {}
    }
}

/// A stable hash of `fields`: SHA-256 of canonical JSON (object keys sorted).
pub fn fields_hash(fields: &Map<String, Value>) -> String {
    let canonical = canonical(&Value::Object(fields.clone()));
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn canonical(v: &Value) -> String {
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

/// One history record, read back from its artifact.
#[derive(Debug, Clone)]
pub struct Record {
    /// The artifact's id; for `created` records this is the version id.
    pub id: String,
    /// When the artifact was created (RFC 3339, from the server).
    pub created: String,
    /// `created`, `rollback` or `promote`.
    pub event: String,
    /// The record's data.
    pub data: Value,
}

impl Record {
    /// Reads a record from an artifact; None for artifacts pinflow did not write.
    pub fn from_artifact(a: &Value) -> Option<Self> {
        let data = a.get("data")?;
        if data.get("pinflow")? != &json!(1) {
            return None;
        }
        Some(Self {
            id: a.get("id")?.as_str()?.to_owned(),
            created: a.get("created")?.as_str()?.to_owned(),
            event: data.get("event")?.as_str()?.to_owned(),
            data: data.clone(),
        })
    }

    /// The version name.
    pub fn version(&self) -> &str {
        self.data["version"].as_str().unwrap_or("")
    }

    /// The content hash of the version's stored fields.
    pub fn hash(&self) -> &str {
        self.data["hash"].as_str().unwrap_or("")
    }

    /// Appends a record to `deployment_id`'s history.
    pub async fn append(
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
            crate::error::Error::service("the server returned the history record without an id")
        })
    }

    /// The newest record of `deployment_id` that satisfies `wanted`, reading no further back
    /// in the history than it has to.
    pub async fn newest(
        client: &Client,
        deployment_id: &str,
        wanted: impl Fn(&Record) -> bool,
    ) -> Result<Option<Record>> {
        let hit = |a: &Value| Record::from_artifact(a).is_some_and(|r| wanted(&r));
        let read = client
            .artifacts_by_key_until(&artifact_key(deployment_id), hit)
            .await?;
        Ok(read.iter().find(|a| hit(a)).and_then(Record::from_artifact))
    }

    /// The history of `deployment_id`, oldest first.
    pub async fn load(client: &Client, deployment_id: &str) -> Result<Vec<Record>> {
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

    #[test]
    fn hashes_ignore_key_order_and_integral_floats() {
        let a = versioned_fields(
            &json!({"version": "v1", "parameters": {"a": 1, "b": 2.0}, "id": "x"}),
        );
        let b = versioned_fields(&json!({"parameters": {"b": 2, "a": 1}, "version": "v1"}));
        assert_eq!(fields_hash(&a), fields_hash(&b));
        let c = versioned_fields(&json!({"parameters": {"b": 3, "a": 1}, "version": "v1"}));
        assert_ne!(fields_hash(&a), fields_hash(&c));
        assert!(!a.contains_key("id"));
    }

    #[test]
    fn secrets_are_recognised_by_hash() {
        let hashes = [secret_hash("s3cr3t")].into_iter().collect();
        let mut v = json!({"env": {"TOKEN": "s3cr3t", "OTHER": "fine"}, "list": ["s3cr3t"]});
        redact_secrets(&mut v, &hashes);
        assert_eq!(
            v,
            json!({"env": {"TOKEN": "***", "OTHER": "fine"}, "list": ["***"]})
        );
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
        assert!(
            Record::from_artifact(&json!({"id": "1", "created": "t", "data": {"a": 1}})).is_none()
        );
        let r = Record::from_artifact(&json!({"id": "1", "created": "t", "data": {"pinflow": 1, "event": "created", "version": "v"}})).unwrap();
        assert_eq!((r.event.as_str(), r.version()), ("created", "v"));
    }
}
