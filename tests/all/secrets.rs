//! Canary secrets (API key, auth string, registry password, a secret block's value) never
//! appear in stdout, stderr, JSON, CI output files or summaries, for every command on every
//! platform. The only lines allowed to carry a value are the platforms' own mask commands.

use serde_json::json;

use crate::support::registry::{registry, Auth};
use crate::support::{ci_env, ci_files, pinflow, server, text, TestProject};

const BLOCK: &str = "canary-block-value-5e1f";
const KEY: &str = "canary-api-key-9a7c";
const REGISTRY_PASSWORD: &str = "cipass";

#[test]
fn no_secret_reaches_any_output_of_any_command_on_any_platform() {
    let s = server();
    let reg = registry(Auth::Basic);
    reg.push_image("team/app", "1.0", "amd64");
    let secret_type = s.get("/block_types/slug/secret").unwrap();
    let schemas = s.post(
        "/block_schemas/filter",
        &json!({"block_schemas": {"block_type_id": {"any_": [secret_type["id"]]}}}),
    );
    s.post(
        "/block_documents/",
        &json!({"name": "sweep-canary", "data": {"value": BLOCK},
        "block_schema_id": schemas[0]["id"], "block_type_id": secret_type["id"]}),
    );
    let yaml = format!(
        "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool:\n      name: test-pool\n      job_variables:\n        image: {}/team/app:1.0\n        env: {{TOKEN: '{{{{ prefect.blocks.secret.sweep-canary }}}}'}}\n",
        reg.host
    );
    let p = TestProject::new(
        &[
            (
                "flows.py",
                "from prefect import flow\n\n@flow(name=\"sweep\")\ndef main():\n    pass\n",
            ),
            ("prefect.yaml", &yaml),
        ],
        "sweep",
    );
    let sha = p.head();
    let config = crate::support::registry::docker_config(&reg.host);
    let trace = p.path().join("trace.jsonl");
    let image = format!("{}/team/app:1.0", reg.host);
    let commands: Vec<Vec<&str>> = vec![
        vec!["deploy", "--output", "json"],
        vec!["deploy", "--force"],
        vec!["deploy", "--dry-run", "--output", "json"],
        vec!["plan", "--output", "json"],
        vec!["plan", "--output", "markdown"],
        vec![
            "deploy",
            "--preview",
            "--pull-request",
            "9",
            "--output",
            "json",
        ],
        vec![
            "preview",
            "cleanup",
            "--pull-request",
            "9",
            "--output",
            "json",
        ],
        vec!["versions", "sweep/prod", "--output", "json"],
        vec!["versions", "sweep/prod"],
        vec!["rollback", "sweep/prod", "--dry-run", "--output", "json"],
        vec!["promote", "sweep/prod"],
        vec!["version-info"],
        vec!["version-info", "--output", "env"],
        vec!["check"],
        vec!["resolve-image", &image, "--output", "json"],
        vec!["deploy", "nope"],
        // Failures as JSON documents (the error is a diagnostic on stdout).
        vec!["deploy", "nope", "--output", "json"],
        vec!["versions", "sweep/nope", "--output", "json"],
        vec!["check", "--output", "json"],
    ];
    for platform in ["none", "github", "gitlab", "bitbucket", "azure"] {
        let vars = ci_env(platform, &sha, "main", p.path());
        for (auth_var, auth_value) in [
            ("PREFECT_API_KEY", KEY.to_owned()),
            ("PREFECT_API_AUTH_STRING", format!("user:{KEY}")),
        ] {
            let mut env: Vec<(&str, &str)> = s.vars();
            env.push((auth_var, &auth_value));
            env.push(("DOCKER_CONFIG", config.path().to_str().unwrap()));
            env.push(("PINFLOW_TRACE_REQUESTS", trace.to_str().unwrap()));
            env.extend(vars.iter().map(|(k, v)| (*k, v.as_str())));
            for args in &commands {
                let out = pinflow(p.path(), args, &env);
                let mut streams =
                    vec![("stdout", text(&out.stdout)), ("stderr", text(&out.stderr))];
                for t in ci_files(p.path()) {
                    streams.push(("a CI output file", t));
                }
                if let Ok(t) = std::fs::read_to_string(&trace) {
                    streams.push(("the request trace", t));
                }
                for (name, stream) in streams {
                    for line in stream.lines() {
                        if line.starts_with("::add-mask::")
                            || line.starts_with("##vso[task.setsecret]")
                        {
                            continue;
                        }
                        for canary in [BLOCK, KEY, REGISTRY_PASSWORD] {
                            assert!(
                                !line.contains(canary),
                                "{platform}, {args:?}: {canary:?} in {name}: {line}"
                            );
                        }
                    }
                }
            }
        }
    }
    // GitHub masks the resolved block value.
    let out = pinflow(
        p.path(),
        &["deploy", "--force"],
        &[s.vars(), vec![("GITHUB_ACTIONS", "true")]].concat(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!("::add-mask::{BLOCK}")),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn credentials_in_the_api_url_are_refused_without_being_shown() {
    let s = server();
    let p = TestProject::new(
        &[
            ("flows.py", "from prefect import flow\n\n@flow(name=\"url-creds\")\ndef main():\n    pass\n"),
            ("prefect.yaml", "deployments:\n  - name: prod\n    entrypoint: flows.py:main\n    work_pool: {name: test-pool}\n"),
        ],
        "m",
    );
    let url = s.api_url.replace("http://", &format!("http://user:{KEY}@"));
    for args in [
        vec!["deploy"],
        vec!["deploy", "--dry-run", "--output", "json"],
        vec!["versions", "url-creds/prod"],
        vec!["rollback", "url-creds/prod"],
        vec!["versions", "url-creds/prod", "--output", "json"],
    ] {
        let out = pinflow(p.path(), &args, &[("PREFECT_API_URL", url.as_str())]);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(
            all.contains("PREFECT_API_AUTH_STRING=user:password"),
            "{all}"
        );
        assert!(!all.contains(KEY), "{args:?}: the password is shown: {all}");
    }
    assert!(s.deployment("url-creds", "prod").is_none());
}
