//! Pinning against real components: Debian's docker-registry (no auth, Basic, token) and the
//! real Prefect server.

use serde_json::{json, Value};

use crate::support::registry::{docker_config, registry, sha256, Auth, REFRESH_TOKEN};
use crate::support::{json_ok, pinflow, server, text, Scenario, TestProject};
use base64::Engine;

fn resolve(args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["resolve-image"];
    all.extend_from_slice(args);
    let mut env = vec![("HOME", dir.path().to_str().unwrap())];
    env.extend_from_slice(vars);
    pinflow(dir.path(), &all, &env)
}

#[test]
fn resolves_single_images_and_multi_arch_indexes_without_auth() {
    let reg = registry(Auth::None);
    let (digest, _) = reg.push_image("team/app", "1.0", "amd64");
    let image = format!("{}/team/app:1.0", reg.host);
    let out = resolve(&[&image], &[]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{}/team/app@{digest}", reg.host),
        "{}",
        text(&out.stderr)
    );
    let (index, amd64) = reg.push_index("team/multi", "2.0");
    let out = json_ok(&resolve(
        &[&format!("{}/team/multi:2.0", reg.host), "--output", "json"],
        &[],
    ));
    assert_eq!(
        out["digest"],
        json!(index),
        "a multi-arch tag pins its index, not a platform child"
    );
    assert_ne!(out["digest"], json!(amd64));
    assert_eq!(
        out["image"],
        json!(format!("{}/team/multi@{index}", reg.host))
    );
    let out = resolve(&[&format!("{}/team/app:nope", reg.host)], &[]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr).contains("was not found on")
            && text(&out.stderr).contains("team/app:nope"),
        "{}",
        text(&out.stderr)
    );
    let out = resolve(&["Registry.local/Team/app:1"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"Team\" must be lowercase"));
}

#[test]
fn basic_auth_with_docker_config_and_a_clear_refusal_without() {
    let reg = registry(Auth::Basic);
    let (digest, _) = reg.push_image("team/app", "1.0", "amd64");
    let image = format!("{}/team/app:1.0", reg.host);
    let out = resolve(&[&image], &[]);
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(
        err.contains("needs a login") || err.contains("credential sources tried"),
        "{err}"
    );
    let config = docker_config(&reg.host);
    let out = resolve(
        &[&image],
        &[("DOCKER_CONFIG", config.path().to_str().unwrap())],
    );
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{}/team/app@{digest}", reg.host),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains("cipass"));
}

#[test]
fn token_auth_anonymous_and_with_credentials() {
    let reg = registry(Auth::Token);
    let (private, _) = reg.push_image("team/app", "1.0", "amd64");
    let (public, _) = reg.push_image("public/app", "1.0", "amd64");
    let out = resolve(&[&format!("{}/public/app:1.0", reg.host)], &[]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{}/public/app@{public}", reg.host),
        "anonymous token: {}",
        text(&out.stderr)
    );
    let image = format!("{}/team/app:1.0", reg.host);
    let out = resolve(&[&image], &[]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "anonymous on a private repository"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("refused access") && err.contains("credential sources tried"),
        "{err}"
    );
    let config = docker_config(&reg.host);
    let cfg = config.path().to_str().unwrap();
    let out = resolve(&[&image], &[("DOCKER_CONFIG", cfg)]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{}/team/app@{private}", reg.host),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains("cipass"));
}

#[test]
fn a_docker_identity_token_is_traded_for_an_access_token() {
    let reg = registry(Auth::Token);
    let (private, _) = reg.push_image("team/app", "1.0", "amd64");
    let image = format!("{}/team/app:1.0", reg.host);
    // What `az acr login` writes: an empty password beside the identity (refresh) token.
    let config = |token: &str| {
        let dir = tempfile::tempdir().unwrap();
        let auth = base64::engine::general_purpose::STANDARD
            .encode("00000000-0000-0000-0000-000000000000:");
        let json = json!({"auths": {reg.host.as_str(): {"auth": auth, "identitytoken": token}}});
        std::fs::write(dir.path().join("config.json"), json.to_string()).unwrap();
        dir
    };
    let good = config(REFRESH_TOKEN);
    let out = resolve(
        &[&image],
        &[("DOCKER_CONFIG", good.path().to_str().unwrap())],
    );
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{}/team/app@{private}", reg.host),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains(REFRESH_TOKEN));
    let bad = config("a-revoked-refresh-token");
    let out = resolve(
        &[&image],
        &[("DOCKER_CONFIG", bad.path().to_str().unwrap())],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("refused a pull token"), "{err}");
    for o in [&out.stdout, &out.stderr] {
        assert!(!text(o).contains("revoked-refresh-token"));
    }
}

#[test]
fn a_registry_without_the_digest_header_gets_hashed() {
    let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"#;
    let want = sha256(manifest.as_bytes());
    let (url, seen) = crate::support::fake::serve(move |head| {
        if head.starts_with("HEAD ") || head.starts_with("GET ") {
            ("200 OK", manifest.to_owned())
        } else {
            ("404 Not Found", String::new())
        }
    });
    let host = url.trim_start_matches("http://");
    let out = resolve(&[&format!("{host}/team/app:1.0")], &[]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("{host}/team/app@{want}"),
        "{}",
        text(&out.stderr)
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen[0].starts_with("HEAD /v2/team/app/manifests/1.0"),
        "HEAD first: {seen:?}"
    );
    assert!(
        seen.iter().any(|r| r.starts_with("GET ")),
        "then GET for the bytes"
    );
    assert!(
        seen[0]
            .to_lowercase()
            .contains("application/vnd.oci.image.index.v1+json"),
        "all media types accepted"
    );
}

fn project_yaml(image: &str) -> String {
    format!(
        "deployments:\n  - name: pinned\n    entrypoint: flows.py:main\n    work_pool:\n      name: test-pool\n      job_variables: {{image: \"{image}\"}}\n    \
         pull:\n      - prefect.deployments.steps.git_clone:\n          repository: https://github.com/org/repo.git\n          branch: main\n      \
         - prefect.deployments.steps.git_clone:\n          repository: https://github.com/org/library.git\n"
    )
}

const FLOW: &str = "from prefect import flow\n\n@flow(name=\"FLOW\")\ndef main():\n    pass\n";

/// A project of flow `flow` whose deployment `pinned` runs image `repo:1.0` of the registry
/// without auth (pushed here); returns it, the image's digest and the image as written.
fn with_an_image(flow: &str, repo: &str) -> (Scenario, String, String) {
    let reg = registry(Auth::None);
    let (digest, _) = reg.push_image(repo, "1.0", "amd64");
    let image = format!("{}/{repo}:1.0", reg.host);
    let s = Scenario::new(&[
        ("flows.py", &FLOW.replace("FLOW", flow)),
        ("prefect.yaml", &project_yaml(&image)),
    ]);
    (s, digest, image)
}

#[test]
fn deploy_pins_the_commit_and_the_image_on_ci() {
    let (s, digest, _) = with_an_image("pin-flow", "team/deployed");
    let s = s.on("github");
    let sha = s.project.head();
    let report = s.json(&["deploy", "--output", "json"]);
    let d = &report["deployments"][0];
    let host = &registry(Auth::None).host;
    let pinned_image = format!("{host}/team/deployed@{digest}");
    assert_eq!(
        d["pinned"],
        json!({"commit_sha": sha, "image": pinned_image})
    );
    let stored = server().deployment("pin-flow", "pinned").unwrap();
    assert_eq!(stored["job_variables"]["image"], json!(pinned_image));
    assert_eq!(
        stored["pull_steps"][0]["prefect.deployments.steps.git_clone"],
        json!({"repository": "https://github.com/org/repo.git", "commit_sha": sha})
    );
    assert_eq!(
        stored["pull_steps"][1]["prefect.deployments.steps.git_clone"],
        json!({"repository": "https://github.com/org/library.git"}),
        "another repository is left alone"
    );
}

#[test]
fn outside_ci_the_commit_is_not_pinned_and_never_leaves_the_image_as_written() {
    let (s, _, image) = with_an_image("pin-local", "team/local");
    let args = ["deploy", "--force", "--resolve-image", "never"];
    let local = s.json(&[&args[..], &["--output", "json"]].concat());
    assert_eq!(
        local["deployments"][0]["pinned"],
        json!({"commit_sha": null, "image": null})
    );
    let stored = server().deployment("pin-local", "pinned").unwrap();
    assert_eq!(
        stored["pull_steps"][0]["prefect.deployments.steps.git_clone"]["branch"],
        json!("main")
    );
    assert_eq!(stored["job_variables"]["image"], json!(image));
}

#[test]
fn image_digest_flag_env_template_and_unreachable_registries() {
    let s = server();
    let digest = format!("sha256:{}", "ab".repeat(32));
    let other = format!("sha256:{}", "cd".repeat(32));
    let p = TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", "digest-flow")),
            (
                "prefect.yaml",
                &project_yaml("registry.invalid/team/app:1.0"),
            ),
        ],
        "m",
    );
    let dry = |extra: &[&str], vars: &[(&str, &str)]| {
        let mut args = vec!["deploy", "--dry-run", "--output", "json"];
        args.extend_from_slice(extra);
        pinflow(p.path(), &args, vars)
    };
    let out = json_ok(&dry(&["--image-digest", &digest], &[]));
    assert_eq!(
        out["deployments"][0]["request"]["body"]["job_variables"]["image"],
        json!(format!("registry.invalid/team/app@{digest}"))
    );
    assert_eq!(
        out["deployments"][0]["pinned"]["image"],
        json!(format!("registry.invalid/team/app@{digest}"))
    );
    let out = dry(&["--image-digest", "sha256:short"], &[]);
    assert_eq!(out.status.code(), Some(2));
    // auto: an unreachable registry warns and deploys the tag; always: an error.
    let out = json_ok(&dry(&[], &[]));
    assert_eq!(out["deployments"][0]["pinned"]["image"], Value::Null);
    let out = dry(&["--resolve-image", "always"], &[]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("registry.invalid"));
    // {{ $IMAGE_DIGEST }} works as in Prefect, and a pinned image that disagrees with the flag is an error.
    std::fs::write(
        p.path().join("prefect.yaml"),
        project_yaml("registry.invalid/team/app@{{ $IMAGE_DIGEST }}"),
    )
    .unwrap();
    let out = json_ok(&dry(&[], &[("IMAGE_DIGEST", &digest)]));
    assert_eq!(
        out["deployments"][0]["request"]["body"]["job_variables"]["image"],
        json!(format!("registry.invalid/team/app@{digest}"))
    );
    let out = dry(&["--image-digest", &other], &[("IMAGE_DIGEST", &digest)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already pins"),
        "{}",
        text(&out.stderr)
    );
    let _ = s;
}

#[test]
fn a_registry_rate_limit_with_retry_after_is_waited_out_and_the_image_pinned() {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let digest = format!("sha256:{}", "ef".repeat(32));
    let answered = digest.clone();
    let asked = AtomicUsize::new(0);
    // Docker Hub's answer to too many pulls: 429 with Retry-After, then the manifest.
    let (url, seen) = crate::support::fake::serve_raw(move |_, stream| {
        let head = if asked.fetch_add(1, Ordering::SeqCst) == 0 {
            "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\n".to_owned()
        } else {
            format!("HTTP/1.1 200 OK\r\ndocker-content-digest: {answered}\r\n")
        };
        let _ = write!(
            stream,
            "{head}content-length: 0\r\nconnection: close\r\n\r\n"
        );
    });
    let host = url.trim_start_matches("http://");
    let p = TestProject::new(
        &[
            ("flows.py", &FLOW.replace("FLOW", "limited-flow")),
            (
                "prefect.yaml",
                &project_yaml(&format!("{host}/team/app:1.0")),
            ),
        ],
        "m",
    );
    let started = std::time::Instant::now();
    let args = [
        "deploy",
        "--dry-run",
        "--resolve-image",
        "always",
        "--output",
        "json",
    ];
    let out = json_ok(&pinflow(p.path(), &args, &[]));
    assert_eq!(
        out["deployments"][0]["pinned"]["image"],
        json!(format!("{host}/team/app@{digest}"))
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After was not waited for"
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "asked once more: {seen:?}");
}
