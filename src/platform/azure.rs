//! Azure Pipelines: `##vso[...]` logging commands (secrets, issues, output variables) and
//! `##[group]` sections; and Azure Repos' comment API.
//!
//! Comments are pull request threads (`…/pullRequests/{id}/threads`, the first comment of
//! pinflow's thread updated with `PATCH …/threads/{thread}/comments/{comment}`), with
//! `SYSTEM_ACCESSTOKEN` as a bearer token; the organization's `_apis/connectionData` says
//! whose (`authenticatedUser.id`, as each comment's `author.id`).

use std::path::PathBuf;

use reqwest::Method;
use serde_json::{json, Value};

use super::host::{self, api_base, join, need, Auth, CodeHost, Existing, Place};
use super::{Output, Platform, Request, Severity};
use crate::env::Env;
use crate::error::Location;
use crate::escape;
use crate::vcs::VersionType;

/// Azure Pipelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Azure;

impl Azure {
    /// Azure Pipelines, when `TF_BUILD` is `true` in any case.
    pub(super) fn detect(env: &Env) -> Option<Self> {
        env.get("TF_BUILD")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            .then_some(Self)
    }
}

/// `##vso[task.setsecret]` for one line of a secret.
pub(super) fn mask(line: &str) -> String {
    format!("##vso[task.setsecret]{}", escape::mask_azure(line))
}

impl Platform for Azure {
    fn name(&self) -> &'static str {
        "azure"
    }

    fn version_type(&self) -> Option<VersionType> {
        Some(VersionType::AzureDevops)
    }

    /// The pull request's number (GitHub repositories) or id (Azure Repos).
    fn pull_request(&self, env: &Env) -> Option<u64> {
        super::number_in(env, "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER")
            .or_else(|| super::number_in(env, "SYSTEM_PULLREQUEST_PULLREQUESTID"))
    }

    /// A pull request's number or id, or a build whose reason is a pull request.
    fn on_pull_request(&self, env: &Env) -> bool {
        self.pull_request(env).is_some()
            || env
                .get("BUILD_REASON")
                .is_some_and(|r| r.eq_ignore_ascii_case("PullRequest"))
    }

    fn checkout(&self, env: &Env) -> Option<PathBuf> {
        super::get(env, "BUILD_SOURCESDIRECTORY").map(PathBuf::from)
    }

    fn repository_name(&self, env: &Env) -> Option<String> {
        super::get(env, "BUILD_REPOSITORY_NAME").map(|repo| {
            let collection = super::host_of(env, "SYSTEM_COLLECTIONURI", "dev.azure.com");
            match super::get(env, "SYSTEM_TEAMPROJECT") {
                Some(project) => format!("{collection}/{project}/{repo}"),
                None => format!("{collection}/{repo}"),
            }
        })
    }

    fn run(&self, env: &Env) -> (Option<String>, Option<String>) {
        let get = |k: &str| env.get(k);
        let url = match (
            get("SYSTEM_COLLECTIONURI"),
            get("SYSTEM_TEAMPROJECT"),
            get("BUILD_BUILDID"),
        ) {
            (Some(base), Some(project), Some(id)) => Some(format!(
                "{}/{project}/_build/results?buildId={id}",
                base.trim_end_matches('/')
            )),
            _ => None,
        };
        (url, get("BUILD_REQUESTEDFOR").map(str::to_owned))
    }

    fn mask(&self) -> Option<crate::secret::Mask> {
        Some(mask)
    }

    fn group_start(&self, title: &str) -> Option<String> {
        Some(format!("##[group]{}", escape::line(title)))
    }

    fn group_end(&self) -> Option<String> {
        Some("##[endgroup]".into())
    }

    /// `##vso[task.logissue type=error;sourcepath=…;linenumber=…]message`.
    fn annotation(
        &self,
        severity: Severity,
        message: &str,
        location: Option<&Location>,
    ) -> Option<String> {
        let message = escape::line(message);
        let kind = severity.word();
        Some(match location.and_then(|l| Some((&l.file, l.line?))) {
            Some((file, line)) => format!(
                "##vso[task.logissue type={kind};sourcepath={};linenumber={line}]{message}",
                escape::azure_property(file)
            ),
            None => format!("##vso[task.logissue type={kind}]{message}"),
        })
    }

    fn outputs_on_log_lines(&self) -> bool {
        true
    }

    /// Output variables, named in camelCase (`deploymentIds`).
    fn write_outputs(&self, outputs: &[Output], _summary: Option<&str>) -> std::io::Result<()> {
        for o in outputs {
            eprintln!(
                "##vso[task.setvariable variable={};isOutput=true]{}",
                camel(o.name),
                escape::azure_property(o.value)
            );
        }
        Ok(())
    }

    fn code_host(&self, env: &Env, number: u64) -> Result<Box<dyn CodeHost>, String> {
        Ok(Box::new(Threads(place(env, number)?)))
    }
}

/// `deployment-ids` as `deploymentIds`.
fn camel(name: &str) -> String {
    let mut parts = name.split('-');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut s, p| {
        let mut chars = p.chars();
        if let Some(c) = chars.next() {
            s.extend(c.to_uppercase());
            s.push_str(chars.as_str());
        }
        s
    })
}

/// A pull request's threads on Azure Repos.
#[derive(Debug)]
struct Threads(Place);

fn place(env: &Env, number: u64) -> Result<Place, String> {
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
    let n = number.to_string();
    let path = [
        project,
        "_apis",
        "git",
        "repositories",
        repository,
        "pullRequests",
        &n,
        "threads",
    ];
    api_base(env, "SYSTEM_COLLECTIONURI", None, "SYSTEM_ACCESSTOKEN")?;
    let mut url = join(collection, &path)?;
    url.query_pairs_mut().append_pair("api-version", "7.1");
    // The organization's connection data: who the token authenticates as (a preview API).
    let mut me = join(collection, &["_apis", "connectionData"])?;
    me.query_pairs_mut()
        .append_pair("api-version", "7.1-preview");
    Ok(Place {
        collection: url,
        auth: Auth::Bearer(token.to_owned()),
        me: vec![(Method::GET, me, Value::Null)],
        number,
    })
}

impl CodeHost for Threads {
    fn place(&self) -> &Place {
        &self.0
    }

    fn parse_me(&self, answer: &Value) -> Option<String> {
        answer
            .pointer("/authenticatedUser/id")
            .and_then(host::identity)
    }

    fn edits_only_own(&self) -> bool {
        true
    }

    fn permission_hint(&self) -> &'static str {
        "allow the project's build service identity \"Contribute to pull requests\" on the repository"
    }

    /// Azure lists every thread at once.
    fn list(&self, page: usize) -> Option<url::Url> {
        (page == 1).then(|| self.0.collection.clone())
    }

    fn parse(&self, answer: &Value) -> Vec<Existing> {
        let items = answer.get("value").and_then(Value::as_array);
        host::comments(items, |c| {
            let first = c.pointer("/comments/0")?;
            Some(Existing {
                id: host::id(c.get("id")?)?,
                comment: Some(host::id(first.get("id")?)?),
                body: host::text(first.get("content"))?,
                author: first.pointer("/author/id").and_then(host::identity),
            })
            .filter(|_| !host::flagged(c, "isDeleted"))
        })
    }

    fn more_after(&self, _page: &Value) -> bool {
        false
    }

    /// Closed: an information thread that never blocks completing the pull request.
    fn create(&self, body: &str) -> Request {
        let json = json!({
            "comments": [{ "parentCommentId": 0, "content": body, "commentType": "text" }],
            "status": "closed",
        });
        (Method::POST, self.0.collection.clone(), json)
    }

    fn update(&self, existing: &Existing, body: &str) -> Request {
        let comment = existing.comment.as_deref().unwrap_or("1");
        let url = self.0.under(&[&existing.id, "comments", comment]);
        (Method::PATCH, url, json!({ "content": body }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(project: &str, repository: &str) -> Env {
        Env::from_pairs([
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
            ("SYSTEM_TEAMPROJECT", project),
            ("BUILD_REPOSITORY_ID", repository),
            ("SYSTEM_ACCESSTOKEN", "t"),
        ])
    }

    #[test]
    fn names_from_variables_stay_one_path_segment() {
        let f = Threads(place(&env("Data Team/../x?y", "r1"), 3).unwrap());
        assert_eq!(
            f.list(1).unwrap().as_str(),
            "https://dev.azure.com/acme/Data%20Team%2F..%2Fx%3Fy/_apis/git/repositories/r1/pullRequests/3/threads?api-version=7.1"
        );
        assert!(f.list(2).is_none());
        for bad in ["..", "."] {
            let why = place(&env("p", bad), 3).unwrap_err();
            assert!(why.contains("address"), "{why}");
        }
    }

    #[test]
    fn a_repository_elsewhere_gets_no_comment() {
        let env = Env::from_pairs([("BUILD_REPOSITORY_PROVIDER", "GitHub")]);
        let why = place(&env, 1).unwrap_err();
        assert!(why.contains("Azure Repos"), "{why}");
    }

    #[test]
    fn the_tokens_user_is_named_as_comments_name_their_authors() {
        let f = Threads(place(&env("p", "r"), 3).unwrap());
        let asks: Vec<String> = f.whoami().iter().map(|(_, u, _)| u.to_string()).collect();
        assert_eq!(
            asks,
            ["https://dev.azure.com/acme/_apis/connectionData?api-version=7.1-preview"]
        );
        let me = f.parse_me(&json!({"authenticatedUser": {"id": "b-1"}}));
        let thread = json!({"value": [{"id": 9, "comments": [
            {"id": 1, "content": "x", "author": {"id": "b-1"}}]}]});
        assert_eq!(f.parse(&thread)[0].author, me);
    }

    #[test]
    fn issues_carry_file_and_line_and_outputs_are_camel_case() {
        let at = Location::line("p;y", Some(3));
        assert_eq!(
            Azure
                .annotation(Severity::Error, "bad\nthing", Some(&at))
                .unwrap(),
            "##vso[task.logissue type=error;sourcepath=p%3By;linenumber=3]bad thing"
        );
        assert_eq!(
            Azure.annotation(Severity::Warning, "w", None).unwrap(),
            "##vso[task.logissue type=warning]w"
        );
        assert_eq!(camel("deployment-ids"), "deploymentIds");
        assert_eq!(camel("changes"), "changes");
    }
}
