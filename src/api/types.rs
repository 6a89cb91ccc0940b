//! What the server returns, typed where pinflow reads a field; the rest is kept as the server
//! wrote it (a deployment's fields are compared and recorded whole).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::bounds::Answer;

/// A deployment as the server returns it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Deployment {
    /// Its id.
    pub id: String,
    /// Its flow's id.
    #[serde(default)]
    pub flow_id: Option<String>,
    /// The work queue it uses (its id).
    #[serde(default)]
    pub work_queue_id: Option<String>,
    /// Prefect Cloud's id of the current version (absent on self-hosted servers).
    #[serde(default)]
    pub version_id: Option<String>,
    /// Every other field, as returned.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl Deployment {
    /// The field `key` (Null when absent).
    pub(crate) fn field(&self, key: &str) -> &Value {
        self.fields.get(key).unwrap_or(&Value::Null)
    }
}

/// A flow: its id and name.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Flow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A work pool: what pinflow needs of it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WorkPool {
    /// Its name.
    pub name: String,
    /// The queue a deployment gets when it names none.
    #[serde(default)]
    pub default_queue_id: Option<String>,
}

/// An artifact (pinflow keeps its history records as artifacts).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Artifact {
    /// Its id.
    pub id: String,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created: Option<String>,
    /// Its key.
    #[serde(default)]
    pub key: Option<String>,
    /// Its data.
    #[serde(default)]
    pub data: Value,
}

/// The newest artifact of a key (`POST /artifacts/latest/filter` answers with these).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Collection {
    /// The newest artifact's id.
    pub latest_id: String,
    /// When the newest artifact was written.
    #[serde(default)]
    pub updated: Option<String>,
    /// Its key.
    #[serde(default)]
    pub key: Option<String>,
    /// The newest artifact's data.
    #[serde(default)]
    pub data: Value,
}

impl Collection {
    /// The newest artifact.
    pub(crate) fn latest(self) -> Artifact {
        Artifact {
            id: self.latest_id,
            created: self.updated,
            key: self.key,
            data: self.data,
        }
    }
}

/// Reads a typed value from an answer, or says what the server sent instead.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    value: Value,
    what: &str,
) -> crate::error::Result<T> {
    serde_json::from_value(value).map_err(|e| {
        crate::error::Error::service(format!(
            "{what} answered with something that is not what Prefect sends ({e}); \
             is PREFECT_API_URL a Prefect API?"
        ))
    })
}

/// Reads a page of a list endpoint's answer (`text`, a JSON array) item by item, without
/// holding the whole page as JSON values: at most `max_items` items (a Prefect server sends
/// no more than the page's limit), each at most what one object may be ([`Answer::One`]).
pub(super) fn parse_page<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    max_items: usize,
) -> crate::error::Result<Vec<T>> {
    Answer::Page.check_values(what, text)?;
    let refused = std::cell::RefCell::new(None);
    let items = Items {
        max_items,
        what,
        refused: &refused,
        item: std::marker::PhantomData,
    };
    let read =
        serde::Deserializer::deserialize_seq(&mut serde_json::Deserializer::from_str(text), items);
    if let Some(refusal) = refused.into_inner() {
        return Err(refusal);
    }
    read.map_err(|e| {
        crate::error::Error::service(format!(
            "{what} answered with something that is not what Prefect sends ({e}); \
             is PREFECT_API_URL a Prefect API?"
        ))
    })
}

/// The visitor of [`parse_page`]: why it refused the page, if it did, goes to `refused`.
struct Items<'a, T> {
    max_items: usize,
    what: &'a str,
    refused: &'a std::cell::RefCell<Option<crate::error::Error>>,
    item: std::marker::PhantomData<T>,
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for Items<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        use serde::de::Error as _;
        let max_bytes = Answer::One.max_bytes();
        let mut items = Vec::new();
        while let Some(raw) = seq.next_element::<&'de serde_json::value::RawValue>()? {
            let refusal = if items.len() >= self.max_items {
                format!(
                    "{}: the page has more than the {} items asked for; is PREFECT_API_URL a \
                     Prefect server?",
                    self.what, self.max_items
                )
            } else if raw.get().len() > max_bytes {
                format!(
                    "{}: an item of the answer is larger than {} MiB, pinflow's bound for one \
                     object; no Prefect server sends one: is PREFECT_API_URL a Prefect server?",
                    self.what,
                    max_bytes >> 20
                )
            } else if let Err(e) = Answer::One.check_values(self.what, raw.get()) {
                e.to_string()
            } else {
                items.push(serde_json::from_str(raw.get()).map_err(A::Error::custom)?);
                continue;
            };
            *self.refused.borrow_mut() = Some(crate::error::Error::service(refusal));
            return Err(A::Error::custom("refused"));
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_item_by_item_within_bounds() {
        let flows: Vec<Flow> = parse_page(
            r#"[{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]"#,
            "w",
            2,
        )
        .unwrap();
        assert_eq!(flows.len(), 2);
        let err = parse_page::<Flow>(
            r#"[{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]"#,
            "w",
            1,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("more than the 1 items"), "{err}");
        let big = format!(r#"[{{"id": "1", "name": "{}"}}]"#, "x".repeat(5 << 20));
        let err = parse_page::<Flow>(&big, "POST /f", 200)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("POST /f: an item") && err.contains("4 MiB"),
            "{err}"
        );
        assert!(parse_page::<Flow>("{}", "w", 1).is_err());
    }
}
