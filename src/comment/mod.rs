//! One sticky comment on the pull or merge request (`--comment`): created on the first run,
//! updated in place on every later push, on GitHub, GitLab, Bitbucket Cloud and Azure Repos.
//!
//! The comment is found by its first line, a marker naming the project file, so two projects
//! in one repository keep two comments. It has two sections — the plan, and the deployments
//! (a pull request's previews) — and each run replaces only its own: a job that plans and then
//! deploys previews leaves both. Nothing here can fail a run: a missing token, a refusal or an
//! unreachable host is a warning that says what to do.
//!
//! Only pinflow's own comment is edited: the host says whose the token is, and a comment
//! counts only if that user wrote it (`own`); a person's copy of the marker is left alone
//! and its text never carried over. When the edit is refused, or the host will not say
//! (and anyone's comment may be edited there), this push's result is posted as a new comment
//! that says an earlier one is out of date, with a warning saying why: a previous push's
//! result never stands as this one's. Every request goes through `http::send`.
//!
//! The calls are hand-written on reqwest rather than with `octocrab`: that crate covers GitHub
//! alone of the four hosts, and brings its own HTTP stack beside [`crate::http`]'s (TLS roots,
//! redirect policy); three calls per host do not need typed models.

mod own;

use std::time::Duration;

use own::{candidates, identity, request, Identity};

use crate::env::Env;
use crate::http::{self, retry::Repeat};
use crate::platform::{CodeHost, Platform};

/// The longest the whole comment may take, however slowly a host answers.
const DEADLINE: Duration = http::policy::COMMENT_DEADLINE;
/// Comments with the marker tried at most when the host will not say whose the token is.
const MAX_CANDIDATES: usize = 10;
/// pinflow's comments on one pull request that cleanup updates at most (one per project file).
const MAX_MARKED: usize = 200;
/// The longest comment written: GitHub's limit is 65 536 characters, the others' are larger.
const MAX_BODY_CHARS: usize = 60_000;

/// Which part of the comment a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `pinflow plan`.
    Plan,
    /// `pinflow deploy` (with `--preview`: the pull request's previews).
    Deploy,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Plan => "plan",
            Section::Deploy => "deploy",
        }
    }

    const ALL: [Section; 2] = [Section::Plan, Section::Deploy];
}

/// What became of the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Posted {
    /// A new comment on this pull request.
    Created(String),
    /// The existing comment, updated in place.
    Updated(String),
    /// A new comment although pinflow may have one already, and why (for a warning): its
    /// comment could not be edited, or the host would not say which one it is.
    Anew(String, String),
}

impl Posted {
    /// What a warning should say: why the comment is a new one, when it is.
    pub(crate) fn warning(&self) -> Option<String> {
        match self {
            Posted::Anew(what, why) => Some(format!("posted a new comment on {what}: {why}")),
            _ => None,
        }
    }
}

impl std::fmt::Display for Posted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Posted::Created(what) | Posted::Anew(what, _) => write!(f, "commented on {what}"),
            Posted::Updated(what) => write!(f, "updated pinflow's comment on {what}"),
        }
    }
}

/// What `preview cleanup --comment` did to pinflow's comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Marked {
    /// How many comments now say the previews are deleted.
    pub updated: usize,
    /// What could not be done (for warnings).
    pub warnings: Vec<String>,
}

/// How the first line of every pinflow comment starts; the project file's name follows.
const MARKER_START: &str = "<!-- pinflow:comment ";

/// The project file a comment's first line ([`marker`]) names.
fn key_of(body: &str) -> Option<&str> {
    body.trim_start()
        .lines()
        .next()?
        .strip_prefix(MARKER_START)?
        .strip_suffix(" -->")
}

/// The first line of the comment of project file `key`.
fn marker(key: &str) -> String {
    let key: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        .take(120)
        .collect();
    format!("{MARKER_START}{key} -->")
}

fn open(section: Section) -> String {
    format!("<!-- pinflow:{} -->", section.name())
}

fn close(section: Section) -> String {
    format!("<!-- /pinflow:{} -->", section.name())
}

/// The text of `section` in a comment body, if it has one.
fn section_of(body: &str, section: Section) -> Option<&str> {
    let (open, close) = (open(section), close(section));
    let start = body.find(&open)? + open.len();
    let len = body[start..].find(&close)?;
    Some(body[start..start + len].trim_matches('\n'))
}

/// `markdown` made unable to end or start one of the comment's sections, and cut to `max`
/// characters at a line break (closing a `<details>` the cut left open).
fn contained(markdown: &str, max: usize) -> String {
    let mut text = crate::escape::no_html_comments(markdown);
    if text.chars().count() > max {
        let (mut kept, mut chars) = (String::new(), 0);
        for line in text.lines() {
            chars += line.chars().count() + 1;
            if chars > max {
                break;
            }
            kept.push_str(line);
            kept.push('\n');
        }
        if kept.matches("<details>").count() > kept.matches("</details>").count() {
            kept.push_str("\n</details>\n");
        }
        kept.push_str("\n_(cut here: the job's log has the whole text)_\n");
        text = kept;
    }
    text
}

/// What precedes the commit in the footer [`compose`] writes.
const FOOTER_COMMIT: &str = " for commit `";

/// The commit a comment's footer names.
fn commit_of(body: &str) -> Option<&str> {
    body.rsplit_once(FOOTER_COMMIT)?.1.split('`').next()
}

/// The comment's new body: `section` set to `markdown`, the other section kept from
/// `previous` (pinflow's comment as it is now), a footer naming the commit.
pub fn compose(
    key: &str,
    previous: Option<&str>,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
) -> String {
    compose_sealed(key, previous, section, markdown, commit, None)
}

/// What starts a section's seal line.
const SEAL_START: &str = "<!-- pinflow:seal ";

/// The key that seals the sections pinflow writes: derived from the Prefect credential, which
/// the code host's token does not give. Every workflow of a GitHub repository comments as the
/// same `github-actions[bot]`, so a comment by that identity may be another workflow's; a
/// section is carried into the next comment only if its seal shows pinflow wrote it.
pub(crate) fn seal_key(env: &Env) -> Option<Vec<u8>> {
    let credential = env
        .get("PREFECT_API_KEY")
        .or_else(|| env.get("PREFECT_API_AUTH_STRING"))?;
    Some(
        crate::digest::sha256_hex(format!("pinflow comment seal\n{credential}").as_bytes())
            .into_bytes(),
    )
}

/// The seal of `text` as section `section` of project file `key`'s comment.
fn seal_of(seal: &[u8], key: &str, section: Section, text: &str) -> String {
    // Hosts may change line ends and trailing spaces: the seal covers the text without them.
    let normal: Vec<&str> = text.lines().map(str::trim_end).collect();
    let message = format!("{key}\n{}\n{}", section.name(), normal.join("\n").trim());
    crate::digest::hmac_sha256_hex(seal, message.as_bytes())
}

/// A section's text without its seal line, and the seal it carries.
fn unsealed(raw: &str) -> (Option<&str>, &str) {
    let raw = raw.trim_matches(['\n', '\r']);
    match raw
        .strip_prefix(SEAL_START)
        .and_then(|r| r.split_once(" -->"))
    {
        Some((seal, rest)) => (Some(seal), rest.trim_start_matches(['\n', '\r'])),
        None => (None, raw),
    }
}

/// The text of `section` in `previous` that may be carried over: with a seal key, only a
/// section whose seal shows pinflow wrote it (another workflow's text is dropped).
fn carried<'a>(
    previous: &'a str,
    key: &str,
    section: Section,
    seal: Option<&[u8]>,
) -> Option<&'a str> {
    let (found, text) = unsealed(section_of(previous, section)?);
    match seal {
        None => Some(text),
        Some(k) => (found == Some(seal_of(k, key, section, text).as_str())).then_some(text),
    }
}

/// [`compose`], each section sealed with `seal` ([`seal_key`]) and the other section carried
/// from `previous` only when its seal holds.
pub(crate) fn compose_sealed(
    key: &str,
    previous: Option<&str>,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
    seal: Option<&[u8]>,
) -> String {
    let budget = MAX_BODY_CHARS / Section::ALL.len();
    let mut body = format!("{}\n", marker(key));
    for s in Section::ALL {
        let text = if s == section {
            Some(contained(markdown, budget))
        } else {
            previous
                .and_then(|p| carried(p, key, s, seal))
                .map(|t| contained(t, budget))
        };
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            let text = text.trim_matches('\n');
            let seal_line = seal
                .map(|k| format!("{SEAL_START}{} -->\n\n", seal_of(k, key, s, text)))
                .unwrap_or_default();
            // Blank lines around the markers: an HTML block (`</details>`) runs on to the
            // next blank line, and would swallow the next section's heading.
            body.push_str(&format!(
                "{}\n\n{seal_line}{text}\n\n{}\n",
                open(s),
                close(s)
            ));
        }
    }
    let commit: String = commit
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    body.push_str("\n<sub>Posted by pinflow");
    if !commit.is_empty() {
        body.push_str(&format!("{FOOTER_COMMIT}{commit}`"));
    }
    body.push_str("; updated on every push.</sub>\n");
    body
}

/// Writes `markdown` into `section` of the sticky comment of project file `key` on pull
/// request `number`. Err is a warning for the log: nothing here fails a run.
pub(crate) async fn post(
    platform: &dyn Platform,
    env: &Env,
    number: u64,
    key: &str,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
) -> Result<Posted, String> {
    let forge = platform.code_host(env, number)?;
    let work = write(&*forge, env, key, section, markdown, commit);
    within_deadline(&*forge, work).await
}

async fn write(
    forge: &dyn CodeHost,
    env: &Env,
    key: &str,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
) -> Result<Posted, String> {
    let client = client(env)?;
    let me = identity(&client, forge).await;
    let seal = seal_key(env);
    let limit = match me {
        Identity::Known(_) => 1,
        Identity::Unknown(_) => MAX_CANDIDATES,
    };
    let found = candidates(&client, forge, &marker(key), &me, limit).await?;
    let what = forge.what();
    let mut refused = None;
    for existing in &found {
        let body = compose_sealed(
            key,
            Some(&existing.body),
            section,
            markdown,
            commit,
            seal.as_deref(),
        );
        if existing.body == body {
            return Ok(Posted::Updated(what));
        }
        let (method, url, json) = forge.update(existing, &body);
        match request(&client, forge, method, url, &json, Repeat::Safe).await {
            Ok(_) => return Ok(Posted::Updated(what)),
            Err(e) => refused = Some(e.describe(forge, "update pinflow's comment on")),
        }
    }
    // This push's result is posted anew rather than lost: a note in it says an older one
    // is out of date, and the warning says why.
    let why = match (&me, refused) {
        (Identity::Known(_), Some(refused)) => Some(refused),
        (Identity::Unknown(_), Some(refused)) => Some(format!(
            "the host would not let pinflow edit the comments that start with its marker \
             (someone else's, or not editable: {refused})"
        )),
        (Identity::Unknown(why), None) if !forge.edits_only_own() => Some(format!(
            "pinflow cannot tell its own comment from a copy of it ({why}), so it edits none"
        )),
        _ => None,
    };
    let mut body = compose_sealed(key, None, section, markdown, commit, seal.as_deref());
    if why.is_some() {
        let at = body.find('\n').map_or(body.len(), |i| i + 1);
        body.insert_str(at, STALE_NOTE);
    }
    let (method, url, json) = forge.create(&body);
    request(&client, forge, method, url, &json, Repeat::Unsafe)
        .await
        .map_err(|e| e.describe(forge, "comment on"))?;
    Ok(match why {
        Some(why) => Posted::Anew(what, why),
        None => Posted::Created(what),
    })
}

/// The line under the marker of a comment posted because pinflow's earlier one could not be
/// updated (or told apart from a copy).
const STALE_NOTE: &str = "\n_pinflow could not update an earlier comment on this pull request: \
    this one is the current result, and an earlier one is out of date._\n";

/// `work` on `forge`, or a warning once it has taken [`DEADLINE`].
async fn within_deadline<T>(
    forge: &dyn CodeHost,
    work: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, String> {
    tokio::time::timeout(DEADLINE, work)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "the comment on {} took longer than {}s; left as it was",
                forge.what(),
                DEADLINE.as_secs()
            ))
        })
}

/// The client for the code host's API.
fn client(env: &Env) -> Result<reqwest::Client, String> {
    http::client(env, &http::policy::CODE_HOST).map_err(|e| e.to_string())
}

/// After `preview cleanup`: in each of pinflow's comments on pull request `number` whose
/// deployments section lists previews (it has the heading `markdown` starts with), that
/// section becomes `markdown` (what was deleted); the plan and the footer's commit stay.
/// Err is a warning for the log: nothing here fails a run.
pub(crate) async fn previews_deleted(
    platform: &dyn Platform,
    env: &Env,
    number: u64,
    markdown: &str,
) -> Result<Marked, String> {
    let forge = platform.code_host(env, number)?;
    let heading = markdown.lines().next().unwrap_or_default();
    let work = async {
        let client = client(env)?;
        let me = identity(&client, &*forge).await;
        let mut marked = Marked::default();
        if let (Identity::Unknown(why), false) = (&me, forge.edits_only_own()) {
            marked.warnings.push(format!(
                "pinflow cannot tell its own comments from copies ({why}); none says the \
                 previews are deleted"
            ));
            return Ok(marked);
        }
        for existing in candidates(&client, &*forge, MARKER_START, &me, MAX_MARKED).await? {
            let previous = existing.body.as_str();
            let lists_previews = section_of(previous, Section::Deploy)
                .is_some_and(|t| unsealed(t).1.starts_with(heading));
            let (true, Some(key)) = (lists_previews, key_of(previous)) else {
                continue;
            };
            let commit = commit_of(previous);
            let body = compose_sealed(
                key,
                Some(previous),
                Section::Deploy,
                markdown,
                commit,
                seal_key(env).as_deref(),
            );
            let (method, url, json) = forge.update(&existing, &body);
            match request(&client, &*forge, method, url, &json, Repeat::Safe).await {
                Ok(_) => marked.updated += 1,
                // Not known to be pinflow's: the host's refusal says it is someone else's.
                Err(_) if matches!(me, Identity::Unknown(_)) => {}
                Err(e) => marked
                    .warnings
                    .push(e.describe(&*forge, "update pinflow's comment on")),
            }
        }
        Ok(marked)
    };
    within_deadline(&*forge, work).await
}

#[cfg(test)]
mod tests;
