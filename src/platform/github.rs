//! GitHub Actions: workflow commands (`::group::`, `::add-mask::`, `::error`/`::warning`
//! annotations), `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY`; and GitHub's comment API.
//!
//! Comments are issue comments (`/repos/{owner}/{repo}/issues/{number}/comments`,
//! `PATCH /repos/{owner}/{repo}/issues/comments/{id}`), with `GITHUB_TOKEN` as a bearer token.
//! Whose the token is: `GET /user` for a person's token; an installation token (`ghs_…`: a
//! GitHub App's, or the job's own, whose comments are `github-actions[bot]`'s) cannot ask
//! that, and asks GraphQL's `viewer` instead (`GITHUB_GRAPHQL_URL`).

use std::io::Write;
use std::path::{Path, PathBuf};

use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

use super::host::{self, api_base, join, need, owner_and_name, Auth, CodeHost, Existing, Place};
use super::{Output, Platform, Request, Severity};
use crate::env::Env;
use crate::error::Location;
use crate::escape;
use crate::vcs::VersionType;

/// GitHub Actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Github {
    /// `$GITHUB_OUTPUT`.
    output: Option<PathBuf>,
    /// `$GITHUB_STEP_SUMMARY`.
    summary: Option<PathBuf>,
}

impl Github {
    /// GitHub Actions, when `GITHUB_ACTIONS=true`.
    pub(super) fn detect(env: &Env) -> Option<Self> {
        (env.get("GITHUB_ACTIONS") == Some("true")).then(|| Self {
            output: env.get("GITHUB_OUTPUT").map(PathBuf::from),
            summary: env.get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
        })
    }
}

/// `::add-mask::` for one line of a secret.
pub(super) fn mask(line: &str) -> String {
    format!("::add-mask::{}", escape::mask_github(line))
}

impl Platform for Github {
    fn name(&self) -> &'static str {
        "github"
    }

    fn version_type(&self) -> Option<VersionType> {
        Some(VersionType::Github)
    }

    /// The `refs/pull/N/…` ref, else the event's pull request (for `pull_request_target`).
    fn pull_request(&self, env: &Env) -> Option<u64> {
        env.get("GITHUB_REF")
            .and_then(|r| r.strip_prefix("refs/pull/"))
            .and_then(|r| r.split('/').next())
            .and_then(super::number)
            .or_else(|| crate::vcs::event_pull_request(env))
    }

    /// A pull request's ref or number, or any event but those that run the repository's own
    /// branches (a push, a schedule, a manual or API dispatch, a release): `pull_request*`,
    /// and also `issue_comment` and `workflow_run` (which may run a pull request's code) and
    /// `merge_group` (before the merge lands).
    fn on_pull_request(&self, env: &Env) -> bool {
        const BRANCH_EVENTS: [&str; 7] = [
            "push",
            "schedule",
            "workflow_dispatch",
            "repository_dispatch",
            "release",
            "create",
            "deployment",
        ];
        self.pull_request(env).is_some()
            || env
                .get("GITHUB_EVENT_NAME")
                .is_some_and(|e| !BRANCH_EVENTS.contains(&e))
    }

    fn checkout(&self, env: &Env) -> Option<PathBuf> {
        super::get(env, "GITHUB_WORKSPACE").map(PathBuf::from)
    }

    fn repository_name(&self, env: &Env) -> Option<String> {
        let server = super::host_of(env, "GITHUB_SERVER_URL", "github.com");
        super::get(env, "GITHUB_REPOSITORY").map(|r| format!("{server}/{r}"))
    }

    fn run(&self, env: &Env) -> (Option<String>, Option<String>) {
        let url = env
            .get("GITHUB_REPOSITORY")
            .zip(env.get("GITHUB_RUN_ID"))
            .map(|(repo, run)| {
                let server = env.get("GITHUB_SERVER_URL").unwrap_or("https://github.com");
                format!("{}/{repo}/actions/runs/{run}", server.trim_end_matches('/'))
            });
        (url, env.get("GITHUB_ACTOR").map(str::to_owned))
    }

    fn mask(&self) -> Option<crate::secret::Mask> {
        Some(mask)
    }

    fn group_start(&self, title: &str) -> Option<String> {
        Some(format!("::group::{}", escape::line(title)))
    }

    fn group_end(&self) -> Option<String> {
        Some("::endgroup::".into())
    }

    /// `::error file=…,line=…::message` (`::warning …` for a warning), with GitHub's escaping
    /// of property values and data.
    fn annotation(
        &self,
        severity: Severity,
        message: &str,
        location: Option<&Location>,
    ) -> Option<String> {
        let data = escape::github_data(message);
        let kind = severity.word();
        Some(match location.and_then(|l| Some((&l.file, l.line?))) {
            Some((file, line)) => format!(
                "::{kind} file={},line={line}::{data}",
                escape::github_property(file)
            ),
            None => format!("::{kind}::{data}"),
        })
    }

    /// Appends the outputs to `$GITHUB_OUTPUT` and `summary` to `$GITHUB_STEP_SUMMARY`
    /// (never through a link).
    fn write_outputs(&self, outputs: &[Output], summary: Option<&str>) -> std::io::Result<()> {
        if let Some(path) = &self.output {
            let entries: String = outputs
                .iter()
                .map(|o| {
                    if o.json {
                        escape::github_output_line(o.name, o.value)
                    } else {
                        escape::github_output(o.name, o.value)
                    }
                })
                .collect();
            crate::files::open_output(path, true)?.write_all(entries.as_bytes())?;
        }
        if let Some((path, markdown)) = self.summary.as_deref().zip(summary) {
            append_summary(path, markdown)?;
        }
        Ok(())
    }

    fn write_summary(&self, summary: &str) -> std::io::Result<()> {
        match &self.summary {
            Some(path) => append_summary(path, summary),
            None => Ok(()),
        }
    }

    fn code_host(&self, env: &Env, number: u64) -> Result<Box<dyn CodeHost>, String> {
        Ok(Box::new(Comments(place(env, number)?)))
    }
}

/// Appends Markdown to `$GITHUB_STEP_SUMMARY` (never through a link).
fn append_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    crate::files::open_output(path, true)?.write_all(markdown.as_bytes())
}

/// A pull request's issue comments on GitHub.
#[derive(Debug)]
struct Comments(Place);

fn place(env: &Env, number: u64) -> Result<Place, String> {
    let repository = need(env, "GITHUB_REPOSITORY")?;
    let (owner, name) = owner_and_name(repository)
        .ok_or_else(|| format!("GITHUB_REPOSITORY={repository} is not owner/name"))?;
    let token = env.get("GITHUB_TOKEN").ok_or(
        "GITHUB_TOKEN is not set: pass the job's token (`GITHUB_TOKEN: ${{ github.token }}`) \
         and give the job `permissions: pull-requests: write`",
    )?;
    let api = api_base(
        env,
        "GITHUB_API_URL",
        Some("https://api.github.com"),
        "GITHUB_TOKEN",
    )?;
    let n = number.to_string();
    let collection = join(api, &["repos", owner, name, "issues", &n, "comments"])?;
    let graphql = match env.get("GITHUB_GRAPHQL_URL") {
        Some(url) => url.to_owned(),
        // GitHub Enterprise Server: …/api/v3 and …/api/graphql.
        None => match api.trim_end_matches('/').strip_suffix("/v3") {
            Some(enterprise) => format!("{enterprise}/graphql"),
            None => format!("{}/graphql", api.trim_end_matches('/')),
        },
    };
    let graphql_base = api_base(env, "GITHUB_GRAPHQL_URL", Some(&graphql), "GITHUB_TOKEN")?;
    let viewer = (
        Method::POST,
        join(graphql_base, &[])?,
        json!({ "query": "query { viewer { databaseId login } }" }),
    );
    // An installation token cannot ask GET /user (403); a person's token can.
    let me = if token.starts_with("ghs_") {
        vec![viewer]
    } else {
        vec![host::get_user(api)?, viewer]
    };
    let auth = Auth::Bearer(token.to_owned());
    Ok(Place {
        collection,
        auth,
        me,
        number,
    })
}

impl CodeHost for Comments {
    fn place(&self) -> &Place {
        &self.0
    }

    fn parse_me(&self, answer: &Value) -> Option<String> {
        answer
            .get("id")
            .or_else(|| answer.pointer("/data/viewer/databaseId"))
            .and_then(host::identity)
    }

    fn what(&self) -> String {
        format!("pull request #{}", self.0.number)
    }

    fn permission_hint(&self) -> &'static str {
        "give the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token)"
    }

    fn authorise(&self, req: RequestBuilder) -> RequestBuilder {
        self.0
            .auth
            .apply(req)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
    }

    fn list(&self, page: usize) -> Option<url::Url> {
        Some(self.0.page("per_page", "page", page))
    }

    fn parse(&self, answer: &Value) -> Vec<Existing> {
        host::comments(answer.as_array(), |c| {
            Some(Existing {
                id: host::id(c.get("id")?)?,
                comment: None,
                body: host::text(c.get("body"))?,
                author: c.pointer("/user/id").and_then(host::identity),
            })
        })
    }

    fn more_after(&self, page: &Value) -> bool {
        page.as_array().is_some_and(|a| a.len() >= host::PAGE)
    }

    fn create(&self, body: &str) -> Request {
        (
            Method::POST,
            self.0.collection.clone(),
            json!({ "body": body }),
        )
    }

    fn update(&self, existing: &Existing, body: &str) -> Request {
        // …/issues/{n}/comments → …/issues/comments/{id}
        let mut url = self.0.collection.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop().pop().push("comments").push(&existing.id);
        }
        (Method::PATCH, url, json!({ "body": body }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github() -> Box<dyn CodeHost> {
        let env = Env::from_pairs([
            ("GITHUB_REPOSITORY", "acme/flows"),
            ("GITHUB_TOKEN", "ghs_secret"),
            ("GITHUB_API_URL", "https://ghe.example/api/v3/"),
        ]);
        Github::detect(&Env::from_pairs([("GITHUB_ACTIONS", "true")]))
            .unwrap()
            .code_host(&env, 7)
            .unwrap()
    }

    #[test]
    fn paths_and_debug_without_the_token() {
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
    fn a_persons_token_asks_rest_then_graphql() {
        // GitHub Enterprise Server: a person's token asks REST, then GraphQL at /api/graphql.
        let ghes = Env::from_pairs([
            ("GITHUB_REPOSITORY", "acme/flows"),
            ("GITHUB_TOKEN", "ghp_x"),
            ("GITHUB_API_URL", "https://ghe.example/api/v3"),
        ]);
        let f = Comments(place(&ghes, 7).unwrap());
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

    #[test]
    fn annotations_carry_file_and_line() {
        let p = Github::detect(&Env::from_pairs([("GITHUB_ACTIONS", "true")])).unwrap();
        let at = Location::line("prefect.yaml", Some(7));
        assert_eq!(
            p.annotation(Severity::Error, "missing, 100%", Some(&at))
                .unwrap(),
            "::error file=prefect.yaml,line=7::missing, 100%25"
        );
        assert_eq!(
            p.annotation(Severity::Warning, "a\nb", None).unwrap(),
            "::warning::a%0Ab"
        );
    }
}
