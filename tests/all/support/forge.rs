//! A code host's comment API on loopback — GitHub, GitLab, Bitbucket Cloud or Azure Repos —
//! that checks every request against the host's published API description (`tests/apis/`):
//! the operation (method and path), path and query parameters (names, types, enums, limits),
//! the credential's header, and the JSON body (types, enums, required and unknown fields).
//! It keeps the comments it is given, so a second run finds and updates the first run's, and
//! can refuse writes (403) as a host does for a token without the permission.
//!
//! Each host says whose the token is as the real one does: GitHub's `GET /user` for a
//! person's token (`octo-dev`, who as a maintainer may edit anyone's comment) and GraphQL's
//! `viewer` for an installation token (`ghs_…`: `github-actions[bot]`, for which `GET /user`
//! is 403); GitLab's `GET /user`; Bitbucket's `GET /2.0/user`; Azure's `_apis/connectionData`.
//! Comments name their author in the same terms. Bitbucket and Azure let only a comment's
//! author edit it (403 otherwise); GitHub and GitLab let the token edit anyone's.
//!
//! The hosts cannot be reached from the test machine, and none can be run here; the checks
//! against their descriptions are what stands in for them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{json, Value};

/// One of the four hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Github,
    Gitlab,
    Bitbucket,
    Azure,
}

impl Host {
    pub const ALL: [Host; 4] = [Host::Github, Host::Gitlab, Host::Bitbucket, Host::Azure];

    fn description(self) -> Value {
        let name = match self {
            Host::Github => "github",
            Host::Gitlab => "gitlab",
            Host::Bitbucket => "bitbucket",
            Host::Azure => "azure",
        };
        let path = format!("{}/tests/apis/{name}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }
}

/// A comment the host holds.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub body: String,
    /// Whether pinflow's token wrote it (GitHub: an app; GitLab: the token's user).
    pub bot: bool,
}

#[derive(Default)]
struct State {
    comments: Vec<Comment>,
    next_id: u64,
    violations: Vec<String>,
    requests: Vec<String>,
    forbid_writes: bool,
    /// 403 to every edit (PATCH, PUT), while new comments are still allowed.
    forbid_edits: bool,
    /// The host will not say whose the token is (as Bitbucket for an access token).
    hide_identity: bool,
    /// How many more requests get 429 (Retry-After: 0) before any is served.
    busy: usize,
    /// How many more requests get their connection closed without an answer.
    drop: usize,
    /// A listing of the comments is an endless body.
    endless_listing: bool,
}

/// The running fake host.
pub struct Forge {
    pub host: Host,
    pub url: String,
    pub token: String,
    state: Arc<Mutex<State>>,
}

impl Forge {
    /// Starts the host; `token` is the only credential it accepts.
    pub fn start(host: Host, token: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state: Arc<Mutex<State>> = Arc::new(Mutex::new(State {
            next_id: 1000,
            ..State::default()
        }));
        let shared = state.clone();
        let description = host.description();
        let token_owned = token.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(2000) {
                let Ok(stream) = stream else { continue };
                handle(host, &description, &token_owned, &shared, stream);
            }
        });
        Self {
            host,
            url,
            token: token.to_owned(),
            state,
        }
    }

    /// The variables a pull request build on this host sets, pointing at this fake.
    pub fn vars(&self, number: u64) -> Vec<(&'static str, String)> {
        let n = number.to_string();
        match self.host {
            Host::Github => vec![
                ("GITHUB_REF", format!("refs/pull/{n}/merge")),
                ("GITHUB_API_URL", self.url.clone()),
                ("GITHUB_TOKEN", self.token.clone()),
            ],
            Host::Gitlab => vec![
                ("CI_MERGE_REQUEST_IID", n),
                ("CI_PROJECT_ID", "4242".into()),
                ("CI_API_V4_URL", format!("{}/api/v4", self.url)),
                ("GITLAB_TOKEN", self.token.clone()),
            ],
            Host::Bitbucket => vec![
                ("BITBUCKET_PR_ID", n),
                ("BITBUCKET_REPO_FULL_NAME", "acme/flows".into()),
                ("PINFLOW_BITBUCKET_API_URL", format!("{}/2.0", self.url)),
                ("BITBUCKET_ACCESS_TOKEN", self.token.clone()),
            ],
            Host::Azure => vec![
                ("SYSTEM_PULLREQUEST_PULLREQUESTID", n),
                ("SYSTEM_COLLECTIONURI", format!("{}/acme/", self.url)),
                ("SYSTEM_TEAMPROJECT", "Data Platform".into()),
                ("BUILD_REPOSITORY_ID", "3f6c1a2e-repo".into()),
                ("BUILD_REPOSITORY_PROVIDER", "TfsGit".into()),
                ("SYSTEM_ACCESSTOKEN", self.token.clone()),
            ],
        }
    }

    /// Adds a comment as someone else wrote it.
    pub fn seed(&self, body: &str, bot: bool) -> u64 {
        let mut s = self.state.lock().unwrap();
        s.next_id += 1;
        let id = s.next_id;
        s.comments.push(Comment {
            id,
            body: body.to_owned(),
            bot,
        });
        id
    }

    /// Answer 429 to the next `n` requests, as a host under its rate limit.
    pub fn busy_for(&self, n: usize) {
        self.state.lock().unwrap().busy = n;
    }

    /// Answer 403 to every write from now on.
    pub fn forbid_writes(&self) {
        self.state.lock().unwrap().forbid_writes = true;
    }

    /// Answer 403 to every edit from now on; new comments are still allowed.
    pub fn forbid_edits(&self) {
        self.state.lock().unwrap().forbid_edits = true;
    }

    /// Refuse to say whose the token is from now on (401, as Bitbucket for an access token).
    pub fn hide_identity(&self) {
        self.state.lock().unwrap().hide_identity = true;
    }

    /// Close the connection of the next `n` requests without an answer.
    pub fn drop_next(&self, n: usize) {
        self.state.lock().unwrap().drop = n;
    }

    /// Answer every listing of the comments with an endless body.
    pub fn endless_listing(&self) {
        self.state.lock().unwrap().endless_listing = true;
    }

    pub fn comments(&self) -> Vec<Comment> {
        self.state.lock().unwrap().comments.clone()
    }

    /// `METHOD /path` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Every way a request broke the description so far.
    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }
}

struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = url::Url::parse(&format!("http://h{}", parts.next()?)).ok()?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path: target.path().to_owned(),
        query: target.query_pairs().into_owned().collect(),
        headers,
        body,
    })
}

fn handle(
    host: Host,
    description: &Value,
    token: &str,
    state: &Mutex<State>,
    mut stream: TcpStream,
) {
    let Some(req) = read_request(&stream) else {
        return;
    };
    let mut violations = Vec::new();
    let op = check(description, token, &req, &mut violations);
    let (status, body) = {
        let mut s = state.lock().unwrap();
        s.requests.push(format!("{} {}", req.method, req.path));
        s.violations.extend(violations.iter().cloned());
        if s.drop > 0 {
            s.drop -= 1;
            return; // The connection closes with no answer.
        }
        let listing = req.method == "GET" && op.is_some() && !asks_who(host, &req.path);
        if listing && s.endless_listing {
            drop(s);
            crate::support::fake::huge_answer(&mut stream, 1 << 31, b'[');
            return;
        }
        match (op, violations.is_empty()) {
            _ if s.busy > 0 => {
                s.busy -= 1;
                (429, json!({"message": "API rate limit exceeded"}))
            }
            (Some(op), true) => answer(host, token, &op, &req, &mut s),
            _ => (400, json!({"message": violations.join("; ")})),
        }
    };
    let text = body.to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nretry-after: 0\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
}

/// The operation `req` is, and every way it breaks the description.
fn check(
    description: &Value,
    token: &str,
    req: &Request,
    violations: &mut Vec<String>,
) -> Option<Operation> {
    let what = format!("{} {}", req.method, req.path);
    // The credential.
    let auth_ok = match description.get("auth_header").and_then(Value::as_str) {
        Some(name) => req.header(name) == Some(token),
        None => {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("user:{token}"));
            description["auth"]
                .as_array()
                .unwrap()
                .iter()
                .any(|scheme| {
                    let scheme = scheme.as_str().unwrap();
                    let value = req.header("authorization").unwrap_or("");
                    value
                        .strip_prefix(scheme)
                        .is_some_and(|v| v == token || (scheme == "Basic " && v == basic))
                })
        }
    };
    if !auth_ok {
        violations.push(format!(
            "{what}: no valid credential in the header the host reads"
        ));
    }
    // The operation.
    let found = description["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|op| {
            (op["method"] == req.method.as_str())
                .then(|| match_path(op["path"].as_str().unwrap(), &req.path))
                .flatten()
                .map(|params| (op, params))
        });
    let Some((op, path_params)) = found else {
        violations.push(format!("{what}: no such operation in the description"));
        return None;
    };
    let params = op["parameters"].as_array().unwrap();
    for (name, value) in &path_params {
        let p = params
            .iter()
            .find(|p| p["in"] == "path" && p["name"] == name.as_str());
        match p {
            Some(p) => check_value(&format!("{what}: path {name}"), p, value, violations),
            None => violations.push(format!("{what}: path parameter {name} not described")),
        }
    }
    for (name, value) in &req.query {
        match params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name.as_str())
        {
            Some(p) => check_value(&format!("{what}: query {name}"), p, value, violations),
            None => violations.push(format!("{what}: query parameter {name} not described")),
        }
    }
    for p in params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
    {
        let name = p["name"].as_str().unwrap();
        if !req.query.iter().any(|(k, _)| k == name) {
            violations.push(format!("{what}: required query parameter {name} missing"));
        }
    }
    // The body.
    match &op["body"] {
        Value::Null if !req.body.is_empty() => {
            violations.push(format!("{what}: a body where the operation takes none"))
        }
        Value::Null => {}
        schema => {
            if !req
                .header("content-type")
                .is_some_and(|c| c.starts_with("application/json"))
            {
                violations.push(format!("{what}: the body is not sent as application/json"));
            }
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(body) => check_schema(&format!("{what}: body"), schema, &body, violations),
                Err(e) => violations.push(format!("{what}: the body is not JSON: {e}")),
            }
        }
    }
    Some(Operation {
        params: path_params,
    })
}

/// The path parameters when `path` is an instance of `template`.
fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            Some(name) if !p.is_empty() => {
                let decoded = url::form_urlencoded::parse(format!("x={p}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                params.push((name.to_owned(), decoded));
            }
            Some(_) => return None,
            None if t == p => {}
            None => return None,
        }
    }
    Some(params)
}

fn check_value(what: &str, param: &Value, value: &str, violations: &mut Vec<String>) {
    match param["type"].as_str() {
        Some("integer") => match value.parse::<i64>() {
            Ok(n) => {
                if param["maximum"].as_i64().is_some_and(|m| n > m) {
                    violations.push(format!("{what}={value} is over the maximum"));
                }
            }
            Err(_) => violations.push(format!("{what}={value} is not an integer")),
        },
        _ => {
            if value.is_empty() && param["required"] == true {
                violations.push(format!("{what} is empty"));
            }
        }
    }
    if let Some(allowed) = param["enum"].as_array() {
        if !allowed.iter().any(|a| a == value) {
            violations.push(format!("{what}={value} is not one of {allowed:?}"));
        }
    }
}

fn check_schema(what: &str, schema: &Value, value: &Value, violations: &mut Vec<String>) {
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            violations.push(format!("{what}: {value} is not one of {allowed:?}"));
        }
    }
    let ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !ok {
        violations.push(format!("{what}: {value} is not of type {}", schema["type"]));
        return;
    }
    if let (Some(obj), Some(props)) = (value.as_object(), schema["properties"].as_object()) {
        for (k, v) in obj {
            match props.get(k) {
                Some(s) => check_schema(&format!("{what}.{k}"), s, v, violations),
                None => violations.push(format!("{what}: field {k} is not in the description")),
            }
        }
        for r in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap()) {
                violations.push(format!("{what}: required field {r} missing"));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            check_schema(&format!("{what}[{i}]"), items, v, violations);
        }
    }
}

struct Operation {
    params: Vec<(String, String)>,
}

impl Operation {
    fn param(&self, name: &str) -> u64 {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0)
    }
}

/// Whom a token is on each host, as the host names comment authors.
mod who {
    /// GitLab: a project access token's bot user.
    pub const GITLAB_BOT: u64 = 77;
    /// GitHub: the job token's (and any `ghs_` installation token's) app bot.
    pub const GITHUB_APP: (u64, &str) = (41898282, "github-actions[bot]");
    /// GitHub: the person a personal token belongs to (a maintainer).
    pub const GITHUB_PERSON: (u64, &str) = (5001, "octo-dev");
    /// Bitbucket: the token's account.
    pub const BITBUCKET: &str = "{5a1e7b0c-0000-4000-8000-00000000b0b0}";
    /// Azure: the project's build service identity.
    pub const AZURE: &str = "8d9c3a53-0000-4000-8000-00000000a2e0";
}

/// Whom the fake GitHub takes `token` for: (id, login, type).
fn github_user(token: &str) -> (u64, &'static str, &'static str) {
    if token.starts_with("ghs_") {
        (who::GITHUB_APP.0, who::GITHUB_APP.1, "Bot")
    } else {
        (who::GITHUB_PERSON.0, who::GITHUB_PERSON.1, "User")
    }
}

/// Whether a request to `path` asks whose the token is.
fn asks_who(host: Host, path: &str) -> bool {
    match host {
        Host::Github => path == "/user" || path == "/graphql",
        Host::Gitlab => path == "/api/v4/user",
        Host::Bitbucket => path == "/2.0/user",
        Host::Azure => path.ends_with("/_apis/connectionData"),
    }
}

/// The answer to a request that asks whose the token is, if `req` is one.
fn whoami(host: Host, token: &str, req: &Request, s: &State) -> Option<(u16, Value)> {
    let path = req.path.as_str();
    if !asks_who(host, path) {
        return None;
    }
    if s.hide_identity {
        return Some((
            401,
            json!({"type": "error", "error": {"message": "Token is invalid or not supported for this endpoint."}}),
        ));
    }
    let (id, login, kind) = github_user(token);
    Some(match host {
        Host::Github if path == "/graphql" => (
            200,
            json!({"data": {"viewer": {"databaseId": id, "login": login}}}),
        ),
        // An installation token cannot ask who it is over REST.
        Host::Github if kind == "Bot" => (
            403,
            json!({"message": "Resource not accessible by integration"}),
        ),
        Host::Github => (200, json!({"id": id, "login": login, "type": kind})),
        Host::Gitlab => (
            200,
            json!({"id": who::GITLAB_BOT, "username": "project_4242_bot", "bot": true}),
        ),
        Host::Bitbucket => (
            200,
            json!({"type": "user", "uuid": who::BITBUCKET, "display_name": "pinflow bot"}),
        ),
        Host::Azure => (
            200,
            json!({"authenticatedUser": {"id": who::AZURE,
                   "providerDisplayName": "Project Collection Build Service (acme)"},
                   "instanceId": "5c7b0000-0000-4000-8000-000000000001"}),
        ),
    })
}

/// What the host answers to a valid request.
fn answer(host: Host, token: &str, op: &Operation, req: &Request, s: &mut State) -> (u16, Value) {
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let query = |name: &str, default: usize| {
        req.query
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(default)
    };
    if let Some(answer) = whoami(host, token, req, s) {
        return answer;
    }
    if req.method != "GET" && s.forbid_writes {
        return (
            403,
            json!({"message": "Resource not accessible by integration"}),
        );
    }
    if matches!(req.method.as_str(), "PUT" | "PATCH") && s.forbid_edits {
        return (403, json!({"message": "Forbidden"}));
    }
    let (github_id, github_login, github_kind) = github_user(token);
    let render = |c: &Comment| match host {
        Host::Github => {
            let user = if c.bot {
                json!({"id": github_id, "login": github_login, "type": github_kind})
            } else {
                json!({"id": 12, "login": "someone", "type": "User"})
            };
            json!({"id": c.id, "body": c.body, "user": user})
        }
        Host::Gitlab => {
            let (id, name) = if c.bot {
                (who::GITLAB_BOT, "project_4242_bot")
            } else {
                (12, "someone")
            };
            json!({"id": c.id, "body": c.body, "system": false,
                   "author": {"id": id, "username": name}})
        }
        Host::Bitbucket => {
            let uuid = if c.bot {
                who::BITBUCKET
            } else {
                "{0e0e0e0e-0000-4000-8000-000000000012}"
            };
            json!({"id": c.id, "content": {"raw": c.body, "markup": "markdown"}, "deleted": false,
                   "user": {"type": "user", "uuid": uuid, "display_name": "x"}})
        }
        Host::Azure => {
            let author = if c.bot {
                who::AZURE
            } else {
                "0e0e0e0e-0000-4000-8000-000000000012"
            };
            json!({"id": c.id, "status": "closed",
                "comments": [{"id": 1, "parentCommentId": 0, "content": c.body, "commentType": "text",
                              "author": {"id": author, "displayName": "x"}}]})
        }
    };
    match req.method.as_str() {
        "GET" => {
            let all: Vec<Value> = s.comments.iter().map(render).collect();
            let (size_name, default) = match host {
                Host::Bitbucket => ("pagelen", 10),
                _ => ("per_page", 20),
            };
            if host == Host::Azure {
                return (200, json!({"count": all.len(), "value": all}));
            }
            let size = query(size_name, default).max(1);
            let page = query("page", 1).max(1);
            let items: Vec<Value> = all
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .cloned()
                .collect();
            match host {
                Host::Bitbucket => {
                    let mut v =
                        json!({"values": items, "page": page, "pagelen": size, "size": all.len()});
                    if page * size < all.len() {
                        v["next"] =
                            json!(format!("https://api.bitbucket.org/2.0/x?page={}", page + 1));
                    }
                    (200, v)
                }
                _ => (200, Value::Array(items)),
            }
        }
        "POST" => {
            let text = match host {
                Host::Github | Host::Gitlab => body["body"].as_str(),
                Host::Bitbucket => body["content"]["raw"].as_str(),
                Host::Azure => body["comments"][0]["content"].as_str(),
            };
            s.next_id += 1;
            let c = Comment {
                id: s.next_id,
                body: text.unwrap_or_default().to_owned(),
                bot: true,
            };
            s.comments.push(c.clone());
            (if host == Host::Azure { 200 } else { 201 }, render(&c))
        }
        _ => {
            let (id, text) = match host {
                Host::Github => (op.param("comment_id"), body["body"].as_str()),
                Host::Gitlab => (op.param("note_id"), body["body"].as_str()),
                Host::Bitbucket => (op.param("comment_id"), body["content"]["raw"].as_str()),
                Host::Azure => (op.param("threadId"), body["content"].as_str()),
            };
            let only_own = matches!(host, Host::Bitbucket | Host::Azure);
            match s.comments.iter_mut().find(|c| c.id == id) {
                // Bitbucket and Azure: only a comment's author may edit it.
                Some(c) if only_own && !c.bot => (403, json!({"message": "Forbidden"})),
                Some(c) => {
                    c.body = text.unwrap_or_default().to_owned();
                    let c = c.clone();
                    (200, render(&c))
                }
                None => (404, json!({"message": "Not Found"})),
            }
        }
    }
}
