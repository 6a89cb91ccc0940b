//! What the four code hosts' comment APIs share: the [`CodeHost`] trait each platform's file
//! implements (where a pull or merge request's comments are listed, created and updated, with
//! which credential, and how each answer reads), and the primitives they build it from.
//!
//! Every API URL that receives the credential is https, or plain http to this machine
//! ([`crate::http::check_credential_url`]); names from variables stay one path segment each.
//! The credential is kept in [`Place`] and only there; its `Debug` leaves it out.

use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use url::Url;

use super::Request;
use crate::env::Env;

/// Comments asked for per page (each API's maximum or close to it).
pub(crate) const PAGE: usize = 100;

/// One existing comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Existing {
    /// Its id (Azure: the thread's id).
    pub id: String,
    /// Azure: the id of the thread's first comment, which holds the text.
    pub comment: Option<String>,
    /// Its Markdown.
    pub body: String,
    /// Who wrote it, as [`CodeHost::parse_me`] names the token's user.
    pub author: Option<String>,
}

/// One code host's comment API for one pull or merge request.
pub(crate) trait CodeHost: std::fmt::Debug + Send + Sync {
    /// Where the comments are, the credential, and the requests that ask whose it is.
    fn place(&self) -> &Place;

    /// The requests that ask whom the credential belongs to, in the terms each comment's
    /// author is given in (`Existing::author`); the first that answers says.
    fn whoami(&self) -> &[Request] {
        &self.place().me
    }

    /// The credential's user in an answer to one of [`CodeHost::whoami`]'s requests.
    fn parse_me(&self, answer: &Value) -> Option<String>;

    /// Whether the host lets only a comment's author edit it (a refused edit then says the
    /// comment is someone else's, whoever holds the token).
    fn edits_only_own(&self) -> bool {
        false
    }

    /// What the comment is called on this host, for messages.
    fn what(&self) -> String {
        format!("pull request {}", self.place().number)
    }

    /// What the credential needs when the host refuses it.
    fn permission_hint(&self) -> &'static str;

    /// Adds the credential and the host's headers to a request.
    fn authorise(&self, req: RequestBuilder) -> RequestBuilder {
        self.place()
            .auth
            .apply(req)
            .header("Accept", "application/json")
    }

    /// The URL of page `page` (from 1) of the comments.
    fn list(&self, page: usize) -> Option<Url>;

    /// The comments on one page of a listing, in the host's order (oldest first).
    fn parse(&self, answer: &Value) -> Vec<Existing>;

    /// Whether a page this full may have a next one.
    fn more_after(&self, page: &Value) -> bool;

    /// The request that creates a comment holding `body`.
    fn create(&self, body: &str) -> Request;

    /// The request that replaces the text of `existing` with `body`.
    fn update(&self, existing: &Existing, body: &str) -> Request;
}

/// How requests are authorised.
pub(crate) enum Auth {
    /// `Authorization: Bearer …`.
    Bearer(String),
    /// A header of the host's own.
    Header(&'static str, String),
    /// `Authorization: Basic …`.
    Basic(String, String),
}

impl Auth {
    /// Adds the credential to a request.
    pub(crate) fn apply(&self, req: RequestBuilder) -> RequestBuilder {
        match self {
            Auth::Bearer(token) => req.bearer_auth(token),
            Auth::Header(name, token) => req.header(*name, token),
            Auth::Basic(user, password) => req.basic_auth(user, Some(password)),
        }
    }
}

/// Where the comments of one pull or merge request live, and the credential to write them.
pub(crate) struct Place {
    /// The comments' collection: listed with GET, created with POST.
    pub collection: Url,
    /// The credential.
    pub auth: Auth,
    /// The requests that ask the host whom the credential belongs to, tried in turn.
    pub me: Vec<Request>,
    /// The pull or merge request's number.
    pub number: u64,
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Place")
            .field("collection", &self.collection.as_str())
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Place {
    /// The collection's URL with `?{size}=PAGE&{number}=page`.
    pub(crate) fn page(&self, size: &str, number: &str, page: usize) -> Url {
        let mut url = self.collection.clone();
        url.query_pairs_mut()
            .append_pair(size, &PAGE.to_string())
            .append_pair(number, &page.to_string());
        url
    }

    /// The collection's URL with `segments` appended.
    pub(crate) fn under(&self, segments: &[&str]) -> Url {
        let mut url = self.collection.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }
}

/// `base` with `segments` appended, each percent-encoded as one path segment. `.` and `..`
/// are refused: the URL library would follow them, and the request would go elsewhere.
pub(crate) fn join(base: &str, segments: &[&str]) -> Result<Url, String> {
    let mut url =
        Url::parse(base.trim_end_matches('/')).map_err(|e| format!("{base} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(format!("{base} is not an http(s) URL"));
    }
    if let Some(bad) = segments.iter().find(|s| matches!(**s, "" | "." | "..")) {
        return Err(format!(
            "{bad:?} cannot be part of the comment's address; check the CI variables"
        ));
    }
    url.path_segments_mut()
        .map_err(|()| format!("{base} is not a base URL"))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// `owner/name` (or `workspace/slug`) split in two, each part a plain name.
pub(crate) fn owner_and_name(full: &str) -> Option<(&str, &str)> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.len() <= 200
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && s != "."
            && s != ".."
    };
    full.split_once('/').filter(|(a, b)| plain(a) && plain(b))
}

/// The value of CI variable `name`, or why the pull request cannot be found.
pub(crate) fn need<'e>(env: &'e Env, name: &str) -> Result<&'e str, String> {
    env.get(name)
        .ok_or_else(|| format!("{name} is not set, so pinflow cannot find the pull request"))
}

/// The API's base URL from variable `var` (or `default`), refused when it would carry
/// `credential` in clear: plain http only to this machine ([`crate::http::is_loopback`]).
pub(crate) fn api_base<'e>(
    env: &'e Env,
    var: &str,
    default: Option<&'e str>,
    credential: &str,
) -> Result<&'e str, String> {
    let url = match default {
        Some(default) => env.get(var).unwrap_or(default),
        None => need(env, var)?,
    };
    crate::http::check_credential_url(var, url, credential).map_err(|e| e.to_string())?;
    Ok(url)
}

/// `GET {api}/user`: whose the credential is, on the hosts that answer it there.
pub(crate) fn get_user(api: &str) -> Result<Request, String> {
    Ok((Method::GET, join(api, &["user"])?, Value::Null))
}

/// A user's identity as a host gives it: a positive integer (GitHub, GitLab) or a non-empty
/// string (Bitbucket's `{uuid}`, Azure's identity id), never anything else.
pub(crate) fn identity(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().filter(|n| *n > 0).map(|n| n.to_string()),
        Value::String(s) if !s.trim().is_empty() && s.len() <= 200 => Some(s.clone()),
        _ => None,
    }
}

/// A comment's id: every host's ids are integers, and anything else could steer the update's
/// path.
pub(crate) fn id(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::String(s)
            if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(s.clone())
        }
        _ => None,
    }
}

/// The string at `v`, if it is one.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// The comments in `items`, each read by `one` (which drops what is malformed).
pub(crate) fn comments(
    items: Option<&Vec<Value>>,
    one: impl Fn(&Value) -> Option<Existing>,
) -> Vec<Existing> {
    items.into_iter().flatten().filter_map(one).collect()
}

/// Whether `c` says it is `flag` (deleted, a system note).
pub(crate) fn flagged(c: &Value, flag: &str) -> bool {
    c.get(flag).and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_variables_stay_one_path_segment() {
        assert_eq!(owner_and_name("a/b"), Some(("a", "b")));
        for bad in ["a/../b", "../x", "a/b/c", "a/b?x", "a/", "a%2fb/c", "a/b#c"] {
            assert_eq!(owner_and_name(bad), None, "{bad}");
        }
    }
}
