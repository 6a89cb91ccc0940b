//! A hostile Prefect API on loopback: it answers `GET /api/health` as Prefect does, has CSRF
//! protection off, and gives every other request what `answer` says — a list endpoint that
//! never ends, one deployment of 36 MiB, a server that ignores a filter. It serves any number
//! of requests (a paging loop is not cut short by the fake), reads each request whole and
//! records it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One request as the fake read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query (`/api/deployments/filter`).
    pub path: String,
    /// The JSON body (Null when none).
    pub body: serde_json::Value,
}

impl Request {
    /// The body's `limit` (what a page may hold), 200 when absent.
    pub fn limit(&self) -> usize {
        self.body["limit"].as_u64().unwrap_or(200) as usize
    }

    /// The body's `offset`.
    pub fn offset(&self) -> usize {
        self.body["offset"].as_u64().unwrap_or(0) as usize
    }
}

/// The requests the fake has received.
pub type Requests = Arc<Mutex<Vec<Request>>>;

/// Starts the fake; `answer` gives the status line and the JSON body of each request (other
/// than health and CSRF). Returns the API URL (`http://127.0.0.1:port/api`) and the requests.
pub fn start(
    answer: impl Fn(&Request) -> (&'static str, String) + Send + 'static,
) -> (String, Requests) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    let seen: Requests = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(request) = read_request(&mut stream) else {
                continue;
            };
            log.lock().unwrap().push(request.clone());
            let (status, body) = match (request.method.as_str(), request.path.as_str()) {
                ("GET", "/api/health") => ("200 OK", "true".to_owned()),
                ("GET", "/api/csrf-token") => ("404 Not Found", "{}".to_owned()),
                _ => answer(&request),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (url, seen)
}

/// Reads a request's line, headers and `content-length` bytes of body.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?;
    let path = target.split('?').next().unwrap_or(target).to_owned();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        body: serde_json::from_slice(&body).unwrap_or_default(),
    })
}

/// A deployment of flow `flow_id` as the server lists it, with `extra` fields.
pub fn deployment(
    id: &str,
    flow_id: &str,
    name: &str,
    extra: serde_json::Value,
) -> serde_json::Value {
    let mut d = serde_json::json!({
        "id": id, "flow_id": flow_id, "name": name, "tags": [], "version": "v1",
        "updated": "2020-01-01T00:00:00Z", "created": "2020-01-01T00:00:00Z",
        "work_pool_name": "pool", "work_queue_name": "default", "parameters": {},
        "pull_steps": [], "job_variables": {}, "schedules": [], "paused": false,
        "enforce_parameter_schema": true, "parameter_openapi_schema": {},
        "description": null, "entrypoint": "flows.py:main"
    });
    if let (Some(d), Some(extra)) = (d.as_object_mut(), extra.as_object()) {
        d.extend(extra.clone());
    }
    d
}

/// Runs pinflow and returns its output and its peak resident memory in KiB (GNU time's `%M`;
/// Debian's `time` package). A run that would not end, or would take the machine's memory,
/// is cut at 120 s and 4 GB of address space (and then fails the test: no measure).
pub fn pinflow_measured(
    dir: &std::path::Path,
    args: &[&str],
    vars: &[(&str, &str)],
) -> (std::process::Output, u64) {
    let time = std::path::Path::new("/usr/bin/time");
    assert!(
        time.exists(),
        "these tests measure memory with GNU time: apt-get install time"
    );
    let report = tempfile::NamedTempFile::new().unwrap();
    let out = super::clean_command("sh", dir, vars)
        .arg("-c")
        .arg("ulimit -v 4000000 && exec timeout 120 /usr/bin/time -f %M -o \"$0\" \"$@\"")
        .arg(report.path())
        .arg(env!("CARGO_BIN_EXE_pinflow"))
        .args(args)
        .output()
        .unwrap();
    let shown = std::fs::read_to_string(report.path()).unwrap();
    let kib = shown
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "no measure (GNU time wrote {shown:?}; exit {:?}): {}",
                out.status.code(),
                super::text(&out.stderr)
                    .chars()
                    .take(2000)
                    .collect::<String>()
            )
        });
    (out, kib)
}
