//! The four code hosts' comment APIs: where a pull or merge request's comments are listed,
//! created and updated, with which credential, and how each answer reads.
//!
//! - GitHub: issue comments (`/repos/{owner}/{repo}/issues/{number}/comments`,
//!   `PATCH /repos/{owner}/{repo}/issues/comments/{id}`), `GITHUB_TOKEN` as a bearer token.
//! - GitLab: merge request notes (`/projects/{id}/merge_requests/{iid}/notes[/{note_id}]`),
//!   `GITLAB_TOKEN` in `PRIVATE-TOKEN` (the job token cannot write notes); `GET /user` says
//!   whose the token is, so that only its notes are taken for pinflow's.
//! - Bitbucket Cloud: pull request comments
//!   (`/repositories/{workspace}/{slug}/pullrequests/{id}/comments[/{comment_id}]`),
//!   `BITBUCKET_ACCESS_TOKEN` as a bearer token, or `BITBUCKET_USERNAME` with
//!   `BITBUCKET_APP_PASSWORD` as basic auth.
//! - Azure Repos: pull request threads (`…/pullRequests/{id}/threads`, the first comment of
//!   pinflow's thread updated with `PATCH …/threads/{thread}/comments/{comment}`),
//!   `SYSTEM_ACCESSTOKEN` as a bearer token.
//!
//! The credential is kept here and only here; [`Forge`]'s `Debug` leaves it out.

use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use url::Url;

use crate::ci::Platform;
use crate::env::Env;

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
    /// Whether the host says an app or bot wrote it (GitHub only; None elsewhere).
    pub bot: Option<bool>,
    /// Who wrote it, as [`Forge::parse_me`] names the token's user (GitLab only).
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
    /// Where the host says whom the credential belongs to (GitLab: `GET /user`).
    me: Option<Url>,
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

/// `base` with `segments` appended, each percent-encoded as one path segment. `.` and `..`
/// are refused: the URL library would follow them, and the request would go elsewhere.
fn join(base: &str, segments: &[&str]) -> Result<Url, String> {
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
fn owner_and_name(full: &str) -> Option<(&str, &str)> {
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

    /// Whether the credential is an app's (GitHub's job token and app tokens, `ghs_…`), whose
    /// comments the host marks as an app's.
    pub fn writes_as_app(&self) -> bool {
        self.host == Host::Github
            && matches!(&self.auth, Auth::Bearer(token) if token.starts_with("ghs_"))
    }

    /// Where to ask whom the credential belongs to, on a host whose comments say who wrote
    /// them in the same terms (GitLab: a project access token is its own bot user).
    pub fn whoami(&self) -> Option<Url> {
        self.me.clone()
    }

    /// The credential's user in an answer from [`Forge::whoami`].
    pub fn parse_me(&self, answer: &Value) -> Option<String> {
        answer
            .get("id")
            .and_then(Value::as_u64)
            .map(|id| id.to_string())
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
                    bot: Some(
                        c.pointer("/user/type").and_then(Value::as_str) == Some("Bot")
                            || c.get("performed_via_github_app")
                                .is_some_and(|a| !a.is_null()),
                    ),
                    author: None,
                }),
                Host::Gitlab => Some(Existing {
                    id: id(c.get("id")?)?,
                    comment: None,
                    body: text(c.get("body"))?,
                    bot: None,
                    author: c
                        .pointer("/author/id")
                        .and_then(Value::as_u64)
                        .map(|id| id.to_string()),
                })
                .filter(|_| c.get("system").and_then(Value::as_bool) != Some(true)),
                Host::Bitbucket => Some(Existing {
                    id: id(c.get("id")?)?,
                    comment: None,
                    body: text(c.pointer("/content/raw"))?,
                    bot: None,
                    author: None,
                })
                .filter(|_| c.get("deleted").and_then(Value::as_bool) != Some(true)),
                Host::Azure => {
                    let first = c.pointer("/comments/0")?;
                    Some(Existing {
                        id: id(c.get("id")?)?,
                        comment: Some(id(first.get("id")?)?),
                        body: text(first.get("content"))?,
                        bot: None,
                        author: None,
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

/// Where one host keeps the comments, how to authorise, and where to ask whose the
/// credential is.
type Place = (Host, Url, Auth, Option<Url>);

/// The value of CI variable `name`, or why the pull request cannot be found.
fn need<'e>(env: &'e Env, name: &str) -> Result<&'e str, String> {
    env.get(name)
        .ok_or_else(|| format!("{name} is not set, so pinflow cannot find the pull request"))
}

fn github(env: &Env, n: &str) -> Result<Place, String> {
    let repository = need(env, "GITHUB_REPOSITORY")?;
    let (owner, name) = owner_and_name(repository)
        .ok_or_else(|| format!("GITHUB_REPOSITORY={repository} is not owner/name"))?;
    let token = env.get("GITHUB_TOKEN").ok_or(
        "GITHUB_TOKEN is not set: pass the job's token (`GITHUB_TOKEN: ${{ github.token }}`) \
         and give the job `permissions: pull-requests: write`",
    )?;
    let api = env
        .get("GITHUB_API_URL")
        .unwrap_or("https://api.github.com");
    let url = join(api, &["repos", owner, name, "issues", n, "comments"])?;
    Ok((Host::Github, url, Auth::Bearer(token.to_owned()), None))
}

fn gitlab(env: &Env, n: &str) -> Result<Place, String> {
    // A merge request from a fork runs in one project and is the other's.
    let project = env
        .get("CI_MERGE_REQUEST_PROJECT_ID")
        .map_or_else(|| need(env, "CI_PROJECT_ID"), Ok)?;
    let token = env.get("GITLAB_TOKEN").ok_or(
        "GITLAB_TOKEN is not set: the job token cannot write merge request notes; create a \
         project access token with the `api` scope (role Reporter or more) and store it as the \
         masked CI/CD variable GITLAB_TOKEN (not protected: a protected variable is withheld \
         from merge requests of unprotected branches)",
    )?;
    let api = need(env, "CI_API_V4_URL")?;
    let url = join(api, &["projects", project, "merge_requests", n, "notes"])?;
    let auth = Auth::Header("PRIVATE-TOKEN", token.to_owned());
    Ok((Host::Gitlab, url, auth, Some(join(api, &["user"])?)))
}

fn bitbucket(env: &Env, n: &str) -> Result<Place, String> {
    let full = need(env, "BITBUCKET_REPO_FULL_NAME")?;
    let (workspace, slug) = owner_and_name(full)
        .ok_or_else(|| format!("BITBUCKET_REPO_FULL_NAME={full} is not workspace/repository"))?;
    let basic = env
        .get("BITBUCKET_USERNAME")
        .zip(env.get("BITBUCKET_APP_PASSWORD"));
    let auth = match (env.get("BITBUCKET_ACCESS_TOKEN"), basic) {
        (Some(token), _) => Auth::Bearer(token.to_owned()),
        (None, Some((user, password))) => Auth::Basic(user.to_owned(), password.to_owned()),
        (None, None) => {
            return Err(
                "BITBUCKET_ACCESS_TOKEN is not set: create a repository access token \
                        with the `pullrequest` scope and store it as the secured repository \
                        variable BITBUCKET_ACCESS_TOKEN (or set BITBUCKET_USERNAME and \
                        BITBUCKET_APP_PASSWORD)"
                    .into(),
            )
        }
    };
    let api = env
        .get("PINFLOW_BITBUCKET_API_URL")
        .unwrap_or("https://api.bitbucket.org/2.0");
    let path = [
        "repositories",
        workspace,
        slug,
        "pullrequests",
        n,
        "comments",
    ];
    Ok((Host::Bitbucket, join(api, &path)?, auth, None))
}

fn azure(env: &Env, n: &str) -> Result<Place, String> {
    if let Some(provider) = env
        .get("BUILD_REPOSITORY_PROVIDER")
        .filter(|p| !p.eq_ignore_ascii_case("TfsGit"))
    {
        return Err(format!(
            "the repository is on {provider}, not Azure Repos: pinflow comments on Azure Repos \
             pull requests only"
        ));
    }
    let collection = need(env, "SYSTEM_COLLECTIONURI")?;
    let project = env
        .get("SYSTEM_TEAMPROJECTID")
        .map_or_else(|| need(env, "SYSTEM_TEAMPROJECT"), Ok)?;
    let repository = need(env, "BUILD_REPOSITORY_ID")?;
    let token = env.get("SYSTEM_ACCESSTOKEN").ok_or(
        "SYSTEM_ACCESSTOKEN is not set: map it into the step \
         (`env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`) and allow the build service to \
         contribute to pull requests",
    )?;
    let path = [
        project,
        "_apis",
        "git",
        "repositories",
        repository,
        "pullRequests",
        n,
        "threads",
    ];
    let mut url = join(collection, &path)?;
    url.query_pairs_mut().append_pair("api-version", "7.1");
    Ok((Host::Azure, url, Auth::Bearer(token.to_owned()), None))
}

fn push(url: &mut Url, segments: &[&str]) {
    if let Ok(mut path) = url.path_segments_mut() {
        path.extend(segments);
    }
}

#[cfg(test)]
mod tests {
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
            bot: None,
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
            {"id": 1, "body": "a", "user": {"type": "Bot"}},
            {"id": {"x": 1}, "body": "b"},
            {"id": 3},
            {"id": "..", "body": "steer"},
            {"id": -4, "body": "negative"},
            "junk",
            {"id": 4, "body": "d", "user": {"type": "User"}}
        ]);
        let got = f.parse(&page);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].bot, Some(true));
        assert_eq!(got[1].bot, Some(false));
        assert!(f.parse(&json!({"values": 1})).is_empty());
    }
}
