//! `deploy --preview`: a pull request's own copy of a deployment — named for the pull request,
//! its schedules inactive, tagged `preview`, `pr-<number>` and `repo:<repository>`, without
//! triggers unless asked — so that a pull request can run its code without touching the
//! deployments it changes; and `preview cleanup`, which deletes them with their automations
//! and history. The repository's tag keeps pull request 7 of one repository from deleting the
//! previews of pull request 7 of another that deploys to the same workspace.

use std::collections::HashMap;

use futures::stream::{self, StreamExt, TryStreamExt};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::plan::Planned;
use crate::api::{Artifact, Client, Deployment};
use crate::error::{Error, Result};
use crate::history::artifact_key;

/// Previews deleted at once.
const CLEANUP_CONCURRENCY: usize = 4;

/// The tag every preview deployment has.
pub const PREVIEW_TAG: &str = "preview";

/// A preview deployment of a pull request (`deploy --preview`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The pull or merge request's number.
    pub number: u64,
    /// The preview's name: `{name}` is the deployment's, `{number}` the pull request's.
    pub pattern: String,
    /// Keep the deployment's triggers (automations); by default a preview has none.
    pub triggers: bool,
    /// The repository the pull request belongs to ([`crate::ci::Platform::repository`]);
    /// None outside CI.
    pub repository: Option<String>,
}

impl Preview {
    /// The default name pattern.
    pub const DEFAULT_PATTERN: &'static str = "{name}-pr-{number}";

    /// The tags of the previews of pull request `number` (of any, if None) in `repository`
    /// (in any, if None): what a preview is given, and what cleanup looks for.
    pub fn tags(number: Option<u64>, repository: Option<&str>) -> Vec<String> {
        std::iter::once(PREVIEW_TAG.to_owned())
            .chain(number.map(|n| format!("pr-{n}")))
            .chain(repository.map(|r| format!("repo:{r}")))
            .collect()
    }

    /// Why `pattern` cannot name previews, if it cannot: without `{number}` every pull
    /// request's previews would be one, without `{name}` every deployment's.
    pub fn check_pattern(pattern: &str) -> Result<(), String> {
        for part in ["{name}", "{number}"] {
            if !pattern.contains(part) {
                return Err(format!(
                    "--preview-name {pattern:?} has no {part}: previews of different {} would \
                     share one name; use a pattern such as {:?}",
                    if part == "{name}" {
                        "deployments"
                    } else {
                        "pull requests"
                    },
                    Self::DEFAULT_PATTERN
                ));
            }
        }
        Ok(())
    }

    /// The preview's name for deployment `name`.
    pub fn name_for(&self, name: &str) -> String {
        self.pattern
            .replace("{name}", name)
            .replace("{number}", &self.number.to_string())
    }
}

/// Turns the plan of a deployment into the plan of its preview.
pub(super) fn make(p: &mut Planned, preview: &Preview) {
    p.name = preview.name_for(&p.name);
    p.create.insert("name".into(), json!(p.name));
    let tags = Preview::tags(Some(preview.number), preview.repository.as_deref());
    for body in [&mut p.create, &mut p.update] {
        inactive_schedules(body);
        add_tags(body, &tags);
    }
    if !preview.triggers {
        p.triggers.clear();
    }
}

fn inactive_schedules(body: &mut Map<String, Value>) {
    if let Some(Value::Array(schedules)) = body.get_mut("schedules") {
        for s in schedules.iter_mut().filter_map(Value::as_object_mut) {
            s.insert("active".into(), json!(false));
        }
    }
}

fn add_tags(body: &mut Map<String, Value>, tags: &[String]) {
    let list = body.entry("tags").or_insert_with(|| json!([]));
    if !list.is_array() {
        *list = json!([]);
    }
    if let Value::Array(list) = list {
        for tag in tags {
            if !list.iter().any(|t| t == tag) {
                list.push(json!(tag));
            }
        }
    }
}

/// Which previews `pinflow preview cleanup` deletes: those of a pull request, those not
/// updated for a while, or those that are both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleanup {
    /// The pull request's number.
    pub number: Option<u64>,
    /// Only this repository's previews (when known: on CI).
    pub repository: Option<String>,
    /// Not updated for this many seconds.
    pub older_than: Option<u64>,
    /// List them; delete nothing.
    pub dry_run: bool,
}

/// One preview deleted (or, on a dry run, that would be).
#[derive(Debug, Clone, Serialize)]
pub struct Cleaned {
    /// The deployment's `flow/name`.
    pub name: String,
    /// Its id.
    pub id: String,
    /// When it was last updated.
    pub updated: Option<String>,
    /// How many history records went with it.
    pub versions: usize,
}

/// Seconds in a duration written as a number and a unit: `30m`, `12h`, `7d`, `2w`.
pub fn parse_age(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let split = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, unit) = text.split_at(split);
    let unit_seconds = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        "w" => 7 * 86400,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if unit_seconds > 0 && number.len() <= 9 => Ok(n * unit_seconds),
        _ => Err(format!(
            "--older-than {text:?} is not a duration: write a number and m, h, d or w (7d)"
        )),
    }
}

/// Deletes the previews `which` selects, with their automations and history; returns them.
pub async fn cleanup(client: &Client, which: &Cleanup) -> Result<Vec<Cleaned>> {
    if which.number.is_none() && which.older_than.is_none() {
        return Err(Error::usage(
            "preview cleanup needs the pull request (run it in the pull request's build, or pass \
             --pull-request N) or --older-than",
        ));
    }
    let tags = Preview::tags(which.number, which.repository.as_deref());
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    let cutoff = which.older_than.map(super::schedule::rfc3339_ago);
    let old = |d: &Deployment| match (&cutoff, d.field("updated").as_str()) {
        (None, _) => true,
        // Both are UTC RFC 3339, so they compare as text (to the second).
        (Some(cutoff), Some(updated)) => updated.get(..19) < cutoff.get(..19),
        (Some(_), None) => false,
    };
    let previews: Vec<Deployment> = client
        .deployments_tagged(&tags)
        .await?
        .into_iter()
        .filter(old)
        .collect();
    if previews.is_empty() {
        return Ok(Vec::new());
    }
    let names = client.full_names(&previews).await?;
    // Every preview's history in one read, by key.
    let keys: Vec<String> = previews.iter().map(|d| artifact_key(&d.id)).collect();
    let mut histories: HashMap<String, Vec<Artifact>> = HashMap::new();
    for artifact in client.artifacts_with_keys(&keys).await? {
        if let Some(key) = artifact.key.clone() {
            histories.entry(key).or_default().push(artifact);
        }
    }
    // Several previews at once (the client's gate caps what is in flight), reported in order.
    let deletes = previews.iter().zip(names).map(|(d, name)| {
        let history = histories.remove(&artifact_key(&d.id)).unwrap_or_default();
        async move {
            if !which.dry_run {
                client.delete_deployment_automations(&d.id).await?;
                client.delete_deployment(&d.id).await?;
                for record in &history {
                    client.delete_artifact(&record.id).await?;
                }
            }
            Ok::<_, Error>(Cleaned {
                name,
                id: d.id.clone(),
                updated: d.field("updated").as_str().map(str::to_owned),
                versions: history.len(),
            })
        }
    });
    stream::iter(deletes.collect::<Vec<_>>())
        .buffered(CLEANUP_CONCURRENCY)
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_a_number_and_a_unit() {
        assert_eq!(parse_age("7d"), Ok(7 * 86400));
        assert_eq!(parse_age("30m"), Ok(1800));
        assert_eq!(parse_age("2w"), Ok(14 * 86400));
        for bad in ["", "7", "d", "7 days", "-1d", "99999999999d"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn patterns_must_tell_deployments_and_pull_requests_apart() {
        assert!(Preview::check_pattern(Preview::DEFAULT_PATTERN).is_ok());
        assert!(Preview::check_pattern("pr-{number}")
            .unwrap_err()
            .contains("{name}"));
        assert!(Preview::check_pattern("{name}-preview")
            .unwrap_err()
            .contains("{number}"));
        let p = Preview {
            number: 12,
            pattern: "{name}-pr-{number}".into(),
            triggers: false,
            repository: None,
        };
        assert_eq!(p.name_for("prod"), "prod-pr-12");
    }

    #[test]
    fn bodies_get_inactive_schedules_and_the_preview_tags_once() {
        let mut body = json!({"schedules": [{"active": true, "schedule": {"cron": "* * * * *"}}],
                              "tags": ["etl", "preview"]})
        .as_object()
        .unwrap()
        .clone();
        inactive_schedules(&mut body);
        add_tags(&mut body, &["preview".into(), "pr-3".into()]);
        assert_eq!(body["schedules"][0]["active"], false);
        assert_eq!(body["tags"], json!(["etl", "preview", "pr-3"]));
    }
}
