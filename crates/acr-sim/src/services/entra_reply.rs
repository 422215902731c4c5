//! How Entra ID's endpoints answer: the AADSTS error body (with Entra's trace id,
//! correlation id and timestamp) and a JSON body with a status. Shared by the token
//! endpoint, discovery and the user's grants.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::wire::jwt::{now, uuid};

/// `YYYY-MM-DD HH:MM:SSZ`, as Entra ID stamps its errors.
fn timestamp() -> String {
    let secs = now();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil-from-days (Howard Hinnant's algorithm), valid for any date after 1970.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Entra ID's error body; a struct so the fields keep Entra's order.
#[derive(serde::Serialize)]
struct EntraError<'a> {
    error: &'a str,
    error_description: String,
    error_codes: [u32; 1],
    timestamp: &'a str,
    trace_id: &'a str,
    correlation_id: &'a str,
}

pub(crate) fn entra_error(status: StatusCode, error: &str, code: u32, text: &str) -> Response {
    let (trace, correlation, ts) = (uuid(), uuid(), timestamp());
    let body = EntraError {
        error,
        error_description: format!(
            "AADSTS{code}: {text} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {ts}"
        ),
        error_codes: [code],
        timestamp: &ts,
        trace_id: &trace,
        correlation_id: &correlation,
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response()
}

pub(crate) fn json_status(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamp_shape() {
        let t = super::timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
