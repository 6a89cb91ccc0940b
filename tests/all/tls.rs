//! TLS to the Prefect API: a custom CA bundle, skipping verification with a warning, and a
//! usage error when credentials would travel over plain http to a remote host. The
//! certificates and the TLS terminator here serve other tests too (an https registry).

use std::path::Path;
use std::process::Command;

use crate::support::{pinflow, server, spawn_watched, text, TestProject};

/// A CA and a leaf certificate for 127.0.0.1 (rustls refuses a CA used as the server cert).
pub(crate) fn certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            text(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=pinflow test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(dir.join("leaf.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.crt",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
    ]);
}

/// Starts a TLS terminator on 127.0.0.1 in front of plain `upstream` (a port), with the
/// leaf certificate [`certificates`] made in `dir`; returns its port.
pub(crate) fn tls_proxy(dir: &Path, upstream: &str) -> u16 {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let python = crate::support::prefect_bin().with_file_name("python");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/all/support/tlsproxy.py");
    let (cert, key) = (dir.join("leaf.crt"), dir.join("leaf.key"));
    // The watcher outlives this test on purpose: it stops the proxy when the test process ends.
    #[allow(clippy::zombie_processes)]
    let _proxy = spawn_watched(
        &python,
        &[
            script.to_str().unwrap(),
            &port.to_string(),
            upstream,
            cert.to_str().unwrap(),
            key.to_str().unwrap(),
        ],
        &[],
        &dir.join(format!("tls-{port}.log")),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    port
}

#[test]
fn custom_ca_bundle_insecure_skip_and_plain_http_refused() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    certificates(dir.path());
    let upstream = s
        .api_url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/api")
        .to_owned();
    let port = tls_proxy(dir.path(), &upstream);
    let url = format!("https://127.0.0.1:{port}/api");
    let p = TestProject::new(&[("flows.py", "from prefect import flow\n\n@flow(name=\"tls-flow\")\ndef main():\n    pass\n"),
        ("prefect.yaml", "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n")], "tls");
    // Unknown CA: refused.
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[
            ("PREFECT_API_URL", &url),
            ("PREFECT_CLIENT_MAX_RETRIES", "0"),
        ],
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    // The CA bundle from PREFECT_API_SSL_CERT_FILE (or SSL_CERT_FILE): trusted.
    let ca = dir.path().join("ca.crt");
    for var in ["PREFECT_API_SSL_CERT_FILE", "SSL_CERT_FILE"] {
        let out = pinflow(
            p.path(),
            &["deploy", "--force"],
            &[("PREFECT_API_URL", &url), (var, ca.to_str().unwrap())],
        );
        assert!(out.status.success(), "{var}: {}", text(&out.stderr));
    }
    assert!(s.deployment("tls-flow", "prod").is_some());
    // Skipping verification works, and says so.
    let out = pinflow(
        p.path(),
        &["deploy", "--force"],
        &[
            ("PREFECT_API_URL", &url),
            ("PREFECT_API_TLS_INSECURE_SKIP_VERIFY", "true"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("certificate is not checked"));
    // A bad bundle is a clear usage error.
    let out = pinflow(
        p.path(),
        &["deploy"],
        &[
            ("PREFECT_API_URL", &url),
            ("SSL_CERT_FILE", "/nonexistent.pem"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("SSL_CERT_FILE=/nonexistent.pem"));
    // An API key over plain http to a remote host: a usage error naming the variable.
    let out = pinflow(
        p.path(),
        &["deploy", "--dry-run"],
        &[
            ("PREFECT_API_URL", "http://prefect.invalid:4200/api"),
            ("PREFECT_API_KEY", "pnu_x"),
            ("PREFECT_CLIENT_MAX_RETRIES", "0"),
            ("PREFECT_API_REQUEST_TIMEOUT", "1"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("PREFECT_API_URL")
            && err.contains("PREFECT_API_KEY")
            && err.contains("https://"),
        "{err}"
    );
}
