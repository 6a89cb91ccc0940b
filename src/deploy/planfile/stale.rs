//! What moved since a plan was made: the live deployments and what the file renders to, as
//! fingerprints, and what prune finds; and whether the plan fits what its file declares.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{FilePlan, Live, Seal};
use crate::deploy::draft::Draft;
use crate::deploy::known::{Decision, Known};
use crate::deploy::prune::Undeclared;
use crate::error::{Error, ErrorKind, Result};

impl FilePlan {
    /// Refuses a plan whose deployments are not what `drafts` (drafted from its text) are:
    /// an entry planned twice or not drafted, or drafted as another deployment.
    pub(in crate::deploy) fn check_drafted(&self, drafts: &[Draft]) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for planned in &self.deployments {
            let drafted = drafts.iter().find(|p| p.index == planned.entry);
            let fits = drafted.is_some_and(|p| p.full_name() == planned.name);
            let code = &planned.code;
            let controls = [&code.flow.name, &code.entrypoint]
                .into_iter()
                .chain(&code.version)
                .any(|s| s.chars().any(char::is_control));
            if !seen.insert(planned.entry) || !fits || controls {
                return Err(Error::usage(format!(
                    "the plan's deployment {:?} (entry {}) is not what its project file {} \
                     declares there: the plan file was not written by `pinflow plan --out`; \
                     make the plan again",
                    planned.name, planned.entry, self.prefect_file
                )));
            }
        }
        Ok(())
    }

    /// What moved on the planned server since this plan was made: each deployment as drafted
    /// again and decided now, and what prune finds to delete now.
    pub(in crate::deploy) fn stale(
        &self,
        drafts: &[Draft],
        decisions: &[Decision],
        known: &Known,
        delete: Option<&[Undeclared]>,
        seal: &Seal<'_>,
    ) -> Vec<String> {
        let mut moved = Vec::new();
        for (p, decision) in drafts.iter().zip(decisions) {
            let Some(planned) = self.deployments.iter().find(|d| d.entry == p.index) else {
                continue;
            };
            let name = &planned.name;
            let action = action(decision);
            if planned.action != action {
                moved.push(format!(
                    "{name} is now to be {}, where the plan said {} (its live version moved)",
                    words(action),
                    words(&planned.action)
                ));
            }
            let now = live(p, decision, known, seal);
            match (&planned.live, &now) {
                (None, Some(_)) => moved.push(format!("{name} was created on the server")),
                (Some(_), None) => moved.push(format!("{name} was deleted from the server")),
                (Some(was), Some(is)) if was.id != is.id => {
                    moved.push(format!(
                        "{name} was deleted and created again on the server"
                    ));
                }
                (Some(was), Some(is)) => {
                    if was.record != is.record {
                        moved.push(format!("{name} got a new version on the server"));
                    }
                    let edited = changed(&was.fields, &is.fields);
                    if !edited.is_empty() {
                        moved.push(format!(
                            "{name}: {} changed on the server",
                            edited.join(", ")
                        ));
                    }
                }
                (None, None) => {}
            }
            let rendered = changed(&planned.rendered, &rendered(p, seal));
            if !rendered.is_empty() {
                moved.push(format!(
                    "{name}: {} render differently here (a Prefect variable, block or \
                     environment variable differs from when the plan was made)",
                    rendered.join(", ")
                ));
            }
        }
        if let Some(found) = delete {
            let planned: Vec<&str> = self.delete.iter().map(|d| d.id.as_str()).collect();
            for u in found
                .iter()
                .filter(|u| !planned.contains(&u.deployment.id.as_str()))
            {
                moved.push(format!(
                    "{} is to be pruned now, but the plan keeps it",
                    u.name
                ));
            }
            for d in &self.delete {
                if !found.iter().any(|u| u.deployment.id == d.id) {
                    moved.push(format!(
                        "{} is to be pruned by the plan, but is no longer this project's to \
                         delete (deleted, redeployed or edited since)",
                        d.name
                    ));
                }
            }
        }
        moved
    }

    /// Whether the plan deletes `u`: by id on the server it was made against, by name on
    /// another (a promoted plan prunes there what it pruned where it was made, nothing else).
    pub(in crate::deploy) fn deletes(&self, u: &Undeclared, same_server: bool) -> bool {
        self.delete.iter().any(|d| match same_server {
            true => d.id == u.deployment.id,
            false => d.name == u.name,
        })
    }

    /// Whether the plan saw anything of its server's own (a deployment, one to delete, a flow,
    /// a work pool's queue).
    pub(in crate::deploy) fn saw_anything(&self) -> bool {
        self.saw_any_of_with(|_| true)
    }

    /// Whether this server holds anything the plan saw on its own (a deployment, one to
    /// delete, a flow, a work pool's queue: `ids`): ids are a server's own, so then this is the
    /// server the plan was made against, whatever its URL.
    pub(in crate::deploy) fn saw_any_of(&self, ids: &[String]) -> bool {
        self.saw_any_of_with(|id| ids.contains(id))
    }

    fn saw_any_of_with(&self, held: impl Fn(&String) -> bool) -> bool {
        let live = self.deployments.iter().filter_map(|p| p.live.as_ref());
        let mut planned = live
            .map(|l| &l.id)
            .chain(self.delete.iter().map(|d| &d.id))
            .chain(&self.seen);
        planned.any(held)
    }
}

/// The live deployment `decision` found for `p`: its id, the fields `p` writes and its newest
/// record.
pub(super) fn live(p: &Draft, decision: &Decision, known: &Known, seal: &Seal<'_>) -> Option<Live> {
    let d = match decision {
        Decision::New => return None,
        Decision::Update(d, _) | Decision::Unchanged(d, _) => d,
    };
    // What the live version's record says held secrets is hidden too, as a plan shows it: a
    // value since rotated is no secret of this run.
    let record = known.newest(&d.id);
    let hashes: std::collections::BTreeSet<String> = record
        .map(|r| r.secret_hashes().collect())
        .unwrap_or_default();
    let paths: std::collections::BTreeSet<String> = record
        .map(|r| r.secret_paths().collect())
        .unwrap_or_default();
    let fields = p
        .update
        .keys()
        .map(|k| {
            let one = Value::Object(
                d.fields
                    .get(k)
                    .map(|v| (k.clone(), v.clone()))
                    .into_iter()
                    .collect(),
            );
            let fingerprint = seal.fingerprint_hiding(&one, |v| {
                crate::secret::redact_hashed(v, &hashes);
                crate::secret::hide_paths(v, "", &paths);
            });
            (k.clone(), fingerprint)
        })
        .collect();
    let mut fields: BTreeMap<String, String> = fields;
    if let Some(automations) = &known.automations {
        let running = automations.get(&d.id).cloned().unwrap_or_default();
        let one = Value::Object(Map::from_iter([("triggers".into(), Value::Array(running))]));
        let fingerprint =
            seal.fingerprint_hiding(&one, |v| crate::secret::redact_hashed(v, &hashes));
        fields.insert("triggers".into(), fingerprint);
    }
    Some(Live {
        id: d.id.clone(),
        fields,
        record: known.newest(&d.id).map(|r| r.id.clone()),
    })
}

/// A fingerprint of each field `p` writes and of its automations (`triggers`); a schedule's
/// anchor date, which Prefect takes as "now" when the file gives none, is left out.
pub(super) fn rendered(p: &Draft, seal: &Seal<'_>) -> BTreeMap<String, String> {
    p.compared()
        .into_iter()
        .map(|(k, mut v)| {
            if k == "schedules" {
                for s in v.as_array_mut().into_iter().flatten() {
                    if let Some(inner) = s.get_mut("schedule").and_then(Value::as_object_mut) {
                        inner.remove("anchor_date");
                    }
                }
            }
            let one = Value::Object(Map::from_iter([(k.clone(), v)]));
            (k, seal.fingerprint(&one))
        })
        .collect()
}

/// The keys whose hashes differ between `was` and `is`.
fn changed(was: &BTreeMap<String, String>, is: &BTreeMap<String, String>) -> Vec<String> {
    let keys: std::collections::BTreeSet<String> = was
        .keys()
        .chain(is.keys())
        .filter(|k| was.get(*k) != is.get(*k))
        .map(|k| format!("`{k}`"))
        .collect();
    keys.into_iter().collect()
}

/// The error of a stale plan: what moved, and what to do.
pub(crate) fn stale_error(moved: &[String]) -> Error {
    Error::new(
        ErrorKind::Stale,
        format!(
            "the plan is stale: since it was made, {}. Nothing was applied; make the plan again \
             (or apply it anyway with --force)",
            moved.join("; ")
        ),
    )
}

/// What applying a deployment comes to, as a plan file says it.
pub(super) fn action(decision: &Decision) -> &'static str {
    match decision {
        Decision::New => "create",
        Decision::Update(..) => "update",
        Decision::Unchanged(..) => "unchanged",
    }
}

/// An action in a sentence.
fn words(action: &str) -> &str {
    match action {
        "create" => "created",
        "update" => "updated",
        _ => "left unchanged",
    }
}
