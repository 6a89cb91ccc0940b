//! One real Prefect server for the whole test run, on a free loopback port, with a temporary
//! PREFECT_HOME (SQLite). A watcher stops it when the test process ends.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running server and a blocking client for reading what was stored.
pub struct Server {
    /// `http://127.0.0.1:<port>/api`
    pub api_url: String,
    /// `user:pass` when the server requires Basic auth.
    pub auth_string: Option<String>,
    /// CSRF token and client id when the server enforces CSRF protection.
    csrf: Option<(String, String)>,
    http: reqwest::blocking::Client,
    _home: tempfile::TempDir,
    /// The watcher shell; it outlives the test process on purpose, to stop the server.
    _watcher: std::process::Child,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static SECURED: OnceLock<Server> = OnceLock::new();

/// The shared server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(|| Server::start(&[]))
}

/// A second server with Basic auth (`admin:pinflow-pass`) and CSRF protection, as hardened
/// self-hosted installations run.
pub fn secured_server() -> &'static Server {
    SECURED.get_or_init(|| {
        Server::start(&[
            ("PREFECT_SERVER_API_AUTH_STRING", "admin:pinflow-pass"),
            ("PREFECT_SERVER_CSRF_PROTECTION_ENABLED", "true"),
        ])
    })
}

impl Server {
    fn start(settings: &[(&str, &str)]) -> Server {
        let prefect = super::prefect_bin();
        let home = tempfile::tempdir().expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = home.path().join("server.log");
        let home_str = home.path().display().to_string();
        let port_str = port.to_string();
        let mut vars = vec![
            ("PREFECT_HOME", home_str.as_str()),
            ("PREFECT_SERVER_ANALYTICS_ENABLED", "false"),
            ("PREFECT_UI_ENABLED", "false"),
        ];
        vars.extend_from_slice(settings);
        let watcher = super::spawn_watched(
            &prefect,
            &[
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                &port_str,
            ],
            &vars,
            &log,
        );
        let api_url = format!("http://127.0.0.1:{port}/api");
        // pinflow's own idle bound: uvicorn closes idle connections after 5 s, and a request
        // sent as it does so is lost (`IncompleteMessage`).
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_idle_timeout(pinflow::internals::IDLE_REUSE)
            .build()
            .unwrap();
        let auth_string = settings
            .iter()
            .find(|(k, _)| *k == "PREFECT_SERVER_API_AUTH_STRING")
            .map(|(_, v)| v.to_string());
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let mut health = http.get(format!("{api_url}/health"));
            if let Some((user, pass)) = auth_string.as_deref().and_then(|a| a.split_once(':')) {
                health = health.basic_auth(user, Some(pass));
            }
            let ok = health
                .send()
                .map(|r| r.status().is_success())
                .unwrap_or(false);
            if ok {
                break;
            }
            if Instant::now() > deadline {
                let tail = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("the Prefect server did not start within 120 s on port {port}; its log:\n{tail}");
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        let mut server = Server {
            api_url,
            auth_string,
            csrf: None,
            http,
            _home: home,
            _watcher: watcher,
        };
        let csrf_on = settings.contains(&("PREFECT_SERVER_CSRF_PROTECTION_ENABLED", "true"));
        if csrf_on {
            let client = "pinflow-tests";
            let token = server.send(|| {
                server
                    .http
                    .get(format!("{}/csrf-token?client={client}", server.api_url))
            });
            assert!(
                token.status().is_success(),
                "csrf-token: {}",
                token.status()
            );
            let token: Value = token.json().unwrap();
            server.csrf = Some((
                token["token"].as_str().unwrap().to_owned(),
                client.to_owned(),
            ));
        }
        server.create_work_pool("test-pool");
        server
    }

    /// Sends a request, retrying the SQLite server's 503s under concurrent writes, and a read
    /// whose answer was lost (bounded).
    fn send(
        &self,
        make: impl Fn() -> reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::Response {
        for attempt in 0..20 {
            let mut req = make();
            if let Some((user, pass)) = self.auth_string.as_deref().and_then(|a| a.split_once(':'))
            {
                req = req.basic_auth(user, Some(pass));
            }
            if let Some((token, client)) = &self.csrf {
                req = req
                    .header("Prefect-Csrf-Token", token)
                    .header("Prefect-Csrf-Client", client);
            }
            let req = req.build().unwrap();
            let read = req.method() == reqwest::Method::GET;
            let r = match self.http.execute(req) {
                Ok(r) => r,
                Err(e) if read && attempt < 3 && !e.is_timeout() => {
                    eprintln!("test server: a read lost its answer, asking again: {e}");
                    continue;
                }
                Err(e) => panic!("test server: {e}"),
            };
            if r.status().as_u16() != 503 {
                return r;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("the server kept answering 503");
    }

    /// Creates a secret block document `name` holding `value`.
    pub fn create_secret_block(&self, name: &str, value: &str) {
        let secret_type = self
            .get("/block_types/slug/secret")
            .expect("the secret block type is registered");
        let schemas = self.post(
            "/block_schemas/filter",
            &json!({"block_schemas": {"block_type_id": {"any_": [secret_type["id"]]}}}),
        );
        self.post(
            "/block_documents/",
            &json!({"name": name, "data": {"value": value},
                    "block_schema_id": schemas[0]["id"], "block_type_id": secret_type["id"]}),
        );
    }

    /// Creates a process work pool (no error if it exists).
    pub fn create_work_pool(&self, name: &str) {
        let r = self.send(|| {
            self.http
                .post(format!("{}/work_pools/", self.api_url))
                .json(&json!({"name": name, "type": "process"}))
        });
        assert!(
            r.status().is_success() || r.status().as_u16() == 409,
            "work pool: {}",
            r.status()
        );
    }

    /// GET `path` as JSON; None on 404.
    pub fn get(&self, path: &str) -> Option<Value> {
        let r = self.send(|| self.http.get(format!("{}{path}", self.api_url)));
        if r.status().as_u16() == 404 {
            return None;
        }
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        Some(r.json().unwrap())
    }

    /// POST JSON to `path`.
    pub fn post(&self, path: &str, body: &Value) -> Value {
        let r = self.send(|| self.http.post(format!("{}{path}", self.api_url)).json(body));
        assert!(
            r.status().is_success(),
            "POST {path}: {} {}",
            r.status(),
            r.text().unwrap_or_default()
        );
        r.json().unwrap_or(Value::Null)
    }

    /// How many history records (pinflow's artifacts) deployment `id` has.
    pub fn history_len(&self, id: &str) -> usize {
        let key = format!("pinflow-{id}");
        self.post(
            "/artifacts/filter",
            &json!({"artifacts": {"key": {"any_": [key]}}}),
        )
        .as_array()
        .map_or(0, Vec::len)
    }

    /// The stored deployment `flow/name`.
    pub fn deployment(&self, flow: &str, name: &str) -> Option<Value> {
        self.get(&format!("/deployments/name/{flow}/{name}"))
    }

    /// PATCH JSON to `path` (an edit made outside pinflow).
    pub fn patch(&self, path: &str, body: &Value) {
        let r = self.send(|| {
            self.http
                .patch(format!("{}{path}", self.api_url))
                .json(body)
        });
        assert!(r.status().is_success(), "PATCH {path}: {}", r.status());
    }

    /// Deletes deployment `flow/name` if it exists.
    pub fn delete_deployment(&self, flow: &str, name: &str) {
        if let Some(d) = self.deployment(flow, name) {
            let id = d["id"].as_str().unwrap();
            let r = self.send(|| {
                self.http
                    .delete(format!("{}/deployments/{id}", self.api_url))
            });
            assert!(r.status().is_success(), "DELETE deployment: {}", r.status());
        }
    }

    /// How many deployments the server holds.
    pub fn deployment_count(&self, flow: &str) -> usize {
        let r = self.send(|| {
            self.http
                .post(format!("{}/deployments/count", self.api_url))
                .json(&json!({"flows": {"name": {"any_": [flow]}}}))
        });
        r.json::<Value>().unwrap().as_u64().unwrap() as usize
    }

    /// Environment for a tool talking to this server.
    pub fn vars(&self) -> Vec<(&str, &str)> {
        let mut vars = vec![("PREFECT_API_URL", self.api_url.as_str())];
        if let Some(auth) = &self.auth_string {
            vars.push(("PREFECT_API_AUTH_STRING", auth.as_str()));
        }
        vars
    }
}
