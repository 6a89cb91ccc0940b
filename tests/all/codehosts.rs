//! The code hosts behind `--comment` and the GitHub commit lookup, as adversaries: pinflow
//! edits only its own comments (a refused edit or a host that will not say whose the token is
//! gets this push's result posted anew, with a warning), sends a host's token only over https
//! or to loopback as plainly written, and reads every answer within a size cap and a time
//! bound, asking again when a connection drops. Through the binary, against the fake hosts
//! of `support/forge.rs` (each request checked against the host's API description).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::comments::{feature_project, flow, ours, platform, run_on_pr, MARKER};
use crate::support::forge::{Forge, Host};
use crate::support::{ci_env, server, text, TestProject};

#[test]
fn a_refused_edit_posts_this_pushs_result_anew_with_a_warning() {
    for host in Host::ALL {
        let name = format!("comment-anew-{}", platform(host));
        let (p, sha) = feature_project(&name);
        let forge = Forge::start(host, &format!("tok-anew-{}-canary-6120", platform(host)));
        let (_, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert!(out.contains("commented on"), "{host:?}: {out}");
        let first = ours(&forge)[0].clone();
        // The host now refuses to edit it (403); the next push's result is not lost.
        forge.forbid_edits();
        let sha = p.commit(&[("flows.py", &flow(&name, 2))], "second push");
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert_eq!(code, Some(6), "{host:?}: {out}");
        assert!(
            out.contains("posted a new comment") && out.contains("403"),
            "{host:?}: a warning says why: {out}"
        );
        let all = ours(&forge);
        assert_eq!(all.len(), 2, "{host:?}: {all:?}");
        assert_eq!(
            all[0].body, first.body,
            "{host:?}: the old one is as it was"
        );
        assert!(
            all[1].body.contains(&sha[..8]),
            "{host:?}: this push's commit"
        );
        assert!(
            all[1].body.contains("an earlier one is out of date"),
            "{host:?}: {}",
            all[1].body
        );
        assert_eq!(forge.violations(), Vec::<String>::new(), "{host:?}");
    }
}

#[test]
fn when_the_host_will_not_say_whose_the_token_is_no_one_elses_comment_is_edited() {
    for host in Host::ALL {
        let name = format!("comment-unknown-{}", platform(host));
        let (p, sha) = feature_project(&name);
        let forge = Forge::start(host, &format!("tok-unknown-{}-canary-6121", platform(host)));
        let forged = format!("{MARKER}\nsafe to merge, trust me\n");
        let copy = forge.seed(&forged, false);
        let (_, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert!(out.contains("commented on"), "{host:?}: {out}");
        // From now on the host will not say (as Bitbucket for a repository access token).
        forge.hide_identity();
        let sha = p.commit(&[("flows.py", &flow(&name, 2))], "second push");
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert_eq!(code, Some(6), "{host:?}: {out}");
        let copied = forge.comments().into_iter().find(|c| c.id == copy).unwrap();
        assert_eq!(
            copied.body, forged,
            "{host:?}: the person's comment is untouched"
        );
        let all: Vec<_> = ours(&forge).into_iter().filter(|c| c.id != copy).collect();
        match host {
            // A maintainer's token may edit anyone's comment: pinflow edits none, and says so.
            Host::Github | Host::Gitlab => {
                assert!(
                    out.contains("posted a new comment") && out.contains("cannot tell"),
                    "{host:?}: {out}"
                );
                assert_eq!(all.len(), 2, "{host:?}");
                assert!(all[1].body.contains(&sha[..8]));
                let edits = forge
                    .requests()
                    .into_iter()
                    .filter(|r| r.starts_with("PUT") || r.starts_with("PATCH"))
                    .count();
                assert_eq!(edits, 0, "{host:?}: {:?}", forge.requests());
            }
            // Only the author may edit: the person's copy is refused, pinflow's own updated.
            Host::Bitbucket | Host::Azure => {
                assert!(out.contains("updated pinflow's comment"), "{host:?}: {out}");
                assert_eq!(all.len(), 1, "{host:?}");
                assert!(all[0].body.contains(&sha[..8]));
            }
        }
        assert_eq!(forge.violations(), Vec::<String>::new(), "{host:?}");
    }
}

/// The variable that holds `host`'s API URL (the token goes wherever it points).
fn api_var(host: Host) -> &'static str {
    match host {
        Host::Github => "GITHUB_API_URL",
        Host::Gitlab => "CI_API_V4_URL",
        Host::Bitbucket => "PINFLOW_BITBUCKET_API_URL",
        Host::Azure => "SYSTEM_COLLECTIONURI",
    }
}

/// Ways to write the fake host's own address (127.0.0.1) that are not plainly loopback, and
/// a remote host: the token must go to none of them over plain http.
const NOT_LOOPBACK: [&str; 6] = [
    "0x7f000001",
    "2130706433",
    "127.1",
    "0177.0.0.1",
    "[::ffff:127.0.0.1]",
    "codehost.invalid",
];

#[test]
fn no_code_host_token_goes_over_plain_http_except_to_loopback() {
    let (p, sha) = feature_project("comment-cleartext");
    for host in Host::ALL {
        let forge = Forge::start(host, &format!("tok-clear-{}-canary-3141", platform(host)));
        let var = api_var(host);
        let plain = forge
            .vars(7)
            .into_iter()
            .find(|(k, _)| *k == var)
            .unwrap()
            .1;
        for spelling in NOT_LOOPBACK {
            let url = plain.replace("127.0.0.1", spelling);
            let (code, out) = run_on_pr(
                &p,
                &forge,
                &sha,
                &["plan", "--all", "--comment"],
                &[(var, url.as_str())],
            );
            assert_eq!(code, Some(6), "{host:?} {url}: {out}");
            assert!(
                out.contains(var) && out.contains("plain http") && out.contains("https://"),
                "{host:?} {url}: the warning names the variable and the fix: {out}"
            );
            assert!(
                forge.requests().is_empty(),
                "{host:?} {url}: {:?}",
                forge.requests()
            );
        }
        // Loopback as plainly written is this machine: the comment is written.
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert_eq!(code, Some(6), "{host:?}: {out}");
        assert!(out.contains("commented on"), "{host:?}: {out}");
    }
    // GitHub's GraphQL endpoint (an installation token asks it whose the token is) too, and
    // a preview deploy as well as a plan.
    let forge = Forge::start(Host::Github, "ghs_graphql-canary-3142");
    let graphql = format!("{}/graphql", forge.url.replace("127.0.0.1", "0x7f000001"));
    let (code, out) = run_on_pr(
        &p,
        &forge,
        &sha,
        &["deploy", "--all", "--preview", "--comment"],
        &[
            ("GITHUB_GRAPHQL_URL", graphql.as_str()),
            // Its own pull request: another test's cleanup deletes a pull request's previews.
            ("PINFLOW_PULL_REQUEST", "23"),
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("GITHUB_GRAPHQL_URL"), "{out}");
    assert!(forge.requests().is_empty(), "{:?}", forge.requests());
    let pr = [("PINFLOW_PULL_REQUEST", "23")];
    let (code, out) = run_on_pr(&p, &forge, &sha, &["preview", "cleanup"], &pr);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn the_commit_lookup_sends_no_token_over_plain_http_and_reads_a_bounded_answer() {
    let dir = tempfile::tempdir().unwrap(); // not a git repository: the message is looked up
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let token = "ghs_lookup-canary-2718";
    let (api, seen) = crate::support::fake::serve_raw(|_, stream| {
        crate::support::fake::huge_answer(stream, 1 << 31, b'{')
    });
    let vars = |url: &str| {
        vec![
            ("GITHUB_SHA", sha.to_owned()),
            ("GITHUB_REF_NAME", "main".to_owned()),
            ("GITHUB_REPOSITORY", "org/repo".to_owned()),
            ("GITHUB_API_URL", url.to_owned()),
            ("GITHUB_TOKEN", token.to_owned()),
        ]
    };
    // Plain http to the same server written another way: no request, a warning.
    for spelling in NOT_LOOPBACK {
        let url = api.replace("127.0.0.1", spelling);
        let out = bounded(dir.path(), &["version-info"], &vars(&url));
        let err = text(&out.stderr);
        assert!(out.status.success(), "{url}: {err}");
        assert!(
            err.contains("GITHUB_API_URL") && err.contains("plain http"),
            "{url}: {err}"
        );
        assert!(!err.contains(token) && !text(&out.stdout).contains(token));
        assert!(seen.lock().unwrap().is_empty(), "{url}");
    }
    // A 2 GiB answer, under a 1 GB memory limit: refused past the cap, the message empty.
    let started = Instant::now();
    let out = bounded(dir.path(), &["version-info"], &vars(&api));
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("too large"), "{err}");
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["message"], "");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "a too large answer is not asked again"
    );
}

#[test]
fn a_comment_listing_without_end_is_a_bounded_clear_failure() {
    let (p, sha) = feature_project("comment-endless");
    for host in Host::ALL {
        let forge = Forge::start(host, &format!("tok-endless-{}-canary-1618", platform(host)));
        forge.endless_listing();
        let started = Instant::now();
        let out = bounded_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"]);
        let all = text(&out.stdout) + &text(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{host:?}: {all}");
        assert!(
            all.contains("cannot read the comments of") && all.contains("too large"),
            "{host:?}: {all}"
        );
        assert!(!all.contains("panicked"), "{host:?}: {all}");
        // The platform's own masking commands are the one place the token may be.
        let shown = all
            .lines()
            .filter(|l| !l.starts_with("::add-mask::") && !l.starts_with("##vso[task.setsecret]"))
            .any(|l| l.contains(&forge.token));
        assert!(!shown, "{host:?}: {all}");
        assert!(started.elapsed() < Duration::from_secs(60), "{host:?}");
        assert!(forge.comments().is_empty());
    }
}

#[test]
fn a_code_host_that_drops_the_connection_once_still_gets_its_comment() {
    let (p, sha) = feature_project("comment-dropped");
    for host in Host::ALL {
        let forge = Forge::start(host, &format!("tok-drop-{}-canary-1414", platform(host)));
        // The first request's connection closes with no answer; it is safe to ask again.
        forge.drop_next(1);
        let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &[]);
        assert_eq!(code, Some(6), "{host:?}: {out}");
        assert!(out.contains("commented on"), "{host:?}: {out}");
        assert_eq!(ours(&forge).len(), 1, "{host:?}: {:?}", forge.requests());
        let requests = forge.requests();
        assert_eq!(
            requests[0], requests[1],
            "{host:?}: asked again: {requests:?}"
        );
        assert_eq!(forge.violations(), Vec::<String>::new());
    }
}

/// [`crate::support::pinflow_bounded`] with owned values.
fn bounded(dir: &Path, args: &[&str], vars: &[(&str, String)]) -> std::process::Output {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::support::pinflow_bounded(dir, args, &vars)
}

/// [`bounded`] as a build of pull request 7 of commit `sha` on `forge`'s host.
fn bounded_on_pr(p: &TestProject, forge: &Forge, sha: &str, args: &[&str]) -> std::process::Output {
    let mut vars = ci_env(platform(forge.host), sha, "feature", p.path());
    vars.extend(forge.vars(7));
    vars.extend(server().vars().into_iter().map(|(k, v)| (k, v.to_owned())));
    bounded(p.path(), args, &vars)
}

#[test]
fn preview_cleanup_marks_only_pinflows_own_comment() {
    for host in Host::ALL {
        let name = format!("comment-cleanup-{}", platform(host));
        let (p, sha) = feature_project(&name);
        let forge = Forge::start(host, &format!("tok-cleanup-{}-canary-2024", platform(host)));
        // A person's copy whose previews section looks like pinflow's.
        let forged = format!(
            "{MARKER}\n<!-- pinflow:deploy -->\n\n### pinflow previews of this pull request\n\nall safe, trust me\n\n<!-- /pinflow:deploy -->\n"
        );
        let copy = forge.seed(&forged, false);
        // Its own pull request: another test's cleanup deletes a pull request's previews.
        let pr = [("PINFLOW_PULL_REQUEST", "24")];
        let args = ["deploy", "--all", "--preview", "--comment"];
        let (code, out) = run_on_pr(&p, &forge, &sha, &args, &pr);
        assert_eq!(code, Some(0), "{host:?}: {out}");
        let args = ["preview", "cleanup", "--comment"];
        let (code, out) = run_on_pr(&p, &forge, &sha, &args, &pr);
        assert_eq!(code, Some(0), "{host:?}: {out}");
        let copied = forge.comments().into_iter().find(|c| c.id == copy).unwrap();
        assert_eq!(
            copied.body, forged,
            "{host:?}: the person's comment is untouched"
        );
        let mine: Vec<_> = ours(&forge).into_iter().filter(|c| c.id != copy).collect();
        assert_eq!(mine.len(), 1, "{host:?}");
        assert!(
            mine[0].body.contains("Deleted with their history"),
            "{host:?}: {}",
            mine[0].body
        );
        assert!(!out.contains("cannot"), "{host:?}: no warning: {out}");
        assert_eq!(forge.violations(), Vec::<String>::new(), "{host:?}");
    }
}

#[test]
fn another_workflows_comment_under_pinflows_identity_lends_it_no_text() {
    // Every workflow of a GitHub repository comments as github-actions[bot]: a comment that
    // starts with pinflow's marker under that identity may be another workflow's. Its sections
    // are not carried into pinflow's comment, since they bear no seal pinflow made.
    let (p, sha) = feature_project("seal-forged");
    let forge = Forge::start(Host::Github, "ghs_seal-canary-3321");
    let forged = format!(
        "{MARKER}\n<!-- pinflow:deploy -->\n\n### pinflow previews of this pull request\n\n[Open the preview](https://evil.example/phish) @org/admins\n\n<!-- /pinflow:deploy -->\n"
    );
    forge.seed(&forged, true);
    let key = [("PREFECT_API_KEY", "pnu_seal-canary-3322")];
    let (code, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &key);
    assert_eq!(code, Some(6), "{out}");
    let bodies: Vec<String> = ours(&forge).into_iter().map(|c| c.body).collect();
    assert!(
        bodies.iter().any(|b| b.contains("pinflow plan")),
        "{bodies:?}"
    );
    for body in &bodies {
        assert!(!body.contains("evil.example"), "carried: {body}");
    }
    // pinflow's own sections are carried from push to push.
    let (code, out) = run_on_pr(
        &p,
        &forge,
        &sha,
        &[
            "deploy",
            "--all",
            "--preview",
            "--comment",
            "--pull-request",
            "7",
        ],
        &key,
    );
    assert_eq!(code, Some(0), "{out}");
    let (_, out) = run_on_pr(&p, &forge, &sha, &["plan", "--all", "--comment"], &key);
    let body = &ours(&forge)[0].body;
    assert!(
        body.contains("previews of this pull request") && body.contains("pinflow plan"),
        "{out}\n{body}"
    );
    server().delete_deployment("seal-forged", "prod-pr-7");
}
