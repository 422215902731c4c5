//! The request log every server writes to, with secrets masked before they are stored.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which simulated service received a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Server {
    /// The login server (`<name>.azurecr.io`).
    Registry,
    /// The data endpoint serving blob bytes.
    Storage,
    /// Entra ID's token endpoint.
    Entra,
    /// Azure Resource Manager.
    Arm,
    /// App Service style managed identity endpoint.
    Identity,
    /// The IMDS look-alike.
    Imds,
    /// The foreign token realm of the `realm-other-host` scenario.
    OtherRealm,
}

/// One request as the simulator saw it, secrets masked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LoggedRequest {
    pub server: Server,
    /// The Host header (or the URI authority for HTTP/2 style requests).
    pub host: String,
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query, with the value of `sig` masked.
    pub query: String,
    /// `Bearer`, `Basic`, … — never the credential.
    pub authorization_scheme: Option<String>,
    /// URL-decoded form fields; secret-bearing values replaced by `<redacted>`.
    pub form: Vec<(String, String)>,
    /// All headers; authorization, x-identity-header, cookie values replaced by `<redacted>`.
    pub headers: Vec<(String, String)>,
}

pub(crate) const REDACTED: &str = "<redacted>";
const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "password",
    "client_secret",
    "client_assertion",
    "id_token",
];
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-identity-header",
    "cookie",
    "set-cookie",
];
const SECRET_QUERY: &[&str] = &["sig"];
/// Form bodies larger than this are not parsed into the log (and the request is refused).
const FORM_LIMIT: usize = 1 << 20;

#[derive(Clone, Default)]
pub(crate) struct RequestLog {
    requests: Arc<Mutex<Vec<LoggedRequest>>>,
    dns: Arc<Mutex<Vec<(String, String)>>>,
    handshakes: Arc<Mutex<Vec<(Server, String)>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the log down with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RequestLog {
    pub(crate) fn push(&self, r: LoggedRequest) {
        lock(&self.requests).push(r);
    }
    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.requests).clone()
    }
    pub(crate) fn push_dns(&self, name: String, rtype: String) {
        lock(&self.dns).push((name, rtype));
    }
    pub(crate) fn dns(&self) -> Vec<(String, String)> {
        lock(&self.dns).clone()
    }
    pub(crate) fn push_handshake(&self, server: Server, name: String) {
        lock(&self.handshakes).push((server, name));
    }
    pub(crate) fn handshakes(&self) -> Vec<(Server, String)> {
        lock(&self.handshakes).clone()
    }
}

pub(crate) fn authorization_scheme(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let scheme = text.split_whitespace().next().unwrap_or("");
    let known = ["Bearer", "Basic", "Negotiate", "Digest", "NTLM"];
    Some(
        known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(scheme))
            .map(|k| k.to_string())
            .unwrap_or_else(|| "<unrecognised>".to_string()),
    )
}

pub(crate) fn mask_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SECRET_QUERY.contains(&k) => format!("{k}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub(crate) fn masked_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| {
            let v = if SECRET_FIELDS.contains(&k.as_ref()) {
                REDACTED.to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect()
}

fn masked_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let v = if SECRET_HEADERS.contains(&name.as_str()) {
                REDACTED.to_string()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_string(), v)
        })
        .collect()
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// Middleware: record the request (buffering a form body so it can be logged) and pass it on.
/// Which server a request is logged under: fixed per listener, or (on the port Entra ID, ARM
/// and the managed identity endpoint share) decided by the path.
#[derive(Clone, Copy)]
pub(crate) enum Tag {
    Fixed(Server),
    Azure,
}

impl Tag {
    fn server(self, path: &str) -> Server {
        match self {
            Tag::Fixed(s) => s,
            Tag::Azure if path.starts_with("/msi/") => Server::Identity,
            Tag::Azure if path.to_ascii_lowercase().starts_with("/subscriptions") => Server::Arm,
            Tag::Azure => Server::Entra,
        }
    }
}

pub(crate) async fn record(
    State((log, tag)): State<(RequestLog, Tag)>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let mut form = Vec::new();
    let body = if is_form(&parts.headers) {
        match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => {
                form = masked_form(&bytes);
                Body::from(bytes)
            }
            Err(_) => {
                return (StatusCode::PAYLOAD_TOO_LARGE, "form body too large").into_response();
            }
        }
    } else {
        body
    };
    let host = parts
        .headers
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let server = tag.server(parts.uri.path());
    log.push(LoggedRequest {
        server,
        host,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: mask_query(parts.uri.query().unwrap_or("")),
        authorization_scheme: authorization_scheme(&parts.headers),
        form,
        headers: masked_headers(&parts.headers),
    });
    tracing::debug!(?server, method = %parts.method, path = parts.uri.path(), "acr-sim request");
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_form_fields_and_query() {
        let f = masked_form(b"grant_type=password&password=p%40ss&username=u&client_secret=x");
        assert_eq!(
            f,
            vec![
                ("grant_type".into(), "password".into()),
                ("password".into(), REDACTED.into()),
                ("username".into(), "u".into()),
                ("client_secret".into(), REDACTED.into()),
            ]
        );
        assert_eq!(mask_query("se=1&sig=abc"), "se=1&sig=<redacted>");
        assert_eq!(mask_query(""), "");
    }
}
