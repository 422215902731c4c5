//! How Entra ID's endpoints answer: the AADSTS error body (with Entra's trace id,
//! correlation id and timestamp), its throttling answer, and a JSON body with a status.
//! Shared by the token endpoint, discovery and the user's grants.

use axum::http::{HeaderValue, StatusCode, header};
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

/// Entra ID's error body (the v2.0 token endpoint's documented error response); a
/// struct so the fields keep Entra's order.
#[derive(serde::Serialize)]
struct EntraError<'a> {
    error: &'a str,
    error_description: String,
    error_codes: [u32; 1],
    timestamp: &'a str,
    trace_id: &'a str,
    correlation_id: &'a str,
    error_uri: String,
}

/// The body of an AADSTS refusal: the description is `AADSTS{code}: {text}`, then
/// Entra's trace id, correlation id and timestamp, each after a CR LF, as Entra
/// writes them (support needs all three).
fn error_body(error: &str, code: u32, text: &str, authority: &str) -> String {
    let (trace, correlation, ts) = (uuid(), uuid(), timestamp());
    let body = EntraError {
        error,
        error_description: format!(
            "AADSTS{code}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {ts}"
        ),
        error_codes: [code],
        timestamp: &ts,
        trace_id: &trace,
        correlation_id: &correlation,
        error_uri: format!("{authority}/error?code={code}"),
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// Entra's public authority: where its `error_uri` points (never asked by anyone).
const PUBLIC_AUTHORITY: &str = "https://login.microsoftonline.com";

pub(crate) fn entra_error(status: StatusCode, error: &str, code: u32, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        error_body(error, code, text, PUBLIC_AUTHORITY),
    )
        .into_response()
}

/// Entra throttling a client: 429 with `Retry-After: 60`, and either an AADSTS body
/// (`temporarily_unavailable`) or, as some of its front ends answer, the bare reason
/// phrase as plain text.
pub(crate) fn entra_throttled(aadsts_body: bool) -> Response {
    let mut resp = if aadsts_body {
        entra_error(
            StatusCode::TOO_MANY_REQUESTS,
            "temporarily_unavailable",
            90055,
            "The tenant has sent too many token requests in a short time and is throttled. Reuse tokens until they expire, and retry after the time given.",
        )
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain")],
            "Too Many Requests",
        )
            .into_response()
    };
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    resp
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
    fn error_body_is_entras_shape() {
        let body: serde_json::Value = serde_json::from_str(&super::error_body(
            "invalid_grant",
            50173,
            "Revoked.",
            "https://l",
        ))
        .unwrap();
        let d = body["error_description"].as_str().unwrap();
        let lines: Vec<&str> = d.split("\r\n").collect();
        assert_eq!(lines[0], "AADSTS50173: Revoked.");
        assert!(lines[1].starts_with("Trace ID: "), "{d}");
        assert!(lines[2].starts_with("Correlation ID: "), "{d}");
        assert_eq!(
            lines[3],
            format!("Timestamp: {}", body["timestamp"].as_str().unwrap())
        );
        assert_eq!(body["error_codes"], serde_json::json!([50173]));
        assert_eq!(body["error_uri"], "https://l/error?code=50173");
    }

    #[test]
    fn timestamp_shape() {
        let t = super::timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
