//! `--comment`: one sticky comment on the pull or merge request, on each of the four hosts,
//! written by the binary against a real Prefect server. The hosts are local fakes that check
//! every request against the host's published API description (`support/forge.rs`): the first
//! run creates the comment, later runs update it in place, plan and previews share it, a
//! refusal (403) or a missing token is a warning that fails nothing, a person's copy of the
//! marker is not taken for pinflow's, and the token never shows. The packages pass `comment`
//! on (the Azure task and the Bitbucket pipe here; the action in `previews.rs`, the GitLab
//! review example in `packaging.rs`).

use crate::support::forge::{Forge, Host};
use crate::support::{ci_env, pinflow, server, text, TestProject};

pub(crate) const MARKER: &str = "<!-- pinflow:comment prefect.yaml -->";

pub(crate) fn flow(name: &str, default: u32) -> String {
    format!("from prefect import flow\n\n@flow(name=\"{name}\")\ndef main(batch: int = {default}):\n    pass\n")
}

const YAML: &str = "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";

/// A project of flow `name` with one deployment, and the sha of a feature commit on top.
pub(crate) fn feature_project(name: &str) -> (TestProject, String) {
    let p = TestProject::new(
        &[("flows.py", &flow(name, 1)), ("prefect.yaml", YAML)],
        "first",
    );
    let sha = p.commit(&[("README.md", "x")], "feature");
    (p, sha)
}

pub(crate) fn platform(host: Host) -> &'static str {
    match host {
        Host::Github => "github",
        Host::Gitlab => "gitlab",
        Host::Bitbucket => "bitbucket",
        Host::Azure => "azure",
    }
}

/// Runs pinflow as a build of pull request 7 of commit `sha` on `forge`'s host.
pub(crate) fn run_on_pr(
    p: &TestProject,
    forge: &Forge,
    sha: &str,
    args: &[&str],
    extra: &[(&str, &str)],
) -> (Option<i32>, String) {
    let mut env = ci_env(platform(forge.host), sha, "feature", p.path());
    env.extend(forge.vars(7));
    let mut vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    vars.extend(server().vars());
    vars.extend(extra.iter().copied());
    let out = pinflow(p.path(), args, &vars);
    let all = text(&out.stdout) + &text(&out.stderr);
    // The platform's own masking commands are the one place the token may be.
    let shown: Vec<&str> = all
        .lines()
        .filter(|l| !l.starts_with("::add-mask::") && !l.starts_with("##vso[task.setsecret]"))
        .filter(|l| l.contains(&forge.token))
        .collect();
    assert!(
        shown.is_empty(),
        "the host's token shows in the output: {shown:?}"
    );
    (out.status.code(), all)
}

pub(crate) fn ours(forge: &Forge) -> Vec<crate::support::forge::Comment> {
    forge
        .comments()
        .into_iter()
        .filter(|c| c.body.starts_with(MARKER))
        .collect()
}

/// One pull request's life on `host`: a plan, a push and its plan, previews, and cleanup
/// (twice), all in one comment updated in place; a person's comment beside it is left alone.
fn one_comment_through_a_pull_requests_life(host: Host) {
    let name = format!("comment-{}", platform(host));
    let p = TestProject::new(
        &[("flows.py", &flow(&name, 1)), ("prefect.yaml", YAML)],
        "first",
    );
    let forge = Forge::start(host, &format!("tok-{}-canary-5521", platform(host)));
    forge.seed("Looks good to me", false);
    let first = the_first_plan_creates_the_comment(&p, &forge);
    let sha = the_next_push_updates_it_in_place(&p, &forge, &name, first);
    let link = previews_join_the_plan_in_it(&p, &forge, &name, &sha, first);
    cleanup_says_the_previews_are_gone_in_it(&p, &forge, &name, &sha, first, &link);
}

/// First push, the deployment new: the comment is created; returns its id.
fn the_first_plan_creates_the_comment(p: &TestProject, forge: &Forge) -> u64 {
    let host = forge.host;
    let sha = p.commit(&[("README.md", "x")], "feature");
    let (code, out) = run_on_pr(p, forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{host:?}: {out}");
    assert!(out.contains("commented on"), "{host:?}: {out}");
    let first = ours(forge);
    assert_eq!(first.len(), 1, "{host:?}: {:?}", forge.comments());
    let body = &first[0].body;
    assert!(body.contains("pinflow plan: 1 new"), "{body}");
    assert!(body.contains(&sha[..8]), "the footer names the commit");
    first[0].id
}

/// Production is deployed from main; the next push changes a default: the same comment is
/// updated. Returns the push's commit.
fn the_next_push_updates_it_in_place(
    p: &TestProject,
    forge: &Forge,
    name: &str,
    id: u64,
) -> String {
    let host = forge.host;
    let out = pinflow(p.path(), &["deploy", "--all"], &server().vars());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sha = p.commit(&[("flows.py", &flow(name, 2))], "bigger batches");
    let (code, out) = run_on_pr(p, forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{host:?}: {out}");
    assert!(out.contains("updated pinflow's comment"), "{host:?}: {out}");
    let second = ours(forge);
    assert_eq!(second.len(), 1, "{host:?}: one comment, updated in place");
    assert_eq!(second[0].id, id);
    let body = &second[0].body;
    assert!(body.contains("1 to update"), "{body}");
    assert!(body.contains("batch"), "the changed field: {body}");
    sha
}

/// Previews of the same push: their links join the plan in the same comment; returns the
/// preview's link.
fn previews_join_the_plan_in_it(
    p: &TestProject,
    forge: &Forge,
    name: &str,
    sha: &str,
    id: u64,
) -> String {
    let host = forge.host;
    let args = ["deploy", "--all", "--preview", "--comment"];
    let (code, out) = run_on_pr(p, forge, sha, &args, &[]);
    assert_eq!(code, Some(0), "{host:?}: {out}");
    let preview = server().deployment(name, "prod-pr-7").expect("the preview");
    let third = ours(forge);
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].id, id);
    let body = &third[0].body;
    assert!(body.contains("1 to update"), "the plan stays: {body}");
    assert!(body.contains("previews of this pull request"), "{body}");
    let link = format!(
        "/deployments/deployment/{}",
        preview["id"].as_str().unwrap()
    );
    assert!(
        body.contains(&link),
        "a link to the preview in the UI: {body}"
    );
    assert_eq!(forge.comments().len(), 2, "the other comment is left alone");
    assert_eq!(forge.violations(), Vec::<String>::new(), "{host:?}");
    let writes: Vec<String> = forge
        .requests()
        .into_iter()
        .filter(|r| !r.starts_with("GET"))
        .map(|r| r.split(' ').next().unwrap().to_owned())
        .collect();
    let update = match host {
        Host::Github | Host::Azure => "PATCH",
        Host::Gitlab | Host::Bitbucket => "PUT",
    };
    assert_eq!(writes, ["POST", update, update], "{host:?}");
    link
}

/// The pull request closes: cleanup deletes the previews and says so in the comment; a
/// second cleanup (nothing left to delete) leaves the comment as it is.
fn cleanup_says_the_previews_are_gone_in_it(
    p: &TestProject,
    forge: &Forge,
    name: &str,
    sha: &str,
    id: u64,
    link: &str,
) {
    let host = forge.host;
    let cleanup = ["preview", "cleanup", "--comment"];
    let (code, out) = run_on_pr(p, forge, sha, &cleanup, &[]);
    assert_eq!(code, Some(0), "{host:?}: {out}");
    assert!(server().deployment(name, "prod-pr-7").is_none());
    let last = ours(forge);
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].id, id, "the same comment");
    let body = &last[0].body;
    assert!(body.contains("1 to update"), "the plan stays: {body}");
    let gone =
        format!("Deleted with their history by `pinflow preview cleanup`: `{name}/prod-pr-7`");
    assert!(body.contains(&gone), "{host:?}: {body}");
    assert!(!body.contains(link), "no link to what is gone: {body}");
    assert!(body.contains(&sha[..8]), "the footer keeps the commit");
    assert_eq!(forge.comments().len(), 2, "the other comment is left alone");
    assert_eq!(forge.violations(), Vec::<String>::new(), "{host:?}");
    let (code, out) = run_on_pr(p, forge, sha, &cleanup, &[]);
    assert_eq!(code, Some(0), "{host:?}: {out}");
    assert_eq!(&ours(forge)[0].body, body);
}

#[test]
fn plan_previews_and_cleanup_share_one_comment_updated_in_place_on_github() {
    one_comment_through_a_pull_requests_life(Host::Github);
}

#[test]
fn plan_previews_and_cleanup_share_one_comment_updated_in_place_on_gitlab() {
    one_comment_through_a_pull_requests_life(Host::Gitlab);
}

#[test]
fn plan_previews_and_cleanup_share_one_comment_updated_in_place_on_bitbucket() {
    one_comment_through_a_pull_requests_life(Host::Bitbucket);
}

#[test]
fn plan_previews_and_cleanup_share_one_comment_updated_in_place_on_azure() {
    one_comment_through_a_pull_requests_life(Host::Azure);
}

#[test]
fn a_refusal_or_a_missing_token_is_a_warning_that_fails_nothing() {
    for host in Host::ALL {
        let name = format!("comment-403-{}", platform(host));
        let (p, sha) = feature_project(&name);
        let forge = Forge::start(host, &format!("tok-{}-canary-7730", platform(host)));
        forge.forbid_writes();
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert_eq!(code, Some(6), "the plan's own exit code: {out}");
        assert!(out.contains("403"), "{host:?}: {out}");
        let hint = match host {
            Host::Github => "pull-requests: write",
            Host::Gitlab => "api",
            Host::Bitbucket => "pullrequest",
            Host::Azure => "Contribute to pull requests",
        };
        assert!(out.contains(hint), "{host:?} says what to grant: {out}");
        assert!(forge.comments().is_empty());

        // Without the token: a warning naming the variable, and no request at all.
        let quiet = Forge::start(host, "unused-token-1234");
        let var = match host {
            Host::Github => "GITHUB_TOKEN",
            Host::Gitlab => "GITLAB_TOKEN",
            Host::Bitbucket => "BITBUCKET_ACCESS_TOKEN",
            Host::Azure => "SYSTEM_ACCESSTOKEN",
        };
        let (code, out) = run_on_pr(
            &p,
            &quiet,
            &sha,
            &["plan", "--all", "--comment"],
            &[(var, "")],
        );
        assert_eq!(code, Some(6), "{out}");
        assert!(
            out.contains(&format!("{var} is not set")),
            "{host:?}: {out}"
        );
        assert!(quiet.requests().is_empty(), "{:?}", quiet.requests());
    }
}

/// A person's comment that starts with pinflow's marker and claims the pull request is safe.
const FORGED: &str = r#"<!-- pinflow:comment prefect.yaml -->
<!-- pinflow:deploy -->

safe to merge, trust me

<!-- /pinflow:deploy -->
"#;

/// On `host`, whose token `token` is: more than a page of comments, among them a person's
/// copy of the marker (FORGED). pinflow writes its own comment and leaves the copy alone; the
/// next run finds its own (on the second page) and updates it.
fn a_persons_copy_of_the_marker_is_left_alone(host: Host, token: &str) {
    let (p, sha) = feature_project("comment-copy");
    let forge = Forge::start(host, token);
    for i in 0..130 {
        forge.seed(&format!("comment {i}"), false);
    }
    assert!(FORGED.starts_with(MARKER));
    let copy = forge.seed(FORGED, false);
    let untouched = |forge: &Forge| {
        let copied = forge.comments().into_iter().find(|c| c.id == copy).unwrap();
        assert_eq!(
            copied.body, FORGED,
            "{token}: the person's comment is untouched"
        );
    };
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{host:?} {token}: {out}");
    assert!(!out.contains("posted a new comment"), "{token}: {out}");
    let mine: Vec<_> = ours(&forge).into_iter().filter(|c| c.id != copy).collect();
    assert_eq!(mine.len(), 1, "{token}: pinflow writes its own comment");
    assert!(mine[0].bot);
    assert!(
        !mine[0].body.contains("safe to merge"),
        "{token}: the person's text is not carried into pinflow's comment: {}",
        mine[0].body
    );
    untouched(&forge);
    let (_, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert!(out.contains("updated pinflow's comment"), "{token}: {out}");
    assert_eq!(ours(&forge).len(), 2);
    untouched(&forge);
    let asked = forge.requests();
    assert!(
        asked.iter().any(|r| r == whose_token(host, token)),
        "{token}: {asked:?}"
    );
    assert!(
        !asked.iter().any(|r| r.contains(&format!("/{copy}"))),
        "{token}: no request touches the person's comment: {asked:?}"
    );
    assert_eq!(forge.violations(), Vec::<String>::new());
}

/// The request by which pinflow asks `host` whose `token` is.
fn whose_token(host: Host, token: &str) -> &'static str {
    match (host, token.starts_with("ghs_")) {
        (Host::Github, true) => "POST /graphql",
        (Host::Github, false) => "GET /user",
        (Host::Gitlab, _) => "GET /api/v4/user",
        (Host::Bitbucket, _) => "GET /2.0/user",
        (Host::Azure, _) => "GET /acme/_apis/connectionData",
    }
}

#[test]
fn a_persons_copy_of_the_marker_is_not_taken_for_pinflows_comment_with_githubs_job_token() {
    a_persons_copy_of_the_marker_is_left_alone(Host::Github, "ghs_jobtoken-canary-4410");
}

/// A maintainer's token, who may edit anyone's comment.
#[test]
fn a_persons_copy_of_the_marker_is_not_taken_for_pinflows_comment_with_a_persons_github_token() {
    a_persons_copy_of_the_marker_is_left_alone(Host::Github, "ghp_personal-canary-4412");
}

#[test]
fn a_persons_copy_of_the_marker_is_not_taken_for_pinflows_comment_on_gitlab() {
    a_persons_copy_of_the_marker_is_left_alone(Host::Gitlab, "glpat-copy-canary-4411");
}

#[test]
fn a_persons_copy_of_the_marker_is_not_taken_for_pinflows_comment_on_bitbucket() {
    a_persons_copy_of_the_marker_is_left_alone(Host::Bitbucket, "bb-copy-canary-4413");
}

#[test]
fn a_persons_copy_of_the_marker_is_not_taken_for_pinflows_comment_on_azure() {
    a_persons_copy_of_the_marker_is_left_alone(Host::Azure, "az-copy-canary-4414");
}

#[test]
fn off_a_pull_request_build_there_is_no_comment() {
    let (p, sha) = feature_project("comment-main");
    let forge = Forge::start(Host::Github, "tok-main-canary-8842");
    let (code, out) = run_on_pr(
        &p,
        &forge,
        &sha,
        &["plan", "--all", "--comment"],
        &[("GITHUB_REF", "refs/heads/main")],
    );
    assert_eq!(code, Some(6), "{out}");
    assert!(forge.requests().is_empty(), "{:?}", forge.requests());
}

#[test]
fn the_fake_hosts_refuse_what_their_descriptions_do_not_allow() {
    let client = reqwest::blocking::Client::new();
    for host in Host::ALL {
        let forge = Forge::start(host, "good-token-1234");
        let (list, bad_body) = match host {
            Host::Github => (
                "/repos/o/r/issues/7/comments?per_page=500",
                serde_json::json!({"body": "x", "title": "not a comment field"}),
            ),
            Host::Gitlab => (
                "/api/v4/projects/1/merge_requests/7/notes?sort=sideways",
                serde_json::json!({"note": "x"}),
            ),
            Host::Bitbucket => (
                "/2.0/repositories/a/b/pullrequests/x/comments",
                serde_json::json!({"content": "x"}),
            ),
            Host::Azure => (
                "/acme/p/_apis/git/repositories/r/pullRequests/7/threads",
                serde_json::json!({"comments": [{"content": "x", "commentType": "shout"}]}),
            ),
        };
        let post_to = list.split('?').next().unwrap();
        let post_to = if host == Host::Azure {
            format!("{post_to}?api-version=7.1")
        } else {
            post_to.to_owned()
        };
        let r = client.get(format!("{}{list}", forge.url)).send().unwrap();
        assert_eq!(r.status(), 400, "{host:?}");
        let r = client
            .post(format!("{}{post_to}", forge.url))
            .header("authorization", "Bearer good-token-1234")
            .header("private-token", "good-token-1234")
            .json(&bad_body)
            .send()
            .unwrap();
        assert_eq!(r.status(), 400, "{host:?}");
        let v = forge.violations();
        assert!(
            v.iter().any(|v| v.contains("credential")),
            "{host:?}: {v:?}"
        );
        assert!(v.len() >= 3, "{host:?}: {v:?}");
    }
}

#[test]
fn the_comment_never_holds_a_secret() {
    let s = server();
    s.create_secret_block("comment-token", "comment-secret-canary-6613");
    let yaml = |token: &str| {
        format!("deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool:\n      name: test-pool\n      job_variables:\n        env:\n          TOKEN: \"{token}\"\n")
    };
    let p = TestProject::new(
        &[
            ("flows.py", &flow("comment-secret", 1)),
            ("prefect.yaml", &yaml("static")),
        ],
        "first",
    );
    let out = pinflow(p.path(), &["deploy", "--all"], &s.vars());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sha = p.commit(
        &[(
            "prefect.yaml",
            &yaml("{{ prefect.blocks.secret.comment-token }}"),
        )],
        "a secret",
    );
    let forge = Forge::start(Host::Gitlab, "tok-secret-canary-2290");
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{out}");
    let body = &ours(&forge)[0].body;
    assert!(body.contains("environment variable TOKEN"), "{body}");
    assert!(!body.contains("comment-secret-canary-6613"), "{body}");
    assert!(body.contains("***"), "{body}");
}

#[test]
fn a_hostile_host_is_a_warning_with_bounded_memory() {
    let (p, sha) = feature_project("comment-hostile");
    // An endless listing, then an answer that is not JSON.
    let (huge, _) = crate::support::fake::serve_raw(|_, stream| {
        crate::support::fake::huge_answer(stream, 1 << 30, b'[')
    });
    let (junk, _) = crate::support::fake::serve(|_| ("200 OK", "{\"x\": \u{1b}]".to_owned()));
    for (url, says) in [(huge, "too large"), (junk, "not JSON")] {
        let forge = Forge::start(Host::Github, "tok-hostile-canary-1187");
        let (code, out) = run_on_pr(
            &p,
            &forge,
            &sha,
            &["plan", "--all", "--comment"],
            &[("GITHUB_API_URL", url.as_str())],
        );
        assert_eq!(code, Some(6), "{out}");
        assert!(out.contains(says), "{out}");
    }
}

#[test]
fn a_busy_host_is_asked_again() {
    let (p, sha) = feature_project("comment-busy");
    let forge = Forge::start(Host::Bitbucket, "tok-busy-canary-5150");
    // Asking whose the token is is refused three times as over the rate limit, then served.
    forge.busy_for(3);
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{out}");
    assert_eq!(ours(&forge).len(), 1, "{out}");
    assert_eq!(forge.requests().len(), 6, "{:?}", forge.requests());
    // A host that stays busy: a warning, and nothing else.
    let (p, sha) = feature_project("comment-busy-2");
    let forge = Forge::start(Host::Bitbucket, "tok-busy-canary-5151");
    forge.busy_for(100);
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6), "{out}");
    assert!(out.contains("429"), "{out}");
    // Each of the two requests (whose the token is, the listing) gets 2 retries, four times
    // as many for a busy host.
    assert_eq!(
        forge.requests().len(),
        2 * (1 + 8),
        "{:?}",
        forge.requests()
    );
}

#[test]
fn the_azure_task_and_the_bitbucket_pipe_pass_comment_on() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for host in [Host::Azure, Host::Bitbucket] {
        let (p, sha) = feature_project(&format!("comment-package-{}", platform(host)));
        let forge = Forge::start(host, &format!("tok-package-{}-canary-9154", platform(host)));
        let mut env = ci_env(platform(host), &sha, "feature", p.path());
        // Pull request 11: each test that makes previews has its own pull request, as
        // another's cleanup deletes all of a pull request's previews on the shared server.
        env.extend(forge.vars(11));
        let dir = p.path().to_str().unwrap().to_owned();
        let api = server().api_url.clone();
        for (command, preview) in [("plan", "false"), ("deploy", "true")] {
            let wrapper: Vec<(&str, String)> = match host {
                Host::Azure => vec![
                    ("PINFLOW_BINARY", env!("CARGO_BIN_EXE_pinflow").into()),
                    ("BUILD_SOURCESDIRECTORY", dir.clone()),
                    ("INPUT_COMMAND", command.into()),
                    ("INPUT_PREFECTAPIURL", api.clone()),
                    ("INPUT_ALL", "true".into()),
                    ("INPUT_PREVIEW", preview.into()),
                    ("INPUT_COMMENT", "true".into()),
                ],
                _ => vec![
                    ("PINFLOW_BIN", env!("CARGO_BIN_EXE_pinflow").into()),
                    ("PREFECT_API_URL", api.clone()),
                    ("COMMAND", command.into()),
                    ("ALL", "true".into()),
                    ("PREVIEW", preview.into()),
                    ("COMMENT", "true".into()),
                ],
            };
            let vars: Vec<(&str, &str)> = env
                .iter()
                .chain(&wrapper)
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            let (program, script) = match host {
                Host::Azure => ("node", root.join("azure-task/Pinflow/index.js")),
                _ => ("sh", root.join("pipe/pipe.sh")),
            };
            let out = crate::support::clean_command(program, p.path(), &vars)
                .arg(script)
                .output()
                .unwrap();
            let all = text(&out.stdout) + &text(&out.stderr);
            assert!(out.status.success(), "{host:?} {command}: {all}");
        }
        let body = &ours(&forge)[0].body;
        assert!(body.contains("pinflow plan: 1 new"), "{host:?}: {body}");
        assert!(body.contains("-pr-11"), "{host:?}: {body}");
        assert_eq!(forge.comments().len(), 1);
        assert_eq!(forge.violations(), Vec::<String>::new());
    }
}

#[test]
fn a_push_that_breaks_the_project_says_so_in_the_comment() {
    let (p, sha) = feature_project("comment-broken");
    let forge = Forge::start(Host::Github, "tok-broken-canary-3003");
    let (code, _) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(6));
    let sha = p.commit(
        &[(
            "prefect.yaml",
            "deployments:\n  - name: prod\n    entrypoint: flows.py:nope\n",
        )],
        "broken",
    );
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
    assert_eq!(code, Some(3), "an invalid project: {out}");
    let mine = ours(&forge);
    assert_eq!(mine.len(), 1, "the same comment");
    let body = &mine[0].body;
    assert!(body.contains("pinflow plan failed"), "{body}");
    assert!(body.contains("nope"), "the error: {body}");
    assert!(
        !body.contains("1 new"),
        "the last push's plan is gone: {body}"
    );
}

/// `body` without its inline code spans (where nothing is a mention, reference or link).
fn outside_code(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence_len = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let after = &rest[start + fence_len..];
        // The span ends at the next run of exactly as many backticks.
        let mut end = None;
        let mut i = 0;
        while let Some(j) = after[i..].find('`') {
            let run_start = i + j;
            let run = after[run_start..].len() - after[run_start..].trim_start_matches('`').len();
            if run == fence_len {
                end = Some(run_start + run);
                break;
            }
            i = run_start + run;
        }
        match end {
            Some(e) => rest = &after[e..],
            None => {
                out.push_str(&rest[start..start + fence_len]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn names_and_messages_cannot_mention_reference_or_link_from_the_comment() {
    let yaml = "deployments:\n  - name: prod-cc-@ops-#3\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n";
    for host in Host::ALL {
        let name = format!("comment-mention-{}", platform(host));
        let p = TestProject::new(
            &[("flows.py", &flow(&name, 1)), ("prefect.yaml", yaml)],
            "first",
        );
        let sha = p.commit(
            &[("README.md", "x")],
            "fixes #1 and !2, cc @all ``[win](https://evil.example/x)`` ![i](https://evil.example/i.png) <b>x</b>",
        );
        let forge = Forge::start(host, "tok-mention-canary-4417");
        // Pull request 8: each test that makes previews has its own (see above).
        let pr = [("PINFLOW_PULL_REQUEST", "8")];
        let (code, out) = run_on_pr(
            &p,
            &forge,
            &sha,
            &["deploy", "--all", "--preview", "--comment"],
            &pr,
        );
        assert_eq!(code, Some(0), "{host:?}: {out}");
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &pr);
        assert_eq!(code, Some(6), "{host:?}: {out}");
        let body = &ours(&forge)[0].body;
        assert!(body.contains("1 new"), "{body}");
        assert!(
            body.contains("evil.example/x"),
            "the message is shown: {body}"
        );
        let prose = outside_code(body);
        for word in ["@all", "@ops", "#1", "#3", "!2", "](https://evil", "<b>"] {
            assert!(
                !prose.contains(word),
                "{host:?}: {word:?} is live in the comment: {body}"
            );
        }
    }
}
