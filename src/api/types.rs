//! What the server returns, typed where pinflow reads a field; the rest is kept as the server
//! wrote it (a deployment's fields are compared and recorded whole).

use serde::Deserialize;
use serde_json::{Map, Value};

/// A deployment as the server returns it.
#[derive(Debug, Clone, Deserialize)]
pub struct Deployment {
    /// Its id.
    pub id: String,
    /// Its flow's id.
    #[serde(default)]
    pub flow_id: Option<String>,
    /// The work queue it uses (its id).
    #[serde(default)]
    pub work_queue_id: Option<String>,
    /// Prefect Cloud's id of the current version (absent on self-hosted servers).
    #[serde(default)]
    pub version_id: Option<String>,
    /// Every other field, as returned.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl Deployment {
    /// The field `key` (Null when absent).
    pub fn field(&self, key: &str) -> &Value {
        self.fields.get(key).unwrap_or(&Value::Null)
    }
}

/// A flow: its id and name.
#[derive(Debug, Clone, Deserialize)]
pub struct Flow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A work pool: what pinflow needs of it.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkPool {
    /// Its name.
    pub name: String,
    /// The queue a deployment gets when it names none.
    #[serde(default)]
    pub default_queue_id: Option<String>,
}

/// An artifact (pinflow keeps its history records as artifacts).
#[derive(Debug, Clone, Deserialize)]
pub struct Artifact {
    /// Its id.
    pub id: String,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created: Option<String>,
    /// Its key.
    #[serde(default)]
    pub key: Option<String>,
    /// Its data.
    #[serde(default)]
    pub data: Value,
}

/// The newest artifact of a key (`POST /artifacts/latest/filter` answers with these).
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    /// The newest artifact's id.
    pub latest_id: String,
    /// When the newest artifact was written.
    #[serde(default)]
    pub updated: Option<String>,
    /// Its key.
    #[serde(default)]
    pub key: Option<String>,
    /// The newest artifact's data.
    #[serde(default)]
    pub data: Value,
}

impl Collection {
    /// The newest artifact.
    pub fn latest(self) -> Artifact {
        Artifact {
            id: self.latest_id,
            created: self.updated,
            key: self.key,
            data: self.data,
        }
    }
}

/// Reads a typed value from an answer, or says what the server sent instead.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    value: Value,
    what: &str,
) -> crate::error::Result<T> {
    serde_json::from_value(value).map_err(|e| {
        crate::error::Error::service(format!(
            "{what} answered with something that is not what Prefect sends ({e}); \
             is PREFECT_API_URL a Prefect API?"
        ))
    })
}
