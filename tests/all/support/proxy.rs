//! A fault-injecting HTTP proxy in front of the real Prefect server: per request it forwards,
//! answers with an error status itself, forwards and then drops the answer (the server did the
//! work, the client never hears of it), delays, or stalls. One request per connection.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What to do with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Pass it to the server and its answer back.
    Forward,
    /// Answer `status` with these headers without asking the server.
    Status(u16, Vec<(&'static str, &'static str)>),
    /// Answer `status` with this JSON body without asking the server.
    Answer(u16, String),
    /// Close the connection without passing it on or answering.
    Drop,
    /// Pass it to the server, then close the connection without answering.
    DropAfterForward,
    /// Pass it to the server, then answer `status` instead (a gateway failing late).
    StatusAfterForward(u16),
    /// Pass it to the server, then send only the first half of its answer and close.
    CutOff,
    /// Wait, then forward.
    Delay(Duration),
    /// Never answer (hold the connection for a minute).
    Stall,
}

/// A running proxy.
pub struct Proxy {
    /// Its API URL (`http://127.0.0.1:<port>/api`).
    pub url: String,
    /// `METHOD /path` of every request seen, in order.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// How many requests it saw whose `METHOD /path` satisfies `matches`.
    pub fn count(&self, matches: impl Fn(&str) -> bool) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|k| matches(k))
            .count()
    }
}

/// Starts a proxy to `upstream` (`http://127.0.0.1:<port>`); `decide` gets `METHOD /path` and
/// how many requests with that method and path came before this one.
pub fn start(
    upstream: &str,
    decide: impl Fn(&str, usize) -> Fault + Send + Sync + 'static,
) -> Proxy {
    start_with_body(upstream, move |key, n, _| decide(key, n))
}

/// [`start`], with `decide` also given the request's body: a fault for one request by what it
/// carries, whatever retries the server's own answers cause before it.
pub fn start_with_body(
    upstream: &str,
    decide: impl Fn(&str, usize, &[u8]) -> Fault + Send + Sync + 'static,
) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    let upstream = upstream
        .trim_start_matches("http://")
        .trim_end_matches("/api")
        .to_owned();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let decide = Arc::new(decide);
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(client) = stream else { continue };
            let (upstream, decide, log, counts) = (
                upstream.clone(),
                decide.clone(),
                log.clone(),
                counts.clone(),
            );
            std::thread::spawn(move || handle(client, &upstream, &*decide, &log, &counts));
        }
    });
    Proxy { url, seen }
}

fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some((head, buf[head_end..].to_vec()))
}

fn handle(
    mut client: TcpStream,
    upstream: &str,
    decide: &(dyn Fn(&str, usize, &[u8]) -> Fault + Send + Sync),
    log: &Mutex<Vec<String>>,
    counts: &Mutex<HashMap<String, usize>>,
) {
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    let mut parts = head.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let key = format!("{method} {}", target.split('?').next().unwrap_or(""));
    let n = {
        let mut c = counts.lock().unwrap();
        let n = *c.get(&key).unwrap_or(&0);
        c.insert(key.clone(), n + 1);
        n
    };
    log.lock().unwrap().push(key.clone());
    match decide(&key, n, &body) {
        Fault::Status(code, headers) => {
            let body = format!(r#"{{"detail":"injected {code}"}}"#);
            let extra: String = headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}\r\n"))
                .collect();
            let _ = write!(client, "HTTP/1.1 {code} Injected\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n{body}", body.len());
        }
        Fault::Answer(code, body) => {
            let _ = write!(client, "HTTP/1.1 {code} Injected\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        }
        Fault::Stall => std::thread::sleep(Duration::from_secs(60)),
        Fault::Drop => {}
        Fault::StatusAfterForward(code) => {
            if forward(upstream, &head, &body).is_some() {
                let _ = write!(
                    client,
                    "HTTP/1.1 {code} Injected\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        }
        fault => {
            if let Fault::Delay(d) = fault {
                std::thread::sleep(d);
            }
            let Some(answer) = forward(upstream, &head, &body) else {
                return;
            };
            match fault {
                Fault::DropAfterForward => {}
                Fault::CutOff => {
                    let _ = client.write_all(&answer[..answer.len() / 2]);
                }
                _ => {
                    let _ = client.write_all(&answer);
                }
            }
        }
    }
}

fn forward(upstream: &str, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).ok()?;
    let mut lines: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    let request = format!("{}\r\n\r\n", lines.join("\r\n"));
    server.write_all(request.as_bytes()).ok()?;
    server.write_all(body).ok()?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).ok()?;
    Some(answer)
}
