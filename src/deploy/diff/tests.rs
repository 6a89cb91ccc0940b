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
        let mut c = change(field.into(), &live, &planned);
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
        "schedules": [{"active": false,
                       "schedule": {"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}}],
        "concurrency_limit": 3,
    }));
    let found = changes(&d, &other);
    let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        ["schedules.0.active", "schedules", "concurrency_limit"],
        "the cron schedule is paused, the interval goes: {found:?}"
    );
}

#[test]
fn schedules_are_paired_and_compared_at_the_leaf_that_changed() {
    let cron = |c: &str, slug: Option<&str>| json!({"active": true, "slug": slug, "schedule": {"cron": c, "timezone": "UTC"}});
    let d = live(json!({"schedules": [
        cron("0 5 * * *", None), cron("0 2 * * *", Some("nightly")), cron("0 9 * * 1", None),
    ]}));
    let planned = body(json!({"schedules": [
        cron("0 9 * * 1", None), cron("0 3 * * *", Some("nightly")), cron("0 6 * * *", None),
    ]}));
    let found = changes(&d, &planned);
    let shown: Vec<(&str, &str, &Value, &Value)> = found
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_str(), &c.live, &c.planned))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "schedules.1.schedule.cron",
                "schedule \"nightly\": cron",
                &json!("0 2 * * *"),
                &json!("0 3 * * *")
            ),
            (
                "schedules.2.schedule.cron",
                "schedule 3: cron",
                &json!("0 5 * * *"),
                &json!("0 6 * * *")
            ),
        ]
    );
    let fewer = body(json!({"schedules": [cron("0 9 * * 1", None)]}));
    let going: Vec<String> = changes(&d, &fewer).into_iter().map(|c| c.field).collect();
    assert_eq!(going, ["schedules", "schedules"], "two schedules go");
}

#[test]
fn a_schema_default_reads_as_the_parameters_default() {
    let schema = |default: i64| {
        json!({"parameter_openapi_schema": {"type": "object", "properties": {
            "batch_size": {"type": "integer", "default": default, "position": 0}}}})
    };
    let found = changes(&live(schema(500)), &body(schema(1000)));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].label, "parameter batch_size: default");
    assert_eq!(
        found[0].field,
        "parameter_openapi_schema.properties.batch_size.default"
    );
}

#[test]
fn a_secret_a_live_schedule_held_stays_hidden_wherever_the_schedule_is_paired() {
    let d = live(json!({"schedules": [
        {"active": true, "schedule": {"cron": "0 1 * * *"}, "parameters": {"uri": "old"}},
        {"active": true, "schedule": {"cron": "0 2 * * *"}, "parameters": {"dsn": "plain"}},
    ]}));
    // The file moved the first schedule second, and changed its `uri`.
    let planned = body(json!({"schedules": [
        {"active": true, "schedule": {"cron": "0 2 * * *"}, "parameters": {"dsn": "x"}},
        {"active": true, "schedule": {"cron": "0 1 * * *"}, "parameters": {"uri": "new"}},
    ]}));
    let hidden = Hidden {
        secrets: &Secrets::default(),
        hashes: Default::default(),
        // The live version held a secret in its first schedule's `uri`.
        paths: ["schedules.0.parameters.uri".to_owned()]
            .into_iter()
            .collect(),
    };
    let mut found = changes(&d, &planned);
    found.iter_mut().for_each(|c| hidden.apply(c));
    let uri = found
        .iter()
        .find(|c| c.field == "schedules.1.parameters.uri")
        .expect("the uri change");
    assert_eq!(uri.live, json!("***"), "{found:?}");
    assert_eq!(uri.planned, json!("new"), "{found:?}");
}
