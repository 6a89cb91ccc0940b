//! The plan file: what `pinflow plan --out` writes and `pinflow apply` applies.
//!
//! A plan file keeps, for each project file, the file's text as planned (placeholders and all)
//! and, for each selected deployment, what names the code it runs ([`Code`]: entrypoint, flow
//! and parameter schema, version and version info, pull steps, image). Applying it drafts the
//! deployments from that text again, in the applying job's environment and against the target
//! server's variables and blocks, with the code taken from the file byte for byte. No value of a
//! block, a variable or the environment is in the file other than what the code parts hold, and
//! a plan that would hold a secret there is refused before anything is written.
//!
//! Against the server the plan was made against, it also keeps what it was computed from
//! (fingerprints of each live deployment's fields, its newest history record, and of what the
//! file rendered to), so that `apply` refuses a stale plan and says what moved. A fingerprint
//! reveals nothing the plan's own output does not show: it is taken of the value as a plan
//! shows it (secrets and environment values hidden), or, when the jobs hold a key
//! (`PINFLOW_PLAN_KEY`), it is an HMAC of the whole value under that key, which also signs the
//! file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::draft::{Code, Draft};
use super::known::{Decision, Known};
use super::prune::{Origin, Undeclared};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::history::canonical;
use crate::secret::Secrets;

/// What the file says it is.
const FORMAT: &str = "pinflow-plan";
/// The format's version; a reader refuses other versions.
const VERSION: u32 = 1;
/// The largest plan file `apply` reads.
const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Said in every file, for whoever opens it.
const NOTE: &str = "Written by `pinflow plan --out`, applied by `pinflow apply`. No secret is \
                    in this file: blocks, variables and environment variables stay placeholders \
                    in `text` and are rendered when the plan is applied, against the target \
                    server. Do not edit it: `apply` refuses a changed file.";
/// The environment variable holding the key that signs plan files.
pub(crate) const KEY_VAR: &str = "PINFLOW_PLAN_KEY";

/// How a plan's fingerprints and digest are made: with the jobs' key (`PINFLOW_PLAN_KEY`), an
/// HMAC of the whole value that nobody without the key can make or check; without one, a hash
/// of the value as a plan shows it, which reveals nothing the plan's output does not.
pub(crate) struct Seal<'a> {
    key: Option<&'a str>,
    secrets: &'a Secrets,
}

impl<'a> Seal<'a> {
    /// The seal of `key` (None: no key); a key must be long enough not to be guessed.
    pub(crate) fn new(key: Option<&'a str>, secrets: &'a Secrets) -> Result<Self> {
        if let Some(key) = key {
            secrets.learn(key);
            if key.chars().count() < 16 {
                return Err(Error::usage(format!(
                    "{KEY_VAR} is shorter than 16 characters; set it to a long random value \
                     (a CI secret both the planning and the applying jobs hold)"
                )));
            }
        }
        Ok(Seal { key, secrets })
    }

    /// The fingerprint of `value`.
    fn fingerprint(&self, value: &Value) -> String {
        match self.key {
            Some(key) => format!(
                "hmac-sha256:{}",
                crate::digest::hmac_sha256_hex(key.as_bytes(), canonical(value).as_bytes())
            ),
            None => {
                let mut shown = value.clone();
                crate::secret::hide_in_value(&mut shown, self.secrets);
                let hash = crate::digest::sha256_hex(canonical(&shown).as_bytes());
                format!("sha256:{hash}")
            }
        }
    }
}

/// A plan file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanFile {
    /// Always `pinflow-plan`.
    pub format: String,
    /// The format's version.
    pub version: u32,
    /// What the file is, for people.
    pub note: String,
    /// When the plan was made (RFC 3339).
    pub created: String,
    /// The API URL of the server the plan was made against.
    pub server: String,
    /// Made on a pull request's build: its project file is the branch's, so it is not applied.
    pub pull_request: bool,
    /// Each project file's plan.
    pub files: Vec<FilePlan>,
    /// SHA-256 of the rest of the file, canonical (`sha256:`), or its HMAC under the jobs' key
    /// (`hmac-sha256:`): a changed file is refused.
    pub digest: String,
}

/// One project file's part of a plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilePlan {
    /// The project file, as it was named.
    pub prefect_file: String,
    /// Where its deployments come from, as their history records keep it.
    pub origin: Origin,
    /// Made with `--prune`.
    pub prune: bool,
    /// Made with `--keep-paused`.
    pub keep_paused: bool,
    /// The project file's text.
    pub text: String,
    /// The deployments planned.
    pub deployments: Vec<Planned>,
    /// With `--prune`, the deployments to delete (on the planned server).
    pub delete: Vec<Deletion>,
}

/// One planned deployment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Planned {
    /// `flow/deployment`.
    pub name: String,
    /// Its entry's position in the file's `deployments`.
    pub entry: usize,
    /// What the plan came to on the planned server: `create`, `update` or `unchanged`.
    pub action: String,
    /// What names its code.
    pub code: Code,
    /// The deployment as the planned server had it; None when it did not exist.
    pub live: Option<Live>,
    /// A fingerprint of each field it writes (its automations as `triggers`), as rendered when
    /// planned.
    pub rendered: BTreeMap<String, String>,
}

/// A live deployment, as a plan saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Live {
    /// Its id.
    pub id: String,
    /// A fingerprint of each field the plan writes, as the server had it.
    pub fields: BTreeMap<String, String>,
    /// Its newest history record's id.
    pub record: Option<String>,
}

/// A deployment a pruning plan deletes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Deletion {
    /// `flow/deployment`.
    pub name: String,
    /// Its id.
    pub id: String,
}

impl FilePlan {
    /// The code a plan freezes for entry `index`, when it plans that entry.
    pub(crate) fn code(&self, index: usize) -> Option<&Code> {
        self.deployments
            .iter()
            .find(|p| p.entry == index)
            .map(|p| &p.code)
    }

    /// The plan of `drafts` (one project file's, decided against `known`), and of what prune
    /// deletes.
    pub(super) fn new(
        opts: &super::DeployOptions,
        text: String,
        drafts: &[Draft],
        decisions: &[Decision],
        known: &Known,
        delete: &[Undeclared],
        seal: &Seal<'_>,
    ) -> Self {
        let deployments = drafts
            .iter()
            .zip(decisions)
            .map(|(p, decision)| Planned {
                name: p.full_name(),
                entry: p.index,
                action: match decision {
                    Decision::New => "create",
                    Decision::Update(..) => "update",
                    Decision::Unchanged(..) => "unchanged",
                }
                .to_owned(),
                code: p.code.clone(),
                live: live(p, decision, known, seal),
                rendered: rendered(p, seal),
            })
            .collect();
        FilePlan {
            prefect_file: opts.prefect_file.to_string_lossy().into_owned(),
            origin: opts.origin.clone(),
            prune: opts.prune,
            keep_paused: opts.keep_paused,
            text,
            deployments,
            delete: delete
                .iter()
                .map(|u| Deletion {
                    name: u.name.clone(),
                    id: u.deployment.id.clone(),
                })
                .collect(),
        }
    }

    /// Refuses a plan whose deployments are not what `drafts` (drafted from its text) are:
    /// an entry planned twice or not drafted, or drafted as another deployment.
    pub(super) fn check_drafted(&self, drafts: &[Draft]) -> Result<()> {
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
    pub(super) fn stale(
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
    pub(super) fn deletes(&self, u: &Undeclared, same_server: bool) -> bool {
        self.delete.iter().any(|d| match same_server {
            true => d.id == u.deployment.id,
            false => d.name == u.name,
        })
    }

    /// Whether any deployment the plan saw live is among `decisions`: ids are the server's
    /// own, so then this is the server the plan was made against, whatever its URL.
    pub(super) fn saw_any_of(&self, decisions: &[Decision]) -> bool {
        decisions.iter().any(|d| match d {
            Decision::Update(d, _) | Decision::Unchanged(d, _) => self
                .deployments
                .iter()
                .any(|p| p.live.as_ref().is_some_and(|l| l.id == d.id)),
            Decision::New => false,
        })
    }
}

/// The live deployment `decision` found for `p`: its id, the fields `p` writes and its newest
/// record.
fn live(p: &Draft, decision: &Decision, known: &Known, seal: &Seal<'_>) -> Option<Live> {
    let d = match decision {
        Decision::New => return None,
        Decision::Update(d, _) | Decision::Unchanged(d, _) => d,
    };
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
            (k.clone(), seal.fingerprint(&one))
        })
        .collect();
    Some(Live {
        id: d.id.clone(),
        fields,
        record: known.newest(&d.id).map(|r| r.id.clone()),
    })
}

/// A fingerprint of each field `p` writes and of its automations (`triggers`); a schedule's
/// anchor date, which Prefect takes as "now" when the file gives none, is left out.
fn rendered(p: &Draft, seal: &Seal<'_>) -> BTreeMap<String, String> {
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
    let mut keys: Vec<String> = was
        .keys()
        .chain(is.keys())
        .filter(|k| was.get(*k) != is.get(*k))
        .map(|k| format!("`{k}`"))
        .collect();
    keys.dedup();
    keys
}

impl PlanFile {
    /// A plan of `files`, made against `server` (on a pull request's build or not), sealed.
    pub(crate) fn new(
        server: &str,
        pull_request: bool,
        files: Vec<FilePlan>,
        seal: &Seal<'_>,
    ) -> Self {
        let mut plan = PlanFile {
            format: FORMAT.into(),
            version: VERSION,
            note: NOTE.into(),
            created: super::now_rfc3339(),
            server: server.to_owned(),
            pull_request,
            files,
            digest: String::new(),
        };
        plan.digest = plan.content_digest(seal);
        plan
    }

    /// The digest of everything but the digest, canonical: SHA-256, or its HMAC under the key.
    fn content_digest(&self, seal: &Seal<'_>) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(m) = value.as_object_mut() {
            m.remove("digest");
        }
        let content = canonical(&value);
        match seal.key {
            Some(key) => format!(
                "hmac-sha256:{}",
                crate::digest::hmac_sha256_hex(key.as_bytes(), content.as_bytes())
            ),
            None => format!("sha256:{}", crate::digest::sha256_hex(content.as_bytes())),
        }
    }

    /// Writes the plan to `path`; refuses, writing nothing, when any value in it is one of
    /// the run's secrets.
    pub(crate) fn write(&self, path: &Path, secrets: &Secrets) -> Result<()> {
        let value = serde_json::to_value(self)
            .map_err(|e| Error::service(format!("cannot write the plan: {e}")))?;
        if let Some(at) = secret_at(&value, "", secrets) {
            return Err(Error::usage(format!(
                "the plan would hold a secret at `{at}`, and a plan file holds none: what names \
                 the code (pull steps, image, version, version info) is kept as rendered, so a \
                 secret there must come from a block the worker resolves \
                 ({{{{ prefect.blocks.secret.NAME }}}}), not from the environment"
            )));
        }
        let mut text = serde_json::to_string_pretty(&value)
            .map_err(|e| Error::service(format!("cannot write the plan: {e}")))?;
        text.push('\n');
        // Whole or not at all: a job that uploads the file never finds half a plan.
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let cannot = |e: std::io::Error| {
            Error::service(format!("cannot write the plan to {}: {e}", path.display()))
        };
        let partial = std::path::PathBuf::from(partial);
        let mut file = crate::files::open_output(&partial, false).map_err(cannot)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(cannot)?;
        drop(file);
        std::fs::rename(&partial, path).map_err(cannot)
    }

    /// Makes way for a new plan at `path`, before anything is planned: a plan that then fails
    /// leaves no earlier plan there to be applied by mistake. Anything but a plan file is left
    /// alone, and refused.
    pub(crate) fn clear(path: &Path) -> Result<()> {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return Ok(());
        };
        let head = match meta.is_file() {
            true => crate::files::read(path, MAX_BYTES, "plan files").unwrap_or_default(),
            false => Vec::new(),
        };
        let is_plan = serde_json::from_slice::<Value>(&head)
            .ok()
            .is_some_and(|v| v.get("format").and_then(Value::as_str) == Some(FORMAT));
        if !is_plan {
            return Err(Error::usage(format!(
                "--out {}: it exists and is not a plan file, so it is not overwritten; name \
                 another file",
                path.display()
            )));
        }
        std::fs::remove_file(path).map_err(|e| {
            Error::service(format!(
                "cannot replace the plan at {}: {e}",
                path.display()
            ))
        })
    }

    /// Reads the plan file at `path`: a pinflow plan of this format's version, unchanged
    /// since it was written (and, with a key, signed with it).
    pub(crate) fn read(path: &Path, seal: &Seal<'_>) -> Result<Self> {
        let shown = path.display().to_string();
        let bytes = crate::files::read(path, MAX_BYTES, "plan files").map_err(|e| {
            Error::usage(format!(
                "{e}; pass the file `pinflow plan --out` wrote, as `pinflow apply PLAN.json`"
            ))
        })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            Error::usage(format!(
                "not JSON ({e}); a plan file is what `pinflow plan --out` writes"
            ))
            .at(Location::line(&shown, Some(e.line())).column(e.column().max(1)))
        })?;
        let format = value.get("format").and_then(Value::as_str);
        let version = value.get("version").and_then(Value::as_u64);
        if format != Some(FORMAT) {
            return Err(Error::usage(
                "`format` is not \"pinflow-plan\": this is not a plan `pinflow plan --out` wrote",
            )
            .at(Location::file(&shown)));
        }
        if version != Some(u64::from(VERSION)) {
            let found = value.get("version").map_or("missing".into(), |v| {
                let v = v.to_string();
                match v.char_indices().nth(40) {
                    Some((cut, _)) => format!("{}…", &v[..cut]),
                    None => v,
                }
            });
            return Err(Error::usage(format!(
                "`version` is {found}, and this pinflow reads plan files of version {VERSION}: \
                 make the plan and apply it with the same pinflow release"
            ))
            .at(Location::file(&shown)));
        }
        let plan: PlanFile = serde_json::from_value(value).map_err(|e| {
            Error::usage(format!("not a plan file of version {VERSION}: {e}"))
                .at(Location::file(&shown))
        })?;
        let signed = plan.digest.starts_with("hmac-sha256:");
        let why = match (signed, seal.key.is_some()) {
            (true, false) => Some(format!(
                "the plan is signed, and {KEY_VAR} is not set here: set it to the key the \
                 planning job held"
            )),
            (false, true) => Some(format!(
                "the plan is not signed, and {KEY_VAR} is set here: only a plan made by a job \
                 holding the key is applied; make the plan again with {KEY_VAR} set"
            )),
            _ if plan.digest != plan.content_digest(seal) => Some(match signed {
                true => format!(
                    "the file was changed since `pinflow plan --out` wrote it, or signed with \
                     another {KEY_VAR} (its signature does not match): apply only what was \
                     planned and reviewed; make the plan again"
                ),
                false => "the file was changed since `pinflow plan --out` wrote it (its digest \
                          does not match): apply only what was planned and reviewed; make the \
                          plan again"
                    .into(),
            }),
            _ => None,
        };
        match why {
            Some(why) => Err(Error::usage(why).at(Location::file(&shown))),
            None => Ok(plan),
        }
    }

    /// Whether `api_url` is the server this plan was made against.
    pub(crate) fn made_against(&self, api_url: &str) -> bool {
        self.server.trim_end_matches('/') == api_url.trim_end_matches('/')
    }
}

/// Refuses, for a plan file, a deployment whose code would be frozen from a secret's source:
/// a version, entrypoint or image from a block, a Prefect variable or an environment variable
/// named as a secret, or a pull step from such an environment variable (blocks and variables
/// in pull steps stay placeholders, for the worker). Told by the placeholders as written,
/// whatever the values' length.
pub(super) fn check_sources(
    project: &crate::project::Project,
    d: &crate::project::DeploymentConfig,
) -> Result<()> {
    use crate::template::{find_all, Kind};
    let secret_env = |v: &Value| {
        find_all(v, Kind::EnvVar)
            .into_iter()
            .find(|n| crate::secret::names_credential(n.trim_start_matches('$')))
    };
    let from_server = |v: &Value| {
        find_all(v, Kind::Block)
            .into_iter()
            .chain(find_all(v, Kind::Variable))
            .next()
    };
    let image = d
        .config
        .get("work_pool")
        .and_then(|p| p.get("job_variables"))
        .and_then(|j| j.get("image"));
    let pull = Value::Array(d.pull.clone().unwrap_or_default());
    let frozen = [
        ("version", d.config.get("version"), true),
        ("entrypoint", d.config.get("entrypoint"), true),
        ("work_pool", image, true),
        ("pull", Some(&pull), false),
    ];
    for (key, value, server_too) in frozen {
        let Some(value) = value else { continue };
        let source = secret_env(value).or_else(|| server_too.then(|| from_server(value)).flatten());
        let Some(source) = source else { continue };
        let why = match key {
            "pull" => format!(
                "a pull step takes {{{{ {source} }}}}, an environment variable named as a secret, \
                 and a plan file keeps pull steps as rendered (they name the code), so its value \
                 would be written into the file; use a block the worker resolves instead \
                 ({{{{ prefect.blocks.secret.NAME }}}}), as Prefect recommends"
            ),
            _ => {
                let what = if key == "work_pool" {
                    "job_variables.image"
                } else {
                    key
                };
                format!(
                    "{what} takes {{{{ {source} }}}}, and a plan file keeps {what} as rendered (it \
                     names the code), so a secret's or a server's value would be written into \
                     the file; write {what} out in the project file (or pass --version, \
                     --image-digest)"
                )
            }
        };
        let at = format!("deployment {:?}, `{key}`", d.name);
        return Err(Error::usage(why).at(project.location(d.index, key).what(at)));
    }
    Ok(())
}

/// The path of the first string inside `value` that holds one of `secrets`.
fn secret_at(value: &Value, path: &str, secrets: &Secrets) -> Option<String> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::String(s) => (secrets.redact(s) != *s).then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| secret_at(v, &join(&i.to_string()), secrets)),
        Value::Object(m) => m.iter().find_map(|(k, v)| secret_at(v, &join(k), secrets)),
        _ => None,
    }
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
