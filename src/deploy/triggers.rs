//! `triggers:` as automations that run the deployment (Prefect's conversion), and replacing a
//! deployment's automations with them, as `prefect deploy` does.

use serde_json::{json, Map, Value};

use crate::api::Client;
use crate::error::Result;
use crate::project::kind;

/// Fields of a deployment trigger that belong to the automation, not to its trigger.
const AUTOMATION_FIELDS: [&str; 3] = ["name", "description", "enabled"];
/// Fields that belong to the run-deployment action.
const ACTION_FIELDS: [&str; 3] = ["parameters", "job_variables", "schedule_after"];

/// A `triggers:` entry (the `index`-th, from 0) as an automation body, from the entry as
/// rendered before the steps ran (`early`: its name, description, `enabled` and the action's
/// `parameters`, which keep `{{ event.* }}` for the server) and after (`full`: everything
/// else, with step outputs). Its name and the action's deployment are filled in when it is
/// applied; the server fills in the trigger's own defaults.
pub(super) fn convert(
    early: &Value,
    full: &Value,
    index: usize,
) -> std::result::Result<Value, String> {
    let (Some(m), Some(all)) = (early.as_object(), full.as_object()) else {
        return Err(format!(
            "expected a mapping with `type` and `expect`, found {}",
            kind(early)
        ));
    };
    let kind_name = m.get("type").and_then(Value::as_str).unwrap_or("event");
    if !matches!(kind_name, "event" | "metric" | "compound" | "sequence") {
        return Err(format!(
            "type must be event, metric, compound or sequence, found {kind_name:?}"
        ));
    }
    let mut spec = Map::new();
    let mut action = Map::new();
    action.insert("type".into(), json!("run-deployment"));
    action.insert("source".into(), json!("selected"));
    for (k, v) in all {
        if k == "parameters" {
            action.insert(k.clone(), m.get(k).cloned().unwrap_or_default());
        } else if ACTION_FIELDS.contains(&k.as_str()) {
            action.insert(k.clone(), v.clone());
        } else if !AUTOMATION_FIELDS.contains(&k.as_str()) {
            spec.insert(k.clone(), v.clone());
        }
    }
    spec.insert("type".into(), json!(kind_name));
    if kind_name == "event" {
        // The defaults Prefect's client fills in for an event trigger.
        let defaults = json!({"match": {}, "match_related": {}, "after": [], "expect": [],
            "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0});
        for (k, v) in defaults.as_object().into_iter().flatten() {
            spec.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let field = |k: &str| m.get(k).filter(|v| !v.is_null()).cloned();
    Ok(json!({
        "name": field("name"),
        "index": index + 1,
        "description": field("description").unwrap_or(json!("")),
        "enabled": field("enabled").unwrap_or(json!(true)),
        "trigger": spec,
        "actions": [action],
    }))
}

/// The automation body for `trigger` (from [`convert`]) of deployment `deployment` (its name)
/// with id `id`: named `<deployment>__automation_<n>` unless it has a name, run the deployment,
/// owned by it.
fn automation(trigger: &Value, deployment: &str, id: &str) -> Value {
    let mut body = trigger.clone();
    let index = body
        .as_object_mut()
        .and_then(|m| m.remove("index"))
        .unwrap_or_default();
    if body["name"].is_null() {
        body["name"] = json!(format!("{deployment}__automation_{index}"));
    }
    body["actions"][0]["deployment_id"] = json!(id);
    body["owner_resource"] = json!(format!("prefect.deployment.{id}"));
    body
}

/// Replaces the automations of deployment `id` with `triggers`, as `prefect deploy` does;
/// `delete` the ones it owns first (the caller knows when there can be none).
pub(super) async fn replace(
    client: &Client,
    triggers: &[Value],
    deployment: &str,
    id: &str,
    delete: bool,
) -> Result<()> {
    if delete {
        client.delete_deployment_automations(id).await?;
    }
    let mut made = Vec::with_capacity(triggers.len());
    for t in triggers {
        let body = automation(t, deployment, id);
        made.push(client.create_automation(&body, id, &made).await?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::template::{self, Options, References, Sources};

    const KEEP: Options<'static> = Options {
        remove_notset: false,
        skip_prefixes: &[],
    };

    fn with_outputs(t: &Value, i: usize, outputs: &Value) -> std::result::Result<Value, String> {
        let (env, none) = (json!({}), json!({}));
        let refs = References::default();
        let full = Sources {
            refs: Some(&refs),
            env: &env,
            outputs,
        };
        let early = Sources {
            outputs: &none,
            ..full
        };
        let render =
            |src: &Sources<'_>| template::render(t, src, KEEP).unwrap().unwrap_or_default();
        convert(&render(&early), &render(&full), i)
    }

    #[test]
    fn an_event_trigger_becomes_an_automation_that_runs_the_deployment() {
        let t = json!({"enabled": false, "match": {"prefect.resource.id": "x.{{ tag.stdout }}"},
            "expect": ["done"], "parameters": {"who": "{{ event.resource.id }}"},
            "job_variables": {"image": "app:{{ tag.stdout }}"}});
        let values = json!({"tag": {"stdout": "v7"}});
        let converted = with_outputs(&t, 0, &values).unwrap();
        assert_eq!(converted["index"], 1);
        assert_eq!(converted["enabled"], false);
        assert_eq!(converted["description"], "");
        assert_eq!(converted["trigger"]["match"]["prefect.resource.id"], "x.v7");
        assert_eq!(converted["trigger"]["posture"], "Reactive");
        assert_eq!(converted["trigger"]["threshold"], 1);
        let action = &converted["actions"][0];
        assert_eq!(action["type"], "run-deployment");
        assert_eq!(
            action["parameters"]["who"], "{{ event.resource.id }}",
            "kept for the server"
        );
        assert_eq!(action["job_variables"]["image"], "app:v7");
        let body = automation(&converted, "prod", "d-1");
        assert_eq!(body["name"], "prod__automation_1");
        assert_eq!(body["actions"][0]["deployment_id"], "d-1");
        assert_eq!(body["owner_resource"], "prefect.deployment.d-1");
        assert!(body.get("index").is_none());
    }

    #[test]
    fn names_are_kept_and_other_types_get_no_event_defaults() {
        let t = json!({"type": "compound", "name": "mine", "require": "all", "triggers": []});
        let converted = with_outputs(&t, 2, &json!({})).unwrap();
        assert!(converted["trigger"].get("posture").is_none());
        assert_eq!(
            automation(&converted, "prod", "d").get("name").unwrap(),
            "mine"
        );
    }

    #[test]
    fn bad_triggers_say_what_is_expected() {
        assert!(with_outputs(&json!("x"), 0, &json!({}))
            .unwrap_err()
            .contains("expected a mapping"));
        assert!(with_outputs(&json!({"type": "cron"}), 0, &json!({}))
            .unwrap_err()
            .contains("event, metric, compound or sequence"));
    }
}
