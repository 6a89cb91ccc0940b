//! Which comments are pinflow's, and the one way requests reach the code host.
//!
//! A person can copy pinflow's marker, not be pinflow: pinflow edits only comments written
//! by whoever its token is, as the host says ([`CodeHost::whoami`]). When the host will not say
//! (Bitbucket refuses repository access tokens there), a comment with the marker is only a
//! candidate, and only on a host that lets no one but a comment's author edit it (Bitbucket,
//! Azure): there a refused edit means the comment is someone else's. On the other hosts a
//! maintainer's token may edit anyone's comment, so an unknown identity edits nothing.

use serde_json::Value;

use crate::http::{self, retry::Repeat};
use crate::platform::{CodeHost, Existing};

/// Pages read at most while looking for the comment (10 000 comments).
const MAX_PAGES: usize = 100;
/// The longest comment taken for pinflow's: it writes at most 60 000 characters, so a longer
/// one is not its own, and the comments kept stay small whatever a host sends.
const MAX_COMMENT_BYTES: usize = 256 << 10;

/// How requests to a code host are sent: a busy host or a dropped connection is asked again
/// (a create only when it cannot have been made), every answer is capped, every request
/// bounded in time.
const POLICY: http::Policy = http::policy::CODE_HOST;

/// Whom the token belongs to, as the host names each comment's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Identity {
    /// The host said.
    Known(String),
    /// The host would not say; why, in words.
    Unknown(String),
}

/// Asks the host whose the token is ([`CodeHost::whoami`]'s requests in turn).
pub(super) async fn identity(client: &reqwest::Client, forge: &dyn CodeHost) -> Identity {
    let mut why = "the host does not say whose the token is".to_owned();
    for (method, url, json) in forge.whoami() {
        let asked = request(
            client,
            forge,
            method.clone(),
            url.clone(),
            json,
            Repeat::Safe,
        )
        .await;
        match asked.map(|answer| forge.parse_me(&answer)) {
            Ok(Some(me)) => return Identity::Known(me),
            Ok(None) => why = "the host's answer names no user".to_owned(),
            Err(Refusal::Status(code)) => {
                why = format!("the host answered {code} when asked whose the token is")
            }
            Err(Refusal::Other(e)) => why = format!("asking whose the token is: {e}"),
        }
    }
    tracing::info!("--comment: {why}");
    Identity::Unknown(why)
}

/// The comments whose first line starts with `marker` that may be pinflow's (at most
/// `limit`), oldest first, read page by page: with a [`Identity::Known`] identity, its own;
/// with an unknown one, every one on a host where only the author may edit
/// ([`CodeHost::edits_only_own`]: the host refuses the rest), none elsewhere.
pub(super) async fn candidates(
    client: &reqwest::Client,
    forge: &dyn CodeHost,
    marker: &str,
    me: &Identity,
    limit: usize,
) -> Result<Vec<Existing>, String> {
    if matches!(me, Identity::Unknown(_)) && !forge.edits_only_own() {
        return Ok(Vec::new());
    }
    let mine = |c: &Existing| match me {
        Identity::Known(me) => c.author.as_deref() == Some(me.as_str()),
        Identity::Unknown(_) => true,
    };
    let mut found = Vec::new();
    let mut page = 1;
    while let Some(url) = forge.list(page).filter(|_| page <= MAX_PAGES) {
        let answer = request(
            client,
            forge,
            reqwest::Method::GET,
            url,
            &Value::Null,
            Repeat::Safe,
        )
        .await
        .map_err(|e| e.describe(forge, "read the comments of"))?;
        found.extend(
            forge
                .parse(&answer)
                .into_iter()
                .filter(|c| c.body.len() <= MAX_COMMENT_BYTES)
                .filter(|c| c.body.trim_start().starts_with(marker) && mine(c)),
        );
        if found.len() >= limit || !forge.more_after(&answer) {
            break;
        }
        page += 1;
    }
    found.truncate(limit);
    Ok(found)
}

/// Why a request to the host did not work.
pub(super) enum Refusal {
    Status(u16),
    Other(String),
}

impl Refusal {
    /// In words for a warning: what could not be done where, and what to grant.
    pub(super) fn describe(&self, forge: &dyn CodeHost, doing: &str) -> String {
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

/// Sends one request (a JSON body unless `json` is null) through [`http::send`] under
/// [`POLICY`] and reads the JSON answer; `repeat` says whether a lost answer may be asked
/// again (not for a create, which may have been made).
pub(super) async fn request(
    client: &reqwest::Client,
    forge: &dyn CodeHost,
    method: reqwest::Method,
    url: url::Url,
    json: &Value,
    repeat: Repeat,
) -> Result<Value, Refusal> {
    let mut req = forge.authorise(client.request(method, url));
    if !json.is_null() {
        req = req.json(json);
    }
    let req = req
        .build()
        .map_err(|_| Refusal::Other("the request could not be made".into()))?;
    let answer = http::send(client, req, repeat, &POLICY)
        .await
        .map_err(|e| Refusal::Other(e.to_string()))?;
    if !answer.status.is_success() {
        return Err(Refusal::Status(answer.status.as_u16()));
    }
    if answer.body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&answer.body)
        .map_err(|_| Refusal::Other("the answer is not JSON".into()))
}
