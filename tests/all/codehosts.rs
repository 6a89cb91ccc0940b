//! The code hosts behind `--comment` and the GitHub commit lookup, as adversaries: pinflow
//! edits only its own comments (a refused edit or a host that will not say whose the token is
//! gets this push's result posted anew, with a warning), sends a host's token only over https
//! or to loopback as plainly written, and reads every answer within a size cap and a time
//! bound, asking again when a connection drops. Through the binary, against the fake hosts
//! of `support/forge.rs` (each request checked against the host's API description).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{clean_command, text};

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

/// Runs pinflow with at most 1 GB of address space: an answer buffered whole would not fit.
fn bounded(dir: &Path, args: &[&str], vars: &[(&str, String)]) -> std::process::Output {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    clean_command("sh", dir, &vars)
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pinflow"))
        .args(args)
        .output()
        .unwrap()
}
