//! Bitbucket Pipelines: `pinflow.env` in the clone directory, the pipe's `✔`/`✖` lines; and
//! Bitbucket Cloud's comment API.
//!
//! Comments are pull request comments
//! (`/repositories/{workspace}/{slug}/pullrequests/{id}/comments[/{comment_id}]`), with
//! `BITBUCKET_ACCESS_TOKEN` as a bearer token, or `BITBUCKET_USERNAME` with
//! `BITBUCKET_APP_PASSWORD` as basic auth; `GET /2.0/user` says whose (it refuses repository
//! access tokens; Bitbucket lets only a comment's author edit it).

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{json, Value};

use super::host::{self, api_base, join, need, owner_and_name, Auth, CodeHost, Existing, Place};
use super::{Output, Platform, Request, Severity};
use crate::env::Env;
use crate::error::Location;
use crate::escape;
use crate::vcs::VersionType;

/// Bitbucket Pipelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bitbucket {
    /// `$BITBUCKET_CLONE_DIR`, where `pinflow.env` goes.
    pub(super) dir: PathBuf,
}

impl Bitbucket {
    /// Bitbucket Pipelines, when `BITBUCKET_BUILD_NUMBER` is set.
    pub(super) fn detect(env: &Env, workdir: &Path) -> Option<Self> {
        env.get("BITBUCKET_BUILD_NUMBER")?;
        Some(Self {
            dir: env
                .get("BITBUCKET_CLONE_DIR")
                .map_or_else(|| workdir.to_owned(), PathBuf::from),
        })
    }
}

impl Platform for Bitbucket {
    fn name(&self) -> &'static str {
        "bitbucket"
    }

    fn version_type(&self) -> Option<VersionType> {
        Some(VersionType::Bitbucket)
    }

    fn pull_request(&self, env: &Env) -> Option<u64> {
        super::number_in(env, "BITBUCKET_PR_ID")
    }

    fn checkout(&self, env: &Env) -> Option<PathBuf> {
        super::get(env, "BITBUCKET_CLONE_DIR").map(PathBuf::from)
    }

    fn repository_name(&self, env: &Env) -> Option<String> {
        let get = |k: &str| super::get(env, k);
        get("BITBUCKET_REPO_FULL_NAME")
            .map(str::to_owned)
            .or_else(|| {
                Some(format!(
                    "{}/{}",
                    get("BITBUCKET_WORKSPACE")?,
                    get("BITBUCKET_REPO_SLUG")?
                ))
            })
            .map(|r| format!("bitbucket.org/{r}"))
    }

    fn run(&self, env: &Env) -> (Option<String>, Option<String>) {
        let url = env
            .get("BITBUCKET_REPO_FULL_NAME")
            .zip(env.get("BITBUCKET_BUILD_NUMBER"))
            .map(|(repo, n)| format!("https://bitbucket.org/{repo}/pipelines/results/{n}"));
        let actor = env.get("BITBUCKET_STEP_TRIGGERER_UUID").map(str::to_owned);
        (url, actor)
    }

    /// The pipe's `✖` line for an error; a warning goes to the log.
    fn annotation(
        &self,
        severity: Severity,
        message: &str,
        _location: Option<&Location>,
    ) -> Option<String> {
        (severity == Severity::Error).then(|| format!("✖ {}", escape::line(message)))
    }

    /// The pipe's `✔` line.
    fn done(&self, message: &str) -> Option<String> {
        Some(format!("✔ {}", escape::line(message)))
    }

    fn write_outputs(&self, outputs: &[Output], _summary: Option<&str>) -> std::io::Result<()> {
        super::write_dotenv(&self.dir, outputs)
    }

    fn code_host(&self, env: &Env, number: u64) -> Result<Box<dyn CodeHost>, String> {
        Ok(Box::new(Comments(place(env, number)?)))
    }
}

/// A pull request's comments on Bitbucket Cloud.
#[derive(Debug)]
struct Comments(Place);

fn place(env: &Env, number: u64) -> Result<Place, String> {
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
    let credential = match auth {
        Auth::Bearer(_) => "BITBUCKET_ACCESS_TOKEN",
        _ => "BITBUCKET_APP_PASSWORD",
    };
    let api = api_base(
        env,
        "PINFLOW_BITBUCKET_API_URL",
        Some("https://api.bitbucket.org/2.0"),
        credential,
    )?;
    let n = number.to_string();
    let path = [
        "repositories",
        workspace,
        slug,
        "pullrequests",
        &n,
        "comments",
    ];
    Ok(Place {
        collection: join(api, &path)?,
        auth,
        me: vec![host::get_user(api)?],
        number,
    })
}

impl CodeHost for Comments {
    fn place(&self) -> &Place {
        &self.0
    }

    fn parse_me(&self, answer: &Value) -> Option<String> {
        answer.get("uuid").and_then(host::identity)
    }

    fn edits_only_own(&self) -> bool {
        true
    }

    fn permission_hint(&self) -> &'static str {
        "the token needs the `pullrequest` scope (an app password: Pull requests Read and Write)"
    }

    fn list(&self, page: usize) -> Option<url::Url> {
        Some(self.0.page("pagelen", "page", page))
    }

    fn parse(&self, answer: &Value) -> Vec<Existing> {
        let items = answer.get("values").and_then(Value::as_array);
        host::comments(items, |c| {
            Some(Existing {
                id: host::id(c.get("id")?)?,
                comment: None,
                body: host::text(c.pointer("/content/raw"))?,
                author: c.pointer("/user/uuid").and_then(host::identity),
            })
            .filter(|_| !host::flagged(c, "deleted"))
        })
    }

    fn more_after(&self, page: &Value) -> bool {
        page.get("next").and_then(Value::as_str).is_some()
    }

    fn create(&self, body: &str) -> Request {
        let json = json!({ "content": { "raw": body } });
        (Method::POST, self.0.collection.clone(), json)
    }

    fn update(&self, existing: &Existing, body: &str) -> Request {
        let url = self.0.under(&[&existing.id]);
        (Method::PUT, url, json!({ "content": { "raw": body } }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tokens_user_is_named_as_comments_name_their_authors() {
        let env = Env::from_pairs([
            ("BITBUCKET_REPO_FULL_NAME", "a/b"),
            ("BITBUCKET_ACCESS_TOKEN", "t"),
        ]);
        let f = Comments(place(&env, 3).unwrap());
        assert_eq!(
            f.whoami()[0].1.as_str(),
            "https://api.bitbucket.org/2.0/user"
        );
        let me = f.parse_me(&json!({"uuid": "{u-1}", "type": "user"}));
        let page =
            json!({"values": [{"id": 4, "content": {"raw": "x"}, "user": {"uuid": "{u-1}"}}]});
        assert_eq!(me.as_deref(), Some("{u-1}"));
        assert_eq!(f.parse(&page)[0].author, me);
    }
}
