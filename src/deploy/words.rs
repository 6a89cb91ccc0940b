//! What a plan calls a changed field: the words a reviewer uses for a machine path.
//! `parameter_openapi_schema.properties.batch_size.default` is "parameter batch_size:
//! default", `schedules.0.schedule.cron` is "schedule 1: cron" (or the schedule's slug),
//! `job_variables.env.REGION` is "environment variable REGION". The JSON output keeps the
//! path beside the words.

/// The words for the field at `path` (dotted, list positions as numbers), where `slugs` are
/// the planned schedules' slugs in the file's order.
pub(super) fn label(path: &str, slugs: &[Option<String>]) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let (subject, attribute) = subject(&parts, slugs);
    if attribute.is_empty() {
        subject
    } else {
        format!("{subject}: {attribute}")
    }
}

/// What the change is about, and which of its attributes changed (empty: all of it).
fn subject(parts: &[&str], slugs: &[Option<String>]) -> (String, String) {
    let rest = |from: usize| parts.get(from..).unwrap_or_default().join(".");
    match parts {
        ["parameters", name, ..] => (format!("parameter {name}"), rest(2)),
        ["parameter_openapi_schema", "properties", name, ..] => {
            let attribute = rest(3);
            let attribute = if attribute.is_empty() {
                "schema".to_owned()
            } else {
                attribute
            };
            (format!("parameter {name}"), attribute)
        }
        ["parameter_openapi_schema", "required", ..] => ("required parameters".into(), rest(2)),
        ["parameter_openapi_schema", "definitions" | "$defs", name, ..] => {
            (format!("parameter type {name}"), rest(3))
        }
        ["parameter_openapi_schema", ..] => ("parameter schema".into(), rest(1)),
        ["job_variables", "env", name, ..] => (format!("environment variable {name}"), rest(3)),
        ["job_variables", name, ..] => (format!("job variable {name}"), rest(2)),
        ["schedules", index, ..] => {
            let at = index.parse::<usize>().ok();
            let name = match at.and_then(|i| slugs.get(i)) {
                Some(Some(slug)) => format!("schedule {slug:?}"),
                _ => at.map_or_else(|| "schedule".into(), |i| format!("schedule {}", i + 1)),
            };
            let attribute = match parts.get(2) {
                Some(&"schedule") => rest(3),
                _ => rest(2),
            };
            (name, attribute)
        }
        ["schedules"] => ("schedules".into(), String::new()),
        ["pull_steps", index, ..] => (
            index
                .parse::<usize>()
                .map_or_else(|_| "pull steps".into(), |i| format!("pull step {}", i + 1)),
            rest(2),
        ),
        ["labels", name, ..] => (format!("label {name}"), rest(2)),
        ["concurrency_options", name, ..] => (format!("concurrency {name}"), rest(2)),
        [field, ..] => (field_words(field).into(), rest(1)),
        [] => (String::new(), String::new()),
    }
}

/// A top-level field in words.
fn field_words(field: &str) -> &str {
    match field {
        "work_pool_name" => "work pool",
        "work_queue_name" => "work queue",
        "concurrency_limit" => "concurrency limit",
        "enforce_parameter_schema" => "enforce parameter schema",
        "pull_steps" => "pull steps",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_a_reviewer_says_them() {
        let slugs = [None, Some("nightly".to_owned())];
        for (path, words) in [
            (
                "parameter_openapi_schema.properties.batch_size.default",
                "parameter batch_size: default",
            ),
            (
                "parameter_openapi_schema.properties.batch_size",
                "parameter batch_size: schema",
            ),
            ("parameters.batch_size", "parameter batch_size"),
            ("parameters.config.retries", "parameter config: retries"),
            ("parameter_openapi_schema.required", "required parameters"),
            (
                "parameter_openapi_schema.definitions.Mode.enum",
                "parameter type Mode: enum",
            ),
            ("schedules.0.schedule.cron", "schedule 1: cron"),
            ("schedules.1.active", "schedule \"nightly\": active"),
            ("schedules.0", "schedule 1"),
            ("schedules", "schedules"),
            ("job_variables.env.REGION", "environment variable REGION"),
            ("job_variables.image", "job variable image"),
            ("pull_steps.0", "pull step 1"),
            ("work_pool_name", "work pool"),
            ("labels.team", "label team"),
            ("description", "description"),
        ] {
            assert_eq!(label(path, &slugs), words, "{path}");
        }
    }
}
