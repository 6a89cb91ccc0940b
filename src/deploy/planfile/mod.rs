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

mod seal;
mod sources;
mod stale;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::draft::{Code, Draft};
use super::known::{Decision, Known};
use super::prune::{Origin, Undeclared};
use crate::error::{Error, Location, Result};
use crate::history::canonical;
use crate::secret::Secrets;

pub(crate) use seal::{Seal, KEY_VAR};
pub(super) use sources::check_sources;
use sources::{credential_at, secret_at};
pub(crate) use stale::stale_error;
use stale::{live, rendered};

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
    /// The ids of what the plan saw on its server besides the deployments (the flows, the work
    /// pools' default queues): the planned server is known by its own ids, whatever its URL.
    pub seen: Vec<String>,
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
                action: stale::action(decision).to_owned(),
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
            seen: known
                .flows_of(drafts)
                .into_iter()
                .chain(known.queues.iter().cloned())
                .collect(),
        }
    }
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
        let credential = self.files.iter().enumerate().find_map(|(f, file)| {
            file.deployments
                .iter()
                .enumerate()
                .find_map(|(d, planned)| {
                    let code = serde_json::to_value(&planned.code).unwrap_or_default();
                    credential_at(&code, &format!("files.{f}.deployments.{d}.code"))
                })
        });
        if let Some(at) = credential {
            return Err(Error::usage(format!(
                "the plan would hold what looks like a credential at `{at}` (a password in a \
                 URL, a token, a value under a key named as a secret), and a plan file keeps what \
                 names the code as rendered: take it from a block the worker resolves \
                 ({{{{ prefect.blocks.secret.NAME }}}}), not from the environment or the flow's \
                 source"
            )));
        }
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
