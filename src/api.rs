//! The Prefect REST client: auth, CSRF, timeouts, bounded retries, typed endpoints.
//!
//! One `reqwest` client per command with a User-Agent, `X-PREFECT-API-VERSION` and timeouts.
//! Retries: 408, 429, 502 and 503 (honouring `Retry-After`), and connections that never
//! reached the server; a request that may have been processed is not repeated unless it is
//! idempotent. Errors keep the server's detail: a 422 names the field.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::env::Env;
use crate::error::{Error, Result};

/// The API version Prefect 3.9.1 announces.
const API_VERSION: &str = "0.8.4";
const CLOUD_API: &str = "https://api.prefect.cloud/api";

/// How to authenticate.
#[derive(Debug, Clone)]
pub enum Auth {
    /// No credentials (a local server).
    None,
    /// `PREFECT_API_KEY`, sent as a Bearer token.
    Bearer(SecretString),
    /// `PREFECT_API_AUTH_STRING` (`user:pass`), sent as Basic auth; wins over the key, as in Prefect.
    Basic(SecretString),
}

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub struct Connection {
    /// `PREFECT_API_URL`, without a trailing slash.
    pub api_url: String,
    /// Credentials.
    pub auth: Auth,
    /// Time allowed for one request (`PREFECT_API_REQUEST_TIMEOUT`, default 20 s).
    pub timeout: Duration,
    /// Retries per request (`PREFECT_CLIENT_MAX_RETRIES`, default 4).
    pub max_retries: u32,
    /// `PINFLOW_TRACE_REQUESTS`: a file that gets one JSON line per request (for benchmarks).
    pub trace: Option<std::path::PathBuf>,
    /// The environment, for the TLS settings of the HTTP client.
    env: Env,
}

impl Connection {
    /// Reads the connection from Prefect's own variables; None when `PREFECT_API_URL` is unset.
    pub fn from_env(env: &Env) -> Result<Option<Self>> {
        let Some(url) = env.get("PREFECT_API_URL") else {
            return Ok(None);
        };
        let parsed = url::Url::parse(url).map_err(|e| {
            Error::usage(format!(
                "PREFECT_API_URL is not a URL ({e}); expected e.g. http://127.0.0.1:4200/api"
            ))
        })?;
        let has_credentials =
            env.get("PREFECT_API_KEY").is_some() || env.get("PREFECT_API_AUTH_STRING").is_some();
        if parsed.scheme() == "http"
            && has_credentials
            && !crate::http::is_loopback(parsed.host_str().unwrap_or(""))
        {
            tracing::warn!(
                "PREFECT_API_URL is plain http to {}: the API credentials travel unencrypted; use https",
                parsed.host_str().unwrap_or("")
            );
        }
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::usage(
                "PREFECT_API_URL must start with http:// or https://",
            ));
        }
        // The URL shows in logs, outputs and links: credentials in it would be shown too.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::usage(
                "PREFECT_API_URL contains a user name or password, which would show wherever \
                 the URL does; remove them from the URL and set PREFECT_API_AUTH_STRING=user:password \
                 (Basic auth) or PREFECT_API_KEY instead",
            ));
        }
        let auth = match (
            env.get("PREFECT_API_AUTH_STRING"),
            env.get("PREFECT_API_KEY"),
        ) {
            (Some(basic), _) => Auth::Basic(SecretString::from(basic.to_owned())),
            (None, Some(key)) => Auth::Bearer(SecretString::from(key.to_owned())),
            (None, None) => Auth::None,
        };
        let number = |name: &str, default: f64| -> Result<f64> {
            env.get(name).map_or(Ok(default), |v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|n| *n >= 0.0)
                    .ok_or_else(|| Error::usage(format!("{name} must be a number, found {v:?}")))
            })
        };
        Ok(Some(Self {
            api_url: url.trim_end_matches('/').to_owned(),
            auth,
            timeout: Duration::from_secs_f64(number("PREFECT_API_REQUEST_TIMEOUT", 20.0)?.max(0.1)),
            max_retries: number("PREFECT_CLIENT_MAX_RETRIES", 4.0)? as u32,
            trace: env
                .get("PINFLOW_TRACE_REQUESTS")
                .map(std::path::PathBuf::from),
            env: env.clone(),
        }))
    }

    /// True for Prefect Cloud (no CSRF; version history).
    pub fn is_cloud(&self) -> bool {
        self.api_url.starts_with(CLOUD_API)
    }

    /// The UI link of a deployment.
    pub fn ui_url(&self, deployment_id: &str) -> String {
        if let Some(rest) = self.api_url.strip_prefix(&format!("{CLOUD_API}/accounts/")) {
            if let Some((account, rest)) = rest.split_once("/workspaces/") {
                let workspace = rest.split('/').next().unwrap_or(rest);
                return format!(
                    "https://app.prefect.cloud/account/{account}/workspace/{workspace}/deployments/deployment/{deployment_id}"
                );
            }
        }
        let ui = self.api_url.strip_suffix("/api").unwrap_or(&self.api_url);
        format!("{ui}/deployments/deployment/{deployment_id}")
    }
}

#[derive(Debug)]
enum Csrf {
    Unknown,
    Disabled,
    Token { token: String, client: String },
}

/// A client for one Prefect server.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    conn: Connection,
    csrf: Mutex<Csrf>,
    gate: Gate,
    /// The trace file's lock, and the secret values to hide in it (`hide_in_trace`).
    trace: std::sync::Mutex<Vec<String>>,
}

/// Caps the requests in flight and adapts the cap to the server: halved when it answers 503
/// or 429 (a SQLite-backed server under concurrent writes), grown by one after as many
/// successes as the cap, never above the configured maximum.
#[derive(Debug)]
struct Gate {
    state: std::sync::Mutex<GateState>,
    wake: tokio::sync::Notify,
}

#[derive(Debug)]
struct GateState {
    limit: usize,
    max: usize,
    in_flight: usize,
    successes: usize,
}

impl Gate {
    fn new(max: usize) -> Self {
        let max = max.max(1);
        Self {
            state: std::sync::Mutex::new(GateState {
                limit: max,
                max,
                in_flight: 0,
                successes: 0,
            }),
            wake: tokio::sync::Notify::new(),
        }
    }

    async fn enter(&self) {
        loop {
            let notified = self.wake.notified();
            {
                let mut s = self.state.lock().expect("gate lock");
                if s.in_flight < s.limit {
                    s.in_flight += 1;
                    return;
                }
            }
            notified.await;
        }
    }

    fn leave(&self, congested: bool) {
        let mut s = self.state.lock().expect("gate lock");
        s.in_flight -= 1;
        if congested {
            let lower = (s.limit / 2).max(1);
            if lower < s.limit {
                tracing::info!("the server is busy: at most {lower} requests in flight now");
            }
            s.limit = lower;
            s.successes = 0;
        } else {
            s.successes += 1;
            if s.successes >= s.limit && s.limit < s.max {
                s.limit += 1;
                s.successes = 0;
            }
        }
        drop(s);
        self.wake.notify_waiters();
    }
}

/// A request that failed; `unanswered` when it was sent and the server may have acted on it.
struct Failed {
    error: Error,
    unanswered: bool,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Self {
            error,
            unanswered: false,
        }
    }
}

impl From<Failed> for Error {
    fn from(failed: Failed) -> Self {
        failed.error
    }
}

/// Whether a request may be sent again after an answer that never came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Safe,
    Unsafe,
}

impl Client {
    /// A client for `conn` with at most 4 requests in flight.
    pub fn new(conn: Connection) -> Result<Self> {
        Self::with_concurrency(conn, 4)
    }

    /// A client for `conn` with at most `concurrency` requests in flight (adaptive below that).
    pub fn with_concurrency(conn: Connection, concurrency: usize) -> Result<Self> {
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
            conn,
            csrf: Mutex::new(csrf),
            gate: Gate::new(concurrency),
            trace: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The connection this client uses.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> url::Url {
        let mut url = url::Url::parse(&self.conn.api_url).expect("checked in Connection::from_env");
        url.path_segments_mut()
            .expect("http URLs have paths")
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends one request with retries; returns the status and the JSON body (Null if empty).
    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<&Value>,
        repeat: Repeat,
    ) -> std::result::Result<(StatusCode, Value), Failed> {
        let url = self.url(segments, query);
        let what = format!("{method} {}", url.path());
        let mutating = method != Method::GET;
        self.record(&method, &url, body);
        let mut attempt = 0;
        let mut csrf_refreshed = false;
        loop {
            let mut req = self.authorized(self.http.request(method.clone(), url.clone()));
            if mutating {
                if let Some((token, client)) = self.csrf_token(false).await? {
                    req = req
                        .header("Prefect-Csrf-Token", token)
                        .header("Prefect-Csrf-Client", client);
                }
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            self.gate.enter().await;
            let outcome = req.send().await;
            let congested = matches!(&outcome, Ok(r) if matches!(r.status().as_u16(), 429 | 503));
            self.gate.leave(congested);
            let retry_in = match &outcome {
                // Refused before any work: 408, 429, 503. A gateway's 502 or 504 may come
                // after the server acted, so only a request that is safe to repeat is repeated.
                Ok(resp) if matches!(resp.status().as_u16(), 408 | 429 | 503) => {
                    Some(retry_after(resp))
                }
                Ok(resp)
                    if repeat == Repeat::Safe && matches!(resp.status().as_u16(), 502 | 504) =>
                {
                    Some(retry_after(resp))
                }
                Err(e)
                    if e.is_connect()
                        || (repeat == Repeat::Safe && (e.is_timeout() || e.is_request())) =>
                {
                    Some(None)
                }
                _ => None,
            };
            if let Some(after) = retry_in {
                // A busy server (503/429) is contention, not failure: more, shorter retries
                // (the gate lowers the concurrency meanwhile); still bounded.
                let busy = matches!(&outcome, Ok(r) if matches!(r.status().as_u16(), 429 | 503));
                let budget = if busy {
                    self.conn.max_retries * 4
                } else {
                    self.conn.max_retries
                };
                if attempt < budget {
                    let wait = after.unwrap_or_else(|| backoff(attempt, busy));
                    pause(&what, &describe(&outcome), attempt, budget, wait, busy).await;
                    attempt += 1;
                    continue;
                }
            }
            // Once a request is sent, a lost answer leaves open whether the server acted.
            let lost = |e: &reqwest::Error| Failed {
                error: self.transport_error(&what, e),
                unanswered: mutating && !e.is_connect(),
            };
            let resp = outcome.map_err(|e| lost(&e))?;
            let status = resp.status();
            let text = match resp.text().await {
                Ok(text) => text,
                // The body was cut off or too slow: as for a lost answer.
                Err(e) if repeat == Repeat::Safe && attempt < self.conn.max_retries => {
                    let why = if e.is_timeout() {
                        "the answer timed out"
                    } else {
                        "the answer was cut off"
                    };
                    let wait = backoff(attempt, false);
                    pause(&what, why, attempt, self.conn.max_retries, wait, false).await;
                    attempt += 1;
                    continue;
                }
                Err(e) => return Err(lost(&e)),
            };
            if status == StatusCode::FORBIDDEN
                && text.contains("Invalid CSRF token")
                && !csrf_refreshed
            {
                csrf_refreshed = true;
                self.csrf_token(true).await?;
                continue;
            }
            let json: Value = if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            };
            if status.is_success() || status == StatusCode::NOT_FOUND {
                return Ok((status, json));
            }
            return Err(Failed {
                error: self.status_error(&what, status, &json),
                unanswered: mutating && matches!(status.as_u16(), 502 | 504),
            });
        }
    }

    /// Values (from secret blocks) that the request trace shows as `***` from now on.
    pub fn hide_in_trace(&self, secrets: &[String]) {
        self.trace
            .lock()
            .expect("trace lock")
            .extend_from_slice(secrets);
    }

    /// Appends the request to the trace file, when tracing is on.
    fn record(&self, method: &Method, url: &url::Url, body: Option<&Value>) {
        let Some(path) = &self.conn.trace else { return };
        let line = json!({"method": method.as_str(), "path": url.path(), "query": url.query(), "body": body});
        let hidden = self.trace.lock().expect("trace lock");
        let line = crate::report::redact(&line.to_string(), &hidden);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{line}\n").as_bytes()));
        if let Err(e) = written {
            tracing::warn!("cannot write the request trace {}: {e}", path.display());
        }
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

    async fn csrf_token(&self, refresh: bool) -> Result<Option<(String, String)>> {
        let mut state = self.csrf.lock().await;
        if refresh {
            *state = Csrf::Unknown;
        }
        if let Csrf::Unknown = *state {
            let client = uuid::Uuid::new_v4().to_string();
            // A GET, so `send` asks for no token itself; boxed, as the two call each other.
            let query = [("client", client.as_str())];
            let sent =
                Box::pin(self.send(Method::GET, &["csrf-token"], &query, None, Repeat::Safe));
            *state = match sent.await {
                Ok((StatusCode::NOT_FOUND, _)) => Csrf::Disabled,
                Ok((_, body)) => match body.get("token").and_then(Value::as_str) {
                    Some(token) => Csrf::Token {
                        token: token.to_owned(),
                        client,
                    },
                    None => {
                        return Err(Error::service(format!(
                            "GET /csrf-token answered without a token: {}",
                            detail(&body)
                        )))
                    }
                },
                Err(failed)
                    if failed
                        .error
                        .to_string()
                        .contains("CSRF protection is disabled") =>
                {
                    Csrf::Disabled
                }
                Err(failed) => return Err(failed.error),
            };
        }
        Ok(match &*state {
            Csrf::Token { token, client } => Some((token.clone(), client.clone())),
            _ => None,
        })
    }

    fn transport_error(&self, what: &str, e: &reqwest::Error) -> Error {
        let why = if e.is_timeout() {
            format!(
                "no answer within {:.0}s (PREFECT_API_REQUEST_TIMEOUT)",
                self.conn.timeout.as_secs_f64()
            )
        } else if e.is_connect() {
            "cannot connect".to_owned()
        } else {
            "the connection failed".to_owned()
        };
        Error::service(format!(
            "{what} on {}: {why}; check PREFECT_API_URL and that the server is running",
            self.conn.api_url
        ))
    }

    fn status_error(&self, what: &str, status: StatusCode, body: &Value) -> Error {
        let detail = detail(body);
        let hint = match status.as_u16() {
            401 => "; the server rejected the credentials: check PREFECT_API_KEY (or PREFECT_API_AUTH_STRING)",
            403 => "; the credentials lack permission for this",
            _ => "",
        };
        Error::service(format!("{what} failed with {status}: {detail}{hint}"))
    }

    /// The work pool `name`, or None if it does not exist.
    pub async fn read_work_pool(&self, name: &str) -> Result<Option<Value>> {
        self.read(&["work_pools", name], &[]).await
    }

    /// The deployment `flow/name`, or None.
    pub async fn read_deployment_by_name(&self, flow: &str, name: &str) -> Result<Option<Value>> {
        self.read(&["deployments", "name", flow, name], &[]).await
    }

    /// The deployment `id`, or None.
    pub async fn read_deployment(&self, id: &str) -> Result<Option<Value>> {
        self.read(&["deployments", id], &[]).await
    }

    /// Appends an artifact at most once; returns it as stored (with its id and creation time).
    /// `body.data.write` must be unique to this write: it is how a write whose answer was lost
    /// is recognised on the server when its answer is lost.
    pub async fn append_artifact(&self, body: &Value) -> Result<Value> {
        let key = body["key"].as_str().unwrap_or_default();
        let marker = &body["data"]["write"];
        debug_assert!(marker.is_string(), "append_artifact needs data.write");
        self.create_once(&["artifacts", ""], body, async || {
            let ours = |a: &Value| &a["data"]["write"] == marker;
            let stored = self.artifacts_by_key_until(key, ours).await?;
            Ok(stored.into_iter().find(ours))
        })
        .await
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
                .send(Method::POST, segments, &[], Some(body), Repeat::Unsafe)
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
    pub async fn artifacts_by_key(&self, key: &str) -> Result<Vec<Value>> {
        self.artifacts_by_key_until(key, |_| false).await
    }

    /// The artifacts with `key`, newest first, read page by page until one satisfies `found`
    /// (it is the last one returned) or there are no more. The first page is small: what is
    /// looked for is usually among the newest, and a long history is not read for it.
    pub async fn artifacts_by_key_until(
        &self,
        key: &str,
        found: impl Fn(&Value) -> bool,
    ) -> Result<Vec<Value>> {
        const FIRST: usize = 10;
        const PAGE: usize = 200;
        let mut all = Vec::new();
        loop {
            let limit = if all.is_empty() { FIRST } else { PAGE };
            let body = json!({"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC",
                              "limit": limit, "offset": all.len()});
            let page = self
                .write(Method::POST, &["artifacts", "filter"], &body, Repeat::Safe)
                .await?;
            let items = page.as_array().cloned().unwrap_or_default();
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
    pub async fn read_block_document(&self, slug: &str, name: &str) -> Result<Option<Value>> {
        let doc = self
            .read(
                &["block_types", "slug", slug, "block_documents", "name", name],
                &[("include_secrets", "true")],
            )
            .await?;
        Ok(doc.map(|d| d.get("data").cloned().unwrap_or(Value::Null)))
    }

    /// A variable's value, or None.
    pub async fn read_variable(&self, name: &str) -> Result<Option<Value>> {
        let var = self.read(&["variables", "name", name], &[]).await?;
        Ok(var.map(|v| v.get("value").cloned().unwrap_or(Value::Null)))
    }

    /// Creates the flow `name` if needed; returns its id.
    pub async fn ensure_flow(&self, name: &str) -> Result<String> {
        let body = json!({"name": name, "tags": [], "labels": {}});
        let flow = self
            .write(Method::POST, &["flows", ""], &body, Repeat::Safe)
            .await?;
        id_of(&flow, "POST /flows/")
    }

    /// Creates (upserts) a deployment; returns it as stored.
    pub async fn create_deployment(&self, body: &Value) -> Result<Value> {
        let created = self
            .write(Method::POST, &["deployments", ""], body, Repeat::Safe)
            .await?;
        id_of(&created, "POST /deployments/")?;
        Ok(created)
    }

    /// Updates deployment `id` with the fields in `body`.
    pub async fn update_deployment(&self, id: &str, body: &Value) -> Result<()> {
        self.write(Method::PATCH, &["deployments", id], body, Repeat::Safe)
            .await?;
        Ok(())
    }

    /// Deletes the automations owned by deployment `id` (its triggers).
    pub async fn delete_deployment_automations(&self, id: &str) -> Result<()> {
        let owner = format!("prefect.deployment.{id}");
        self.send(
            Method::DELETE,
            &["automations", "owned-by", &owner],
            &[],
            None,
            Repeat::Safe,
        )
        .await?;
        Ok(())
    }

    /// Creates one automation owned by deployment `owner`, at most once; returns its id.
    /// `created` are the ids of the automations this run already created for `owner`: a lost
    /// answer is looked for among the others, by name.
    pub async fn create_automation(
        &self,
        body: &Value,
        owner: &str,
        created: &[String],
    ) -> Result<String> {
        let resource = format!("prefect.deployment.{owner}");
        let automation = self
            .create_once(&["automations", ""], body, async || {
                let related = self
                    .read(&["automations", "related-to", &resource], &[])
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
    ) -> Result<Value> {
        let what = format!("{method} /{}", segments.join("/"));
        let (status, answer) = self.send(method, segments, &[], Some(body), repeat).await?;
        if status == StatusCode::NOT_FOUND {
            return Err(Error::service(format!(
                "{what} failed with 404 Not Found: {}",
                detail(&answer)
            )));
        }
        Ok(answer)
    }

    async fn read(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Option<Value>> {
        let (status, body) = self
            .send(Method::GET, segments, query, None, Repeat::Safe)
            .await?;
        Ok((status != StatusCode::NOT_FOUND).then_some(body))
    }
}

fn id_of(v: &Value, what: &str) -> Result<String> {
    v.get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::service(format!("{what} answered without an id: {v}")))
}

/// Prefect's error detail; for a 422 the failing fields and reasons.
fn detail(body: &Value) -> String {
    match body.get("detail").or_else(|| body.get("exception_detail")) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                let loc: Vec<String> = i
                    .get("loc")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let msg = i.get("msg").and_then(Value::as_str).unwrap_or("invalid");
                format!("field {}: {msg}", loc.join("."))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None if body.is_null() => "no details".to_owned(),
        None => body.to_string().chars().take(500).collect(),
    }
}

fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    let secs: f64 = resp
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs_f64(secs.clamp(0.0, 30.0)))
}

/// Logs retry `attempt + 1` of `budget` of `what` (info when the server is merely busy, else a
/// warning), then waits.
async fn pause(what: &str, why: &str, attempt: u32, budget: u32, wait: Duration, busy: bool) {
    let log = format!(
        "{what}: {why}; retry {} of {budget} in {:.2}s",
        attempt + 1,
        wait.as_secs_f64()
    );
    if busy {
        tracing::info!("{log}");
    } else {
        tracing::warn!("{log}");
    }
    tokio::time::sleep(wait).await;
}

/// Exponential backoff with jitter: from 50 ms (capped at 2 s) for a busy server, from
/// 500 ms (capped at 8 s) for a failed connection.
fn backoff(attempt: u32, busy: bool) -> Duration {
    let (first, cap) = if busy { (0.05, 2.0) } else { (0.5, 8.0) };
    let base = first * 2f64.powi(attempt.min(16) as i32);
    Duration::from_secs_f64((base + unit_random() * 0.3 * base).min(cap))
}

/// A number in [0, 1) that differs between calls and processes: enough to spread retries,
/// without a random-number crate (std seeds every `RandomState` from the OS).
fn unit_random() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

fn describe(outcome: &std::result::Result<reqwest::Response, reqwest::Error>) -> String {
    match outcome {
        Ok(resp) => format!("server answered {}", resp.status()),
        Err(e) if e.is_timeout() => "timed out".to_owned(),
        Err(e) if e.is_connect() => "cannot connect".to_owned(),
        Err(_) => "connection failed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_stays_capped() {
        let first: Vec<Duration> = (0..20).map(|_| backoff(0, true)).collect();
        assert!(first
            .iter()
            .all(|d| *d >= Duration::from_millis(50) && *d < Duration::from_millis(65)));
        assert!(first.iter().any(|d| *d != first[0]), "no jitter: {first:?}");
        assert!(backoff(3, true) >= Duration::from_millis(400));
        assert_eq!(backoff(30, true), Duration::from_secs(2));
        assert_eq!(backoff(30, false), Duration::from_secs(8));
    }

    fn conn(url: &str, pairs: &[(&str, &str)]) -> Connection {
        let mut all = vec![("PREFECT_API_URL", url)];
        all.extend_from_slice(pairs);
        Connection::from_env(&Env::from_pairs(all))
            .unwrap()
            .unwrap()
    }

    #[test]
    fn auth_string_wins_and_secrets_stay_hidden() {
        let c = conn(
            "http://h/api",
            &[
                ("PREFECT_API_KEY", "pnu_canary"),
                ("PREFECT_API_AUTH_STRING", "admin:pw_canary"),
            ],
        );
        assert!(matches!(c.auth, Auth::Basic(_)));
        let shown = format!("{c:?}");
        assert!(!shown.contains("canary"), "{shown}");
    }

    #[test]
    fn ui_links_for_cloud_and_self_hosted() {
        let cloud = conn(
            "https://api.prefect.cloud/api/accounts/a1/workspaces/w2",
            &[],
        );
        assert!(cloud.is_cloud());
        assert_eq!(
            cloud.ui_url("d3"),
            "https://app.prefect.cloud/account/a1/workspace/w2/deployments/deployment/d3"
        );
        let local = conn("http://127.0.0.1:4200/api/", &[]);
        assert!(!local.is_cloud());
        assert_eq!(
            local.ui_url("d3"),
            "http://127.0.0.1:4200/deployments/deployment/d3"
        );
    }

    #[test]
    fn urls_are_encoded() {
        let client = Client::new(conn("http://h:1/api", &[])).unwrap();
        assert_eq!(
            client
                .url(&["deployments", "name", "my flow", "a/b"], &[])
                .as_str(),
            "http://h:1/api/deployments/name/my%20flow/a%2Fb"
        );
        assert_eq!(
            client.url(&["flows", ""], &[]).as_str(),
            "http://h:1/api/flows/"
        );
    }

    #[tokio::test]
    async fn the_gate_halves_on_congestion_and_grows_back() {
        let gate = Gate::new(8);
        let limit = |g: &Gate| g.state.lock().unwrap().limit;
        gate.enter().await;
        gate.leave(true);
        assert_eq!(limit(&gate), 4);
        for _ in 0..3 {
            gate.enter().await;
            gate.leave(true);
        }
        assert_eq!(limit(&gate), 1, "never below one");
        for _ in 0..(1 + 2 + 3 + 4) {
            gate.enter().await;
            gate.leave(false);
        }
        assert_eq!(
            limit(&gate),
            5,
            "one more after as many successes as the limit"
        );
        for _ in 0..100 {
            gate.enter().await;
            gate.leave(false);
        }
        assert_eq!(limit(&gate), 8, "never above the maximum");
    }

    #[test]
    fn details_name_fields() {
        let body =
            json!({"detail": [{"loc": ["body", "parameters", "count"], "msg": "wrong type"}]});
        assert_eq!(detail(&body), "field body.parameters.count: wrong type");
    }

    #[test]
    fn bad_urls_are_usage_errors() {
        let err = Connection::from_env(&Env::from_pairs([("PREFECT_API_URL", "localhost:4200")]))
            .unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Usage);
    }
}
