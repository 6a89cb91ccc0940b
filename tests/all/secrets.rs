//! Canary secrets (API key, auth string, registry password, a secret block's value) never
//! appear in stdout, stderr, JSON, CI output files or summaries, for every command on every
//! platform. The only lines allowed to carry a value are the platforms' own mask commands.

use std::process::Output;

use crate::support::registry::{docker_config, registry, Auth};
use crate::support::{ci_files, pinflow, server, text, Scenario, TestProject};

const BLOCK: &str = "canary-block-value-5e1f";
const KEY: &str = "canary-api-key-9a7c";
const REGISTRY_PASSWORD: &str = "cipass";

const FLOWS: &str = r#"
from prefect import flow

@flow(name="FLOW")
def main():
    pass
"#;

/// Deployment `prod` of flow FLOW: an image of the registry with Basic auth, and secret
/// block `FLOW-canary` in its environment.
const YAML: &str = r#"
deployments:
  - name: prod
    entrypoint: flows.py:main
    work_pool:
      name: test-pool
      job_variables:
        image: REGISTRY/team/FLOW:1.0
        env: {TOKEN: '{{ prefect.blocks.secret.FLOW-canary }}'}
"#;

/// Every command, with `FLOW` for the flow, `IMAGE` for the image and `PR` for a pull
/// request; the last ones fail (as JSON documents too: the error is a diagnostic on stdout).
const COMMANDS: &str = "
deploy --output json
deploy --force
deploy --dry-run --output json
plan --output json
plan --output markdown
deploy --preview --pull-request PR --output json
preview cleanup --pull-request PR --output json
versions FLOW/prod --output json
versions FLOW/prod
rollback FLOW/prod --dry-run --output json
promote FLOW/prod
version-info
version-info --output env
check
resolve-image IMAGE --output json
deploy nope
deploy nope --output json
versions FLOW/nope --output json
check --output json
";

/// A project of flow `flow` whose deployment holds the registry's image `team/{flow}:1.0`
/// and secret block `{flow}-canary` (value BLOCK), both made here.
fn canary_project(flow: &str) -> Scenario {
    let reg = registry(Auth::Basic);
    reg.push_image(&format!("team/{flow}"), "1.0", "amd64");
    server().create_secret_block(&format!("{flow}-canary"), BLOCK);
    let yaml = YAML.replace("REGISTRY", &reg.host).replace("FLOW", flow);
    Scenario::new(&[
        ("flows.py", &FLOWS.replace("FLOW", flow)),
        ("prefect.yaml", &yaml),
    ])
}

/// Runs every command on `platform` (previews of pull request `pr`), with the API key and
/// with an auth string, and asserts no canary is in what pinflow wrote.
fn sweep(platform: &'static str, flow: &str, pr: &str) {
    let config = docker_config(&registry(Auth::Basic).host);
    let s = canary_project(flow).on(platform);
    let trace = s.path().join("trace.jsonl");
    let s = s
        .env("DOCKER_CONFIG", config.path().to_str().unwrap())
        .env("PINFLOW_TRACE_REQUESTS", trace.to_str().unwrap());
    let image = format!("{}/team/{flow}:1.0", registry(Auth::Basic).host);
    let commands = COMMANDS
        .replace("FLOW", flow)
        .replace("IMAGE", &image)
        .replace("PR", pr);
    let auth = format!("user:{KEY}");
    for var in [("PREFECT_API_KEY", KEY), ("PREFECT_API_AUTH_STRING", &auth)] {
        for line in commands.lines().filter(|l| !l.is_empty()) {
            let args: Vec<&str> = line.split(' ').collect();
            let out = s.run_with(&args, &[var]);
            assert_no_canary(&s, &out, &format!("{platform}, {args:?}"));
        }
    }
}

/// Asserts no canary is in `out`, the CI output files or the request trace, but in a
/// platform's mask command.
fn assert_no_canary(s: &Scenario, out: &Output, what: &str) {
    let mut streams = vec![("stdout", text(&out.stdout)), ("stderr", text(&out.stderr))];
    for t in ci_files(s.path()) {
        streams.push(("a CI output file", t));
    }
    if let Ok(t) = std::fs::read_to_string(s.path().join("trace.jsonl")) {
        streams.push(("the request trace", t));
    }
    for (name, stream) in streams {
        for line in stream.lines() {
            if line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]") {
                continue;
            }
            for canary in [BLOCK, KEY, REGISTRY_PASSWORD] {
                assert!(
                    !line.contains(canary),
                    "{what}: {canary:?} in {name}: {line}"
                );
            }
        }
    }
}

#[test]
fn no_secret_reaches_any_output_of_any_command_outside_ci() {
    sweep("none", "sweep", "9");
}

#[test]
fn no_secret_reaches_any_output_of_any_command_on_github() {
    sweep("github", "sweep-github", "91");
}

#[test]
fn no_secret_reaches_any_output_of_any_command_on_gitlab() {
    sweep("gitlab", "sweep-gitlab", "92");
}

#[test]
fn no_secret_reaches_any_output_of_any_command_on_bitbucket() {
    sweep("bitbucket", "sweep-bitbucket", "93");
}

#[test]
fn no_secret_reaches_any_output_of_any_command_on_azure() {
    sweep("azure", "sweep-azure", "94");
}

#[test]
fn github_masks_the_resolved_block_value() {
    let s = canary_project("sweep-mask");
    s.ok(&["deploy"]);
    let out = s.run_with(&["deploy", "--force"], &[("GITHUB_ACTIONS", "true")]);
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
