//! What a deployment is, as stored, for comparing the two tools: the fields both control.

use serde_json::{json, Value};

use super::server;

/// Fields compared as stored.
const FIELDS: [&str; 14] = [
    "name",
    "version",
    "description",
    "tags",
    "parameters",
    "parameter_openapi_schema",
    "job_variables",
    "pull_steps",
    "entrypoint",
    "work_pool_name",
    "work_queue_name",
    "paused",
    "concurrency_options",
    "enforce_parameter_schema",
];

/// What the server stored for `flow/name`, reduced to what both tools control.
pub fn stored(flow: &str, name: &str) -> Value {
    let d = server()
        .deployment(flow, name)
        .unwrap_or_else(|| panic!("{flow}/{name} was not stored"));
    let mut out = serde_json::Map::new();
    for f in FIELDS {
        out.insert(f.into(), d[f].clone());
    }
    out.insert(
        "concurrency_limit".into(),
        d["global_concurrency_limit"]["limit"].clone(),
    );
    let schedules: Vec<Value> = d["schedules"].as_array().unwrap().iter().map(|s| {
        let mut sched = s["schedule"].clone();
        sched.as_object_mut().unwrap().remove("anchor_date");
        json!({"schedule": sched, "active": s["active"], "parameters": s["parameters"], "slug": s["slug"]})
    }).collect();
    out.insert("schedules".into(), Value::Array(schedules));
    Value::Object(out)
}

/// Asserts `ours` has every field of `reference` as `reference` has it.
pub fn assert_same(reference: &Value, ours: &Value) {
    for (field, want) in reference.as_object().unwrap() {
        assert_eq!(&ours[field], want, "field {field:?} differs from prefect deploy\nprefect: {reference:#}\npinflow: {ours:#}");
    }
}
