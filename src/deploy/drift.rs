//! Drift: what changed on the server since pinflow deployed a deployment (a schedule paused in
//! the UI, a parameter or job variable edited), found by comparing the live deployment with
//! what its newest history record says pinflow deployed, and whether the next deploy
//! overwrites each such change. `--keep-paused` (`keep_paused`) keeps what was paused on the
//! server paused when the file did not change it.
//!
//! A record holds the versioned fields as the server stored them (`fields`) and, since this
//! was written, what was sent of the rest (`deployed`: the schedules, normalised as a plan
//! compares them, `paused`, and `kept_paused`: the places `--keep-paused` kept paused, which
//! the file had active). A record without `deployed` says nothing about schedules or `paused`.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::diff::{change, compare, pair_schedules, schedules, FieldChange, Hidden};
use super::words;
use crate::api::Deployment;
use crate::history::{same_value, Event, Record, VERSIONED};

/// One field that differs on the server from what pinflow last deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Drift {
    /// The field, as in [`FieldChange::field`]; a schedule's place is its place in what
    /// pinflow deployed.
    pub field: String,
    /// The field in words.
    pub label: String,
    /// What pinflow deployed (null: it deployed none; the field was added on the server).
    pub deployed: Value,
    /// What the server has now (null: it was removed on the server).
    pub live: Value,
    /// Whether deploying now overwrites the server's value; false: the server's value stays
    /// (the file does not set the field, sets it to the server's value, `--keep-paused` keeps
    /// it, or nothing would be deployed).
    pub overwrites: bool,
}

/// What pinflow deployed, as a record keeps it: the schedules and `paused` of `sent` (the
/// body sent), and the places `--keep-paused` kept paused.
pub(super) fn deployed(sent: &Map<String, Value>, kept_paused: &[String]) -> Value {
    let mut d = Map::new();
    d.insert(
        "paused".into(),
        sent.get("paused").cloned().unwrap_or_default(),
    );
    if let Some(list) = sent.get("schedules").filter(|s| s.is_array()) {
        d.insert("schedules".into(), schedules(list));
    }
    d.insert("kept_paused".into(), json!(kept_paused));
    Value::Object(d)
}

/// What the record's version sent of schedules and `paused`, when it says so (a record from
/// a pinflow before drift does not).
fn recorded(record: &Record) -> Option<&Map<String, Value>> {
    if record.event != Event::Created {
        return None;
    }
    record.data.get("deployed")?.as_object()
}

/// What the file had when the record was written: what was sent, with what `--keep-paused`
/// kept paused active again.
fn file_had(deployed: &Map<String, Value>) -> (Value, Option<Vec<Value>>) {
    let kept: BTreeSet<&str> = deployed
        .get("kept_paused")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let paused = match kept.contains("paused") {
        true => json!(false),
        false => deployed.get("paused").cloned().unwrap_or_default(),
    };
    let list = deployed
        .get("schedules")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut s = s.clone();
                    if kept.contains(format!("schedules.{i}").as_str()) {
                        s["active"] = json!(true);
                    }
                    s
                })
                .collect()
        });
    (paused, list)
}

/// `--keep-paused`: in `update` (the body a deploy sends to `live`), keeps paused what is
/// paused on the server and active in the file when the file did not change it since the
/// last deploy (`newest`'s record; without one that says, it is taken as unchanged): the
/// deployment itself, and each schedule, found on the server by its slug, else as the one
/// equal to it but for being active. Returns the places kept paused (`paused`,
/// `schedules.N`).
pub(super) fn keep_paused(
    update: &mut Map<String, Value>,
    live: &Deployment,
    newest: Option<&Record>,
) -> Vec<String> {
    let before = newest.and_then(recorded).map(file_had);
    let mut kept = Vec::new();
    let unchanged_paused = before
        .as_ref()
        .is_none_or(|(paused, _)| update.get("paused").is_some_and(|p| same_value(p, paused)));
    if live.field("paused") == &json!(true)
        && update.get("paused") == Some(&json!(false))
        && unchanged_paused
    {
        update.insert("paused".into(), json!(true));
        kept.push("paused".to_owned());
    }
    let Some(Value::Array(planned)) = update.get_mut("schedules") else {
        return kept;
    };
    let live_list = schedules(live.field("schedules"));
    let mut live_left: Vec<&Value> = live_list.as_array().into_iter().flatten().collect();
    let normalised = schedules(&Value::Array(planned.clone()));
    for (i, s) in normalised.as_array().into_iter().flatten().enumerate() {
        if s["active"] != json!(true) {
            continue;
        }
        let at = live_left.iter().position(|l| match s["slug"].as_str() {
            Some(slug) => l["slug"].as_str() == Some(slug),
            None => same_value(&but_active(l), &but_active(s)),
        });
        let Some(at) = at.filter(|at| live_left[*at]["active"] == json!(false)) else {
            continue;
        };
        let unchanged = match before.as_ref().map(|(_, list)| list) {
            Some(Some(list)) => list.iter().any(|had| same_value(had, s)),
            Some(None) => false,
            None => true,
        };
        if unchanged {
            live_left.remove(at);
            planned[i]["active"] = json!(false);
            kept.push(format!("schedules.{i}"));
        }
    }
    kept
}

/// A schedule without its `active`.
fn but_active(s: &Value) -> Value {
    let mut s = s.clone();
    if let Some(m) = s.as_object_mut() {
        m.remove("active");
    }
    s
}

/// The fields of `live` that differ from what `record` (its newest history record) says
/// pinflow deployed, each hidden as a plan's changes are, and whether deploying `planned`
/// (an update body; None: nothing would be deployed) overwrites it.
pub(super) fn of(
    live: &Deployment,
    record: &Record,
    planned: Option<&Map<String, Value>>,
    hidden: &Hidden,
) -> Vec<Drift> {
    if record.event != Event::Created || !record.is_of(&live.id) {
        return Vec::new();
    }
    let mut found = Vec::new();
    if let Some(fields) = record.data.get("fields").and_then(Value::as_object) {
        for key in VERSIONED {
            if let Some(deployed) = fields.get(key) {
                compare(key.to_owned(), live.field(key), deployed, &mut found);
            }
        }
    }
    let mut overwritten: Vec<bool> = found
        .iter()
        .map(|c| overwrites(live, record, planned, &c.field))
        .collect();
    let mut slugs = Vec::new();
    if let Some(deployed) = recorded(record) {
        if let Some(paused) = deployed.get("paused") {
            let before = found.len();
            compare("paused".into(), live.field("paused"), paused, &mut found);
            let sets = planned.and_then(|p| p.get("paused"));
            overwritten.extend(
                found[before..]
                    .iter()
                    .map(|_| sets.is_some_and(|p| !same_value(p, live.field("paused")))),
            );
        }
        if let Some(list) = deployed.get("schedules").and_then(Value::as_array) {
            slugs = list
                .iter()
                .map(|s| s["slug"].as_str().map(str::to_owned))
                .collect();
            schedule_drift(live, list, planned, &mut found, &mut overwritten);
        }
    }
    found
        .into_iter()
        .zip(overwritten)
        .map(|(mut c, overwrites)| {
            c.label = words::label(&c.field, &slugs);
            hide(&mut c, hidden);
            Drift {
                field: c.field,
                label: c.label,
                deployed: c.planned,
                live: c.live,
                overwrites,
            }
        })
        .collect()
}

/// Hides what a plan hides, and, on the side pinflow deployed too, what its record says was
/// a secret.
fn hide(c: &mut FieldChange, hidden: &Hidden) {
    crate::secret::redact_hashed(&mut c.planned, &hidden.hashes);
    crate::secret::hide_paths(&mut c.planned, &c.field, &hidden.paths);
    hidden.apply(c);
}

/// Whether deploying `planned` overwrites the server's value of versioned field `path`: the
/// body sets its field to something that differs from the server's there.
fn overwrites(
    live: &Deployment,
    record: &Record,
    planned: Option<&Map<String, Value>>,
    path: &str,
) -> bool {
    let key = path.split('.').next().unwrap_or_default();
    let Some(mut want) = planned.and_then(|p| p.get(key)).cloned() else {
        return false;
    };
    // A null queue is the pool's default, which the server named when pinflow deployed to
    // the same pool.
    if key == "work_queue_name" && want.is_null() {
        let pool = planned.and_then(|p| p.get("work_pool_name"));
        let fields = &record.data["fields"];
        if pool != Some(&fields["work_pool_name"]) {
            return true;
        }
        want = fields["work_queue_name"].clone();
    }
    let mut differ = Vec::new();
    compare(key.to_owned(), live.field(key), &want, &mut differ);
    differ.iter().any(|c| overlap(&c.field, path))
}

/// Whether one dotted path is the other or inside it.
fn overlap(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.strip_prefix(y).is_some_and(|r| r.starts_with('.'));
    a == b || inside(a, b) || inside(b, a)
}

/// The schedules' drift: those paired with what pinflow deployed compared field by field, the
/// others added (`schedules`) or removed (`schedules.N`) on the server; each overwritten when
/// the body sets schedules that differ from the server's there.
fn schedule_drift(
    live: &Deployment,
    deployed: &[Value],
    planned: Option<&Map<String, Value>>,
    found: &mut Vec<FieldChange>,
    overwritten: &mut Vec<bool>,
) {
    let live_list = schedules(live.field("schedules"));
    let Some(live_list) = live_list.as_array() else {
        return;
    };
    let planned_list = planned
        .and_then(|p| p.get("schedules"))
        .map(schedules)
        .and_then(|s| s.as_array().cloned());
    let next = planned_list.as_ref().map(|p| pair_schedules(live_list, p));
    // What the deploy does to live schedule `l` at `rest` (`s` and the path inside it).
    let changes = |l: &Value, rest: &str| -> bool {
        let Some(next) = &next else {
            return false;
        };
        if next.same.iter().any(|s| std::ptr::eq(*s, l)) {
            return false;
        }
        let Some((_, _, p)) = next.pairs.iter().find(|(_, h, _)| std::ptr::eq(*h, l)) else {
            return true;
        };
        let mut differ = Vec::new();
        compare("s".into(), l, p, &mut differ);
        differ.iter().any(|c| overlap(&c.field, rest))
    };
    let paired = pair_schedules(live_list, deployed);
    for (i, l, d) in paired.pairs {
        let before = found.len();
        let at = format!("schedules.{i}");
        compare(at.clone(), l, d, found);
        for c in &found[before..] {
            let rest = format!("s{}", &c.field[at.len()..]);
            overwritten.push(changes(l, &rest));
        }
    }
    for (i, d) in paired.new {
        found.push(change(format!("schedules.{i}"), &Value::Null, d));
        let restored = next
            .as_ref()
            .is_some_and(|n| n.new.iter().any(|(_, p)| same_value(p, d)));
        overwritten.push(restored);
    }
    for l in paired.gone {
        found.push(change("schedules".into(), l, &Value::Null));
        overwritten.push(changes(l, "s"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secrets;

    fn live(fields: Value) -> Deployment {
        let mut v = json!({"id": "d1"});
        v.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    }

    fn record(event: Event, data: Value) -> Record {
        let mut data = data;
        data["deployment_id"] = json!("d1");
        Record {
            id: "r".into(),
            created: "t".into(),
            event,
            data,
        }
    }

    fn cron(c: &str, active: bool) -> Value {
        json!({"active": active, "slug": null, "parameters": {}, "schedule": {"cron": c, "timezone": "UTC"}})
    }

    fn drifted(d: &Deployment, r: &Record, planned: Option<&Map<String, Value>>) -> Vec<Drift> {
        let secrets = Secrets::default();
        let hidden = Hidden {
            secrets: &secrets,
            hashes: Default::default(),
            paths: Default::default(),
        };
        of(d, r, planned, &hidden)
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_record_from_before_drift_says_nothing_of_schedules_or_paused() {
        let d = live(
            json!({"paused": true, "schedules": [cron("0 2 * * *", false)],
                            "tags": ["ui"]}),
        );
        let old = record(Event::Created, json!({"fields": {"tags": ["a"]}}));
        let found = drifted(&d, &old, None);
        let fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["tags"]);
        assert!(!found[0].overwrites, "nothing would be deployed");
        let sent = body(json!({"paused": false, "schedules": [cron("0 2 * * *", true)]}));
        let new = record(
            Event::Created,
            json!({"fields": {"tags": ["ui"]}, "deployed": deployed(&sent, &[])}),
        );
        let found = drifted(&d, &new, Some(&sent));
        let shown: Vec<(&str, bool)> = found
            .iter()
            .map(|f| (f.field.as_str(), f.overwrites))
            .collect();
        assert_eq!(shown, [("paused", true), ("schedules.0.active", true)]);
        let moved = record(Event::Rollback, json!({"fields": {"tags": ["a"]}}));
        assert_eq!(drifted(&d, &moved, None), []);
    }

    #[test]
    fn a_deploy_that_leaves_a_field_alone_or_sets_the_servers_value_keeps_it() {
        let d = live(
            json!({"paused": false, "schedules": [cron("0 2 * * *", false)],
                            "parameters": {"a": 2, "b": 1}}),
        );
        let sent = body(
            json!({"paused": false, "schedules": [cron("0 2 * * *", true)],
                               "parameters": {"a": 1, "b": 1}}),
        );
        let r = record(
            Event::Created,
            json!({"fields": {"parameters": {"a": 1, "b": 0}}, "deployed": deployed(&sent, &[])}),
        );
        // The file now sets b as the server has it, and no schedules.
        let planned = body(json!({"parameters": {"a": 1, "b": 1}}));
        let found = drifted(&d, &r, Some(&planned));
        let shown: Vec<(&str, bool)> = found
            .iter()
            .map(|f| (f.field.as_str(), f.overwrites))
            .collect();
        assert_eq!(
            shown,
            [
                ("parameters.a", true),
                ("parameters.b", false),
                ("schedules.0.active", false)
            ]
        );
    }

    #[test]
    fn keep_paused_keeps_only_what_the_file_did_not_change() {
        let d = live(json!({"paused": true,
            "schedules": [cron("0 2 * * *", false), cron("0 5 * * *", true)]}));
        let file = || {
            body(json!({"paused": false,
                        "schedules": [cron("0 2 * * *", true), cron("0 5 * * *", true)]}))
        };
        // No record that says what the file had: what equals the server's but for being
        // active is taken as unchanged.
        let mut update = file();
        let kept = keep_paused(&mut update, &d, None);
        assert_eq!(kept, ["paused", "schedules.0"]);
        assert_eq!(update["paused"], true);
        assert_eq!(update["schedules"][0]["active"], false);
        assert_eq!(update["schedules"][1]["active"], true);
        // The next deploy's record says the file had it active: kept again, and no drift.
        let r = record(
            Event::Created,
            json!({"fields": {}, "deployed": deployed(&update, &kept)}),
        );
        let mut again = file();
        assert_eq!(keep_paused(&mut again, &d, Some(&r)), kept);
        assert_eq!(drifted(&d, &r, Some(&again)), []);
        // The file had the schedule inactive and the deployment paused, and now activates
        // them: deployed as the file says.
        let mut had = file();
        had["paused"] = json!(true);
        had["schedules"][0]["active"] = json!(false);
        let r = record(
            Event::Created,
            json!({"fields": {}, "deployed": deployed(&had, &[])}),
        );
        let mut update = file();
        assert_eq!(keep_paused(&mut update, &d, Some(&r)), Vec::<String>::new());
        assert_eq!(update, file());
    }
}
