//! GitLab CI: collapsible sections, a dotenv report (`pinflow.env`, for
//! `artifacts: reports: dotenv:`) in the project directory; and GitLab's comment API.
//!
//! Comments are merge request notes (`/projects/{id}/merge_requests/{iid}/notes[/{note_id}]`),
//! with `GITLAB_TOKEN` in `PRIVATE-TOKEN` (the job token cannot write notes); `GET /user` says
//! whose the token is (a project access token is its own bot user).

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{json, Value};

use super::host::{self, api_base, join, need, Auth, CodeHost, Existing, Place};
use super::{Output, Platform, Request};
use crate::env::Env;
use crate::escape;
use crate::vcs::VersionType;

/// GitLab CI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Gitlab {
    /// Where `pinflow.env` goes.
    pub(super) dir: PathBuf,
}

impl Gitlab {
    /// GitLab CI, when `GITLAB_CI` is set to anything: gitlab-ci-local sets `GITLAB_CI=false`,
    /// and its jobs still pass dotenv reports on like GitLab's.
    pub(super) fn detect(env: &Env, workdir: &Path) -> Option<Self> {
        env.get("GITLAB_CI")?;
        // The dotenv report is relative to the project directory. Local runners
        // (gitlab-ci-local) may name a container path that is not a directory here: then
        // the repository holding the working directory, where the job started.
        let dir = env
            .get("CI_PROJECT_DIR")
            .map(PathBuf::from)
            .filter(|d| d.is_dir());
        Some(Self {
            dir: dir.unwrap_or_else(|| super::repository_root(workdir)),
        })
    }
}

impl Platform for Gitlab {
    fn name(&self) -> &'static str {
        "gitlab"
    }

    fn version_type(&self) -> Option<VersionType> {
        Some(VersionType::Gitlab)
    }

    /// The merge request's IID.
    fn pull_request(&self, env: &Env) -> Option<u64> {
        super::number_in(env, "CI_MERGE_REQUEST_IID")
    }

    /// A merge request's pipeline, or an external (GitHub) pull request's, or a child
    /// pipeline of no branch or tag (a merge request pipeline's children carry no merge
    /// request variables).
    fn on_pull_request(&self, env: &Env) -> bool {
        let source = env.get("CI_PIPELINE_SOURCE").unwrap_or_default();
        let of_a_ref = env.get("CI_COMMIT_BRANCH").is_some() || env.get("CI_COMMIT_TAG").is_some();
        self.pull_request(env).is_some()
            || env.get("CI_EXTERNAL_PULL_REQUEST_IID").is_some()
            || source == "merge_request_event"
            || source == "external_pull_request_event"
            || (source == "parent_pipeline" && !of_a_ref)
    }

    fn checkout(&self, env: &Env) -> Option<PathBuf> {
        super::get(env, "CI_PROJECT_DIR").map(PathBuf::from)
    }

    /// A fork's merge request: the target project's.
    fn repository_name(&self, env: &Env) -> Option<String> {
        let server = super::host_of(env, "CI_SERVER_URL", "gitlab.com");
        super::get(env, "CI_MERGE_REQUEST_PROJECT_PATH")
            .or_else(|| super::get(env, "CI_PROJECT_PATH"))
            .map(|r| format!("{server}/{r}"))
    }

    fn run(&self, env: &Env) -> (Option<String>, Option<String>) {
        let get = |k: &str| env.get(k).map(str::to_owned);
        (
            get("CI_JOB_URL").or_else(|| get("CI_PIPELINE_URL")),
            get("GITLAB_USER_LOGIN"),
        )
    }

    fn group_start(&self, title: &str) -> Option<String> {
        Some(format!(
            "\x1b[0Ksection_start:{}:pinflow[collapsed=false]\r\x1b[0K{}",
            super::unix_now(),
            escape::line(title)
        ))
    }

    fn group_end(&self) -> Option<String> {
        Some(format!(
            "\x1b[0Ksection_end:{}:pinflow\r\x1b[0K",
            super::unix_now()
        ))
    }

    fn write_outputs(&self, outputs: &[Output], _summary: Option<&str>) -> std::io::Result<()> {
        super::write_dotenv(&self.dir, outputs)
    }

    fn code_host(&self, env: &Env, number: u64) -> Result<Box<dyn CodeHost>, String> {
        Ok(Box::new(Notes(place(env, number)?)))
    }
}

/// A merge request's notes on GitLab.
#[derive(Debug)]
struct Notes(Place);

fn place(env: &Env, number: u64) -> Result<Place, String> {
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
    let api = api_base(env, "CI_API_V4_URL", None, "GITLAB_TOKEN")?;
    let n = number.to_string();
    Ok(Place {
        collection: join(api, &["projects", project, "merge_requests", &n, "notes"])?,
        auth: Auth::Header("PRIVATE-TOKEN", token.to_owned()),
        me: vec![host::get_user(api)?],
        number,
    })
}

impl CodeHost for Notes {
    fn place(&self) -> &Place {
        &self.0
    }

    fn parse_me(&self, answer: &Value) -> Option<String> {
        answer.get("id").and_then(host::identity)
    }

    fn what(&self) -> String {
        format!("merge request !{}", self.0.number)
    }

    fn permission_hint(&self) -> &'static str {
        "GITLAB_TOKEN needs the `api` scope and at least the Reporter role in the project"
    }

    fn list(&self, page: usize) -> Option<url::Url> {
        let mut url = self.0.page("per_page", "page", page);
        url.query_pairs_mut()
            .append_pair("sort", "asc")
            .append_pair("order_by", "created_at");
        Some(url)
    }

    fn parse(&self, answer: &Value) -> Vec<Existing> {
        host::comments(answer.as_array(), |c| {
            Some(Existing {
                id: host::id(c.get("id")?)?,
                comment: None,
                body: host::text(c.get("body"))?,
                author: c.pointer("/author/id").and_then(host::identity),
            })
            .filter(|_| !host::flagged(c, "system"))
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
        let url = self.0.under(&[&existing.id]);
        (Method::PUT, url, json!({ "body": body }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_credential_says_what_to_set() {
        let env = Env::from_pairs([
            ("CI_PROJECT_ID", "5"),
            ("CI_API_V4_URL", "https://gl/api/v4"),
        ]);
        let why = place(&env, 1).unwrap_err();
        assert!(why.contains("GITLAB_TOKEN"), "{why}");
    }

    #[test]
    fn a_dotenv_without_a_project_dir_goes_to_the_repository_root() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join(".git")).unwrap();
        std::fs::create_dir_all(repo.path().join("app/sub")).unwrap();
        let env = Env::from_pairs([("GITLAB_CI", "false"), ("CI_PROJECT_DIR", "/builds/x")]);
        assert_eq!(
            Gitlab::detect(&env, &repo.path().join("app/sub")),
            Some(Gitlab {
                dir: repo.path().to_owned()
            })
        );
    }

    #[test]
    fn detection_by_marker_variables() {
        let detect = |pairs: &[(&str, &str)]| {
            Gitlab::detect(&Env::from_pairs(pairs.iter().copied()), Path::new("/w"))
        };
        let dir = |d: &str| Some(Gitlab { dir: d.into() });
        assert_eq!(
            detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/tmp")]),
            dir("/tmp")
        );
        assert_eq!(
            detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/nonexistent")]),
            dir("/w")
        );
        // gitlab-ci-local says GITLAB_CI=false and runs jobs as GitLab does.
        assert_eq!(detect(&[("GITLAB_CI", "false")]), dir("/w"));
    }
}
