//! No credential in clear: the Prefect API key or auth string, and a registry's login, go
//! over plain http only to loopback as plainly written (`localhost`, `127.x.x.x` as four
//! decimal numbers, `[::1]`); another spelling of the same address is not loopback. A
//! registry's token service named over plain http gets no credential when the registry was
//! reached over https, loopback or not. (The code hosts' tokens: `codehosts.rs`.) Through the
//! binary, with canary credentials searched in its output and in every request sent.

use crate::support::fake::{serve, serve_raw, Seen};
use crate::support::registry::docker_config;
use crate::support::{pinflow, text, TestProject};

/// Ways to write 127.0.0.1 that are not plainly loopback.
const DISGUISED: [&str; 5] = [
    "0x7f000001",
    "2130706433",
    "127.1",
    "0177.0.0.1",
    "[::ffff:127.0.0.1]",
];

/// The registry login of `docker_config` (ciuser / cipass), and its Basic form.
const LOGIN: [&str; 2] = ["cipass", "Y2l1c2VyOmNpcGFzcw"];

fn assert_unseen(what: &str, out: &std::process::Output, seen: &Seen, canaries: &[&str]) {
    let all = text(&out.stdout) + &text(&out.stderr) + &seen.lock().unwrap().join("\n");
    for canary in canaries {
        assert!(!all.contains(canary), "{what}: {canary} shows: {all}");
    }
}

#[test]
fn prefect_credentials_go_over_plain_http_only_to_loopback() {
    let (url, seen) = serve(|_| ("200 OK", "{}".to_owned()));
    let p = TestProject::new(
        &[
            ("flows.py", "from prefect import flow\n\n@flow(name=\"clear\")\ndef main():\n    pass\n"),
            ("prefect.yaml", "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: pool}\n"),
        ],
        "m",
    );
    let credentials = [
        ("PREFECT_API_KEY", "pnu_cleartext-canary-1123"),
        ("PREFECT_API_AUTH_STRING", "user:cleartext-canary-1124"),
    ];
    for spelling in DISGUISED.into_iter().chain(["prefect.invalid"]) {
        let api = format!("{}/api", url.replace("127.0.0.1", spelling));
        for (var, value) in credentials {
            let out = pinflow(
                p.path(),
                &["deploy", "--all"],
                &[("PREFECT_API_URL", api.as_str()), (var, value)],
            );
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{api} {var}: {err}");
            assert!(
                err.contains("PREFECT_API_URL") && err.contains(var) && err.contains("https://"),
                "{api}: names the variable and the fix: {err}"
            );
            assert_unseen(&api, &out, &seen, &[value.split(':').next_back().unwrap()]);
            assert!(seen.lock().unwrap().is_empty(), "{api}: a request was sent");
        }
    }
}

/// A registry that asks for a Bearer token from `realm`.
fn challenging_registry(realm: String) -> String {
    let (url, _) = serve_raw(move |_, stream| {
        use std::io::Write;
        let _ = write!(
            stream,
            "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer realm=\"{realm}\",service=\"r\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
    });
    url.trim_start_matches("http://").to_owned()
}

/// `pinflow resolve-image` of `host`/team/app:1 with the registry login for `host`.
fn resolve(host: &str, extra: &[(&str, &str)]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let config = docker_config(host);
    let mut vars = vec![("DOCKER_CONFIG", config.path().to_str().unwrap())];
    vars.extend_from_slice(extra);
    pinflow(
        dir.path(),
        &["resolve-image", &format!("{host}/team/app:1")],
        &vars,
    )
}

#[test]
fn a_registry_login_never_reaches_a_plain_http_token_service_in_disguise() {
    let (token_url, token_seen) = serve(|_| ("200 OK", r#"{"token": "t"}"#.to_owned()));
    // A loopback registry on plain http whose token service is loopback written another way.
    for spelling in DISGUISED {
        let realm = format!("{}/token", token_url.replace("127.0.0.1", spelling));
        let registry = challenging_registry(realm.clone());
        let out = resolve(&registry, &[]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{realm}: {err}");
        assert!(err.contains("plain http"), "{realm}: {err}");
        assert_unseen(&realm, &out, &token_seen, &LOGIN);
        assert!(token_seen.lock().unwrap().is_empty(), "{realm}");
    }
    // A registry reached over https (127.1 is not loopback as written, so https; a TLS
    // terminator in front of the fake) whose token service is plain http: refused, however
    // its host is written, plain loopback included.
    let certs = tempfile::tempdir().unwrap();
    crate::tls::certificates(certs.path());
    let ca = certs.path().join("ca.crt");
    for spelling in ["127.0.0.1", "localhost", "0x7f000001"] {
        let realm = format!("{}/token", token_url.replace("127.0.0.1", spelling));
        let plain = challenging_registry(realm.clone());
        let port = crate::tls::tls_proxy(certs.path(), plain.rsplit(':').next().unwrap());
        let registry = format!("127.1:{port}");
        let out = resolve(&registry, &[("SSL_CERT_FILE", ca.to_str().unwrap())]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{realm}: {err}");
        assert!(
            err.contains("plain http") && err.contains("over https"),
            "{realm}: {err}"
        );
        assert_unseen(&realm, &out, &token_seen, &LOGIN);
        assert!(token_seen.lock().unwrap().is_empty(), "{realm}");
    }
}

#[test]
fn a_registry_written_as_disguised_loopback_is_spoken_to_over_https() {
    // A plain-http registry at 127.0.0.1 that would take the login: written another way, it
    // is not loopback, so pinflow speaks https to it and sends no login in clear.
    let (url, seen) = serve(|_| ("401 Unauthorized", String::new()));
    for spelling in DISGUISED {
        let host = url
            .trim_start_matches("http://")
            .replace("127.0.0.1", spelling);
        let out = resolve(&host, &[]);
        assert_eq!(out.status.code(), Some(4), "{host}: {}", text(&out.stderr));
        assert_unseen(&host, &out, &seen, &LOGIN);
        let requests = seen.lock().unwrap().join("\n").to_lowercase();
        assert!(!requests.contains("authorization"), "{host}: {requests}");
        assert!(
            !requests.contains("get /v2") && !requests.contains("head /v2"),
            "{host}"
        );
    }
}

#[test]
fn plain_http_never_goes_through_a_proxy() {
    // A loopback Prefect API over plain http carries its key in clear: a proxy the runner sets
    // (HTTP_PROXY) must not receive it; https would go through as a tunnel.
    let (api, api_seen) = serve(|_| ("200 OK", "[]".to_owned()));
    let (proxy, proxy_seen) = serve(|_| ("200 OK", "[]".to_owned()));
    let p = TestProject::new(&[("README.md", "x")], "m");
    let key = "pnu_proxy-canary-1131";
    let out = pinflow(
        p.path(),
        &["versions", "etl/prod"],
        &[
            ("PREFECT_API_URL", &format!("{api}/api")),
            ("PREFECT_API_KEY", key),
            ("HTTP_PROXY", &proxy),
            ("http_proxy", &proxy),
        ],
    );
    assert!(
        !api_seen.lock().unwrap().is_empty(),
        "pinflow asked the API: {}",
        text(&out.stderr)
    );
    assert_unseen("the proxy", &out, &proxy_seen, &[key]);
    assert!(
        proxy_seen.lock().unwrap().is_empty(),
        "the proxy got a request"
    );
}
