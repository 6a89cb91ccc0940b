//! The request bodies that create or update a deployment, in the order Prefect sends them. One
//! builder for both a dry run (which shows them) and an apply (which sends them).

use serde_json::{json, Map, Value};

use super::fields::Fields;
use crate::env::Env;
use crate::vcs::VersionInfo;

/// What every body is built from.
pub(super) struct Parts<'a> {
    /// The checked fields.
    pub fields: &'a Fields,
    /// The flow's parameter schema.
    pub schema: &'a Value,
    /// The pull steps, pinned.
    pub pull: &'a Value,
    /// The version name.
    pub version: &'a Option<String>,
    /// The version info.
    pub info: &'a VersionInfo,
}

/// The `POST /deployments/` body without `flow_id`, in the order Prefect sends it, from the
/// `PATCH` body of the same deployment (`update_body`) and its name: only a new deployment needs
/// it, so it is made when one is created rather than kept for every deployment. A create sends
/// what the update leaves alone: the schedules (none when the file has none, or `[]`) and
/// `enforce_parameter_schema` (on unless the file says otherwise).
pub(super) fn create_from(update: &Map<String, Value>, name: &str) -> Map<String, Value> {
    let field = |key: &str| update.get(key).cloned().unwrap_or(Value::Null);
    let mut b = Map::new();
    b.insert("name".into(), json!(name));
    b.insert("paused".into(), field("paused"));
    let schedules = update.get("schedules").cloned().unwrap_or(json!([]));
    b.insert("schedules".into(), schedules);
    for key in ["concurrency_limit", "concurrency_options"] {
        b.insert(key.into(), field(key));
    }
    let enforce = update.get("enforce_parameter_schema").cloned();
    b.insert(
        "enforce_parameter_schema".into(),
        enforce.unwrap_or(json!(true)),
    );
    for key in ["parameter_openapi_schema", "parameters", "tags"] {
        b.insert(key.into(), field(key));
    }
    b.insert("labels".into(), json!({}));
    for key in [
        "pull_steps",
        "work_queue_name",
        "work_pool_name",
        "description",
    ] {
        b.insert(key.into(), field(key));
    }
    b.insert("path".into(), Value::Null);
    for key in ["entrypoint", "job_variables", "version", "version_info"] {
        b.insert(key.into(), field(key));
    }
    b
}

/// The `PATCH /deployments/{id}` body: what Prefect's update sends. Schedules are left alone
/// when the file has none, and `schedules: []` keeps them too unless
/// `PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY` is set, as in Prefect;
/// `enforce_parameter_schema` only when the file sets it.
pub(super) fn update_body(p: &Parts<'_>, env: &Env) -> Map<String, Value> {
    let f = p.fields;
    let mut b = Map::new();
    b.insert("version".into(), json!(p.version));
    b.insert("version_info".into(), json!(p.info));
    b.insert("description".into(), f.description.clone());
    b.insert("parameters".into(), f.parameters.clone());
    b.insert("paused".into(), f.paused.clone());
    b.insert("concurrency_limit".into(), f.concurrency_limit.clone());
    b.insert("concurrency_options".into(), f.concurrency_options.clone());
    b.insert("tags".into(), f.tags.clone());
    b.insert("work_queue_name".into(), f.work_queue_name.clone());
    b.insert("work_pool_name".into(), f.work_pool_name.clone());
    b.insert("job_variables".into(), f.job_variables.clone());
    b.insert("entrypoint".into(), f.entrypoint.clone());
    b.insert("parameter_openapi_schema".into(), p.schema.clone());
    b.insert("pull_steps".into(), p.pull.clone());
    match &f.schedules {
        Some(s) if s.is_empty() && !env.flag("PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY") => {
            crate::diagnostic::warn(crate::diagnostic::Code::SchedulesKept, "`schedules: []` keeps the existing schedules, as in Prefect; set PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY=true to clear them");
        }
        Some(s) => {
            b.insert("schedules".into(), json!(s));
        }
        None => {}
    }
    if let Some(e) = &f.enforce_parameter_schema {
        b.insert("enforce_parameter_schema".into(), e.clone());
    }
    b
}

/// One request to the server: what a dry run shows and what an apply sends.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Request {
    /// `POST` or `PATCH`.
    pub method: &'static str,
    /// `/deployments/` or `/deployments/<id>`.
    pub path: String,
    /// The JSON body.
    pub body: Map<String, Value>,
}

impl Request {
    /// Creates the deployment under `flow_id` (None on a dry run whose flow does not exist yet).
    pub(super) fn create(create: &Map<String, Value>, flow_id: Option<&str>) -> Self {
        let mut body = Map::new();
        body.insert(
            "name".into(),
            create.get("name").cloned().unwrap_or_default(),
        );
        body.insert("flow_id".into(), json!(flow_id));
        body.extend(create.clone());
        Self {
            method: "POST",
            path: "/deployments/".into(),
            body,
        }
    }

    /// Updates deployment `id`.
    pub(super) fn update(update: &Map<String, Value>, id: &str) -> Self {
        Self {
            method: "PATCH",
            path: format!("/deployments/{id}"),
            body: update.clone(),
        }
    }

    /// `{"method", "path", "body"}`, as a dry run shows it.
    pub(super) fn to_json(&self) -> Value {
        json!({"method": self.method, "path": self.path, "body": self.body})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(schedules: Option<Vec<Value>>) -> Fields {
        Fields {
            description: Value::Null,
            tags: json!([]),
            parameters: json!({}),
            work_pool_name: json!("p"),
            work_queue_name: Value::Null,
            job_variables: json!({}),
            entrypoint: json!("a.py:f"),
            paused: json!(false),
            concurrency_limit: Value::Null,
            concurrency_options: Value::Null,
            schedules,
            enforce_parameter_schema: None,
        }
    }

    fn bodies(f: &Fields, env: &Env) -> (Map<String, Value>, Map<String, Value>) {
        let info = crate::vcs::Detected::simple().version_info("v1");
        let parts = Parts {
            fields: f,
            schema: &json!({"type": "object"}),
            pull: &json!([]),
            version: &Some("v1".into()),
            info: &info,
        };
        let update = update_body(&parts, env);
        (create_from(&update, "prod"), update)
    }

    #[test]
    fn create_sends_everything_in_prefects_order() {
        let (create, _) = bodies(&fields(None), &Env::default());
        let keys: Vec<&str> = create.keys().map(String::as_str).collect();
        assert_eq!(&keys[..3], ["name", "paused", "schedules"]);
        assert_eq!(create["schedules"], json!([]));
        assert_eq!(create["enforce_parameter_schema"], json!(true));
        let request = Request::create(&create, Some("flow-1"));
        let keys: Vec<&str> = request.body.keys().map(String::as_str).collect();
        assert_eq!(&keys[..3], ["name", "flow_id", "paused"]);
        assert_eq!(request.to_json()["path"], "/deployments/");
    }

    #[test]
    fn update_leaves_schedules_and_enforcement_alone_unless_given() {
        let (_, update) = bodies(&fields(None), &Env::default());
        assert!(
            !update.contains_key("schedules") && !update.contains_key("enforce_parameter_schema")
        );
        let (_, empty) = bodies(&fields(Some(vec![])), &Env::default());
        assert!(
            !empty.contains_key("schedules"),
            "`schedules: []` keeps them, as in Prefect"
        );
        let clear = Env::from_pairs([("PREFECT_DEPLOYMENTS_CLEAR_SCHEDULES_ON_EMPTY", "true")]);
        let (_, cleared) = bodies(&fields(Some(vec![])), &clear);
        assert_eq!(cleared["schedules"], json!([]));
        assert_eq!(Request::update(&cleared, "d1").path, "/deployments/d1");
    }
}
