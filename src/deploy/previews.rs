//! `deploy --preview`: a pull request's own copy of a deployment — named for the pull request,
//! its schedules inactive, tagged `preview`, `pr-<number>` and `repo:<repository>`, without
//! triggers unless asked — so that a pull request can run its code without touching the
//! deployments it changes; and `preview cleanup`, which deletes them with their automations
//! and history.
//!
//! Tags are set by anyone (a prefect.yaml, the UI) and a name pattern can name a production
//! deployment, so neither proves a deployment is a preview. The proof is pinflow's own history:
//! each version of a preview is recorded with the repository and pull request it belongs to
//! ([`Preview::record`]), and a preview is updated, or deleted by cleanup, only when the newest
//! record of the deployment says it is that preview ([`check_owned`], [`cleanup`]).

use std::collections::HashMap;

use futures::stream::{self, StreamExt, TryStreamExt};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::draft::Draft;
use super::known::Known;
use crate::api::{Artifact, Client, Deployment};
use crate::error::{Error, Result};
use crate::history::{artifact_key, Record};

/// Previews deleted at once.
const CLEANUP_CONCURRENCY: usize = 4;

/// The tag every preview deployment has.
pub(crate) const PREVIEW_TAG: &str = "preview";

/// A preview deployment of a pull request (`deploy --preview`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Preview {
    /// The pull or merge request's number.
    pub number: u64,
    /// The preview's name: `{name}` is the deployment's, `{number}` the pull request's.
    pub pattern: String,
    /// Keep the deployment's triggers (automations); by default a preview has none.
    pub triggers: bool,
    /// Run the project's build and push steps (`--preview-steps`): they are the branch's
    /// commands, so by default a preview refuses to run them; when allowed they run without
    /// pinflow's credentials in their environment (`deploy::steps::without_credentials`).
    pub steps: bool,
    /// The repository the pull request belongs to ([`crate::platform::Platform::repository`]);
    /// None outside CI.
    pub repository: Option<String>,
}

impl Preview {
    /// The default name pattern.
    pub(crate) const DEFAULT_PATTERN: &'static str = "{name}-pr-{number}";

    /// The tags of the previews of pull request `number` (of any, if None) in `repository`
    /// (in any, if None): what a preview is given, and what cleanup looks for.
    pub(crate) fn tags(number: Option<u64>, repository: Option<&str>) -> Vec<String> {
        std::iter::once(PREVIEW_TAG.to_owned())
            .chain(number.map(|n| format!("pr-{n}")))
            .chain(repository.map(|r| format!("repo:{r}")))
            .collect()
    }

    /// Why `pattern` cannot name previews, if it cannot: without `{number}` every pull
    /// request's previews would be one, without `{name}` every deployment's.
    pub(crate) fn check_pattern(pattern: &str) -> Result<(), String> {
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
    pub(crate) fn name_for(&self, name: &str) -> String {
        self.pattern
            .replace("{name}", name)
            .replace("{number}", &self.number.to_string())
    }

    /// What a preview's history records say it is (read back by [`Record::preview`]).
    pub(crate) fn record(&self) -> Value {
        json!({"repository": self.repository, "number": self.number})
    }

    /// This pull request, for messages: `pull request 7 of org/repo`.
    fn describe(repository: Option<&str>, number: u64) -> String {
        match repository {
            Some(r) => format!("pull request {number} of {r}"),
            None => format!("pull request {number} (deployed outside CI, no repository)"),
        }
    }
}

/// Why `record`, the newest history record of deployment `d`, does not prove that `d` is a
/// preview of pull request `number` (any, if None) of `repository` (any, if None); None when it
/// does.
fn unproven(
    d: &Deployment,
    record: Option<&Record>,
    number: Option<u64>,
    repository: Option<Option<&str>>,
) -> Option<String> {
    let Some(record) = record.filter(|r| r.is_of(&d.id)) else {
        return Some("it has no pinflow history, so pinflow did not make it a preview".into());
    };
    let Some((of_repository, of_number)) = record.preview() else {
        return Some(
            "its newest history record is not a preview's: it was deployed by `pinflow deploy` \
             (or by a pinflow older than this proof)"
                .into(),
        );
    };
    let same_number = number.is_none_or(|n| n == of_number);
    let same_repository = repository.is_none_or(|r| r == of_repository);
    (!(same_number && same_repository)).then(|| {
        format!(
            "it is the preview of {}",
            Preview::describe(of_repository, of_number)
        )
    })
}

/// Refuses, before anything is written, to deploy a preview over a deployment that is not
/// already this pull request's preview of this repository: by its newest history record, and
/// its tags still being the preview's. A name no deployment has yet is free.
pub(super) fn check_owned(plans: &[Draft], known: &Known, preview: &Preview) -> Result<()> {
    let refused: Vec<String> = plans
        .iter()
        .filter_map(|p| {
            let d = known.existing(p)?;
            let repository = Some(preview.repository.as_deref());
            let tags = Preview::tags(Some(preview.number), preview.repository.as_deref());
            let why = unproven(d, known.newest(&d.id), Some(preview.number), repository).or_else(
                || {
                    // A preview later redeployed by other means (prefect deploy, the UI) keeps
                    // pinflow's record but not the preview's tags.
                    (!has_tags(d, &tags)).then(|| {
                        "it no longer has the preview's tags: it was changed by other means \
                         since pinflow deployed it as a preview"
                            .to_owned()
                    })
                },
            )?;
            Some(format!("  - {} (id {}): {why}", p.full_name(), d.id))
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "deploy --preview refused: {} already exist(s) and pinflow cannot prove {} the preview \
         of {}; nothing was written:\n{}\nA preview only replaces a deployment whose pinflow \
         history says it is this pull request's preview. Choose a --preview-name pattern that \
         names no other deployment (the default is {:?}); if one of these is a preview left by \
         an older pinflow, delete it in Prefect first.",
        refused.len(),
        if refused.len() == 1 {
            "it is"
        } else {
            "they are"
        },
        Preview::describe(preview.repository.as_deref(), preview.number),
        refused.join("\n"),
        Preview::DEFAULT_PATTERN
    )))
}

/// Turns the plan of a deployment into the plan of its preview.
pub(super) fn make(p: &mut Draft, preview: &Preview) {
    p.name = preview.name_for(&p.name);
    let tags = Preview::tags(Some(preview.number), preview.repository.as_deref());
    inactive_schedules(&mut p.update);
    add_tags(&mut p.update, &tags);
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
pub(crate) struct Cleanup {
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
pub(crate) struct Cleaned {
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
pub(crate) fn parse_age(text: &str) -> std::result::Result<u64, String> {
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

/// A deployment that cleanup found with the preview tags and left alone, and why.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Skipped {
    /// The deployment's `flow/name`.
    pub name: String,
    /// Its id.
    pub id: String,
    /// Why it is not proven to be a preview it may delete.
    pub why: String,
}

/// What a cleanup did: the previews deleted, and the deployments it left alone.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct CleanupReport {
    /// Deleted (on a dry run: would be).
    pub deleted: Vec<Cleaned>,
    /// Tagged as previews, but not proven to be ones this cleanup may delete.
    pub skipped: Vec<Skipped>,
}

/// Whether `d` really has every one of `tags` (the server's filter is not trusted).
fn has_tags(d: &Deployment, tags: &[String]) -> bool {
    let have = d.field("tags").as_array().cloned().unwrap_or_default();
    tags.iter().all(|t| have.iter().any(|h| h == t))
}

/// Deletes the previews `which` selects, with their automations and history. Only a
/// deployment that really has the tags and whose newest history record says it is a preview
/// (of this pull request and repository, when they are known) is deleted; the others are
/// reported as skipped.
pub(crate) async fn cleanup(client: &Client, which: &Cleanup) -> Result<CleanupReport> {
    if which.number.is_none() && which.older_than.is_none() {
        return Err(Error::usage(
            "preview cleanup needs the pull request (run it in the pull request's build, or pass \
             --pull-request N) or --older-than",
        ));
    }
    let tags = Preview::tags(which.number, which.repository.as_deref());
    let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    let cutoff = which.older_than.map(super::schedule::rfc3339_ago);
    let old = |d: &Deployment| match (&cutoff, d.field("updated").as_str()) {
        (None, _) => true,
        // Both are UTC RFC 3339, so they compare as text (to the second).
        (Some(cutoff), Some(updated)) => updated.get(..19) < cutoff.get(..19),
        (Some(_), None) => false,
    };
    let (tagged, untagged): (Vec<Deployment>, Vec<Deployment>) = client
        .deployments_tagged(&tag_refs)
        .await?
        .into_iter()
        .partition(|d| has_tags(d, &tags));
    if !untagged.is_empty() {
        crate::diagnostic::warn(
            crate::diagnostic::Code::PreviewLeftAlone,
            format!(
                "preview cleanup: the server answered {} deployment(s) without the tags asked \
                 for ({}); they are left alone",
                untagged.len(),
                tags.join(", ")
            ),
        );
    }
    let candidates: Vec<Deployment> = tagged.into_iter().filter(old).collect();
    if candidates.is_empty() {
        return Ok(CleanupReport::default());
    }
    let names = client.full_names(&candidates).await?;
    let ids: Vec<&str> = candidates.iter().map(|d| d.id.as_str()).collect();
    let newest = Record::newest_of(client, &ids).await?;
    let mut report = CleanupReport::default();
    let mut proven = Vec::new();
    let repository = which.repository.as_deref().map(Some);
    for (d, name) in candidates.iter().zip(names) {
        match unproven(d, newest.get(&d.id), which.number, repository) {
            Some(why) => {
                crate::diagnostic::warn(
                    crate::diagnostic::Code::PreviewLeftAlone,
                    format!("preview cleanup: {name} is left alone: {why}"),
                );
                report.skipped.push(Skipped {
                    name,
                    id: d.id.clone(),
                    why,
                });
            }
            None => proven.push((d, name)),
        }
    }
    report.deleted = delete(client, &proven, which.dry_run).await?;
    Ok(report)
}

/// Deletes each of `previews` (`flow/name`) with its automations and history (on a dry run,
/// nothing); returns them. `--prune` deletes with it too.
pub(super) async fn delete(
    client: &Client,
    previews: &[(&Deployment, String)],
    dry_run: bool,
) -> Result<Vec<Cleaned>> {
    if previews.is_empty() {
        return Ok(Vec::new());
    }
    // Every preview's history in one read, by key.
    let keys: Vec<String> = previews.iter().map(|(d, _)| artifact_key(&d.id)).collect();
    let mut histories: HashMap<String, Vec<Artifact>> = HashMap::new();
    for artifact in client.artifacts_with_keys(&keys).await? {
        if let Some(key) = artifact.key.clone() {
            histories.entry(key).or_default().push(artifact);
        }
    }
    // Several previews at once (the client's gate caps what is in flight), reported in order.
    let deletes = previews.iter().map(|(d, name)| {
        let history = histories.remove(&artifact_key(&d.id)).unwrap_or_default();
        async move {
            if !dry_run {
                client.delete_deployment_automations(&d.id).await?;
                client.delete_deployment(&d.id).await?;
                for record in &history {
                    client.delete_artifact(&record.id).await?;
                }
            }
            Ok::<_, Error>(Cleaned {
                name: name.clone(),
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
            steps: false,
            repository: None,
        };
        assert_eq!(p.name_for("prod"), "prod-pr-12");
    }

    #[test]
    fn only_the_newest_record_of_the_same_deployment_proves_a_preview() {
        let d: Deployment = serde_json::from_value(json!({"id": "d1"})).unwrap();
        let record = |data: Value| Record {
            id: "r".into(),
            created: "t".into(),
            event: crate::history::Event::Created,
            data,
        };
        let of = |id: &str, repository: Value, number: u64| {
            record(json!({"deployment_id": id,
                          "preview": {"repository": repository, "number": number}}))
        };
        let ours = of("d1", json!("org/a"), 7);
        let a = Some(Some("org/a"));
        assert_eq!(unproven(&d, Some(&ours), Some(7), a), None);
        assert_eq!(
            unproven(&d, Some(&ours), None, None),
            None,
            "any, outside CI"
        );
        assert!(unproven(&d, Some(&ours), Some(8), a)
            .unwrap()
            .contains("pull request 7 of org/a"));
        assert!(unproven(&d, Some(&ours), Some(7), Some(Some("org/b"))).is_some());
        assert!(unproven(&d, Some(&ours), Some(7), Some(None)).is_some());
        let local = of("d1", Value::Null, 7);
        assert_eq!(unproven(&d, Some(&local), Some(7), Some(None)), None);
        assert!(unproven(&d, None, Some(7), a)
            .unwrap()
            .contains("no pinflow history"));
        let other = of("d2", json!("org/a"), 7);
        assert!(unproven(&d, Some(&other), Some(7), a).is_some());
        let production = record(json!({"deployment_id": "d1", "preview": null}));
        let why = unproven(&d, Some(&production), Some(7), a).unwrap();
        assert!(why.contains("not a preview's"), "{why}");
        let p = Preview {
            number: 7,
            pattern: Preview::DEFAULT_PATTERN.into(),
            triggers: false,
            steps: false,
            repository: Some("org/a".into()),
        };
        assert_eq!(
            record(json!({"deployment_id": "d1", "preview": p.record()})).preview(),
            Some((Some("org/a"), 7))
        );
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
