//! TLS to the Prefect API: a custom CA bundle, skipping verification with a warning, and a
//! usage error when credentials would travel over plain http to a remote host. The
//! certificates and the TLS terminator here serve other tests too (an https registry).

use std::path::Path;
use std::process::Command;

use crate::support::{server, spawn_watched, text, Scenario};

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

const FLOW: &str = r#"
from prefect import flow

@flow(name="tls-flow")
def main():
    pass
"#;
const YAML: &str = r#"
deployments:
  - name: prod
    entrypoint: flows.py:main
    work_pool: {name: test-pool}
"#;

/// The shared server behind a TLS terminator whose certificate is signed by the CA in the
/// returned folder (`ca.crt`); a project of flow `flow` talks to it.
fn behind_tls(flow: &str) -> (tempfile::TempDir, Scenario) {
    let dir = tempfile::tempdir().unwrap();
    certificates(dir.path());
    let upstream = server()
        .api_url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/api")
        .to_owned();
    let port = tls_proxy(dir.path(), &upstream);
    let url = format!("https://127.0.0.1:{port}/api");
    let flows = FLOW.replace("tls-flow", flow);
    let s = Scenario::new(&[("flows.py", &flows), ("prefect.yaml", YAML)])
        .offline()
        .env("PREFECT_API_URL", &url);
    (dir, s)
}

#[test]
fn a_server_certificate_of_an_unknown_ca_is_refused() {
    let (_dir, s) = behind_tls("tls-unknown");
    s.env("PREFECT_CLIENT_MAX_RETRIES", "0")
        .exits(&["deploy"], 4);
}

#[test]
fn a_ca_bundle_from_prefect_api_ssl_cert_file_or_ssl_cert_file_is_trusted() {
    let (dir, s) = behind_tls("tls-flow");
    let ca = dir.path().join("ca.crt");
    for var in ["PREFECT_API_SSL_CERT_FILE", "SSL_CERT_FILE"] {
        let out = s.run_with(&["deploy", "--force"], &[(var, ca.to_str().unwrap())]);
        assert!(out.status.success(), "{var}: {}", text(&out.stderr));
    }
    assert!(server().deployment("tls-flow", "prod").is_some());
}

#[test]
fn skipping_verification_works_and_says_so() {
    let (_dir, s) = behind_tls("tls-skip");
    let err = s
        .env("PREFECT_API_TLS_INSECURE_SKIP_VERIFY", "true")
        .exits(&["deploy", "--force"], 0);
    assert!(err.contains("certificate is not checked"), "{err}");
}

#[test]
fn a_bad_ca_bundle_is_a_usage_error_naming_it() {
    let (_dir, s) = behind_tls("tls-bad");
    let err = s
        .env("SSL_CERT_FILE", "/nonexistent.pem")
        .exits(&["deploy"], 2);
    assert!(err.contains("SSL_CERT_FILE=/nonexistent.pem"), "{err}");
}

#[test]
fn an_api_key_over_plain_http_to_a_remote_host_is_a_usage_error_naming_the_variables() {
    let s = Scenario::new(&[("flows.py", FLOW), ("prefect.yaml", YAML)])
        .offline()
        .env("PREFECT_API_URL", "http://prefect.invalid:4200/api")
        .env("PREFECT_API_KEY", "pnu_x")
        .env("PREFECT_CLIENT_MAX_RETRIES", "0")
        .env("PREFECT_API_REQUEST_TIMEOUT", "1");
    let err = s.exits(&["deploy", "--dry-run"], 2);
    assert!(
        err.contains("PREFECT_API_URL")
            && err.contains("PREFECT_API_KEY")
            && err.contains("https://"),
        "{err}"
    );
}
