//! Image references: parsing and normalising as Docker does (`nginx` is
//! `docker.io/library/nginx:latest`), with errors that name the part that is wrong.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};

static COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$").expect("valid regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$").expect("valid regex"));
static DIGEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$").expect("valid regex")
});

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The name as written, without tag or digest (`nginx`, `ghcr.io/org/app`).
    pub name: String,
    /// The registry host (`docker.io`, `ghcr.io`, `localhost:5000`).
    pub registry: String,
    /// The repository path within the registry (`library/nginx`).
    pub repository: String,
    /// The tag, if written.
    pub tag: Option<String>,
    /// The digest, if written.
    pub digest: Option<String>,
}

impl Reference {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |what: String| Error::usage(format!("image reference {text:?}: {what}"));
        if text.is_empty() || text.chars().any(char::is_whitespace) {
            return Err(bad("must be a non-empty reference without spaces, such as registry.example.com/team/app:1.2".into()));
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, d)) => {
                if !DIGEST.is_match(d) {
                    return Err(bad(format!(
                        "the digest {d:?} is not sha256:<64 hex digits>"
                    )));
                }
                (rest, Some(d.to_owned()))
            }
            None => (text, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if let Some(t) = tag {
            if !TAG.is_match(t) {
                return Err(bad(format!(
                    "the tag {t:?} is not valid: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"
                )));
            }
        }
        let (registry, path) = match name.split_once('/') {
            Some((first, path))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                (first.to_owned(), path.to_owned())
            }
            _ => ("docker.io".to_owned(), name.to_owned()),
        };
        let registry = if registry == "index.docker.io" {
            "docker.io".to_owned()
        } else {
            registry
        };
        let repository = if registry == "docker.io" && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        if repository.is_empty() {
            return Err(bad("the repository name is empty".into()));
        }
        for component in repository.split('/') {
            if !COMPONENT.is_match(component) {
                let why = if component.chars().any(|c| c.is_ascii_uppercase()) {
                    "must be lowercase"
                } else {
                    "may hold only lowercase letters, digits and single '.', '_', '__' or '-' separators"
                };
                return Err(bad(format!("the repository part {component:?} {why}")));
            }
        }
        if registry.len() + 1 + repository.len() > 255 {
            return Err(bad("the name is longer than 255 characters".into()));
        }
        Ok(Self {
            name: name.to_owned(),
            registry,
            repository,
            tag: tag.map(str::to_owned),
            digest,
        })
    }

    /// The tag or digest to look up: the digest if there is one, else the tag, else `latest`.
    pub fn target(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    /// The name as written, pinned to `digest` (the tag is dropped).
    pub fn pinned(&self, digest: &str) -> String {
        format!("{}@{digest}", self.name)
    }

    /// The host that serves the registry API.
    pub fn api_host(&self) -> &str {
        if self.registry == "docker.io" {
            "registry-1.docker.io"
        } else {
            &self.registry
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "sha256:4517619f62773a7c0fb6e443831dc2a645e6bbaea1d98d533169a11e9dda9bae";

    #[test]
    fn normalises_like_docker() {
        let cases = [
            ("nginx", "docker.io/library/nginx", None),
            ("nginx:1.25", "docker.io/library/nginx:1.25", Some("1.25")),
            ("docker.io/nginx", "docker.io/library/nginx", None),
            (
                "index.docker.io/library/nginx:x",
                "docker.io/library/nginx:x",
                Some("x"),
            ),
            (
                "prefecthq/prefect:3-latest",
                "docker.io/prefecthq/prefect:3-latest",
                Some("3-latest"),
            ),
            ("localhost/foo", "localhost/foo", None),
            (
                "localhost:5000/team/img:1.2",
                "localhost:5000/team/img:1.2",
                Some("1.2"),
            ),
            (
                "registry.example.com:5000/team/img:V1_2",
                "registry.example.com:5000/team/img:V1_2",
                Some("V1_2"),
            ),
            (
                "test.com:5000",
                "docker.io/library/test.com:5000",
                Some("5000"),
            ),
            ("ghcr.io/org/app", "ghcr.io/org/app", None),
        ];
        for (text, full, tag) in cases {
            let r = Reference::parse(text).unwrap();
            assert_eq!(r.to_string(), full, "{text}");
            assert_eq!(r.tag.as_deref(), tag, "{text}");
        }
    }

    #[test]
    fn digests_and_pinning() {
        let r = Reference::parse(&format!("ghcr.io/org/app:1.0@{D}")).unwrap();
        assert_eq!((r.digest.as_deref(), r.target()), (Some(D), D));
        let r = Reference::parse("localhost:5000/team/img:1.2").unwrap();
        assert_eq!(r.pinned(D), format!("localhost:5000/team/img@{D}"));
        assert_eq!(
            Reference::parse("nginx").unwrap().api_host(),
            "registry-1.docker.io"
        );
        assert_eq!(Reference::parse("nginx").unwrap().target(), "latest");
    }

    #[test]
    fn errors_name_the_part() {
        let long_tag = format!("app:{}", "a".repeat(129));
        let cases = [
            ("Registry.local/Team/App:1", "\"Team\" must be lowercase"),
            ("UPPER", "\"UPPER\" must be lowercase"),
            (long_tag.as_str(), "the tag"),
            ("app:-bad", "the tag \"-bad\""),
            ("app@sha256:123", "the digest"),
            ("a b", "without spaces"),
            ("", "non-empty"),
            ("reg.io/a..b", "\"a..b\""),
        ];
        for (text, needle) in cases {
            let err = Reference::parse(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
        let long = format!("reg.io/{}", "a".repeat(260));
        assert!(Reference::parse(&long)
            .unwrap_err()
            .to_string()
            .contains("255"));
    }
}
