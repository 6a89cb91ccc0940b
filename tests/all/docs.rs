//! The documentation shows what is tested: each example in `examples/ci/` verbatim on its page,
//! the README's snippets cut from those examples, one version everywhere, and every link
//! leading to a file and heading that exist. Needs no tools, so `scripts/test.sh --quick` runs
//! it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::packaging::root;
use crate::support::text;

/// The files in `dir` whose names end with `ext`, as sorted paths relative to the repository.
fn files_in(dir: &str, ext: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(ext))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// The README and every page under `docs/`.
fn pages() -> Vec<String> {
    [vec!["README.md".to_owned()], files_in("docs", ".md")].concat()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every text in `files` that `pattern` captures.
fn captures(pattern: &str, files: &[String]) -> Vec<(String, String)> {
    let re = regex::Regex::new(pattern).unwrap();
    files
        .iter()
        .flat_map(|file| {
            let text = read(file);
            re.captures_iter(&text)
                .map(|c| (file.clone(), c[1].to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn one_version_everywhere() {
    // Cargo.toml holds the version; scripts/set-version.sh writes the places that repeat it.
    let version = env!("CARGO_PKG_VERSION");
    let major = version.split('.').next().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pinflow"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout).trim(), format!("pinflow {version}"));
    let files = [
        [
            ".gitlab-ci-template.yml",
            "templates/deploy.yml",
            "bitbucket-pipe.yml",
        ]
        .map(String::from)
        .to_vec(),
        files_in("examples/ci", ".yml"),
        pages(),
    ]
    .concat();
    let images = captures(r"ghcr\.io/pinflow/pinflow:([0-9][^\s`\x22]*)", &files);
    assert!(images.len() >= 5, "{images:?}");
    let majors = [
        captures(r"pinflow/pinflow@v([0-9][^\s`]*)", &files),
        captures(r"Pinflow@([0-9]+)", &files),
        captures(r"pinflow/deploy@([0-9][^\s`]*)", &files),
    ]
    .concat();
    assert!(majors.len() >= 5, "{majors:?}");
    for (file, found) in images
        .iter()
        .chain(&captures(r"pinflow/pinflow/v([0-9.]+)/", &files))
    {
        assert_eq!(
            found, version,
            "{file} names version {found}, Cargo.toml {version}"
        );
    }
    for (file, found) in &majors {
        assert!(
            found == major || found == version,
            "{file} names {found}, Cargo.toml {version}"
        );
    }
    let json = |path: &str| -> serde_json::Value { serde_json::from_str(&read(path)).unwrap() };
    let task = &json("azure-task/Pinflow/task.json")["version"];
    assert_eq!(
        format!("{}.{}.{}", task["Major"], task["Minor"], task["Patch"]),
        version,
        "azure-task/Pinflow/task.json"
    );
    assert_eq!(json("azure-task/vss-extension.json")["version"], version);
    assert!(!root().join("action/version.txt").exists());
}

/// Each tested example, and the page that shows it whole.
const EXAMPLES: [(&str, &str); 13] = [
    ("github-deploy.yml", "docs/platforms.md"),
    ("gitlab-ci.yml", "docs/platforms.md"),
    ("bitbucket-pipelines.yml", "docs/platforms.md"),
    ("azure-pipelines.yml", "docs/platforms.md"),
    ("github-preview.yml", "docs/review.md"),
    ("gitlab-review.yml", "docs/review.md"),
    ("bitbucket-review.yml", "docs/review.md"),
    ("azure-review.yml", "docs/review.md"),
    ("github-rollback.yml", "docs/versions.md"),
    ("github-lifecycle.yml", "docs/lifecycle.md"),
    ("gitlab-lifecycle.yml", "docs/lifecycle.md"),
    ("bitbucket-lifecycle.yml", "docs/lifecycle.md"),
    ("azure-lifecycle.yml", "docs/lifecycle.md"),
];

#[test]
fn the_docs_show_every_tested_example() {
    for (file, page) in EXAMPLES {
        let snippet = read(&format!("examples/ci/{file}"));
        assert!(
            read(page).contains(&format!("```yaml\n{}\n```", snippet.trim())),
            "{page} must show examples/ci/{file} verbatim, as one YAML block"
        );
    }
}

/// The fenced `yaml` blocks of a Markdown text.
fn yaml_blocks(markdown: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match (&mut current, line) {
            (None, "```yaml") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), _) => block.push(line),
            (None, _) => {}
        }
    }
    blocks
}

/// Whether `cut` is a run of consecutive lines of `file`, every line indented alike.
fn is_cut_from(cut: &[&str], file: &str) -> bool {
    let lines: Vec<&str> = file.lines().collect();
    (0..lines.len()).any(|start| {
        let Some(indent) = lines[start].strip_suffix(cut[0]) else {
            return false;
        };
        indent.trim().is_empty()
            && cut.len() <= lines.len() - start
            && cut
                .iter()
                .zip(&lines[start..])
                .all(|(c, l)| *l == format!("{indent}{c}"))
    })
}

#[test]
fn the_readmes_snippets_are_cut_from_the_tested_examples() {
    let readme = read("README.md");
    let blocks = yaml_blocks(&readme);
    let mut sources = BTreeSet::new();
    for block in &blocks {
        assert!(!block.is_empty(), "an empty YAML block in README.md");
        let source = EXAMPLES
            .iter()
            .map(|(file, _)| *file)
            .find(|file| is_cut_from(block, &read(&format!("examples/ci/{file}"))));
        let Some(source) = source else {
            panic!(
                "README.md shows YAML that is not cut from a tested example in examples/ci/:\n{}",
                block.join("\n")
            );
        };
        sources.insert(source);
    }
    assert_eq!(
        sources,
        BTreeSet::from([
            "azure-pipelines.yml",
            "bitbucket-pipelines.yml",
            "github-deploy.yml",
            "gitlab-ci.yml"
        ]),
        "the README shows each platform's install, cut from its deploy example"
    );
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown page's headings (outside code blocks).
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut found = BTreeSet::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            found.insert(anchor(line.trim_start_matches('#').trim()));
        }
    }
    found
}

#[test]
fn every_link_in_the_docs_leads_to_a_file_and_heading_that_exist() {
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut checked = 0;
    for page in pages() {
        let markdown = read(&page);
        let dir = Path::new(&page).parent().unwrap();
        for target in link.captures_iter(&markdown).map(|c| c[1].to_owned()) {
            if target.starts_with("https://") || target.starts_with("http://") {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let path = if file.is_empty() {
                page.clone()
            } else {
                dir.join(file).to_string_lossy().into_owned()
            };
            assert!(
                root().join(&path).exists(),
                "{page} links to {target}: {path} does not exist"
            );
            if !fragment.is_empty() {
                assert!(
                    anchors(&read(&path)).contains(fragment),
                    "{page} links to {target}: {path} has no heading #{fragment}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} links found");
}
