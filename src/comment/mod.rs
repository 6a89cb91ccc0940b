//! One sticky comment on the pull or merge request (`--comment`): created on the first run,
//! updated in place on every later push, on GitHub, GitLab, Bitbucket Cloud and Azure Repos.
//!
//! The comment is found by its first line, a marker naming the project file, so two projects
//! in one repository keep two comments. It has two sections — the plan, and the deployments
//! (a pull request's previews) — and each run replaces only its own: a job that plans and then
//! deploys previews leaves both. Nothing here can fail a run: a missing token, a refusal or an
//! unreachable host is a warning that says what to do.
//!
//! The calls are hand-written on reqwest rather than with `octocrab`: that crate covers GitHub
//! alone of the four hosts, and brings its own HTTP stack beside [`crate::http`]'s (TLS roots,
//! redirect policy); three calls per host do not need typed models.

mod forge;

use std::time::Duration;

use serde_json::Value;

use forge::Existing;
pub use forge::Forge;

use crate::ci::Platform;
use crate::env::Env;
use crate::http::{self, Service};

/// The largest listing page read: 100 comments of GitHub's longest are 6.5 MB.
const MAX_PAGE_BYTES: usize = 8 << 20;
/// Pages read at most while looking for the comment (10 000 comments).
const MAX_PAGES: usize = 100;
/// The longest the whole comment may take, however slowly a host answers.
const DEADLINE: Duration = Duration::from_secs(60);
/// How many times a busy host is asked again.
const RETRIES: u64 = 3;
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
pub enum Posted {
    /// A new comment on this pull request.
    Created(String),
    /// The existing comment, updated in place.
    Updated(String),
}

impl std::fmt::Display for Posted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Posted::Created(what) => write!(f, "commented on {what}"),
            Posted::Updated(what) => write!(f, "updated pinflow's comment on {what}"),
        }
    }
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
    let mut text = markdown.replace("<!--", "&lt;!--");
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
    let budget = MAX_BODY_CHARS / Section::ALL.len();
    let mut body = format!("{}\n", marker(key));
    for s in Section::ALL {
        let text = if s == section {
            Some(contained(markdown, budget))
        } else {
            previous
                .and_then(|p| section_of(p, s))
                .map(|t| contained(t, budget))
        };
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            // Blank lines around the markers: an HTML block (`</details>`) runs on to the
            // next blank line, and would swallow the next section's heading.
            body.push_str(&format!(
                "{}\n\n{}\n\n{}\n",
                open(s),
                text.trim_matches('\n'),
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
pub async fn post(
    platform: &Platform,
    env: &Env,
    number: u64,
    key: &str,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
) -> Result<Posted, String> {
    let forge = Forge::from_env(platform, env, number)?;
    let work = write(&forge, env, key, section, markdown, commit);
    within_deadline(&forge, work).await
}

async fn write(
    forge: &Forge,
    env: &Env,
    key: &str,
    section: Section,
    markdown: &str,
    commit: Option<&str>,
) -> Result<Posted, String> {
    let client = client(env)?;
    let ours = find(&client, forge, &marker(key)).await?;
    let body = compose(
        key,
        ours.as_ref().map(|e| e.body.as_str()),
        section,
        markdown,
        commit,
    );
    let what = forge.what();
    if let Some(existing) = &ours {
        if existing.body == body {
            return Ok(Posted::Updated(what));
        }
        // A refusal is said, not worked around with a new comment: one per run would pile
        // up on the pull request.
        let (method, url, json) = forge.update(existing, &body);
        send(&client, forge, method, url, &json)
            .await
            .map_err(|e| e.describe(forge, "update pinflow's comment on"))?;
        return Ok(Posted::Updated(what));
    }
    let (method, url, json) = forge.create(&body);
    send(&client, forge, method, url, &json)
        .await
        .map_err(|e| e.describe(forge, "comment on"))?;
    Ok(Posted::Created(what))
}

/// `work` on `forge`, or a warning once it has taken [`DEADLINE`].
async fn within_deadline<T>(
    forge: &Forge,
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
    http::builder(env, Service::Other, Duration::from_secs(20))
        .and_then(http::build)
        .map_err(|e| e.to_string())
}

/// pinflow's comment for this marker: the first whose first line is the marker.
async fn find(
    client: &reqwest::Client,
    forge: &Forge,
    marker: &str,
) -> Result<Option<Existing>, String> {
    Ok(ours(client, forge, marker, true).await?.into_iter().next())
}

/// pinflow's comments whose first line starts with `marker` (only the first when `first`),
/// read page by page. A person can copy the marker, not be pinflow: when pinflow writes as an
/// app (GitHub's job token), only an app's comment counts; where the host says whose the
/// token is (GitLab), only that user's.
async fn ours(
    client: &reqwest::Client,
    forge: &Forge,
    marker: &str,
    first: bool,
) -> Result<Vec<Existing>, String> {
    let app = forge.writes_as_app();
    let me = match forge.whoami() {
        Some(url) => match send(client, forge, reqwest::Method::GET, url, &Value::Null).await {
            Ok(answer) => forge.parse_me(&answer),
            Err(e) => {
                // Then the first comment with the marker is pinflow's, as on the other hosts.
                tracing::debug!("{}", e.describe(forge, "learn whose token writes on"));
                None
            }
        },
        None => None,
    };
    let mine = |c: &Existing| {
        (!app || c.bot == Some(true)) && me.as_ref().is_none_or(|me| c.author.as_ref() == Some(me))
    };
    let mut found = Vec::new();
    let mut page = 1;
    while let Some(url) = forge.list(page).filter(|_| page <= MAX_PAGES) {
        let answer = send(client, forge, reqwest::Method::GET, url, &Value::Null)
            .await
            .map_err(|e| e.describe(forge, "read the comments of"))?;
        found.extend(
            forge
                .parse(&answer)
                .into_iter()
                .filter(|c| c.body.trim_start().starts_with(marker) && mine(c)),
        );
        if (first && !found.is_empty()) || !forge.more_after(&answer) {
            break;
        }
        page += 1;
    }
    if first {
        found.truncate(1);
    }
    Ok(found)
}

/// After `preview cleanup`: in each of pinflow's comments on pull request `number` whose
/// deployments section lists previews (it has the heading `markdown` starts with), that
/// section becomes `markdown` (what was deleted); the plan and the footer's commit stay.
/// Returns how many comments were updated. Err is a warning for the log: nothing here fails
/// a run.
pub async fn previews_deleted(
    platform: &Platform,
    env: &Env,
    number: u64,
    markdown: &str,
) -> Result<usize, String> {
    let forge = Forge::from_env(platform, env, number)?;
    let heading = markdown.lines().next().unwrap_or_default();
    let work = async {
        let client = client(env)?;
        let mut updated = 0;
        for existing in ours(&client, &forge, MARKER_START, false).await? {
            let previous = existing.body.as_str();
            let lists_previews =
                section_of(previous, Section::Deploy).is_some_and(|t| t.starts_with(heading));
            let (true, Some(key)) = (lists_previews, key_of(previous)) else {
                continue;
            };
            let commit = commit_of(previous);
            let body = compose(key, Some(previous), Section::Deploy, markdown, commit);
            let (method, url, json) = forge.update(&existing, &body);
            send(&client, &forge, method, url, &json)
                .await
                .map_err(|e| e.describe(&forge, "update pinflow's comment on"))?;
            updated += 1;
        }
        Ok(updated)
    };
    within_deadline(&forge, work).await
}

/// Why a request to the host did not work.
enum Refusal {
    Status(u16),
    Other(String),
}

impl Refusal {
    fn describe(&self, forge: &Forge, doing: &str) -> String {
        let what = forge.what();
        match self {
            Refusal::Status(code @ (401 | 403)) => format!(
                "cannot {doing} {what}: the host answered {code} (not allowed); {}",
                forge.permission_hint()
            ),
            Refusal::Status(404) => format!(
                "cannot {doing} {what}: the host answered 404 (no such pull request, or the \
                 token cannot see it); {}",
                forge.permission_hint()
            ),
            Refusal::Status(code) => format!("cannot {doing} {what}: the host answered {code}"),
            Refusal::Other(why) => format!("cannot {doing} {what}: {why}"),
        }
    }
}

/// Sends one request (a JSON body unless `json` is null) and reads the JSON answer. A busy
/// host (429, or 502–504 for a request that may be repeated: not a POST, which may have
/// made a comment already) is asked again, up to [`RETRIES`] times, after the wait it asks for.
async fn send(
    client: &reqwest::Client,
    forge: &Forge,
    method: reqwest::Method,
    url: url::Url,
    json: &Value,
) -> Result<Value, Refusal> {
    let mut attempt = 0;
    let resp = loop {
        let mut req = forge.authorise(client.request(method.clone(), url.clone()));
        if !json.is_null() {
            req = req.json(json);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| Refusal::Other(http::failure(&e).into()))?;
        let status = resp.status().as_u16();
        let again =
            status == 429 || (method != reqwest::Method::POST && (502..=504).contains(&status));
        if resp.status().is_success() || !again || attempt == RETRIES {
            break resp;
        }
        attempt += 1;
        let wait = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(crate::api::parse_retry_after)
            .unwrap_or(Duration::from_secs(attempt));
        tracing::info!("--comment: the host is busy ({status}); asking again in {wait:?}");
        tokio::time::sleep(wait).await;
    };
    let status = resp.status();
    if !status.is_success() {
        return Err(Refusal::Status(status.as_u16()));
    }
    let bytes = http::read_capped_or_why(resp, MAX_PAGE_BYTES)
        .await
        .map_err(Refusal::Other)?;
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes).map_err(|_| Refusal::Other("the answer is not JSON".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_replaces_its_own_section_and_keeps_the_other() {
        let first = compose(
            "prefect.yaml",
            None,
            Section::Plan,
            "### plan A\n",
            Some("abc123"),
        );
        assert!(first.starts_with("<!-- pinflow:comment prefect.yaml -->\n"));
        assert!(first.contains("commit `abc123`"));
        assert_eq!(key_of(&first), Some("prefect.yaml"));
        assert_eq!(commit_of(&first), Some("abc123"));
        let second = compose(
            "prefect.yaml",
            Some(&first),
            Section::Deploy,
            "previews\n",
            None,
        );
        assert_eq!(section_of(&second, Section::Plan), Some("### plan A"));
        assert_eq!(section_of(&second, Section::Deploy), Some("previews"));
        let third = compose(
            "prefect.yaml",
            Some(&second),
            Section::Plan,
            "### plan B",
            None,
        );
        assert_eq!(section_of(&third, Section::Plan), Some("### plan B"));
        assert_eq!(section_of(&third, Section::Deploy), Some("previews"));
    }

    #[test]
    fn content_cannot_forge_a_section_or_the_marker() {
        let hostile =
            "x <!-- /pinflow:plan --> <!-- pinflow:deploy -->evil<!-- /pinflow:deploy -->";
        let body = compose("a.yaml", None, Section::Plan, hostile, None);
        assert_eq!(section_of(&body, Section::Deploy), None);
        assert!(section_of(&body, Section::Plan).unwrap().contains("evil"));
        assert_eq!(
            marker("x --> <script>/../y"),
            "<!-- pinflow:comment x--script/../y -->"
        );
    }

    #[test]
    fn a_long_section_is_cut_at_a_line_with_its_details_closed() {
        let long: String = (0..5000).map(|i| format!("<details>row {i}\n")).collect();
        let body = compose("p", None, Section::Plan, &long, None);
        assert!(body.chars().count() <= MAX_BODY_CHARS + 300);
        assert!(body.contains("</details>"));
        assert!(body.contains("cut here"));
    }
}
