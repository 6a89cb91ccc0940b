//! `rollback` and `promote`: make another recorded version live.
//!
//! Only versioned fields are PATCHed (schedules, pause, concurrency and triggers are left as
//! they are); then the move is appended to the history.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::record::{fields_hash, versioned_fields, Event, Record};
use super::shown;
use super::timeline::Timeline;
use super::versions::VersionEntry;
use crate::api::Client;
use crate::error::{Error, Result};
use crate::escape::markdown_code;

/// Rollback or promote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// To the version before the live one.
    Rollback,
    /// To the version after the live one.
    Promote,
}

impl Direction {
    fn event(self) -> Event {
        match self {
            Direction::Rollback => Event::Rollback,
            Direction::Promote => Event::Promote,
        }
    }

    fn action(self) -> MoveAction {
        match self {
            Direction::Rollback => MoveAction::Rollback,
            Direction::Promote => MoveAction::Promote,
        }
    }
}

/// What `rollback` / `promote` were asked to do.
#[derive(Debug, Clone)]
pub(crate) struct MoveOptions {
    /// `flow/name`.
    pub target: String,
    /// A version name or id to move to, instead of the neighbour of the live version.
    pub to: Option<String>,
    /// Show the change; apply nothing.
    pub dry_run: bool,
    /// Which way.
    pub direction: Direction,
}

/// What a move did, serialised as in the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum MoveAction {
    /// The version before became live.
    Rollback,
    /// The version after became live.
    Promote,
    /// Nothing was written; the request that would be sent is shown.
    DryRun,
    /// The target is live already.
    Unchanged,
}

impl MoveAction {
    /// The name used in output.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MoveAction::Rollback => "rollback",
            MoveAction::Promote => "promote",
            MoveAction::DryRun => "dry-run",
            MoveAction::Unchanged => "unchanged",
        }
    }
}

/// The result of `rollback` / `promote`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MoveReport {
    /// `flow/name`.
    pub deployment: String,
    /// The deployment's id.
    pub id: String,
    /// What was done.
    pub action: MoveAction,
    /// The version that was live (null when untracked).
    pub from: Option<VersionEntry>,
    /// The version that is live now.
    pub to: VersionEntry,
    /// On a dry run: the PATCH body that would be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
}

/// Makes another version live, then appends the event to the history. `ci` is the run that
/// does it.
/// `aliases` gives other names of the same deployment, tried when the server knows no `target`.
pub(crate) async fn move_live(
    client: &Client,
    opts: &MoveOptions,
    aliases: &dyn Fn() -> Vec<String>,
    ci: &Value,
) -> Result<MoveReport> {
    let t = Timeline::load(client, &opts.target, aliases).await?;
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
        action: opts.direction.action(),
        from: live.map(entry),
        to: entry(target),
        request: None,
    };
    if live.is_some_and(|l| l.id == target.id) {
        report.action = MoveAction::Unchanged;
        return Ok(report);
    }
    let mut body: Map<String, Value> = target.data["fields"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    body.insert("version_info".into(), target.data["version_info"].clone());
    if opts.dry_run {
        report.action = MoveAction::DryRun;
        // Values that came from secret blocks are known by their hashes only.
        let mut request =
            json!({"method": "PATCH", "path": format!("/deployments/{}", t.id()), "body": body});
        crate::secret::redact_hashed(&mut request, &t.secret_hashes());
        report.request = Some(request);
        return Ok(report);
    }
    apply(client, &t, &body, target, live, opts.direction.event(), ci).await?;
    report.to.live = true;
    if let Some(from) = report.from.as_mut() {
        from.live = false;
    }
    Ok(report)
}

/// PATCHes `body` and records the move from `live` to `target`.
async fn apply(
    client: &Client,
    t: &Timeline,
    body: &Map<String, Value>,
    target: &Record,
    live: Option<&Record>,
    event: Event,
    ci: &Value,
) -> Result<()> {
    client
        .update_deployment(t.id(), &Value::Object(body.clone()))
        .await?;
    let now = client.read_deployment(t.id()).await?;
    if now.is_none_or(|d| fields_hash(&versioned_fields(&d.fields)) != target.hash()) {
        crate::diagnostic::warn(
            crate::diagnostic::Code::ConcurrentChange,
            format!(
                "{} changed while it was being moved; `pinflow versions` shows what is live",
                t.name
            ),
        );
    }
    let rows = shown::of_versions(&t.versions(), Some(&target.id));
    let data = json!({"pinflow": 1, "event": event.as_str(), "deployment_id": t.id(),
        "deployment": t.name, "target": target.id, "from": live.map(|l| l.id.clone()),
        "version": target.version(), "hash": target.hash(), "ci": ci,
        // The live version is now the target's: what hides its secrets is its too.
        "secret_hashes": target.data["secret_hashes"], "secret_paths": target.data["secret_paths"],
        // A preview moved to another of its versions is still that preview.
        "preview": t.records.last().map_or(Value::Null, |r| r.data["preview"].clone()),
        // And a deployment stays its project's.
        "project": t.records.last().map_or(Value::Null, |r| r.data["project"].clone()),
        "shown": rows});
    let headline = format!(
        "pinflow {}: {} now runs version {} (was {})",
        event.as_str(),
        markdown_code(&t.name),
        markdown_code(target.version()),
        live.map_or("untracked".to_owned(), |l| markdown_code(l.version()))
    );
    let description = shown::render(&t.name, &headline, &rows);
    Record::append(client, t.id(), data, description).await?;
    Ok(())
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

/// The nearest version before (rollback) or after (promote) the live one whose content differs
/// from it: a version redeployed with `--force` has the same content, and moving to it would
/// change nothing.
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
    let differs = |r: &&&Record| r.hash() != live.hash();
    let found = match direction {
        Direction::Rollback => versions[..at].iter().rev().find(differs),
        Direction::Promote => versions
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .find(differs),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, version: &str, hash: &str) -> Record {
        Record {
            id: id.into(),
            created: format!("2026-01-01T00:00:0{}Z", id.len()),
            event: Event::Created,
            data: json!({"version": version, "hash": hash}),
        }
    }

    #[test]
    fn neighbours_skip_versions_with_the_live_content() {
        let (a, b, b2, c) = (
            record("id-a", "v1", "h1"),
            record("id-b", "v2", "h2"),
            record("id-b2", "v2", "h2"),
            record("id-c", "v3", "h3"),
        );
        let versions = [&a, &b, &b2, &c];
        let at =
            |live: &Record, d| neighbour(&versions, Some(live), d, "f/d").map(|r| r.id.clone());
        // b2 is b redeployed with --force: rolling back from it goes to a, not to b.
        assert_eq!(at(&b2, Direction::Rollback).unwrap(), "id-a");
        assert_eq!(at(&b, Direction::Promote).unwrap(), "id-c");
        assert_eq!(at(&c, Direction::Rollback).unwrap(), "id-b2");
        let oldest = at(&a, Direction::Rollback).unwrap_err();
        assert!(
            oldest.to_string().contains("oldest version (v1)"),
            "{oldest}"
        );
        let newest = at(&c, Direction::Promote).unwrap_err();
        assert!(newest.to_string().contains("newest"), "{newest}");
        let untracked = neighbour(&versions, None, Direction::Rollback, "f/d").unwrap_err();
        assert!(untracked.to_string().contains("--to"), "{untracked}");
    }

    #[test]
    fn pick_by_id_prefix_or_name() {
        let (a, b, b2) = (
            record("0123456789-a", "v1", "h1"),
            record("abcdefabcd-b", "v2", "h2"),
            record("abcdefabcd-c", "v2", "h3"),
        );
        let versions = [&a, &b, &b2];
        let id = |to: &str| pick(&versions, to, "f/d").map(|r| r.id.clone());
        assert_eq!(id("0123456789-a").unwrap(), "0123456789-a");
        assert_eq!(id("v1").unwrap(), "0123456789-a");
        assert_eq!(id("01234567").unwrap(), "0123456789-a");
        assert!(id("0123").is_err(), "prefixes need 8 characters");
        let many = id("v2").unwrap_err();
        assert!(many.to_string().contains("names 2 versions"), "{many}");
        assert!(id("abcdefabcd")
            .unwrap_err()
            .to_string()
            .contains("names 2 versions"));
        let none = id("v9").unwrap_err();
        assert!(none.to_string().contains("its versions: v1"), "{none}");
    }
}
