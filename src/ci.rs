//! Which CI platform pinflow runs on, and the platform's own log commands: collapsible
//! sections, how it masks secrets, and which run (and who) made a change. Rendering results for
//! a platform is `report`'s job; this module only knows the platform.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::env::Env;
use crate::escape;
use crate::secret::Mask;
use crate::vcs::VersionType;

/// The CI platform pinflow runs on: the one answer every module uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Platform {
    /// GitHub Actions: `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`, workflow commands.
    Github {
        /// `$GITHUB_OUTPUT`.
        output: Option<PathBuf>,
        /// `$GITHUB_STEP_SUMMARY`.
        summary: Option<PathBuf>,
    },
    /// GitLab CI: a dotenv report in the job's directory.
    Gitlab {
        /// Where `pinflow.env` goes.
        dir: PathBuf,
    },
    /// Bitbucket Pipelines: `pinflow.env` in the clone directory.
    Bitbucket {
        /// `$BITBUCKET_CLONE_DIR`.
        dir: PathBuf,
    },
    /// Azure Pipelines: `##vso[...]` logging commands.
    Azure,
    /// No CI platform: nothing extra is written.
    None,
}

/// The nearest folder at or above `workdir` that holds a `.git`, else `workdir`.
pub fn repository_root(workdir: &Path) -> PathBuf {
    workdir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(workdir)
        .to_owned()
}

impl Platform {
    /// Detects the platform from its marker variables.
    pub fn detect(env: &Env, workdir: &Path) -> Self {
        if env.get("GITHUB_ACTIONS") == Some("true") {
            Platform::Github {
                output: env.get("GITHUB_OUTPUT").map(PathBuf::from),
                summary: env.get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            }
        } else if env.get("GITLAB_CI").is_some() {
            // Any value: gitlab-ci-local sets GITLAB_CI=false, and its jobs still pass
            // dotenv reports on like GitLab's.
            // The dotenv report is relative to the project directory. Local runners
            // (gitlab-ci-local) may name a container path that is not a directory here: then
            // the repository holding the working directory, where the job started.
            let dir = env
                .get("CI_PROJECT_DIR")
                .map(PathBuf::from)
                .filter(|d| d.is_dir());
            Platform::Gitlab {
                dir: dir.unwrap_or_else(|| repository_root(workdir)),
            }
        } else if env.get("BITBUCKET_BUILD_NUMBER").is_some() {
            Platform::Bitbucket {
                dir: env
                    .get("BITBUCKET_CLONE_DIR")
                    .map_or_else(|| workdir.to_owned(), PathBuf::from),
            }
        } else if env
            .get("TF_BUILD")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            Platform::Azure
        } else {
            Platform::None
        }
    }

    /// The version type whose variables this platform sets (None off CI).
    pub fn version_type(&self) -> Option<VersionType> {
        match self {
            Platform::Github { .. } => Some(VersionType::Github),
            Platform::Gitlab { .. } => Some(VersionType::Gitlab),
            Platform::Bitbucket { .. } => Some(VersionType::Bitbucket),
            Platform::Azure => Some(VersionType::AzureDevops),
            Platform::None => None,
        }
    }

    /// How the platform hides a secret in its log.
    pub fn mask(&self) -> Mask {
        match self {
            Platform::Github { .. } => Mask::Github,
            Platform::Azure => Mask::Azure,
            _ => Mask::None,
        }
    }

    /// Starts a collapsible log section.
    pub fn section_start(&self, title: &str) {
        let title = escape::line(title);
        match self {
            Platform::Github { .. } => eprintln!("::group::{title}"),
            Platform::Gitlab { .. } => eprintln!(
                "\x1b[0Ksection_start:{}:pinflow[collapsed=false]\r\x1b[0K{title}",
                unix_now()
            ),
            Platform::Azure => eprintln!("##[group]{title}"),
            _ => {}
        }
    }

    /// Ends the section.
    pub fn section_end(&self) {
        match self {
            Platform::Github { .. } => eprintln!("::endgroup::"),
            Platform::Gitlab { .. } => {
                eprintln!("\x1b[0Ksection_end:{}:pinflow\r\x1b[0K", unix_now())
            }
            Platform::Azure => eprintln!("##[endgroup]"),
            _ => {}
        }
    }

    /// The number of the pull or merge request this build is for, as the platform says it:
    /// GitHub's `refs/pull/N/…` ref (else the event's pull request, for
    /// `pull_request_target`), GitLab's merge request IID, Bitbucket's pull request id,
    /// Azure's pull request number (GitHub repositories) or id (Azure Repos).
    pub fn pull_request(&self, env: &Env) -> Option<u64> {
        // Digits only, and few: a variable anyone can set says nothing else.
        let parse = |v: &str| {
            Some(v)
                .filter(|v| !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        let number = |name: &str| env.get(name).and_then(parse);
        match self {
            Platform::Github { .. } => env
                .get("GITHUB_REF")
                .and_then(|r| r.strip_prefix("refs/pull/"))
                .and_then(|r| r.split('/').next())
                .and_then(parse)
                .or_else(|| crate::vcs::event_pull_request(env)),
            Platform::Gitlab { .. } => number("CI_MERGE_REQUEST_IID"),
            Platform::Bitbucket { .. } => number("BITBUCKET_PR_ID"),
            Platform::Azure => number("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER")
                .or_else(|| number("SYSTEM_PULLREQUEST_PULLREQUESTID")),
            Platform::None => None,
        }
    }

    /// The repository this build belongs to, named with its code host
    /// (`github.com/org/repo`; GitLab's merge request's target project on its server;
    /// `bitbucket.org/workspace/repo`; `dev.azure.com/org/project/repo`): what a pull
    /// request's number is unique within, across the hosts that share a Prefect workspace. At
    /// most 200 characters, control characters removed.
    pub fn repository(&self, env: &Env) -> Option<String> {
        let get = |k: &str| env.get(k).filter(|v| !v.trim().is_empty());
        // The code host's address, so that `org/repo` on GitHub and on a GitLab that shares
        // the workspace are two repositories.
        let host_of = |var: &str, default: &str| -> String {
            get(var)
                .and_then(|u| url::Url::parse(u).ok())
                .map(|u| {
                    let host = u.host_str().unwrap_or(default).to_ascii_lowercase();
                    format!("{host}{}", u.path().trim_end_matches('/'))
                })
                .unwrap_or_else(|| default.to_owned())
        };
        let name = match self {
            Platform::Github { .. } => get("GITHUB_REPOSITORY")
                .map(|r| format!("{}/{r}", host_of("GITHUB_SERVER_URL", "github.com"))),
            Platform::Gitlab { .. } => get("CI_MERGE_REQUEST_PROJECT_PATH")
                .or_else(|| get("CI_PROJECT_PATH"))
                .map(|r| format!("{}/{r}", host_of("CI_SERVER_URL", "gitlab.com"))),
            Platform::Bitbucket { .. } => get("BITBUCKET_REPO_FULL_NAME")
                .map(str::to_owned)
                .or_else(|| {
                    Some(format!(
                        "{}/{}",
                        get("BITBUCKET_WORKSPACE")?,
                        get("BITBUCKET_REPO_SLUG")?
                    ))
                })
                .map(|r| format!("bitbucket.org/{r}")),
            Platform::Azure => get("BUILD_REPOSITORY_NAME").map(|repo| {
                let collection = host_of("SYSTEM_COLLECTIONURI", "dev.azure.com");
                match get("SYSTEM_TEAMPROJECT") {
                    Some(project) => format!("{collection}/{project}/{repo}"),
                    None => format!("{collection}/{repo}"),
                }
            }),
            Platform::None => None,
        }?;
        Some(name.chars().filter(|c| !c.is_control()).take(200).collect())
    }

    /// `{"platform", "run_url", "actor"}` for this run, kept in the version history; nulls
    /// where unknown.
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

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_request_numbers_as_each_platform_says_them() {
        let dir = Path::new("/w");
        let pr = |pairs: &[(&str, &str)]| {
            let env = Env::from_pairs(pairs.iter().copied());
            Platform::detect(&env, dir).pull_request(&env)
        };
        assert_eq!(
            pr(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REF", "refs/pull/42/merge")
            ]),
            Some(42)
        );
        assert_eq!(
            pr(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REF", "refs/heads/main")
            ]),
            None
        );
        assert_eq!(
            pr(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REF", "refs/pull/4$(x)/merge")
            ]),
            None
        );
        // pull_request_target: the ref is the base branch; the event names the pull request.
        let event = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(
            event.path(),
            r#"{"pull_request": {"number": 51, "title": "refs/pull/9/merge"}}"#,
        )
        .unwrap();
        assert_eq!(
            pr(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REF", "refs/heads/main"),
                ("GITHUB_EVENT_PATH", event.path().to_str().unwrap()),
            ]),
            Some(51)
        );
        assert_eq!(
            pr(&[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_IID", "7")]),
            Some(7)
        );
        assert_eq!(
            pr(&[("BITBUCKET_BUILD_NUMBER", "1"), ("BITBUCKET_PR_ID", "9")]),
            Some(9)
        );
        assert_eq!(
            pr(&[
                ("TF_BUILD", "True"),
                ("SYSTEM_PULLREQUEST_PULLREQUESTID", "311")
            ]),
            Some(311)
        );
        assert_eq!(
            pr(&[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_IID", "0")]),
            None
        );
        assert_eq!(pr(&[("CI", "true")]), None);
    }

    #[test]
    fn a_gitlab_dotenv_without_a_project_dir_goes_to_the_repository_root() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join(".git")).unwrap();
        std::fs::create_dir_all(repo.path().join("app/sub")).unwrap();
        let env = Env::from_pairs([("GITLAB_CI", "false"), ("CI_PROJECT_DIR", "/builds/x")]);
        assert_eq!(
            Platform::detect(&env, &repo.path().join("app/sub")),
            Platform::Gitlab {
                dir: repo.path().to_owned()
            }
        );
    }

    #[test]
    fn detection_by_marker_variables() {
        let dir = Path::new("/w");
        let detect =
            |pairs: &[(&str, &str)]| Platform::detect(&Env::from_pairs(pairs.iter().copied()), dir);
        assert!(matches!(
            detect(&[("GITHUB_ACTIONS", "true")]),
            Platform::Github { .. }
        ));
        assert_eq!(
            detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/tmp")]),
            Platform::Gitlab { dir: "/tmp".into() }
        );
        assert_eq!(
            detect(&[("GITLAB_CI", "true"), ("CI_PROJECT_DIR", "/nonexistent")]),
            Platform::Gitlab { dir: "/w".into() }
        );
        assert_eq!(
            detect(&[("BITBUCKET_BUILD_NUMBER", "3")]),
            Platform::Bitbucket { dir: "/w".into() }
        );
        assert_eq!(detect(&[("TF_BUILD", "True")]), Platform::Azure);
        assert_eq!(detect(&[("CI", "true")]), Platform::None);
        // gitlab-ci-local says GITLAB_CI=false and runs jobs as GitLab does.
        assert_eq!(
            detect(&[("GITLAB_CI", "false")]),
            Platform::Gitlab { dir: "/w".into() }
        );
        // Set, but saying no.
        assert_eq!(detect(&[("GITHUB_ACTIONS", "false")]), Platform::None);
        assert_eq!(detect(&[("TF_BUILD", "False")]), Platform::None);
    }

    #[test]
    fn the_repository_a_pull_request_number_belongs_to() {
        let repo = |pairs: &[(&str, &str)]| {
            let env = Env::from_pairs(pairs.iter().copied());
            Platform::detect(&env, Path::new("/tmp")).repository(&env)
        };
        let gh = [("GITHUB_ACTIONS", "true"), ("GITHUB_REPOSITORY", "o/r")];
        assert_eq!(repo(&gh).as_deref(), Some("github.com/o/r"));
        let ghes = [
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REPOSITORY", "o/r"),
            ("GITHUB_SERVER_URL", "https://GHE.example/"),
        ];
        assert_eq!(repo(&ghes).as_deref(), Some("ghe.example/o/r"));
        // A fork's merge request: the target project's.
        let gl = [
            ("GITLAB_CI", "true"),
            ("CI_PROJECT_PATH", "fork/p"),
            ("CI_MERGE_REQUEST_PROJECT_PATH", "g/p"),
        ];
        assert_eq!(repo(&gl).as_deref(), Some("gitlab.com/g/p"));
        let own = [
            ("GITLAB_CI", "true"),
            ("CI_PROJECT_PATH", "g/p"),
            ("CI_SERVER_URL", "https://gitlab.example"),
        ];
        assert_eq!(repo(&own).as_deref(), Some("gitlab.example/g/p"));
        let az = [
            ("TF_BUILD", "True"),
            ("SYSTEM_TEAMPROJECT", "proj"),
            ("BUILD_REPOSITORY_NAME", "r"),
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
        ];
        assert_eq!(repo(&az).as_deref(), Some("dev.azure.com/acme/proj/r"));
        let bb = [
            ("BITBUCKET_BUILD_NUMBER", "1"),
            ("BITBUCKET_REPO_FULL_NAME", "w/r\n"),
        ];
        assert_eq!(repo(&bb).as_deref(), Some("bitbucket.org/w/r"));
        assert_eq!(repo(&[("GITHUB_ACTIONS", "true")]), None);
        assert_eq!(repo(&[("GITHUB_REPOSITORY", "o/r")]), None, "not on CI");
    }

    fn info(pairs: &[(&str, &str)]) -> Value {
        let env = Env::from_pairs(pairs.iter().copied());
        Platform::detect(&env, Path::new("/tmp")).run_info(&env)
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
