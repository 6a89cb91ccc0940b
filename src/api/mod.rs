//! The Prefect REST client: one `reqwest` client per command with a User-Agent,
//! `X-PREFECT-API-VERSION`, credentials and timeouts, and typed endpoints.
//!
//! `connection` reads the settings, `transport` sends through `http::exchange` (`errors` says
//! what went wrong), `gate` adapts the concurrency to the server, `csrf` handles CSRF tokens,
//! `trace` records requests, `types` holds what the server returns, `batch` reads many things
//! in one request. Errors keep the server's detail: a 422 names the field.

mod batch;
mod bounds;
mod connection;
mod csrf;
mod errors;
mod gate;
mod trace;
mod transport;
pub(crate) mod types;

use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use tokio::sync::Mutex;

pub(crate) use connection::{Auth, Connection};
pub use transport::parse_retry_after;
pub(crate) use types::{Artifact, Deployment, WorkPool};

use crate::error::{Error, Result};
use crate::secret::Secrets;
use bounds::{Answer, Paged};
use csrf::Csrf;
use errors::detail;
use gate::Gate;
use trace::Trace;
use transport::Repeat;

/// The API version Prefect 3.9.1 announces.
const API_VERSION: &str = "0.8.4";

/// A client for one Prefect server.
#[derive(Debug)]
pub(crate) struct Client {
    http: reqwest::Client,
    conn: Connection,
    csrf: Mutex<Csrf>,
    gate: Gate,
    trace: Trace,
    /// Whether a request of this client was retried already (only the first retry is logged
    /// at the default level).
    retried: std::sync::atomic::AtomicBool,
}

impl Client {
    /// A client for `conn` with at most `concurrency` requests in flight (adaptive below that);
    /// the request trace hides `secrets`.
    pub(crate) fn new(conn: Connection, concurrency: usize, secrets: &Secrets) -> Result<Self> {
        let http = crate::http::build(crate::http::builder(
            &conn.env,
            crate::http::Service::Prefect,
            conn.timeout,
        )?)?;
        let csrf = if conn.is_cloud() {
            Csrf::Disabled
        } else {
            Csrf::Unknown
        };
        Ok(Self {
            http,
            trace: Trace::new(conn.trace.clone(), secrets.clone()),
            conn,
            csrf: Mutex::new(csrf),
            gate: Gate::new(concurrency),
            retried: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The connection this client uses.
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The API URL of `segments`, each one path segment whatever it holds. A name that is `.`
    /// or `..` (from a project file or the command line) would be followed as a step up the
    /// path by any URL parser, even percent-encoded; it is sent as the literal text `%2E%2E`,
    /// a name no Prefect object can have, so the request stays where it was aimed and finds
    /// nothing.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> url::Url {
        let mut url = url::Url::parse(&self.conn.api_url).expect("checked in Connection::from_env");
        let literal = |s: &&str| match *s {
            "." | ".." => s.replace('.', "%2E"),
            s => s.to_owned(),
        };
        url.path_segments_mut()
            .expect("http URLs have paths")
            .pop_if_empty()
            .extend(segments.iter().map(literal));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Adds the API version header and the credentials.
    fn authorized(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let req = req.header("X-PREFECT-API-VERSION", API_VERSION);
        match &self.conn.auth {
            Auth::None => req,
            Auth::Bearer(key) => req.bearer_auth(key.expose_secret()),
            Auth::Basic(pair) => {
                let (user, pass) = pair
                    .expose_secret()
                    .split_once(':')
                    .unwrap_or((pair.expose_secret(), ""));
                req.basic_auth(user, Some(pass))
            }
        }
    }

    /// The deployment `flow/name`, or None.
    pub(crate) async fn read_deployment_by_name(
        &self,
        flow: &str,
        name: &str,
    ) -> Result<Option<Deployment>> {
        self.read_typed(
            &["deployments", "name", flow, name],
            &[],
            "GET /deployments/name/",
        )
        .await
    }

    /// The deployment `id`, or None.
    pub(crate) async fn read_deployment(&self, id: &str) -> Result<Option<Deployment>> {
        self.read_typed(&["deployments", id], &[], "GET /deployments/")
            .await
    }

    /// Whether `PREFECT_API_URL` answers as a Prefect API does (`GET /health` is `true`); asked
    /// when a lookup finds nothing, to tell a wrong URL from a missing thing.
    pub(crate) async fn is_prefect_api(&self) -> bool {
        matches!(
            self.read(&["health"], &[], Answer::One).await,
            Ok(Some(Value::Bool(true)))
        )
    }

    /// The error for a URL that is not a Prefect API.
    pub(crate) fn not_an_api(&self) -> Error {
        let url = &self.conn.api_url;
        let hint = if url.ends_with("/api") {
            String::new()
        } else {
            format!(" The URL usually ends in /api: {url}/api")
        };
        Error::usage(format!(
            "PREFECT_API_URL={url} does not answer as a Prefect API (GET /health is not `true`); \
             check the URL.{hint}"
        ))
    }

    /// Appends an artifact at most once; returns it as stored (with its id and creation time).
    /// `body.data.write` must be unique to this write: it is how a write whose answer was lost
    /// is recognised on the server.
    pub(crate) async fn append_artifact(&self, body: &Value) -> Result<Artifact> {
        let key = body["key"].as_str().unwrap_or_default();
        let marker = &body["data"]["write"];
        debug_assert!(marker.is_string(), "append_artifact needs data.write");
        let stored = self
            .create_once(&["artifacts", ""], body, async || {
                let ours = |a: &Artifact| &a.data["write"] == marker;
                let stored = self.artifacts_by_key_until(key, ours).await?;
                Ok(stored.into_iter().find(ours).map(
                    |a| json!({"id": a.id, "created": a.created, "key": a.key, "data": a.data}),
                ))
            })
            .await?;
        types::parse(stored, "POST /artifacts/")
    }

    /// POSTs `body` to create something, at most once; returns it as stored. When the answer
    /// is lost, so that the server may have created it, `stored` looks for it there, and the
    /// request is sent again only when it is not found (at most `PREFECT_CLIENT_MAX_RETRIES`
    /// times).
    async fn create_once(
        &self,
        segments: &[&str],
        body: &Value,
        stored: impl AsyncFn() -> Result<Option<Value>>,
    ) -> Result<Value> {
        let what = format!("POST /{}", segments.join("/"));
        let mut attempt = 0;
        loop {
            let sent = self
                .send(
                    Method::POST,
                    segments,
                    &[],
                    Some(body),
                    Repeat::Unsafe,
                    Answer::One,
                )
                .await;
            let failed = match sent {
                Ok((_, created)) => return Ok(created),
                Err(failed) => failed,
            };
            if !failed.unanswered || attempt >= self.conn.max_retries {
                return Err(failed.error);
            }
            if let Some(found) = stored().await? {
                tracing::info!("{what}: {}; the server had done it", failed.error);
                return Ok(found);
            }
            attempt += 1;
            tracing::warn!(
                "{what}: {}; not done, sending it again (retry {attempt} of {})",
                failed.error,
                self.conn.max_retries
            );
        }
    }

    /// All artifacts with `key`, newest first.
    pub(crate) async fn artifacts_by_key(&self, key: &str) -> Result<Vec<Artifact>> {
        self.artifacts_by_key_until(key, |_| false).await
    }

    /// The artifacts with `key`, newest first, read page by page until one satisfies `found`
    /// (it is the last one returned) or there are no more. The first page is small: what is
    /// looked for is usually among the newest, and a long history is not read for it.
    pub(crate) async fn artifacts_by_key_until(
        &self,
        key: &str,
        found: impl Fn(&Artifact) -> bool,
    ) -> Result<Vec<Artifact>> {
        const FIRST: usize = 10;
        const PAGE: usize = 200;
        const WHAT: &str = "POST /artifacts/filter";
        let mut all = Vec::new();
        let mut paged = Paged::new(WHAT);
        loop {
            let limit = if all.is_empty() { FIRST } else { PAGE };
            let body = json!({"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC",
                              "limit": limit, "offset": all.len()});
            let page = self.page(&["artifacts", "filter"], &body).await?;
            let items: Vec<Artifact> = types::parse_page(&page, WHAT, limit)?;
            paged.take(items.len(), &page)?;
            let done = items.len() < limit;
            for item in items {
                let hit = found(&item);
                all.push(item);
                if hit {
                    return Ok(all);
                }
            }
            if done {
                return Ok(all);
            }
        }
    }

    /// A block document's data (secrets included), or None.
    pub(crate) async fn read_block_document(
        &self,
        slug: &str,
        name: &str,
    ) -> Result<Option<Value>> {
        let doc = self
            .read(
                &["block_types", "slug", slug, "block_documents", "name", name],
                &[("include_secrets", "true")],
                Answer::One,
            )
            .await?;
        Ok(doc.map(|d| d.get("data").cloned().unwrap_or(Value::Null)))
    }

    /// A variable's value, or None.
    pub(crate) async fn read_variable(&self, name: &str) -> Result<Option<Value>> {
        let var = self
            .read(&["variables", "name", name], &[], Answer::One)
            .await?;
        Ok(var.map(|v| v.get("value").cloned().unwrap_or(Value::Null)))
    }

    /// Creates the flow `name` if needed; returns its id.
    pub(crate) async fn ensure_flow(&self, name: &str) -> Result<String> {
        let body = json!({"name": name, "tags": [], "labels": {}});
        let flow = self
            .write(
                Method::POST,
                &["flows", ""],
                &body,
                Repeat::Safe,
                Answer::One,
            )
            .await?;
        id_of(&flow, "POST /flows/")
    }

    /// Creates (upserts) a deployment; returns it as stored.
    pub(crate) async fn create_deployment(&self, body: &Value) -> Result<Deployment> {
        let created = self
            .write(
                Method::POST,
                &["deployments", ""],
                body,
                Repeat::Safe,
                Answer::One,
            )
            .await?;
        id_of(&created, "POST /deployments/")?;
        types::parse(created, "POST /deployments/")
    }

    /// Updates deployment `id` with the fields in `body`.
    pub(crate) async fn update_deployment(&self, id: &str, body: &Value) -> Result<()> {
        self.write(
            Method::PATCH,
            &["deployments", id],
            body,
            Repeat::Safe,
            Answer::One,
        )
        .await?;
        Ok(())
    }

    /// Deletes deployment `id` (one already gone is not an error).
    pub(crate) async fn delete_deployment(&self, id: &str) -> Result<()> {
        self.send(
            Method::DELETE,
            &["deployments", id],
            &[],
            None,
            Repeat::Safe,
            Answer::One,
        )
        .await?;
        Ok(())
    }

    /// Deletes artifact `id` (one already gone is not an error).
    pub(crate) async fn delete_artifact(&self, id: &str) -> Result<()> {
        self.send(
            Method::DELETE,
            &["artifacts", id],
            &[],
            None,
            Repeat::Safe,
            Answer::One,
        )
        .await?;
        Ok(())
    }

    /// Deletes the automations owned by deployment `id` (its triggers).
    pub(crate) async fn delete_deployment_automations(&self, id: &str) -> Result<()> {
        let owner = format!("prefect.deployment.{id}");
        self.send(
            Method::DELETE,
            &["automations", "owned-by", &owner],
            &[],
            None,
            Repeat::Safe,
            Answer::One,
        )
        .await?;
        Ok(())
    }

    /// Creates one automation owned by deployment `owner`, at most once; returns its id.
    /// `created` are the ids of the automations this run already created for `owner`: a lost
    /// answer is looked for among the others, by name.
    pub(crate) async fn create_automation(
        &self,
        body: &Value,
        owner: &str,
        created: &[String],
    ) -> Result<String> {
        let resource = format!("prefect.deployment.{owner}");
        let automation = self
            .create_once(&["automations", ""], body, async || {
                let related = self
                    .read(&["automations", "related-to", &resource], &[], Answer::Page)
                    .await?;
                let related = related.and_then(|r| r.as_array().cloned());
                Ok(related.unwrap_or_default().into_iter().find(|a| {
                    a["name"] == body["name"]
                        && !created.iter().any(|id| a["id"].as_str() == Some(id))
                }))
            })
            .await?;
        id_of(&automation, "POST /automations/")
    }

    /// Sends a body; unlike a read, a 404 here is a failure.
    async fn write(
        &self,
        method: Method,
        segments: &[&str],
        body: &Value,
        repeat: Repeat,
        kind: Answer,
    ) -> Result<Value> {
        let what = format!("{method} /{}", segments.join("/"));
        let (status, answer) = self
            .send(method, segments, &[], Some(body), repeat, kind)
            .await?;
        if status == StatusCode::NOT_FOUND {
            return Err(self.not_found(&what, &answer).await);
        }
        Ok(answer)
    }

    /// One page of a filter endpoint's results for `body`, as text (each item is read on its
    /// own: [`types::parse_page`]).
    async fn page(&self, segments: &[&str], body: &Value) -> Result<String> {
        let what = format!("POST /{}", segments.join("/"));
        let url = self.url(segments, &[]);
        let (status, text) = self
            .send_text(Method::POST, &url, Some(body), Repeat::Safe, Answer::Page)
            .await?;
        if status.is_success() {
            return Ok(text);
        }
        Answer::Page.check_values(&what, &text)?;
        let (_, answer) = self.answer(&what, status, text, true)?;
        Err(self.not_found(&what, &answer).await)
    }

    /// The error for a 404 answer to a write: Prefect's endpoints do not 404, so the URL is
    /// likely not its API.
    async fn not_found(&self, what: &str, answer: &Value) -> Error {
        if !Box::pin(self.is_prefect_api()).await {
            return self.not_an_api();
        }
        Error::service(format!(
            "{what} failed with 404 Not Found: {}",
            detail(answer)
        ))
    }

    async fn read(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        kind: Answer,
    ) -> Result<Option<Value>> {
        let (status, body) = self
            .send(Method::GET, segments, query, None, Repeat::Safe, kind)
            .await?;
        Ok((status != StatusCode::NOT_FOUND).then_some(body))
    }

    async fn read_typed<T: serde::de::DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        what: &str,
    ) -> Result<Option<T>> {
        self.read(segments, query, Answer::One)
            .await?
            .map(|v| types::parse(v, what))
            .transpose()
    }
}

fn id_of(v: &Value, what: &str) -> Result<String> {
    v.get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            let shown = crate::escape::cut(&v.to_string(), 200);
            Error::service(format!("{what} answered without an id: {shown}"))
        })
}

#[cfg(test)]
mod tests;
