//! The four code hosts' comment APIs: where a pull or merge request's comments are listed,
//! created and updated, with which credential, and how each answer reads.
//!
//! - GitHub: issue comments (`/repos/{owner}/{repo}/issues/{number}/comments`,
//!   `PATCH /repos/{owner}/{repo}/issues/comments/{id}`), `GITHUB_TOKEN` as a bearer token.
//!   Whose the token is: `GET /user` for a person's token; an installation token (`ghs_…`: a
//!   GitHub App's, or the job's own, whose comments are `github-actions[bot]`'s) cannot ask
//!   that, and asks GraphQL's `viewer` instead (`GITHUB_GRAPHQL_URL`).
//! - GitLab: merge request notes (`/projects/{id}/merge_requests/{iid}/notes[/{note_id}]`),
//!   `GITLAB_TOKEN` in `PRIVATE-TOKEN` (the job token cannot write notes); `GET /user` says
//!   whose the token is (a project access token is its own bot user).
//! - Bitbucket Cloud: pull request comments
//!   (`/repositories/{workspace}/{slug}/pullrequests/{id}/comments[/{comment_id}]`),
//!   `BITBUCKET_ACCESS_TOKEN` as a bearer token, or `BITBUCKET_USERNAME` with
//!   `BITBUCKET_APP_PASSWORD` as basic auth; `GET /2.0/user` says whose (it refuses
//!   repository access tokens; Bitbucket lets only a comment's author edit it).
//! - Azure Repos: pull request threads (`…/pullRequests/{id}/threads`, the first comment of
//!   pinflow's thread updated with `PATCH …/threads/{thread}/comments/{comment}`),
//!   `SYSTEM_ACCESSTOKEN` as a bearer token; the organization's `_apis/connectionData` says
//!   whose (`authenticatedUser.id`, as each comment's `author.id`).
//!
//! Every API URL that receives the credential is https, or plain http to this machine
//! ([`crate::http::check_credential_url`]). The credential is kept here and only here;
//! [`Forge`]'s `Debug` leaves it out.

use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use url::Url;

use crate::ci::Platform;
use crate::env::Env;
use place::{azure, bitbucket, github, gitlab};

mod place;

/// Comments asked for per page (each API's maximum or close to it).
pub const PAGE: usize = 100;

/// One existing comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    /// Its id (Azure: the thread's id).
    pub id: String,
    /// Azure: the id of the thread's first comment, which holds the text.
    pub comment: Option<String>,
    /// Its Markdown.
    pub body: String,
    /// Who wrote it, as [`Forge::parse_me`] names the token's user.
    pub author: Option<String>,
}

/// How requests are authorised.
enum Auth {
    Bearer(String),
    Header(&'static str, String),
    Basic(String, String),
}

/// Where the comments of one pull or merge request live, and the credential to write them.
pub struct Forge {
    host: Host,
    /// The comments' collection: listed with GET, created with POST.
    collection: Url,
    auth: Auth,
    /// The requests that ask the host whom the credential belongs to, tried in turn.
    me: Vec<(Method, Url, Value)>,
    /// The pull or merge request's number.
    pub number: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Host {
    Github,
    Gitlab,
    Bitbucket,
    Azure,
}

impl std::fmt::Debug for Forge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forge")
            .field("host", &self.host)
            .field("collection", &self.collection.as_str())
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Forge {
    /// The pull or merge request `number`'s comments on the host of `platform`, from the
    /// platform's variables; Err says why there is no comment to write (a warning for the log,
    /// naming what to set).
    pub fn from_env(platform: &Platform, env: &Env, number: u64) -> Result<Self, String> {
        let n = number.to_string();
        let (host, collection, auth, me) = match platform {
            Platform::Github { .. } => github(env, &n)?,
            Platform::Gitlab { .. } => gitlab(env, &n)?,
            Platform::Bitbucket { .. } => bitbucket(env, &n)?,
            Platform::Azure => azure(env, &n)?,
            Platform::None => return Err("not on a CI platform".into()),
        };
        Ok(Self {
            host,
            collection,
            auth,
            me,
            number,
        })
    }

    /// The requests that ask whom the credential belongs to, in the terms each comment's
    /// author is given in (`Existing::author`); the first that answers says.
    pub fn whoami(&self) -> &[(Method, Url, Value)] {
        &self.me
    }

    /// The credential's user in an answer to one of [`Forge::whoami`]'s requests.
    pub fn parse_me(&self, answer: &Value) -> Option<String> {
        let found = match self.host {
            Host::Github => answer
                .get("id")
                .or_else(|| answer.pointer("/data/viewer/databaseId")),
            Host::Gitlab => answer.get("id"),
            Host::Bitbucket => answer.get("uuid"),
            Host::Azure => answer.pointer("/authenticatedUser/id"),
        };
        found.and_then(identity)
    }

    /// Whether the host lets only a comment's author edit it (a refused edit then says the
    /// comment is someone else's, whoever holds the token).
    pub fn edits_only_own(&self) -> bool {
        matches!(self.host, Host::Bitbucket | Host::Azure)
    }

    /// What the comment is called on this host, for messages.
    pub fn what(&self) -> String {
        match self.host {
            Host::Github => format!("pull request #{}", self.number),
            Host::Gitlab => format!("merge request !{}", self.number),
            Host::Bitbucket | Host::Azure => format!("pull request {}", self.number),
        }
    }

    /// What the credential needs when the host refuses it.
    pub fn permission_hint(&self) -> &'static str {
        match self.host {
            Host::Github => "give the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token)",
            Host::Gitlab => "GITLAB_TOKEN needs the `api` scope and at least the Reporter role in the project",
            Host::Bitbucket => "the token needs the `pullrequest` scope (an app password: Pull requests Read and Write)",
            Host::Azure => "allow the project's build service identity \"Contribute to pull requests\" on the repository",
        }
    }

    /// Adds the credential and the host's headers to a request.
    pub fn authorise(&self, req: RequestBuilder) -> RequestBuilder {
        let req = match &self.auth {
            Auth::Bearer(token) => req.bearer_auth(token),
            Auth::Header(name, token) => req.header(*name, token),
            Auth::Basic(user, password) => req.basic_auth(user, Some(password)),
        };
        match self.host {
            Host::Github => req
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28"),
            _ => req.header("Accept", "application/json"),
        }
    }

    /// The URL of page `page` (from 1) of the comments; Azure lists every thread at once.
    pub fn list(&self, page: usize) -> Option<Url> {
        let mut url = self.collection.clone();
        let (size, number) = match self.host {
            Host::Github | Host::Gitlab => ("per_page", "page"),
            Host::Bitbucket => ("pagelen", "page"),
            Host::Azure => return (page == 1).then_some(url),
        };
        url.query_pairs_mut()
            .append_pair(size, &PAGE.to_string())
            .append_pair(number, &page.to_string());
        if self.host == Host::Gitlab {
            url.query_pairs_mut()
                .append_pair("sort", "asc")
                .append_pair("order_by", "created_at");
        }
        Some(url)
    }

    /// The comments on one page of a listing, in the host's order (oldest first).
    pub fn parse(&self, answer: &Value) -> Vec<Existing> {
        // Every host's ids are integers: anything else could steer the update's path.
        let id = |v: &Value| match v {
            Value::Number(n) => n.as_u64().map(|n| n.to_string()),
            Value::String(s)
                if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(s.clone())
            }
            _ => None,
        };
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let items = match self.host {
            Host::Github | Host::Gitlab => answer.as_array(),
            Host::Bitbucket => answer.get("values").and_then(Value::as_array),
            Host::Azure => answer.get("value").and_then(Value::as_array),
        };
        items
            .into_iter()
            .flatten()
            .filter_map(|c| match self.host {
                Host::Github => Some(Existing {
                    id: id(c.get("id")?)?,
                    comment: None,
                    body: text(c.get("body"))?,
                    author: c.pointer("/user/id").and_then(identity),
                }),
                Host::Gitlab => Some(Existing {
                    id: id(c.get("id")?)?,
                    comment: None,
                    body: text(c.get("body"))?,
                    author: c.pointer("/author/id").and_then(identity),
                })
                .filter(|_| c.get("system").and_then(Value::as_bool) != Some(true)),
                Host::Bitbucket => Some(Existing {
                    id: id(c.get("id")?)?,
                    comment: None,
                    body: text(c.pointer("/content/raw"))?,
                    author: c.pointer("/user/uuid").and_then(identity),
                })
                .filter(|_| c.get("deleted").and_then(Value::as_bool) != Some(true)),
                Host::Azure => {
                    let first = c.pointer("/comments/0")?;
                    Some(Existing {
                        id: id(c.get("id")?)?,
                        comment: Some(id(first.get("id")?)?),
                        body: text(first.get("content"))?,
                        author: first.pointer("/author/id").and_then(identity),
                    })
                    .filter(|_| c.get("isDeleted").and_then(Value::as_bool) != Some(true))
                }
            })
            .collect()
    }

    /// Whether a page this full may have a next one.
    pub fn more_after(&self, page: &Value) -> bool {
        match self.host {
            Host::Github | Host::Gitlab => page.as_array().is_some_and(|a| a.len() >= PAGE),
            Host::Bitbucket => page.get("next").and_then(Value::as_str).is_some(),
            Host::Azure => false,
        }
    }

    /// The request that creates a comment holding `body`.
    pub fn create(&self, body: &str) -> (Method, Url, Value) {
        let json = match self.host {
            Host::Github | Host::Gitlab => json!({ "body": body }),
            Host::Bitbucket => json!({ "content": { "raw": body } }),
            // Closed: an information thread that never blocks completing the pull request.
            Host::Azure => json!({
                "comments": [{ "parentCommentId": 0, "content": body, "commentType": "text" }],
                "status": "closed",
            }),
        };
        (Method::POST, self.collection.clone(), json)
    }

    /// The request that replaces the text of `existing` with `body`.
    pub fn update(&self, existing: &Existing, body: &str) -> (Method, Url, Value) {
        let mut url = self.collection.clone();
        let id = existing.id.as_str();
        match self.host {
            Host::Github => {
                // …/issues/{n}/comments → …/issues/comments/{id}
                if let Ok(mut path) = url.path_segments_mut() {
                    path.pop().pop().push("comments").push(id);
                }
                (Method::PATCH, url, json!({ "body": body }))
            }
            Host::Gitlab => {
                push(&mut url, &[id]);
                (Method::PUT, url, json!({ "body": body }))
            }
            Host::Bitbucket => {
                push(&mut url, &[id]);
                (Method::PUT, url, json!({ "content": { "raw": body } }))
            }
            Host::Azure => {
                let comment = existing.comment.as_deref().unwrap_or("1");
                push(&mut url, &[id, "comments", comment]);
                (Method::PATCH, url, json!({ "content": body }))
            }
        }
    }
}

/// A user's identity as a host gives it: a positive integer (GitHub, GitLab) or a non-empty
/// string (Bitbucket's `{uuid}`, Azure's identity id), never anything else.
fn identity(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().filter(|n| *n > 0).map(|n| n.to_string()),
        Value::String(s) if !s.trim().is_empty() && s.len() <= 200 => Some(s.clone()),
        _ => None,
    }
}

fn push(url: &mut Url, segments: &[&str]) {
    if let Ok(mut path) = url.path_segments_mut() {
        path.extend(segments);
    }
}

#[cfg(test)]
mod tests {
    use super::place::owner_and_name;
    use super::*;

    fn github() -> Forge {
        let env = Env::from_pairs([
            ("GITHUB_REPOSITORY", "acme/flows"),
            ("GITHUB_TOKEN", "ghs_secret"),
            ("GITHUB_API_URL", "https://ghe.example/api/v3/"),
        ]);
        let platform = Platform::Github {
            output: None,
            summary: None,
        };
        Forge::from_env(&platform, &env, 7).unwrap()
    }

    #[test]
    fn github_paths_and_debug_without_the_token() {
        let f = github();
        assert_eq!(
            f.list(2).unwrap().as_str(),
            "https://ghe.example/api/v3/repos/acme/flows/issues/7/comments?per_page=100&page=2"
        );
        let existing = Existing {
            id: "42".into(),
            comment: None,
            body: String::new(),
            author: None,
        };
        let (method, url, body) = f.update(&existing, "x");
        assert_eq!(method, Method::PATCH);
        assert_eq!(
            url.as_str(),
            "https://ghe.example/api/v3/repos/acme/flows/issues/comments/42"
        );
        assert_eq!(body, json!({"body": "x"}));
        assert!(!format!("{f:?}").contains("ghs_secret"));
    }

    #[test]
    fn names_from_variables_stay_one_path_segment() {
        assert_eq!(owner_and_name("a/b"), Some(("a", "b")));
        for bad in ["a/../b", "../x", "a/b/c", "a/b?x", "a/", "a%2fb/c", "a/b#c"] {
            assert_eq!(owner_and_name(bad), None, "{bad}");
        }
        let env = Env::from_pairs([
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
            ("SYSTEM_TEAMPROJECT", "Data Team/../x?y"),
            ("BUILD_REPOSITORY_ID", "r1"),
            ("SYSTEM_ACCESSTOKEN", "t"),
        ]);
        let f = Forge::from_env(&Platform::Azure, &env, 3).unwrap();
        assert_eq!(
            f.list(1).unwrap().as_str(),
            "https://dev.azure.com/acme/Data%20Team%2F..%2Fx%3Fy/_apis/git/repositories/r1/pullRequests/3/threads?api-version=7.1"
        );
        assert!(f.list(2).is_none());
        for bad in ["..", "."] {
            let env = Env::from_pairs([
                ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
                ("SYSTEM_TEAMPROJECT", "p"),
                ("BUILD_REPOSITORY_ID", bad),
                ("SYSTEM_ACCESSTOKEN", "t"),
            ]);
            let why = Forge::from_env(&Platform::Azure, &env, 3).unwrap_err();
            assert!(why.contains("address"), "{why}");
        }
    }

    #[test]
    fn a_missing_credential_says_what_to_set() {
        let env = Env::from_pairs([
            ("CI_PROJECT_ID", "5"),
            ("CI_API_V4_URL", "https://gl/api/v4"),
        ]);
        let platform = Platform::Gitlab { dir: ".".into() };
        let why = Forge::from_env(&platform, &env, 1).unwrap_err();
        assert!(why.contains("GITLAB_TOKEN"), "{why}");
        let env = Env::from_pairs([("BUILD_REPOSITORY_PROVIDER", "GitHub")]);
        let why = Forge::from_env(&Platform::Azure, &env, 1).unwrap_err();
        assert!(why.contains("Azure Repos"), "{why}");
    }

    #[test]
    fn hostile_listings_give_what_is_well_formed() {
        let f = github();
        let page = json!([
            {"id": 1, "body": "a", "user": {"id": 41898282, "type": "Bot"}},
            {"id": {"x": 1}, "body": "b"},
            {"id": 3},
            {"id": "..", "body": "steer"},
            {"id": -4, "body": "negative"},
            "junk",
            {"id": 4, "body": "d", "user": {"id": "", "type": "User"}}
        ]);
        let got = f.parse(&page);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].author.as_deref(), Some("41898282"));
        assert_eq!(got[1].author, None, "an empty id is nobody");
        assert_eq!(
            f.parse_me(&json!({"data": {"viewer": {"databaseId": 41898282}}})),
            Some("41898282".into())
        );
        assert_eq!(f.parse_me(&json!({"id": 0})), None);
        assert_eq!(
            f.whoami().len(),
            1,
            "an installation token asks GraphQL only"
        );
        assert!(f.parse(&json!({"values": 1})).is_empty());
    }

    #[test]
    fn each_host_names_the_tokens_user_as_its_comments_name_their_authors() {
        let azure = Env::from_pairs([
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
            ("SYSTEM_TEAMPROJECT", "p"),
            ("BUILD_REPOSITORY_ID", "r"),
            ("SYSTEM_ACCESSTOKEN", "t"),
        ]);
        let f = Forge::from_env(&Platform::Azure, &azure, 3).unwrap();
        let asks: Vec<String> = f.whoami().iter().map(|(_, u, _)| u.to_string()).collect();
        assert_eq!(
            asks,
            ["https://dev.azure.com/acme/_apis/connectionData?api-version=7.1-preview"]
        );
        let me = f.parse_me(&json!({"authenticatedUser": {"id": "b-1"}}));
        let thread = json!({"value": [{"id": 9, "comments": [
            {"id": 1, "content": "x", "author": {"id": "b-1"}}]}]});
        assert_eq!(f.parse(&thread)[0].author, me);
        let bitbucket = Env::from_pairs([
            ("BITBUCKET_REPO_FULL_NAME", "a/b"),
            ("BITBUCKET_ACCESS_TOKEN", "t"),
        ]);
        let platform = Platform::Bitbucket { dir: ".".into() };
        let f = Forge::from_env(&platform, &bitbucket, 3).unwrap();
        assert_eq!(
            f.whoami()[0].1.as_str(),
            "https://api.bitbucket.org/2.0/user"
        );
        let me = f.parse_me(&json!({"uuid": "{u-1}", "type": "user"}));
        let page =
            json!({"values": [{"id": 4, "content": {"raw": "x"}, "user": {"uuid": "{u-1}"}}]});
        assert_eq!(me.as_deref(), Some("{u-1}"));
        assert_eq!(f.parse(&page)[0].author, me);
        // GitHub Enterprise Server: a person's token asks REST, then GraphQL at /api/graphql.
        let ghes = Env::from_pairs([
            ("GITHUB_REPOSITORY", "acme/flows"),
            ("GITHUB_TOKEN", "ghp_x"),
            ("GITHUB_API_URL", "https://ghe.example/api/v3"),
        ]);
        let platform = Platform::Github {
            output: None,
            summary: None,
        };
        let f = Forge::from_env(&platform, &ghes, 7).unwrap();
        let asks: Vec<String> = f
            .whoami()
            .iter()
            .map(|(m, u, _)| format!("{m} {u}"))
            .collect();
        assert_eq!(
            asks,
            [
                "GET https://ghe.example/api/v3/user",
                "POST https://ghe.example/api/graphql"
            ]
        );
    }
}
