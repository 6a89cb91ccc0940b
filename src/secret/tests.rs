//! The collector: learning, redacting, masking and hashing secret values.

use super::*;
use serde_json::json;

#[test]
fn redaction_prefers_longest_and_skips_short_values() {
    let s = Secrets::default();
    for v in ["abc", "s3cr3t", "s3cr3t-long"] {
        s.learn(v);
    }
    assert_eq!(s.redact("k=s3cr3t-long j=s3cr3t abc"), "k=*** j=*** abc");
}

#[test]
fn secrets_escaped_inside_json_and_single_lines_are_redacted() {
    let s = Secrets::default();
    let secret = "pa\"ss\\w\nord-line";
    s.learn(secret);
    let json = json!({"token": secret}).to_string();
    assert_eq!(s.redact(&json), r#"{"token":"***"}"#);
    assert_eq!(s.redact("log: ord-line"), "log: ***");
}

#[test]
fn credentials_in_the_environment_are_learned() {
    let s = Secrets::default();
    s.learn_env(&Env::from_pairs([
        ("PREFECT_API_AUTH_STRING", "admin:pw-canary"),
        ("GITHUB_TOKEN", "ghs_canary"),
    ]));
    assert_eq!(
        s.redact("admin:pw-canary ghs_canary pw-canary"),
        "*** *** ***"
    );
    assert!(!format!("{s:?}").contains("canary"));
}

#[test]
fn variables_named_as_secrets_can_be_learned() {
    let s = Secrets::default();
    s.learn_named(&Env::from_pairs([
        ("MY_DB_PASSWORD", "hunter2-canary"),
        ("PLAIN", "visible-value"),
        ("PRIVATE_REGISTRY", "true"),
        ("PWD", "/home/runner/work"),
        ("OLDPWD", "/home/runner"),
    ]));
    assert_eq!(
        s.redact("hunter2-canary visible-value true /home/runner/work"),
        "*** visible-value true /home/runner/work",
        "the shell's working directories are paths, not passwords"
    );
    assert!(name_says_secret("DB_PWD") && !name_says_secret("PWD"));
}

#[test]
fn masks_go_line_by_line() {
    let mask: Mask = |l| format!("mask {l}");
    assert_eq!(
        mask_commands(mask, "line-one\r\n three \nab\n"),
        ["mask line-one", "mask three"],
        "lines too short to mask are left out"
    );
}

#[test]
fn only_values_inside_are_hashed() {
    let s = Secrets::default();
    s.learn("block-value");
    s.learn("api-key-value");
    let hashes = s.hashes_within(&json!({"env": {"T": "block-value"}, "x": "other"}));
    assert_eq!(hashes, [hash("block-value")]);
}

#[test]
fn credentials_inside_strings_are_hidden() {
    for (text, shown) in [
        ("postgresql://app:s3cret@db/x", "postgresql://app:***@db/x"),
        (
            "postgresql://app:Pa@#1|zz@db/x",
            "postgresql://app:***@db/x",
        ),
        ("Authorization: Token abc def", "Authorization: ***"),
        (
            r#"password="horse battery staple" x=1"#,
            r#"password="***" x=1"#,
        ),
        (
            r#"{"api_key": "k-123", "b": 1}"#,
            r#"{"api_key": "***", "b": 1}"#,
        ),
        ("password=se;mi&pa,ss next", "password=*** next"),
        ("run --password hunter22 -v", "run --password *** -v"),
        (
            "curl -u deploy:pw123 https://h",
            "curl -u deploy:*** https://h",
        ),
        (
            "https://ghp_tok3n@github.com/o/r",
            "https://***@github.com/o/r",
        ),
        ("Authorization: Bearer eyJabc.def", "Authorization: ***"),
        (
            "curl --header 'basic dXNlcjpwdw=='",
            "curl --header 'basic ***'",
        ),
        (
            "https://h/x?a=1&token=abc123&b=2",
            "https://h/x?a=1&token=***",
        ),
        (
            "DB_PASSWORD=hunter22 REGION=eu",
            "DB_PASSWORD=*** REGION=eu",
        ),
        (r#"{"api_key": "k-123"}"#, r#"{"api_key": "***"}"#),
        (
            "s3://bucket/path region=eu-west-1",
            "s3://bucket/path region=eu-west-1",
        ),
    ] {
        assert_eq!(hide_embedded(text), shown, "{text}");
    }
    let secrets = Secrets::default();
    secrets.learn("run-secret");
    let mut v = json!({"a": ["x-run-secret-y"], "deep": {"Credentials": {"u": "v"}}, "n": 1,
        "steps": [{"run_shell_script": {"env": {"DB_CONN": "c"}}}],
        "containers": [{"environment": [{"name": "DB", "value": "v"}]}]});
    hide_in_value(&mut v, &secrets);
    assert_eq!(
        v,
        json!({"a": ["x-***-y"], "deep": {"Credentials": "***"}, "n": 1,
            "steps": [{"run_shell_script": {"env": {"DB_CONN": "***"}}}],
            "containers": [{"environment": [{"name": "DB", "value": "***"}]}]})
    );
}

#[test]
fn paths_of_secrets_inside_strings_are_recorded_and_hidden_later() {
    let s = Secrets::default();
    s.learn("db-pass-1");
    let body = json!({"version": "rel-db-pass-1", "parameters": {"conn": "Pwd=db-pass-1;", "n": 1},
        "pull_steps": [{"git_clone": {"access_token": "db-pass-1"}}]});
    let paths = paths_within(&body, &s);
    assert_eq!(
        paths,
        [
            "version",
            "parameters.conn",
            "pull_steps.0.git_clone.access_token"
        ]
    );
    let paths: std::collections::BTreeSet<String> = paths.into_iter().collect();
    // Later, without the secret: a whole field, a value inside one, a change inside one.
    let mut live = json!([{"git_clone": {"access_token": "x", "repository": "r"}}]);
    hide_paths(&mut live, "pull_steps", &paths);
    assert_eq!(
        live,
        json!([{"git_clone": {"access_token": "***", "repository": "r"}}])
    );
    let mut conn = json!("Pwd=x;");
    hide_paths(&mut conn, "parameters.conn", &paths);
    assert_eq!(conn, json!("***"));
    let mut other = json!(1);
    hide_paths(&mut other, "parameters.n", &paths);
    assert_eq!(other, json!(1));
}

#[test]
fn values_known_by_hash_are_redacted() {
    let hashes = [hash("s3cr3t")].into_iter().collect();
    let mut v = json!({"env": {"TOKEN": "s3cr3t", "OTHER": "fine"}, "list": ["s3cr3t"]});
    redact_hashed(&mut v, &hashes);
    assert_eq!(
        v,
        json!({"env": {"TOKEN": "***", "OTHER": "fine"}, "list": ["***"]})
    );
}
