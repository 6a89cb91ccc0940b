//! What went wrong talking to the server, in words that say what to check: a host that does not
//! resolve, a refused connection, a timeout, a status with the server's detail (a 422 names the
//! field), an answer too large to be Prefect's.

use reqwest::StatusCode;
use serde_json::Value;

use super::Client;
use crate::error::Error;

impl Client {
    pub(super) fn transport_error(&self, what: &str, e: &reqwest::Error) -> Error {
        let why = if e.is_timeout() {
            format!(
                "no answer within {:.0}s (PREFECT_API_REQUEST_TIMEOUT)",
                self.conn.timeout.as_secs_f64()
            )
        } else if e.is_connect() {
            crate::http::connect_failure(e).to_owned()
        } else {
            "the connection failed".to_owned()
        };
        Error::service(format!(
            "{what} on {}: {why}; check PREFECT_API_URL and that the server is running",
            self.conn.api_url
        ))
    }

    pub(super) fn status_error(&self, what: &str, status: StatusCode, body: &Value) -> Error {
        let detail = detail(body);
        let hint = match status.as_u16() {
            401 => "; the server rejected the credentials: check PREFECT_API_KEY (or PREFECT_API_AUTH_STRING)",
            403 => "; the credentials lack permission for this",
            _ => "",
        };
        Error::service(format!("{what} failed with {status}: {detail}{hint}"))
            .with_status(status.as_u16())
    }
}

/// The most of a server's error detail quoted in a message.
const MAX_DETAIL_CHARS: usize = 2000;

/// Prefect's error detail; for a 422 the failing fields and reasons. Cut to a readable length.
pub(super) fn detail(body: &Value) -> String {
    let text = match body.get("detail").or_else(|| body.get("exception_detail")) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                let loc: Vec<String> = i
                    .get("loc")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let msg = i.get("msg").and_then(Value::as_str).unwrap_or("invalid");
                format!("field {}: {msg}", loc.join("."))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None if body.is_null() => "no details".to_owned(),
        None => body.to_string(),
    };
    let shown = crate::escape::cut(&text, MAX_DETAIL_CHARS);
    if shown.chars().count() > MAX_DETAIL_CHARS {
        shown + " (cut)"
    } else {
        shown
    }
}

pub(super) fn describe(outcome: &std::result::Result<reqwest::Response, reqwest::Error>) -> String {
    match outcome {
        Ok(resp) => format!("server answered {}", resp.status()),
        Err(e) if e.is_timeout() => "timed out".to_owned(),
        Err(e) if e.is_connect() => "cannot connect".to_owned(),
        Err(_) => "connection failed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn details_name_fields_and_are_cut() {
        let body =
            json!({"detail": [{"loc": ["body", "parameters", "count"], "msg": "wrong type"}]});
        assert_eq!(detail(&body), "field body.parameters.count: wrong type");
        let long = detail(&json!({"detail": "x".repeat(50_000)}));
        assert!(
            long.len() < 2100 && long.ends_with("(cut)"),
            "{}",
            long.len()
        );
    }
}
