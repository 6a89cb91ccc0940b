//! What `pinflow plan` counts as a change: mappings key by key, secrets hidden, server
//! defaults ignored.

use super::*;
use serde_json::json;

fn live(fields: Value) -> Deployment {
    let mut m = body(json!({"id": "d1"}));
    m.extend(body(fields));
    serde_json::from_value(Value::Object(m)).unwrap()
}

fn body(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn mappings_are_compared_key_by_key_and_lists_whole() {
    let d = live(json!({
        "parameters": {"source": "s3://a", "batch": 5},
        "tags": ["a", "b"],
        "job_variables": {"env": {"A": "1", "B": "2"}},
        "description": "old",
    }));
    let found = changes(
        &d,
        &body(json!({
            "parameters": {"source": "s3://b", "batch": 5.0},
            "tags": ["a"],
            "job_variables": {"env": {"A": "1"}},
            "description": "old",
        })),
    );
    let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["parameters.source", "job_variables.env.B", "tags"]);
    assert_eq!(found[1].planned, Value::Null, "a removed key");
}

#[test]
fn live_values_that_were_or_are_secrets_are_hidden() {
    let secrets = Secrets::default();
    secrets.learn("new-secret-value");
    let hashes = [crate::secret::hash("recorded-secret")]
        .into_iter()
        .collect();
    let hidden = Hidden {
        secrets: &secrets,
        hashes,
        paths: Default::default(),
    };
    let change = |field: &str, live: Value, planned: Value| {
        let mut c = FieldChange {
            field: field.into(),
            live,
            planned,
        };
        hidden.apply(&mut c);
        (c.live, c.planned)
    };
    // A rotated secret: the old value is known only to the server.
    assert_eq!(
        change(
            "job_variables.env.CONN",
            json!("old"),
            json!("new-secret-value")
        ),
        (json!("***"), json!("***"))
    );
    // A secret recorded in the live version's history record.
    assert_eq!(
        change("parameters.uri", json!("recorded-secret"), json!("plain")),
        (json!("***"), json!("plain"))
    );
    // A field whose name says it holds a secret.
    assert_eq!(
        change("job_variables.env.api_token", json!("a"), Value::Null),
        (json!("***"), Value::Null)
    );
    // Anything else is shown.
    assert_eq!(
        change("parameters.source", json!("a"), json!("b")),
        (json!("a"), json!("b"))
    );
}

#[test]
fn an_emptied_or_replaced_mapping_lists_the_keys_that_go() {
    let d = live(json!({"job_variables": {"env": {"A": "1", "B": "2"}, "image": "i"}}));
    for planned in [
        json!({"env": {}}),
        json!({"env": null}),
        json!({"env": "x"}),
        json!({}),
    ] {
        let found = changes(&d, &body(json!({ "job_variables": planned })));
        let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
        assert!(
            fields.starts_with(&["job_variables.env.A", "job_variables.env.B"]),
            "{planned}: {fields:?}"
        );
        assert!(found[..2].iter().all(|c| c.planned.is_null()));
    }
    let hidden = Hidden {
        secrets: &Secrets::default(),
        hashes: Default::default(),
        paths: Default::default(),
    };
    let mut going = changes(&d, &body(json!({"job_variables": {}})));
    going.iter_mut().for_each(|c| hidden.apply(c));
    let shown: Vec<(&str, &Value)> = going.iter().map(|c| (c.field.as_str(), &c.live)).collect();
    assert_eq!(
        shown,
        [
            ("job_variables.env.A", &json!("***")),
            ("job_variables.env.B", &json!("***")),
            ("job_variables.image", &json!("i")),
        ],
        "an environment's values are never shown as they go; other values are"
    );
}

#[test]
fn what_the_server_fills_in_is_not_a_change() {
    let d = live(json!({
        "schedules": [
            {"id": "s2", "active": false, "slug": null,
             "schedule": {"interval": 60.0, "anchor_date": "2026-01-01T00:00:00Z", "timezone": "UTC"}},
            {"id": "s1", "created": "x", "active": true,
             "schedule": {"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}},
        ],
        "labels": {"prefect.flow.id": "f1"},
        "work_queue_name": "default",
        "concurrency_limit": null,
        "global_concurrency_limit": {"limit": 2, "name": "deployment:d1"},
    }));
    let same = body(json!({
        "schedules": [
            {"active": true, "replaces": null,
             "schedule": {"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}},
            {"active": false,
             "schedule": {"interval": 60, "anchor_date": "2026-11-30T00:00:00Z", "timezone": "UTC"}},
        ],
        "labels": {},
        "work_queue_name": null,
        "concurrency_limit": 2,
    }));
    assert_eq!(changes(&d, &same), []);
    let other = body(json!({
        "schedules": [{"active": false, "schedule": {"cron": "0 2 * * *", "day_or": true}}],
        "concurrency_limit": 3,
    }));
    let found = changes(&d, &other);
    assert_eq!(found[1].field, "concurrency_limit");
    assert_eq!(changes(&d, &other)[0].field, "schedules");
}
