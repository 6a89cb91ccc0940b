//! Where each code host keeps a pull request's comments, from the CI platform's variables:
//! the comments' URL, the credential and how it is sent, and the requests that ask whose the
//! credential is. Every URL that receives the credential is https, or plain http to this
//! machine ([`crate::http::check_credential_url`]); names from variables stay one path
//! segment each.

use reqwest::Method;
use serde_json::{json, Value};
use url::Url;

use super::{Auth, Host};
use crate::env::Env;

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
pub(super) fn owner_and_name(full: &str) -> Option<(&str, &str)> {
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

/// Where one host keeps the comments, how to authorise, and how to ask whose the
/// credential is.
pub(super) type Place = (Host, Url, Auth, Vec<(Method, Url, Value)>);

/// The value of CI variable `name`, or why the pull request cannot be found.
fn need<'e>(env: &'e Env, name: &str) -> Result<&'e str, String> {
    env.get(name)
        .ok_or_else(|| format!("{name} is not set, so pinflow cannot find the pull request"))
}

/// The API's base URL from variable `var` (or `default`), refused when it would carry
/// `credential` in clear: plain http only to this machine ([`crate::http::is_loopback`]).
fn api_base<'e>(
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

pub(super) fn github(env: &Env, n: &str) -> Result<Place, String> {
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
    let url = join(api, &["repos", owner, name, "issues", n, "comments"])?;
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
        vec![(Method::GET, join(api, &["user"])?, Value::Null), viewer]
    };
    Ok((Host::Github, url, Auth::Bearer(token.to_owned()), me))
}

pub(super) fn gitlab(env: &Env, n: &str) -> Result<Place, String> {
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
    let url = join(api, &["projects", project, "merge_requests", n, "notes"])?;
    let auth = Auth::Header("PRIVATE-TOKEN", token.to_owned());
    let me = vec![(Method::GET, join(api, &["user"])?, Value::Null)];
    Ok((Host::Gitlab, url, auth, me))
}

pub(super) fn bitbucket(env: &Env, n: &str) -> Result<Place, String> {
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
    let path = [
        "repositories",
        workspace,
        slug,
        "pullrequests",
        n,
        "comments",
    ];
    let me = vec![(Method::GET, join(api, &["user"])?, Value::Null)];
    Ok((Host::Bitbucket, join(api, &path)?, auth, me))
}

pub(super) fn azure(env: &Env, n: &str) -> Result<Place, String> {
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
    api_base(env, "SYSTEM_COLLECTIONURI", None, "SYSTEM_ACCESSTOKEN")?;
    let mut url = join(collection, &path)?;
    url.query_pairs_mut().append_pair("api-version", "7.1");
    // The organization's connection data: who the token authenticates as (a preview API).
    let mut me = join(collection, &["_apis", "connectionData"])?;
    me.query_pairs_mut()
        .append_pair("api-version", "7.1-preview");
    let me = vec![(Method::GET, me, Value::Null)];
    Ok((Host::Azure, url, Auth::Bearer(token.to_owned()), me))
}
