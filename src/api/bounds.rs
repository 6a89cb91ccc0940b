//! How much pinflow reads from a Prefect server: each answer is capped by what it is (one
//! object, or one page of a list) in bytes and in JSON values (a few bytes of `[],` become a
//! value of many bytes in memory), and a read that goes page by page is capped in pages,
//! items, bytes and values, so that a server that sends too much, or never stops sending full
//! pages, makes the command fail with a clear error instead of exhausting memory or time.

use crate::error::{Error, Result};

/// What an answer is, which bounds how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answer {
    /// One object: a deployment, a flow, a work pool, a variable, a block, an artifact, an
    /// empty answer, an error.
    One,
    /// One page of a list (at most 200 items).
    Page,
}

impl Answer {
    /// The most bytes read of one answer of this kind.
    pub(super) fn max_bytes(self) -> usize {
        match self {
            // A large deployment (a big parameter schema, many pull steps) is a few hundred KiB.
            Answer::One => 4 << 20,
            // 200 history records or deployments of that size would not fit: a page this
            // large is not what a Prefect server sends.
            Answer::Page => 16 << 20,
        }
    }

    /// The most JSON values (objects, arrays, keys, scalars) in one answer of this kind.
    pub(super) fn max_values(self) -> usize {
        match self {
            // A deployment with a schema of hundreds of parameters holds a few thousand.
            Answer::One => 100_000,
            Answer::Page => 200_000,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Answer::One => "one object",
            Answer::Page => "one page of results",
        }
    }

    /// The error for an answer over [`Answer::max_bytes`].
    pub(super) fn too_big(self, what: &str) -> Error {
        Error::service(format!(
            "{what}: the answer is larger than {} MiB, pinflow's bound for {}; no Prefect \
             server sends one: is PREFECT_API_URL a Prefect server?",
            self.max_bytes() >> 20,
            self.kind()
        ))
    }

    /// `text` if it holds no more JSON values than an answer of this kind may, else an error
    /// naming `what` (an endpoint, or an item of its answer) and the bound.
    pub(super) fn check_values(self, what: &str, text: &str) -> Result<()> {
        if values_in(text) <= self.max_values() {
            return Ok(());
        }
        Err(Error::service(format!(
            "{what}: the answer holds more than {} JSON values, pinflow's bound for {}; no \
             Prefect server sends one: is PREFECT_API_URL a Prefect server?",
            self.max_values(),
            self.kind()
        )))
    }
}

/// About how many values JSON `text` holds: its `[`, `{`, `,` and `:` outside strings, and
/// one. Counted on the text, before any value is built.
pub(super) fn values_in(text: &str) -> usize {
    let (mut count, mut in_string, mut escaped) = (1, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' | b',' | b':' => count += 1,
                _ => {}
            }
        }
    }
    count
}

/// The most pages one paged read takes.
pub(super) const MAX_PAGES: usize = 50;
/// The most items one paged read takes.
pub(super) const MAX_ITEMS: usize = 10_000;
/// The most bytes one paged read takes, all pages together.
pub(super) const MAX_READ_BYTES: usize = 16 << 20;
/// The most JSON values one paged read takes, all pages together.
pub(super) const MAX_READ_VALUES: usize = 250_000;

/// What one paged read has taken so far, checked against its bounds after each page.
#[derive(Debug)]
pub(super) struct Paged<'a> {
    what: &'a str,
    pages: usize,
    items: usize,
    bytes: usize,
    values: usize,
}

impl<'a> Paged<'a> {
    /// A read of `what` (`POST /deployments/filter`), nothing taken yet.
    pub(super) fn new(what: &'a str) -> Self {
        Self {
            what,
            pages: 0,
            items: 0,
            bytes: 0,
            values: 0,
        }
    }

    /// Counts a page of `items` items in `text`; an error once the read is past a bound,
    /// naming the endpoint and the bound.
    pub(super) fn take(&mut self, items: usize, text: &str) -> Result<()> {
        self.pages += 1;
        self.items += items;
        self.bytes += text.len();
        self.values += values_in(text);
        let past = if self.pages > MAX_PAGES {
            format!("{MAX_PAGES} pages")
        } else if self.items > MAX_ITEMS {
            format!("{MAX_ITEMS} items")
        } else if self.bytes > MAX_READ_BYTES {
            format!("{} MiB", MAX_READ_BYTES >> 20)
        } else if self.values > MAX_READ_VALUES {
            format!("{MAX_READ_VALUES} JSON values")
        } else {
            return Ok(());
        };
        Err(Error::service(format!(
            "{}: the server kept sending results past pinflow's bound for one read ({past}; \
             at most {MAX_PAGES} pages, {MAX_ITEMS} items, {} MiB, {MAX_READ_VALUES} values); a Prefect server ends a \
             list with a short page: is PREFECT_API_URL a Prefect server? If it is, this list \
             is too long to read at once (select fewer deployments, or delete old history)",
            self.what,
            MAX_READ_BYTES >> 20
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paged_read_stops_at_each_bound() {
        let mut pages = Paged::new("POST /x/filter");
        for _ in 0..MAX_PAGES {
            pages.take(1, "[]").unwrap();
        }
        let err = pages.take(1, "[]").unwrap_err().to_string();
        assert!(
            err.contains("POST /x/filter") && err.contains("50 pages"),
            "{err}"
        );
        let mut items = Paged::new("POST /y/filter");
        items.take(MAX_ITEMS, "[]").unwrap();
        assert!(items
            .take(1, "[]")
            .unwrap_err()
            .to_string()
            .contains("items"));
        let mut bytes = Paged::new("POST /z/filter");
        bytes.take(1, &"x".repeat(MAX_READ_BYTES)).unwrap();
        assert!(bytes
            .take(1, "x")
            .unwrap_err()
            .to_string()
            .contains("16 MiB"));
        let mut values = Paged::new("POST /v/filter");
        values
            .take(1, &"[],".repeat(MAX_READ_VALUES / 2 - 1))
            .unwrap();
        let err = values.take(1, &"[],".repeat(MAX_READ_VALUES / 2));
        assert!(err.unwrap_err().to_string().contains("JSON values"));
    }

    #[test]
    fn values_are_counted_outside_strings() {
        assert_eq!(values_in("1"), 1);
        assert_eq!(values_in(r#"{"a": [1, 2], "b": "x,[{:\"]"}"#), 1 + 6);
        assert!(Answer::One
            .check_values("GET /d", &"[],".repeat(60_000))
            .is_err());
        assert!(Answer::One
            .check_values("GET /d", &"x".repeat(1 << 20))
            .is_ok());
    }

    #[test]
    fn answers_are_bounded_by_what_they_are() {
        assert!(Answer::One.max_bytes() < Answer::Page.max_bytes());
        let err = Answer::One.too_big("GET /api/deployments/d").to_string();
        assert!(
            err.contains("GET /api/deployments/d") && err.contains("4 MiB"),
            "{err}"
        );
    }
}
