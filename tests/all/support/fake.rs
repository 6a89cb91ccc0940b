//! A minimal HTTP responder on loopback, for faults, hostile answers and services that cannot
//! be reached from here (the GitHub API). It answers each request with what `answer` returns
//! for its request line and headers (or writes raw bytes), and records what it received.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What the fake received, request by request (request line and headers).
pub type Seen = Arc<Mutex<Vec<String>>>;

/// Starts the responder; returns its base URL (`http://127.0.0.1:port`) and the requests seen.
pub fn serve(answer: impl Fn(&str) -> (&'static str, String) + Send + 'static) -> (String, Seen) {
    serve_raw(move |request, stream| {
        let head = request.split("\r\n\r\n").next().unwrap_or("");
        let (status, body) = answer(head);
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
    })
}

/// Starts a responder that writes whatever `respond` writes for a request (its request line,
/// headers and the start of its body): for answers no well-behaved server gives.
pub fn serve_raw(respond: impl Fn(&str, &mut TcpStream) + Send + 'static) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 16384];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            log.lock().unwrap().push(head.clone());
            respond(&head, &mut stream);
        }
    });
    (url, seen)
}

/// Writes a 200 answer whose body is `size` bytes of `fill`, in chunks (never held in memory),
/// with no length announced: the client learns its size only by reading it.
pub fn huge_answer(stream: &mut TcpStream, size: u64, fill: u8) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
    );
    let chunk = vec![fill; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if stream.write_all(&chunk[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
}
