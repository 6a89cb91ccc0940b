//! `pinflow versions`: a deployment's versions, newest first, and which one is live.

use serde::Serialize;
use serde_json::Value;

use super::record::Record;
use super::timeline::Timeline;
use crate::api::Client;
use crate::error::Result;

/// One version as listed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VersionEntry {
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
    /// The entry for `r`, live when it is `live`.
    pub(crate) fn new(r: &Record, live: Option<&Record>) -> Self {
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
pub(crate) struct VersionsReport {
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
pub(crate) async fn versions(
    client: &Client,
    target: &str,
    aliases: &dyn Fn() -> Vec<String>,
    limit: usize,
) -> Result<VersionsReport> {
    let t = Timeline::load(client, target, aliases).await?;
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
        cloud_version_id: t.deployment.version_id.clone(),
        versions,
    })
}
