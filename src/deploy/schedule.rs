//! `schedules:` entries to the API's schedule objects (spec/prefect-deploy.md §3.5).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use crate::project::{kind, lax_bool};

/// What a schedule entry may hold (Prefect's `RawScheduleConfig`, which forbids anything
/// else).
const ITEM_KEYS: [&str; 10] = [
    "cron",
    "interval",
    "rrule",
    "timezone",
    "anchor_date",
    "active",
    "parameters",
    "slug",
    "replaces",
    "day_or",
];

/// Converts the schedule list. Errors are plain text; the caller adds file and line.
pub(super) fn convert(items: &[Value]) -> Result<Vec<Value>, String> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| one(item).map_err(|e| format!("schedules[{i}]: {e}")))
        .collect()
}

fn one(item: &Value) -> Result<Value, String> {
    let m = item.as_object().ok_or_else(|| {
        format!(
            "expected a mapping with cron, interval or rrule, found {}",
            kind(item)
        )
    })?;
    if let Some(k) = m.keys().find(|k| !ITEM_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "unknown key `{k}`; a schedule takes {}",
            ITEM_KEYS.join(", ")
        ));
    }
    let tz = m.get("timezone").filter(|v| !v.is_null()).cloned();
    let kinds: Vec<&str> = ["cron", "interval", "rrule"]
        .into_iter()
        .filter(|k| m.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    let schedule = match kinds.as_slice() {
        ["cron"] => json!({
            "cron": check_cron(m["cron"].as_str().ok_or("`cron` must be a string such as \"0 * * * *\"")?)?,
            "timezone": tz.unwrap_or(Value::Null),
            "day_or": flag(m, "day_or")?,
        }),
        ["interval"] => json!({
            "interval": seconds(&m["interval"])?,
            "anchor_date": m.get("anchor_date").filter(|v| !v.is_null()).cloned().unwrap_or_else(|| json!(now_rfc3339())),
            "timezone": tz.unwrap_or(json!("UTC")),
        }),
        ["rrule"] => {
            let mut s = Map::new();
            s.insert("rrule".into(), m["rrule"].clone());
            if let Some(tz) = tz {
                s.insert("timezone".into(), tz);
            }
            Value::Object(s)
        }
        [] => return Err("needs one of `cron`, `interval` or `rrule`".into()),
        many => return Err(format!("has {}; give exactly one", many.join(" and "))),
    };
    let field = |k: &str, default: Value| {
        m.get(k)
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(default)
    };
    let parameters =
        match m.get("parameters") {
            None => json!({}),
            Some(p @ Value::Object(_)) => p.clone(),
            Some(Value::Null) => return Err(
                "`parameters` is empty (null); write `{}` or remove the key, as Prefect refuses it"
                    .into(),
            ),
            Some(other) => {
                return Err(format!(
                    "`parameters` must be a mapping, found {}",
                    kind(other)
                ))
            }
        };
    Ok(json!({
        "schedule": schedule,
        "active": flag(m, "active")?,
        "max_scheduled_runs": Value::Null,
        "parameters": parameters,
        "slug": field("slug", Value::Null),
        "replaces": field("replaces", Value::Null),
    }))
}

/// `active` or `day_or`: true unless given, in pydantic's lax spellings (`"no"`, `0`).
fn flag(m: &Map<String, Value>, key: &str) -> Result<Value, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(json!(true)),
        Some(v) => lax_bool(v)
            .map(Value::Bool)
            .ok_or_else(|| format!("`{key}` must be true or false, found {v}")),
    }
}

/// Refuses what is plainly not a cron expression, so that it fails at planning rather than
/// on the server after other deployments were written. The server has the last word: names
/// (`MON`, `JAN`), `L`, `W`, `#` and 6- or 7-field forms pass through unchecked.
fn check_cron(cron: &str) -> Result<&str, String> {
    const ALIASES: [&str; 7] = [
        "@yearly",
        "@annually",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "@hourly",
    ];
    const RANGES: [(&str, u32, u32); 5] = [
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day of month", 1, 31),
        ("month", 1, 12),
        ("day of week", 0, 7),
    ];
    let bad = |why: String| {
        format!("`cron` {cron:?} {why}; expected minute hour day-of-month month day-of-week, such as \"0 2 * * *\"")
    };
    if cron.trim_start().starts_with('@') {
        return if ALIASES.contains(&cron.trim()) {
            Ok(cron)
        } else {
            Err(bad(format!("is not one of {}", ALIASES.join(", "))))
        };
    }
    let fields: Vec<&str> = cron.split_whitespace().collect();
    if !(5..=7).contains(&fields.len()) {
        return Err(bad(format!("has {} fields", fields.len())));
    }
    if let Some(c) = cron
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || c.is_whitespace() || "*/,-?#".contains(*c)))
    {
        return Err(bad(format!("has {c:?}")));
    }
    if fields.len() == 5 {
        for (field, (name, low, high)) in fields.iter().zip(RANGES) {
            // Each part is a value or range, with an optional /step (not a value).
            for part in field.split(',') {
                let range = part.split('/').next().unwrap_or_default();
                for n in range.split('-').filter_map(|n| n.parse::<u32>().ok()) {
                    if !(low..=high).contains(&n) {
                        return Err(bad(format!("has {n} as {name} (from {low} to {high})")));
                    }
                }
            }
        }
    }
    Ok(cron)
}

/// Seconds from a number, an ISO 8601 duration (`PT10M`), `HH:MM:SS` or `HH:MM`. Text holding
/// only a number is refused, as Prefect refuses it: it is not clear which unit it means.
fn seconds(v: &Value) -> Result<f64, String> {
    let bad = || {
        format!("`interval` must be seconds, an ISO 8601 duration such as PT10M, or HH:MM:SS; found {v}")
    };
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(bad),
        Value::String(s) if s.starts_with('P') => iso_duration(s).ok_or_else(bad),
        Value::String(s) => {
            let parts: Vec<f64> = s
                .split(':')
                .map(|p| p.parse::<f64>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            match parts.as_slice() {
                [h, m, s] => Ok(h * 3600.0 + m * 60.0 + s),
                [h, m] => Ok(h * 3600.0 + m * 60.0),
                [_] => Err(format!(
                    "{}; write seconds as a number, without quotes",
                    bad()
                )),
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

fn iso_duration(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut number = String::new();
    let mut in_time = false;
    for c in s.strip_prefix('P')?.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => number.push(c),
            unit => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('W', false) => 604800.0,
                    ('D', false) => 86400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    number.is_empty().then_some(total)
}

/// The current time in RFC 3339 (UTC), without a date crate.
pub(crate) fn now_rfc3339() -> String {
    rfc3339_ago(0)
}

/// The time `seconds` ago in RFC 3339 (UTC).
pub(crate) fn rfc3339_ago(seconds: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = now.saturating_sub(seconds) as i64;
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_interval_rrule() {
        let got = convert(&[json!({"cron": "0 * * * *", "slug": "hourly"})]).unwrap();
        assert_eq!(
            got[0],
            json!({"schedule": {"cron": "0 * * * *", "timezone": null, "day_or": true},
            "active": true, "max_scheduled_runs": null, "parameters": {}, "slug": "hourly", "replaces": null})
        );
        for (given, secs) in [
            (json!(600), 600.0),
            (json!("PT10M"), 600.0),
            (json!("01:00:30"), 3630.0),
            (json!("P1DT1S"), 86401.0),
        ] {
            let got = convert(&[json!({"interval": given, "anchor_date": "2020-01-01T00:00:00Z"})])
                .unwrap();
            assert_eq!(got[0]["schedule"]["interval"], json!(secs));
        }
        let got =
            convert(&[json!({"rrule": "FREQ=DAILY", "timezone": "Europe/Paris", "active": false})])
                .unwrap();
        assert_eq!(
            got[0]["schedule"],
            json!({"rrule": "FREQ=DAILY", "timezone": "Europe/Paris"})
        );
        assert_eq!(got[0]["active"], json!(false));
    }

    #[test]
    fn cron_expressions_the_server_takes_pass() {
        // More, compared with Prefect's own validator: tests/all/differential.rs.
        for cron in ["*/15 9-17 * * MON-FRI", "0 0 L * 7", "@hourly"] {
            assert_eq!(check_cron(cron), Ok(cron));
        }
    }

    #[test]
    fn lax_spellings_are_read_as_prefect_reads_them() {
        let got = convert(&[
            json!({"interval": "10:00", "active": "no", "anchor_date": "2020-01-01T00:00:00Z"}),
            json!({"cron": "0 * * * *", "day_or": "false"}),
        ])
        .unwrap();
        assert_eq!(
            (
                got[0]["schedule"]["interval"].clone(),
                got[0]["active"].clone()
            ),
            (json!(36000.0), json!(false))
        );
        assert_eq!(got[1]["schedule"]["day_or"], json!(false));
    }

    #[test]
    fn bad_schedules_say_why() {
        for (item, needle) in [
            (json!({"cron": "not a cron"}), "has 3 fields"),
            (
                json!({"cron": "60 * * * *"}),
                "has 60 as minute (from 0 to 59)",
            ),
            (json!({"cron": "0 2 * 13 *"}), "has 13 as month"),
            (json!({"cron": "0 0 0 * *"}), "has 0 as day of month"),
            (json!({"cron": "0 2 * * 1-8"}), "has 8 as day of week"),
            (json!({"cron": "0 2 ; * *"}), "has ';'"),
            (json!({"cron": "@fortnightly"}), "is not one of @yearly"),
            (json!({"cron": "x", "interval": 5}), "give exactly one"),
            (json!({"timezone": "UTC"}), "needs one of"),
            (json!({"interval": "soon"}), "ISO 8601"),
            (
                json!({"cron": "* * * * *", "every": 1}),
                "unknown key `every`",
            ),
            (json!("daily"), "expected a mapping"),
            (json!({"interval": "600"}), "as a number, without quotes"),
            (
                json!({"cron": "* * * * *", "parameters": null}),
                "write `{}`",
            ),
            (
                json!({"cron": "* * * * *", "active": "maybe"}),
                "`active` must be true or false",
            ),
        ] {
            let err = convert(std::slice::from_ref(&item)).unwrap_err();
            assert!(
                err.contains(needle) && err.starts_with("schedules[0]"),
                "{item}: {err}"
            );
        }
    }

    #[test]
    fn clock_format() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 20);
        assert!(now.starts_with("20") && now.ends_with('Z'));
    }
}
