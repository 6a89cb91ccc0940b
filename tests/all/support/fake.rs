//! A minimal HTTP responder on loopback, for faults and for services that cannot be reached
//! from here (the GitHub API). It answers each request with what `answer` returns for its
//! request line and headers, and records what it received.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// What the fake received, request by request (request line and headers).
pub type Seen = Arc<Mutex<Vec<String>>>;

/// Starts the responder; returns its base URL (`http://127.0.0.1:port`) and the requests seen.
pub fn serve(answer: impl Fn(&str) -> (&'static str, String) + Send + 'static) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 16384];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n])
                .split("\r\n\r\n")
                .next()
                .unwrap_or("")
                .to_owned();
            log.lock().unwrap().push(head.clone());
            let (status, body) = answer(&head);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}
