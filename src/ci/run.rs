//! Which CI run (and who) made a change, for the version history.

use serde_json::{json, Value};

use super::Platform;
use crate::env::Env;

impl Platform {
    /// `{"platform", "run_url", "actor"}` for this run; nulls where unknown.
    pub fn run_info(&self, env: &Env) -> Value {
        let get = |k: &str| env.get(k).map(str::to_owned);
        let (name, run_url, actor) = match self {
            Platform::Github { .. } => {
                let url = get("GITHUB_REPOSITORY")
                    .zip(get("GITHUB_RUN_ID"))
                    .map(|(repo, run)| {
                        let server = env.get("GITHUB_SERVER_URL").unwrap_or("https://github.com");
                        format!("{}/{repo}/actions/runs/{run}", server.trim_end_matches('/'))
                    });
                ("github", url, get("GITHUB_ACTOR"))
            }
            Platform::Gitlab { .. } => (
                "gitlab",
                get("CI_JOB_URL").or_else(|| get("CI_PIPELINE_URL")),
                get("GITLAB_USER_LOGIN"),
            ),
            Platform::Bitbucket { .. } => {
                let url = get("BITBUCKET_REPO_FULL_NAME")
                    .zip(get("BITBUCKET_BUILD_NUMBER"))
                    .map(|(repo, n)| format!("https://bitbucket.org/{repo}/pipelines/results/{n}"));
                ("bitbucket", url, get("BITBUCKET_STEP_TRIGGERER_UUID"))
            }
            Platform::Azure => {
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
            }
            Platform::None => ("local", None, get("USER")),
        };
        json!({"platform": name, "run_url": run_url, "actor": actor})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(pairs: &[(&str, &str)]) -> Value {
        let env = Env::from_pairs(pairs.iter().copied());
        Platform::detect(&env, std::path::Path::new("/tmp")).run_info(&env)
    }

    #[test]
    fn run_links_per_platform() {
        assert_eq!(
            info(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REPOSITORY", "o/r"),
                ("GITHUB_RUN_ID", "9"),
                ("GITHUB_ACTOR", "ann"),
            ]),
            json!({"platform": "github", "run_url": "https://github.com/o/r/actions/runs/9", "actor": "ann"})
        );
        assert_eq!(
            info(&[
                ("GITLAB_CI", "true"),
                ("CI_JOB_URL", "https://gitlab.example/g/p/-/jobs/4"),
                ("GITLAB_USER_LOGIN", "bo"),
            ]),
            json!({"platform": "gitlab", "run_url": "https://gitlab.example/g/p/-/jobs/4", "actor": "bo"})
        );
        assert_eq!(
            info(&[
                ("TF_BUILD", "True"),
                ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/org/"),
                ("SYSTEM_TEAMPROJECT", "p"),
                ("BUILD_BUILDID", "5"),
            ])["run_url"],
            "https://dev.azure.com/org/p/_build/results?buildId=5"
        );
        assert_eq!(
            info(&[
                ("BITBUCKET_BUILD_NUMBER", "3"),
                ("BITBUCKET_REPO_FULL_NAME", "w/r"),
            ])["run_url"],
            "https://bitbucket.org/w/r/pipelines/results/3"
        );
        assert_eq!(
            info(&[("USER", "me")]),
            json!({"platform": "local", "run_url": null, "actor": "me"})
        );
    }
}
