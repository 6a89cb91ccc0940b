//! The history as people read it in the Prefect UI: each record's `description` is a Markdown
//! table of the deployment's last [`SHOWN`] versions with the live one marked, and its data keeps
//! those rows (`shown`), so that the next deploy writes the next table from the newest record
//! alone, without reading the history (docs/versions.md).
//!
//! Everything in a cell that a commit, a branch or a server wrote is inline code
//! ([`escape::markdown_cell`]: no link, image, HTML or mention forms, secrets redacted); the only
//! links are to the commit and the CI run, and only to an `https` URL without credentials.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::record::{Event, Record};
use crate::escape;

/// How many versions a record's table shows, newest first.
pub(super) const SHOWN: usize = 10;

/// The longest text of a cell, in characters (a commit message is cut to it).
const CELL: usize = 60;

/// One version as a row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Row {
    /// The version id; None in the record of the version itself, whose id is the record's.
    #[serde(default)]
    pub id: Option<String>,
    /// The version name.
    #[serde(default)]
    pub version: String,
    /// The commit SHA.
    #[serde(default)]
    pub commit: Option<String>,
    /// A link to the commit on its code host (`version_info.url`).
    #[serde(default)]
    pub url: Option<String>,
    /// The branch or tag.
    #[serde(default)]
    pub branch: Option<String>,
    /// The commit message's first line.
    #[serde(default)]
    pub message: Option<String>,
    /// When the version was created (RFC 3339).
    #[serde(default)]
    pub when: Option<String>,
    /// The CI run that created it.
    #[serde(default)]
    pub run: Option<String>,
    /// Whether it is live as of the record.
    #[serde(default)]
    pub live: bool,
}

impl Row {
    /// The row of a version about to be recorded: its id and creation time are its record's.
    pub(super) fn new(version: &str, info: &Value, ci: &Value, when: String) -> Self {
        let text = |v: &Value, k: &str| v[k].as_str().map(str::to_owned);
        Self {
            id: None,
            version: version.to_owned(),
            commit: text(info, "commit_sha"),
            url: text(info, "url"),
            branch: text(info, "branch"),
            message: text(info, "message"),
            when: Some(when),
            run: text(ci, "run_url"),
            live: true,
        }
    }

    /// The row of the version `r` records (a `created` record).
    pub(super) fn of(r: &Record) -> Self {
        let mut row = Self::new(
            r.version(),
            &r.data["version_info"],
            &r.data["ci"],
            r.created.clone(),
        );
        row.id = Some(r.id.clone());
        row.live = false;
        row
    }

    fn cells(&self) -> String {
        // The version a record creates has the record's id, known once it is written: the
        // UI lists it first below the table.
        let id = match &self.id {
            Some(id) => escape::markdown_cell(&id.chars().take(8).collect::<String>()),
            None => "*this record*".to_owned(),
        };
        let short: Option<String> = self.commit.as_ref().map(|c| c.chars().take(8).collect());
        let commit = match &short {
            Some(short) => escape::markdown_link_cell(short, link(self.url.as_deref())),
            None => String::new(),
        };
        let run = match link(self.run.as_deref()) {
            Some(url) => escape::markdown_link_cell("run", Some(url)),
            None => String::new(),
        };
        let cell = |s: &Option<String>| {
            escape::markdown_cell(&escape::cut(s.as_deref().unwrap_or(""), CELL))
        };
        let when = escape::cut(&self.when.as_deref().map(when).unwrap_or_default(), CELL);
        format!(
            "| {} | {} | {} | {commit} | {} | {} | {} | {run} |",
            if self.live { "**live**" } else { "" },
            escape::markdown_cell(&escape::cut(&self.version, CELL)),
            id,
            cell(&self.branch),
            cell(&self.message),
            escape::markdown_cell(&when),
        )
    }
}

/// `url` when it may be a link: `https`, with a host and no credentials, and not longer than a
/// code host's link to a commit or a run could be.
fn link(url: Option<&str>) -> Option<&str> {
    const LONGEST: usize = 400;
    let parsed = url::Url::parse(url.filter(|u| u.len() <= LONGEST)?).ok()?;
    let plain = parsed.scheme() == "https"
        && parsed.host_str().is_some()
        && parsed.username().is_empty()
        && parsed.password().is_none();
    plain.then_some(url?)
}

/// `2026-12-07T20:33:43.123Z` as `2026-12-07 20:33 UTC`; other text as it is.
fn when(t: &str) -> String {
    match (t.get(..10), t.get(11..16), t.get(10..11)) {
        (Some(date), Some(time), Some("T")) => format!("{date} {time} UTC"),
        _ => t.to_owned(),
    }
}

/// The rows `r` keeps, oldest first, with its own version's id and server time filled in;
/// None for a record written before records kept them.
pub(super) fn rows_of(r: &Record) -> Option<Vec<Row>> {
    let mut rows: Vec<Row> = serde_json::from_value(r.data.get("shown")?.clone()).ok()?;
    if r.event == Event::Created {
        if let Some(own) = rows.iter_mut().find(|row| row.id.is_none()) {
            own.id = Some(r.id.clone());
            own.when = Some(r.created.clone());
        }
    }
    Some(rows)
}

/// The rows after a deploy of `new`: the `earlier` ones not live, then `new`, live; the last
/// [`SHOWN`].
pub(super) fn after_deploy(earlier: Vec<Row>, new: Row) -> Vec<Row> {
    let mut rows: Vec<Row> = earlier
        .into_iter()
        .map(|r| Row { live: false, ..r })
        .collect();
    rows.push(Row { live: true, ..new });
    last(rows)
}

/// The rows of `versions` (oldest first), `live` (a version id) marked: the last [`SHOWN`].
pub(super) fn of_versions(versions: &[&Record], live: Option<&str>) -> Vec<Row> {
    let rows = versions
        .iter()
        .map(|r| Row {
            live: live == Some(r.id.as_str()),
            ..Row::of(r)
        })
        .collect();
    last(rows)
}

fn last(mut rows: Vec<Row>) -> Vec<Row> {
    let cut = rows.len().saturating_sub(SHOWN);
    rows.drain(..cut);
    rows
}

/// The description of a record of `name`: `headline` (Markdown pinflow wrote, its values
/// already escaped), then the table of `rows`, newest first.
pub(super) fn render(name: &str, headline: &str, rows: &[Row]) -> String {
    let mut out = format!(
        "{headline}\n\n| | Version | Id | Commit | Branch | Message | When | CI |\n|---|---|---|---|---|---|---|---|\n"
    );
    for row in rows.iter().rev() {
        out.push_str(&row.cells());
        out.push('\n');
    }
    out.push_str(&format!(
        "\nThe last {SHOWN} versions as of this record; {} lists them all.",
        escape::markdown_code(&format!("pinflow versions {name}"))
    ));
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row(version: &str) -> Row {
        let info = json!({"commit_sha": format!("{version}0123456789"), "branch": "main",
                          "message": "m", "url": "https://github.com/o/r/tree/x"});
        Row::new(version, &info, &json!({"run_url": null}), "t".into())
    }

    #[test]
    fn a_deploy_keeps_the_last_versions_and_marks_the_new_one_live() {
        let mut rows = Vec::new();
        for i in 0..SHOWN + 3 {
            rows = after_deploy(rows, row(&format!("v{i}")));
        }
        assert_eq!(rows.len(), SHOWN);
        assert_eq!(rows[0].version, "v3", "the oldest shown");
        let live: Vec<&str> = rows
            .iter()
            .filter(|r| r.live)
            .map(|r| r.version.as_str())
            .collect();
        assert_eq!(live, [format!("v{}", SHOWN + 2)]);
    }

    #[test]
    fn a_record_fills_in_its_own_version_and_old_records_keep_no_rows() {
        let record = |data: Value| Record {
            id: "id-1".into(),
            created: "2026-12-07T20:33:43.1Z".into(),
            event: Event::Created,
            data,
        };
        let kept = json!({"shown": [row("v0"), Row { id: Some("id-0".into()), ..row("v1") }]});
        let rows = rows_of(&record(kept)).unwrap();
        assert_eq!(rows[0].id.as_deref(), Some("id-1"));
        assert_eq!(rows[0].when.as_deref(), Some("2026-12-07T20:33:43.1Z"));
        assert_eq!(rows[1].id.as_deref(), Some("id-0"));
        assert!(rows_of(&record(json!({"version": "v"}))).is_none());
        assert_eq!(when("2026-12-07T20:33:43.1Z"), "2026-12-07 20:33 UTC");
    }

    #[test]
    fn links_are_plain_https_only() {
        assert!(link(Some("https://github.com/o/r/tree/1")).is_some());
        for not in [
            "http://github.com/o/r",
            "javascript:alert(1)//x",
            &format!("https://github.com/{}", "o/".repeat(300)),
            "https://user:pw@github.com/o/r",
            "git@github.com:o/r.git",
            "",
        ] {
            assert!(link(Some(not)).is_none(), "{not}");
        }
    }

    #[test]
    fn text_from_commits_stays_inside_code_spans() {
        let hostile = json!({"commit_sha": "abc", "branch": "[b](https://evil.example) | x",
            "message": "<img src=x> ![i](https://evil.example/i) @all",
            "url": "https://github.com/o/r/tree/a) [y](https://evil.example"});
        let r = Row::new(
            "v`1",
            &hostile,
            &json!({"run_url": "javascript:x"}),
            "t".into(),
        );
        let text = render("f/d", "h", &[r]);
        let row = text.lines().nth(4).unwrap();
        // The pipe in the branch is escaped: eight cells, nine separators.
        assert_eq!(row.matches(" | ").count() + 2, 9, "{row}");
        assert!(row.contains("`[b](https://evil.example) \\| x`"), "{row}");
        assert!(row.contains("`<img src=x> ![i](https://evil.example/i) @all`"));
        assert!(row.contains("(https://github.com/o/r/tree/a%29%20[y]%28https://evil.example)"));
        assert!(!row.contains("javascript"), "{row}");
    }
}
