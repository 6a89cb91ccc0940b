//! The history as the Prefect UI shows it (issue 27): the newest record of a deployment's
//! history key has a description with the table of its versions, read here through the
//! server's artifact API as the UI reads it.

use serde_json::{json, Value};

use super::{flow_source, two_versions, yaml};
use crate::production::{github_html, outside_code};
use crate::support::{ci_env, json_ok, pinflow, server, with, TestProject};

/// The newest record of `id`'s history, as the UI's page of the key reads it (the artifacts
/// with the key, newest first), then read again by its id.
fn newest(id: &str) -> Value {
    let s = server();
    let listed = s.post(
        "/artifacts/filter",
        &json!({"artifacts": {"key": {"any_": [format!("pinflow-{id}")]}},
                "sort": "CREATED_DESC", "limit": 1}),
    );
    let newest = listed[0]["id"].as_str().unwrap();
    s.get(&format!("/artifacts/{newest}")).unwrap()
}

/// The table rows of `id`'s newest record, newest first.
fn rows(id: &str) -> Vec<String> {
    let description = newest(id)["description"].as_str().unwrap().to_owned();
    description
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| | Version"))
        .map(str::to_owned)
        .collect()
}

fn is_live(row: &str) -> bool {
    row.starts_with("| **live** |")
}

/// Runs pinflow in `p` as a GitHub Actions run of `sha` on `branch`; returns its report and
/// the paths of the history reads it made.
fn on_github(p: &TestProject, sha: &str, branch: &str, args: &[&str]) -> (Value, Vec<String>) {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.jsonl");
    let mut extra = ci_env("github", sha, branch, dir.path());
    extra.push(("GITHUB_RUN_ID", "77".into()));
    extra.push(("PINFLOW_TRACE_REQUESTS", trace.display().to_string()));
    let out = json_ok(&pinflow(p.path(), args, &with(&s.vars(), &extra)));
    let reads = std::fs::read_to_string(&trace)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["path"].to_string())
        .filter(|path| path.contains("/api/artifacts/filter"))
        .collect();
    (out, reads)
}

#[test]
fn the_newest_record_shows_the_versions_with_the_live_one_marked() {
    let p = TestProject::new(
        &[
            ("flows.py", &flow_source("hist-ui", 1)),
            ("prefect.yaml", &yaml(10, "app:1")),
        ],
        "first version",
    );
    let first = p.head();
    let deploy = ["deploy", "--output", "json"];
    let (out, _) = on_github(&p, &first, "main", &deploy);
    let id = out["deployments"][0]["id"].as_str().unwrap().to_owned();
    let second = p.commit(&[("prefect.yaml", &yaml(20, "app:2"))], "second version");
    let (_, reads) = on_github(&p, &second, "main", &deploy);
    assert_eq!(
        reads,
        Vec::<String>::new(),
        "the table comes from the newest record, read with every deployment's: no history read"
    );
    let (a, b) = (&first[..8], &second[..8]);
    let table = rows(&id);
    assert_eq!(table.len(), 2, "{table:#?}");
    assert!(is_live(&table[0]) && table[0].contains(b), "{table:#?}");
    assert!(!is_live(&table[1]) && table[1].contains(a), "{table:#?}");
    let commit = format!("(https://github.com/org/repo/tree/{second})");
    for shown in [
        commit.as_str(),
        "(https://github.com/org/repo/actions/runs/77)",
        "`main`",
        "`second version`",
        " UTC` |",
        "| *this record* |",
    ] {
        assert!(table[0].contains(shown), "{shown} in {}", table[0]);
    }
    let record = newest(&id);
    assert_eq!(record["type"], "pinflow-version");
    assert_eq!(
        record["data"]["event"], "created",
        "the machine record stays"
    );

    let args = |cmd: &'static str| [cmd, "hist-ui/prod", "--output", "json"];
    on_github(&p, &second, "main", &args("rollback"));
    let table = rows(&id);
    assert!(newest(&id)["description"]
        .as_str()
        .unwrap()
        .starts_with("pinflow rollback: `hist-ui/prod` now runs version"));
    assert_eq!(table.len(), 2, "{table:#?}");
    assert!(!is_live(&table[0]) && is_live(&table[1]), "{table:#?}");
    assert!(table[1].contains(a), "{table:#?}");

    on_github(&p, &second, "main", &args("promote"));
    let table = rows(&id);
    assert!(is_live(&table[0]) && !is_live(&table[1]), "{table:#?}");
    assert!(table[0].contains(b), "{table:#?}");
}

#[test]
fn a_hostile_commit_message_or_branch_makes_no_link_image_or_html() {
    let hostile = "[Re-authenticate](https://evil.example/login) ![p](https://evil.example/p.png) <img src=https://evil.example/i> www.evil.example ops@evil.example https://evil.example/raw @all | `x`";
    let p = TestProject::new(
        &[
            ("flows.py", &flow_source("hist-ui-evil", 1)),
            ("prefect.yaml", &yaml(10, "app:1")),
        ],
        "first",
    );
    let sha = p.commit(&[("README.md", "x\n")], hostile);
    let branch = "feat/[b](https://evil.example/b)<b>x</b>";
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let mut extra = ci_env("github", &sha, branch, dir.path());
    // A code host URL that is not https makes no link either.
    extra.push(("GITHUB_SERVER_URL", "javascript:alert(1)//x".into()));
    extra.push(("GITHUB_RUN_ID", "1".into()));
    let out = json_ok(&pinflow(
        p.path(),
        &["deploy", "--output", "json"],
        &with(&s.vars(), &extra),
    ));
    let id = out["deployments"][0]["id"].as_str().unwrap();
    let description = newest(id)["description"].as_str().unwrap().to_owned();
    let html = github_html(&description);
    assert!(
        html.contains("evil.example/login"),
        "the text is shown: {html}"
    );
    let live = outside_code(&html);
    for formed in ["evil.example", "<img", "<a ", "<b>", "javascript:", "href"] {
        assert!(!live.contains(formed), "{formed} formed: {html}");
    }
    assert_eq!(
        html.matches("<tr>").count(),
        2,
        "a header and one row, whatever the text: {html}"
    );
}

/// Makes `id`'s records what the previous release wrote: no table kept, a short description.
fn to_old_shape(id: &str) {
    let s = server();
    let all = s.post(
        "/artifacts/filter",
        &json!({"artifacts": {"key": {"any_": [format!("pinflow-{id}")]}}}),
    );
    for a in all.as_array().unwrap() {
        let mut data = a["data"].clone();
        data.as_object_mut().unwrap().remove("shown");
        let artifact = a["id"].as_str().unwrap();
        s.patch(
            &format!("/artifacts/{artifact}"),
            &json!({"data": data, "description": "pinflow: version created"}),
        );
    }
}

#[test]
fn records_of_the_previous_release_still_read() {
    let (p, first, second, id) = two_versions("hist-ui-old");
    to_old_shape(&id);
    let listed = json_ok(&pinflow(
        p.path(),
        &["versions", "hist-ui-old/prod", "--output", "json"],
        &server().vars(),
    ));
    assert_eq!(listed["versions"][0]["live"], true);
    assert_eq!(listed["versions"].as_array().unwrap().len(), 2);

    // A rollback shows the whole history, read as it always was.
    on_github(
        &p,
        &second,
        "main",
        &["rollback", "hist-ui-old/prod", "--output", "json"],
    );
    let table = rows(&id);
    assert_eq!(table.len(), 2, "{table:#?}");
    assert!(
        is_live(&table[1]) && table[1].contains(&first[..8]),
        "{table:#?}"
    );

    // A deploy after old records reads their versions once; the next one carries its table.
    to_old_shape(&id);
    let third = p.commit(&[("README.md", "third\n")], "third");
    let deploy = ["deploy", "--output", "json"];
    let (_, reads) = on_github(&p, &third, "main", &deploy);
    assert_eq!(reads.len(), 2, "live, then the versions to show: {reads:?}");
    let table = rows(&id);
    assert_eq!(table.len(), 3, "{table:#?}");
    assert!(
        is_live(&table[0]) && table[0].contains(&third[..8]),
        "{table:#?}"
    );
    assert!(table.iter().skip(1).all(|r| !is_live(r)), "{table:#?}");
    let fourth = p.commit(&[("README.md", "fourth\n")], "fourth");
    let (_, reads) = on_github(&p, &fourth, "main", &deploy);
    assert_eq!(reads, Vec::<String>::new());
    assert_eq!(rows(&id).len(), 4);
}
