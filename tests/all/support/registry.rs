//! Real registries for the tests: Debian's `docker-registry` (CNCF distribution) on free
//! loopback ports, without auth, with htpasswd Basic auth, and with token auth; images and a
//! multi-arch index pushed over plain HTTP.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A running registry.
pub struct Registry {
    /// `127.0.0.1:<port>`
    pub host: String,
    /// Authorization header for pushing, if it needs one.
    push_auth: Option<String>,
    _dir: tempfile::TempDir,
    _children: Vec<Child>,
}

/// Which kind of registry.
#[derive(Clone, Copy)]
pub enum Auth {
    /// Anonymous.
    None,
    /// htpasswd (`ciuser` / `cipass`).
    Basic,
    /// Token server (`ciuser` / `cipass`; anonymous pull on `public/*`).
    Token,
}

static NOAUTH: OnceLock<Registry> = OnceLock::new();
static BASIC: OnceLock<Registry> = OnceLock::new();
static TOKEN: OnceLock<Registry> = OnceLock::new();

/// The shared registry of `kind`, started on first use.
pub fn registry(kind: Auth) -> &'static Registry {
    match kind {
        Auth::None => NOAUTH.get_or_init(|| Registry::start(kind)),
        Auth::Basic => BASIC.get_or_init(|| Registry::start(kind)),
        Auth::Token => TOKEN.get_or_init(|| Registry::start(kind)),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Finds `program` on PATH, or fails loudly naming the package that provides it.
fn installed(program: &str) -> std::path::PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(program)).find(|p| p.exists()))
        .unwrap_or_else(|| panic!("{program} is not installed; scripts/test.sh installs it (Debian docker-registry, apache2-utils)"))
}

impl Registry {
    fn start(kind: Auth) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut children = Vec::new();
        let mut config = format!(
            "version: 0.1\nlog: {{level: warn}}\nstorage:\n  filesystem: {{rootdirectory: {}}}\nhttp:\n  addr: 127.0.0.1:{port}\n  secret: pinflow-tests\n",
            dir.path().join("data").display()
        );
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("ciuser:cipass")
        );
        let mut push_auth = None;
        match kind {
            Auth::None => {}
            Auth::Basic => {
                let out = Command::new(installed("htpasswd"))
                    .args(["-Bbn", "ciuser", "cipass"])
                    .output()
                    .expect("htpasswd runs (apache2-utils; scripts/test.sh installs it)");
                std::fs::write(dir.path().join("htpasswd"), out.stdout).unwrap();
                config.push_str(&format!(
                    "auth:\n  htpasswd: {{realm: basic-realm, path: {}}}\n",
                    dir.path().join("htpasswd").display()
                ));
                push_auth = Some(basic);
            }
            Auth::Token => {
                let token_port = free_port();
                let cert = dir.path().join("token.crt");
                let python = super::prefect_bin().with_file_name("python");
                let script =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/all/support/tokenserver.py");
                let cert_str = cert.display().to_string();
                children.push(super::spawn_watched(
                    &python,
                    &[script.to_str().unwrap(), &token_port.to_string(), &cert_str],
                    &[],
                    &dir.path().join("tokenserver.log"),
                ));
                wait_for("the token server", || cert.exists());
                config.push_str(&format!(
                    "auth:\n  token:\n    realm: http://127.0.0.1:{token_port}/token\n    service: test-registry\n    issuer: test-issuer\n    rootcertbundle: {}\n",
                    cert.display()
                ));
                let tok: Value = reqwest::blocking::Client::new()
                    .get(format!("http://127.0.0.1:{token_port}/token?service=test-registry&scope=repository:team/app:pull,push&scope=repository:public/app:pull,push&scope=repository:team/multi:pull,push"))
                    .header("Authorization", &basic)
                    .send().unwrap().json().unwrap();
                push_auth = Some(format!("Bearer {}", tok["token"].as_str().unwrap()));
            }
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).unwrap();
        children.push(super::spawn_watched(
            &installed("docker-registry"),
            &["serve", config_path.to_str().unwrap()],
            &[],
            &dir.path().join("registry.log"),
        ));
        let host = format!("127.0.0.1:{port}");
        let http = reqwest::blocking::Client::new();
        wait_for("docker-registry", || {
            http.get(format!("http://{host}/v2/")).send().is_ok()
        });
        Registry {
            host,
            push_auth,
            _dir: dir,
            _children: children,
        }
    }

    fn put(&self, url: &str, content_type: &str, body: Vec<u8>) -> reqwest::blocking::Response {
        let mut req = reqwest::blocking::Client::new()
            .put(url)
            .header("Content-Type", content_type)
            .body(body);
        if let Some(a) = &self.push_auth {
            req = req.header("Authorization", a);
        }
        req.send().unwrap()
    }

    fn push_blob(&self, repo: &str, bytes: &[u8]) -> (String, usize) {
        let digest = sha256(bytes);
        let mut post = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!("http://{}/v2/{repo}/blobs/uploads/", self.host));
        if let Some(a) = &self.push_auth {
            post = post.header("Authorization", a);
        }
        let resp = post.send().unwrap();
        assert_eq!(
            resp.status().as_u16(),
            202,
            "blob upload start: {}",
            resp.status()
        );
        let location = resp.headers()["location"].to_str().unwrap().to_owned();
        let location = if location.starts_with("http") {
            location
        } else {
            format!("http://{}{location}", self.host)
        };
        let sep = if location.contains('?') { '&' } else { '?' };
        let put = self.put(
            &format!("{location}{sep}digest={digest}"),
            "application/octet-stream",
            bytes.to_vec(),
        );
        assert_eq!(put.status().as_u16(), 201, "blob upload: {}", put.status());
        (digest, bytes.len())
    }

    /// Pushes a one-layer image for `arch` as `repo:tag`; returns its manifest (digest, size).
    pub fn push_image(&self, repo: &str, tag: &str, arch: &str) -> (String, usize) {
        let layer = format!("layer of {repo}:{tag} for {arch}").into_bytes();
        let (layer_digest, layer_size) = self.push_blob(repo, &layer);
        let config = serde_json::to_vec(&json!({"architecture": arch, "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": [sha256(&layer)]}}))
        .unwrap();
        let (config_digest, config_size) = self.push_blob(repo, &config);
        let manifest = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size}]})).unwrap();
        self.push_manifest(
            repo,
            tag,
            "application/vnd.oci.image.manifest.v1+json",
            manifest,
        )
    }

    /// Pushes an amd64 + arm64 image and an OCI index over them as `repo:tag`; returns the
    /// index digest and the amd64 manifest digest.
    pub fn push_index(&self, repo: &str, tag: &str) -> (String, String) {
        let amd = self.push_image(repo, &format!("{tag}-amd64"), "amd64");
        let arm = self.push_image(repo, &format!("{tag}-arm64"), "arm64");
        let entry = |(d, s): &(String, usize), arch: &str| {
            json!({"mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": d, "size": s, "platform": {"architecture": arch, "os": "linux"}})
        };
        let index = serde_json::to_vec(
            &json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [entry(&amd, "amd64"), entry(&arm, "arm64")]}),
        )
        .unwrap();
        let (digest, _) =
            self.push_manifest(repo, tag, "application/vnd.oci.image.index.v1+json", index);
        (digest, amd.0)
    }

    fn push_manifest(
        &self,
        repo: &str,
        tag: &str,
        media_type: &str,
        bytes: Vec<u8>,
    ) -> (String, usize) {
        let digest = sha256(&bytes);
        let size = bytes.len();
        let resp = self.put(
            &format!("http://{}/v2/{repo}/manifests/{tag}", self.host),
            media_type,
            bytes,
        );
        assert_eq!(
            resp.status().as_u16(),
            201,
            "manifest push: {} {}",
            resp.status(),
            resp.text().unwrap_or_default()
        );
        (digest, size)
    }
}

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// A docker config folder with `auths` for `host` (ciuser / cipass).
/// The identity (refresh) token the token server accepts (tokenserver.py).
pub const REFRESH_TOKEN: &str = "canary-refresh-token-3b1d";

pub fn docker_config(host: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let auth = base64::engine::general_purpose::STANDARD.encode("ciuser:cipass");
    std::fs::write(
        dir.path().join("config.json"),
        json!({"auths": {host: {"auth": auth}}}).to_string(),
    )
    .unwrap();
    dir
}
