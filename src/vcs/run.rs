//! Which CI run (and who) made a change, for the version history.

use serde_json::{json, Value};

use crate::env::Env;

/// `{"platform", "run_url", "actor"}` for the detected CI platform; nulls where unknown.
pub fn ci_run(env: &Env) -> Value {
    let get = |k: &str| env.get(k).map(str::to_owned);
    let (platform, run_url, actor) =
        if env.get("GITHUB_ACTIONS").is_some() || env.get("GITHUB_RUN_ID").is_some() {
            let url = match (get("GITHUB_REPOSITORY"), get("GITHUB_RUN_ID")) {
                (Some(repo), Some(run)) => Some(format!(
                    "{}/{repo}/actions/runs/{run}",
                    env.get("GITHUB_SERVER_URL")
                        .unwrap_or("https://github.com")
                        .trim_end_matches('/')
                )),
                _ => None,
            };
            ("github", url, get("GITHUB_ACTOR"))
        } else if env.get("GITLAB_CI").is_some() {
            (
                "gitlab",
                get("CI_JOB_URL").or_else(|| get("CI_PIPELINE_URL")),
                get("GITLAB_USER_LOGIN"),
            )
        } else if env.get("BITBUCKET_BUILD_NUMBER").is_some() {
            let url = get("BITBUCKET_REPO_FULL_NAME")
                .zip(get("BITBUCKET_BUILD_NUMBER"))
                .map(|(repo, n)| format!("https://bitbucket.org/{repo}/pipelines/results/{n}"));
            ("bitbucket", url, get("BITBUCKET_STEP_TRIGGERER_UUID"))
        } else if env.get("TF_BUILD").is_some() {
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
            ("azure", url, get("BUILD_REQUESTEDFOR"))
        } else {
            ("local", None, get("USER"))
        };
    json!({"platform": platform, "run_url": run_url, "actor": actor})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_links_per_platform() {
        let gh = Env::from_pairs([
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REPOSITORY", "o/r"),
            ("GITHUB_RUN_ID", "9"),
            ("GITHUB_ACTOR", "ann"),
        ]);
        assert_eq!(
            ci_run(&gh),
            json!({"platform": "github", "run_url": "https://github.com/o/r/actions/runs/9", "actor": "ann"})
        );
        let az = Env::from_pairs([
            ("TF_BUILD", "True"),
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/org/"),
            ("SYSTEM_TEAMPROJECT", "p"),
            ("BUILD_BUILDID", "5"),
        ]);
        assert_eq!(
            ci_run(&az)["run_url"],
            "https://dev.azure.com/org/p/_build/results?buildId=5"
        );
        let bb = Env::from_pairs([
            ("BITBUCKET_BUILD_NUMBER", "3"),
            ("BITBUCKET_REPO_FULL_NAME", "w/r"),
        ]);
        assert_eq!(
            ci_run(&bb)["run_url"],
            "https://bitbucket.org/w/r/pipelines/results/3"
        );
        assert_eq!(
            ci_run(&Env::from_pairs([("USER", "me")])),
            json!({"platform": "local", "run_url": null, "actor": "me"})
        );
    }
}
