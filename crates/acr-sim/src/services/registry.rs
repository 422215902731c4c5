//! The login server: the `/v2/` challenge, ACR's token endpoints and the read side of the
//! Docker Registry v2 API for `hello:latest`, with each scenario's fault.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::services::entra::ACR_AUDIENCE;
use crate::services::storage;
use crate::wire::jwt::{now, uuid};
use crate::wire::serve::ConnectionKill;
use crate::world::content::{MANIFEST_MEDIA_TYPE, REPOSITORY, TAGS};
use crate::world::ctx::Ctx;
use crate::world::scenario::Scenario;

const OVERSIZE: usize = 50 * 1024 * 1024;
const ACR_ISSUER: &str = "Azure Container Registry";
/// Actions a repository token keeps in `repo-missing-actions`.
const LIMITED_ACTIONS: &[&str] = &["pull", "metadata_read"];
/// The address the firewall scenarios say the client comes from (documentation ranges).
const FORBIDDEN_CLIENT: &str = "203.0.113.7";
const FORBIDDEN_CLIENT_V6: &str = "2001:db8::7";
/// At most this many tags per page of `/tags/list`, whatever `n` asks for (a registry may
/// return fewer), so a client must follow the `Link` header to see them all.
const TAGS_PAGE: usize = 3;

pub(crate) fn router(ctx: Arc<Ctx>) -> Router {
    Router::new()
        .fallback(dispatch)
        .layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            registry_headers,
        ))
        .with_state(ctx)
}

/// The foreign realm of `realm-other-host`: answers like a token server so the client has
/// every reason to send its token, and the test can see in the log whether it did.
pub(crate) fn other_realm_router() -> Router {
    Router::new().fallback(|| async {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"refresh_token": "captured", "access_token": "captured"}).to_string(),
        )
    })
}

/// Headers and delays applied to every login server reply.
async fn registry_headers(State(ctx): State<Arc<Ctx>>, req: Request, next: Next) -> Response {
    if ctx.scenario == Scenario::Slow {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        "docker-distribution-api-version",
        HeaderValue::from_static("registry/2.0"),
    );
    h.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&uuid()) {
        h.insert("x-ms-correlation-request-id", v);
    }
    let when = if ctx.scenario == Scenario::ClockSkew {
        SystemTime::now() - Duration::from_secs(2 * 3600)
    } else {
        SystemTime::now()
    };
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(when)) {
        h.insert(header::DATE, v);
    }
    resp
}

/// ACR's error body; a struct so the fields keep ACR's order (code, message, detail).
#[derive(serde::Serialize)]
struct AcrErrors<'a> {
    errors: [AcrError<'a>; 1],
}

#[derive(serde::Serialize)]
struct AcrError<'a> {
    code: &'a str,
    message: &'a str,
    detail: Value,
}

fn acr_error_with(status: StatusCode, code: &str, message: &str, detail: Value) -> Response {
    let body = AcrErrors {
        errors: [AcrError {
            code,
            message,
            detail,
        }],
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response()
}

pub(crate) fn acr_error(status: StatusCode, code: &str, message: &str) -> Response {
    acr_error_with(status, code, message, Value::Null)
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

const AUTH_REQUIRED: &str =
    "authentication required, visit https://aka.ms/acr/authorization for more information.";

fn unauthorized(challenge: String) -> Response {
    let mut resp = acr_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED);
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}

fn bearer_challenge(ctx: &Ctx, scope: Option<&str>, error: Option<&str>) -> String {
    let mut c = format!(
        "Bearer realm=\"https://{}/oauth2/token\",service=\"{}\"",
        ctx.login_server(),
        ctx.registry_host
    );
    if let Some(scope) = scope {
        c.push_str(&format!(",scope=\"{scope}\""));
    }
    if let Some(error) = error {
        c.push_str(&format!(",error=\"{error}\""));
    }
    c
}

/// A body of `len` bytes produced a chunk at a time, so 50 MiB never sits in memory.
struct Filler {
    prefix: Option<Bytes>,
    remaining: usize,
    chunk: Bytes,
}

impl http_body::Body for Filler {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Some(p) = self.prefix.take() {
            self.remaining = self.remaining.saturating_sub(p.len());
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(p))));
        }
        if self.remaining == 0 {
            return std::task::Poll::Ready(None);
        }
        let n = self.remaining.min(self.chunk.len());
        self.remaining -= n;
        let data = self.chunk.slice(0..n);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(data))))
    }
}

fn oversized(prefix: &'static str) -> Body {
    Body::new(Filler {
        prefix: Some(Bytes::from_static(prefix.as_bytes())),
        remaining: OVERSIZE,
        chunk: Bytes::from(vec![b'A'; 64 * 1024]),
    })
}

async fn dispatch(
    State(ctx): State<Arc<Ctx>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    kill: Option<axum::Extension<ConnectionKill>>,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    match (path, &method) {
        ("/v2/" | "/v2", &Method::GET | &Method::HEAD) => challenge(&ctx, &headers).await,
        ("/oauth2/exchange", &Method::POST) => exchange(&ctx, &body, kill).await,
        ("/oauth2/token", &Method::POST) => token_post(&ctx, &body, kill).await,
        ("/oauth2/token", &Method::GET) => token_get(&ctx, &headers, query),
        (p, _) if p.starts_with("/v2/") => api(&ctx, &method, p, query, &headers),
        _ => acr_error(StatusCode::NOT_FOUND, "NOT_FOUND", "resource not found"),
    }
}

/// What the `hostile-*` scenarios put where text is shown: a screen clear, a
/// terminal title, a forged error line after CR LF, CI log commands (Azure
/// Pipelines' `##vso[`, the runners' `##[`) and raw HTML with a link.
pub(crate) const HOSTILE_TEXT: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}\r\nAn error occurred: FORGED_ERROR\u{202e} ##vso[task.setvariable variable=PWNED]1 ##[error]FORGED_COMMAND <img src=x onerror=alert(1)><a href=\"https://evil.example\">x</a>";

async fn challenge(ctx: &Ctx, headers: &HeaderMap) -> Response {
    match ctx.scenario {
        Scenario::HostileBody => {
            return acr_error(
                StatusCode::FORBIDDEN,
                "DENIED",
                &format!("client not allowed {HOSTILE_TEXT}"),
            );
        }
        Scenario::Forbidden
        | Scenario::ForbiddenRuleCovers
        | Scenario::PublicAccessDisabled
        | Scenario::ForbiddenIpv6 => {
            let client = if ctx.scenario == Scenario::ForbiddenIpv6 {
                FORBIDDEN_CLIENT_V6
            } else {
                FORBIDDEN_CLIENT
            };
            return acr_error(
                StatusCode::FORBIDDEN,
                "DENIED",
                &format!(
                    "client with IP '{client}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access."
                ),
            );
        }
        Scenario::ChallengeOk => return json_response(StatusCode::OK, json!({})),
        Scenario::ChallengeNotFound => {
            return acr_error(StatusCode::NOT_FOUND, "NOT_FOUND", "resource not found");
        }
        Scenario::ChallengeServerError => {
            return acr_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "UNKNOWN",
                "internal server error",
            );
        }
        Scenario::ChallengeThrottled => return throttled(true),
        Scenario::Hang => std::future::pending::<()>().await,
        Scenario::SlowChallenge => tokio::time::sleep(Duration::from_secs(22)).await,
        _ => {}
    }
    if authorize(ctx, headers).is_some() {
        return json_response(StatusCode::OK, json!({}));
    }
    let challenge = match ctx.scenario {
        Scenario::ChallengeBasic => "Basic realm=\"Azure Container Registry\"".to_string(),
        Scenario::ChallengeNoService => {
            format!(
                "Bearer realm=\"https://{}/oauth2/token\"",
                ctx.login_server()
            )
        }
        Scenario::RealmOtherHost => format!(
            "Bearer realm=\"https://{}:{}/oauth2/token\",service=\"{}\"",
            crate::wire::tls::OTHER_REALM_HOST,
            ctx.other_realm_port,
            ctx.registry_host
        ),
        Scenario::GarbageHeader => "Bearer realm=\"unterminated".to_string(),
        Scenario::ChallengeSpaced => bearer_challenge(ctx, None, None).replace("\",", "\", "),
        _ => bearer_challenge(ctx, None, None),
    };
    let mut resp = unauthorized(challenge);
    if ctx.scenario == Scenario::OversizedBody {
        *resp.body_mut() = oversized("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"");
        resp.headers_mut().remove(header::CONTENT_LENGTH);
    }
    resp
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn throttled(retry_after: bool) -> Response {
    let mut resp = acr_error(
        StatusCode::TOO_MANY_REQUESTS,
        "TOOMANYREQUESTS",
        "too many requests, please retry later",
    );
    if retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    }
    resp
}

async fn exchange(
    ctx: &Ctx,
    body: &[u8],
    kill: Option<axum::Extension<ConnectionKill>>,
) -> Response {
    match ctx.scenario {
        Scenario::ExchangeUnauthorized => {
            return acr_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED);
        }
        Scenario::ExchangeForbidden => {
            return acr_error(
                StatusCode::FORBIDDEN,
                "DENIED",
                "access denied: the identity has no role on this registry",
            );
        }
        Scenario::ExchangeThrottled => return throttled(false),
        Scenario::ExchangeThrottledRetryAfter => return throttled(true),
        Scenario::ExchangeServerError => {
            return acr_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "UNKNOWN",
                "internal server error",
            );
        }
        Scenario::ExchangeReset => {
            if let Some(axum::Extension(kill)) = kill {
                kill.kill();
            }
            std::future::pending::<()>().await;
        }
        Scenario::OversizedBody => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                oversized("{\"refresh_token\":\""),
            )
                .into_response();
        }
        Scenario::MalformedToken => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                "<html><body>\u{1}\u{2} this is not a token {\"refresh_token\":",
            )
                .into_response();
        }
        _ => {}
    }
    let form = form(body);
    if field(&form, "grant_type") != Some("access_token") {
        return acr_error(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED",
            "grant_type must be access_token",
        );
    }
    if field(&form, "service") != Some(ctx.registry_host.as_str()) {
        return acr_error(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED",
            "service does not name this registry",
        );
    }
    let Some(aad) = field(&form, "access_token").and_then(|t| ctx.signer.verify(t)) else {
        return acr_error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "the access token is invalid or has expired",
        );
    };
    let aud = aad.get("aud").and_then(Value::as_str).unwrap_or("");
    if aud.trim_end_matches('/') != ACR_AUDIENCE {
        return acr_error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "the access token has the wrong audience",
        );
    }
    let tid = aad.get("tid").and_then(Value::as_str).unwrap_or("");
    if let Some(tenant) = field(&form, "tenant")
        && !tenant.is_empty()
        && tenant != tid
    {
        return acr_error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "the tenant does not match the access token",
        );
    }
    let sub = aad
        .get("oid")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    let t = now();
    let refresh = ctx.signer.sign(&json!({
        "jti": uuid(),
        "sub": sub,
        "nbf": t - 60,
        "iat": t,
        "exp": t + 3 * 3600,
        "iss": ACR_ISSUER,
        "aud": ctx.registry_host,
        "version": "1.0",
        "grant_type": "refresh_token",
        "tenant": tid,
        "permissions": {"actions": ["read", "write", "delete"], "notActions": []},
        "roles": [],
    }));
    json_response(StatusCode::OK, json!({"refresh_token": refresh}))
}

/// Parse `type:name:actions` scopes (a value may hold several, space-separated) into the
/// `access` claim, keeping the actions `grant` allows.
fn access(scopes: &[&str], grant: impl Fn(&str, &str) -> bool) -> Value {
    let mut out = Vec::new();
    for scope in scopes.iter().flat_map(|s| s.split_whitespace()) {
        let Some((kind, rest)) = scope.split_once(':') else {
            continue;
        };
        let Some((name, actions)) = rest.rsplit_once(':') else {
            continue;
        };
        let actions: Vec<&str> = actions
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty() && grant(kind, a))
            .collect();
        out.push(json!({"type": kind, "name": name, "actions": actions}));
    }
    Value::Array(out)
}

fn issue_access_token(ctx: &Ctx, sub: &str, grant_type: &str, access: Value) -> Response {
    let t = now();
    let access = match (ctx.scenario, access) {
        (Scenario::HostileClaims, Value::Array(list)) => Value::Array(
            list.into_iter()
                .map(|mut a| {
                    if a["type"] == "repository" {
                        a["actions"] = json!(["pull", format!("push{HOSTILE_TEXT}")]);
                    }
                    a
                })
                .collect(),
        ),
        // As ACR has been seen to write them: capital keys inside each entry.
        (Scenario::TokenClaimsCapitalised, Value::Array(list)) => Value::Array(
            list.into_iter()
                .map(|a| {
                    json!({
                        "Type": a["type"],
                        "Name": a["name"],
                        "Actions": a["actions"],
                    })
                })
                .collect(),
        ),
        (_, access) => access,
    };
    let token = ctx.signer.sign(&json!({
        "jti": uuid(),
        "sub": sub,
        "nbf": t - 60,
        "iat": t,
        "exp": t + 75 * 60,
        "iss": ACR_ISSUER,
        "aud": ctx.registry_host,
        "version": "1.0",
        "grant_type": grant_type,
        "access": access,
        "roles": [],
    }));
    json_response(StatusCode::OK, json!({"access_token": token}))
}

fn scenario_grant(ctx: &Ctx) -> impl Fn(&str, &str) -> bool + '_ {
    move |kind, action| match ctx.scenario {
        _ if kind != "repository" => true,
        Scenario::RepoMissingActions | Scenario::TokenClaimsCapitalised => {
            LIMITED_ACTIONS.contains(&action)
        }
        Scenario::NoMetadataRead => action == "pull",
        Scenario::KubeletNoAcrPull => false,
        _ => true,
    }
}

async fn token_post(
    ctx: &Ctx,
    body: &[u8],
    kill: Option<axum::Extension<ConnectionKill>>,
) -> Response {
    match ctx.scenario {
        Scenario::TokenUnauthorized => {
            return acr_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED);
        }
        Scenario::TokenForbidden => {
            return acr_error(
                StatusCode::FORBIDDEN,
                "DENIED",
                "requested access to the resource is denied",
            );
        }
        Scenario::TokenThrottled => return throttled(false),
        Scenario::TokenReset => {
            if let Some(axum::Extension(kill)) = kill {
                kill.kill();
            }
            std::future::pending::<()>().await;
        }
        _ => {}
    }
    let form = form(body);
    if field(&form, "service") != Some(ctx.registry_host.as_str()) {
        return acr_error(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED",
            "service does not name this registry",
        );
    }
    let scopes: Vec<&str> = form
        .iter()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| v.as_str())
        .collect();
    let (sub, grant_type) = match field(&form, "grant_type") {
        Some("refresh_token") => {
            let claims = field(&form, "refresh_token").and_then(|t| ctx.signer.verify(t));
            let valid = claims.as_ref().is_some_and(|c| {
                c.get("aud").and_then(Value::as_str) == Some(ctx.registry_host.as_str())
                    && c.get("grant_type").and_then(Value::as_str) == Some("refresh_token")
            });
            match claims {
                Some(c) if valid => (
                    c.get("sub")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown")
                        .to_string(),
                    "refresh_token",
                ),
                _ => {
                    return acr_error(
                        StatusCode::UNAUTHORIZED,
                        "UNAUTHORIZED",
                        "the refresh token is invalid or has expired",
                    );
                }
            }
        }
        Some("password") => {
            if let Some(echo) = ctx.echo() {
                let said = echo.render(
                    field(&form, "password").unwrap_or_default(),
                    field(&form, "username"),
                );
                return acr_error(
                    StatusCode::UNAUTHORIZED,
                    "UNAUTHORIZED",
                    &format!("authentication failed for {said}"),
                );
            }
            let user = field(&form, "username");
            let password = field(&form, "password");
            if ctx.admin_enabled()
                && user == Some(ctx.admin_username())
                && password == Some(ctx.ids.admin_password)
            {
                (ctx.admin_username().to_string(), "password")
            } else if ctx.scenario != Scenario::KubeletNoAcrPull
                && user.is_some_and(|u| u.eq_ignore_ascii_case(ctx.ids.client_id))
                && password == Some(ctx.ids.client_secret)
            {
                // A service principal's client id and secret, as the kubelet's
                // credential provider hands them to containerd.
                (ctx.ids.object_id.to_string(), "password")
            } else {
                return acr_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED);
            }
        }
        _ => {
            return acr_error(
                StatusCode::BAD_REQUEST,
                "UNSUPPORTED",
                "grant_type must be refresh_token or password",
            );
        }
    };
    issue_access_token(ctx, &sub, grant_type, access(&scopes, scenario_grant(ctx)))
}

fn basic_admin(ctx: &Ctx, headers: &HeaderMap) -> Option<bool> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, cred) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(cred.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some(ctx.admin_enabled() && user == ctx.admin_username() && pass == ctx.ids.admin_password)
}

fn token_get(ctx: &Ctx, headers: &HeaderMap, query: &str) -> Response {
    let q = form(query.as_bytes());
    if field(&q, "service") != Some(ctx.registry_host.as_str()) {
        return acr_error(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED",
            "service does not name this registry",
        );
    }
    let scopes: Vec<&str> = q
        .iter()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| v.as_str())
        .collect();
    match basic_admin(ctx, headers) {
        Some(true) => issue_access_token(
            ctx,
            ctx.admin_username(),
            "password",
            access(&scopes, scenario_grant(ctx)),
        ),
        Some(false) => acr_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED),
        None if ctx.anonymous_pull => issue_access_token(
            ctx,
            "",
            "anonymous",
            access(&scopes, |kind, action| {
                kind == "repository" && action == "pull"
            }),
        ),
        None => unauthorized(bearer_challenge(ctx, None, None)),
    }
}

/// Who may do what: the `access` claim of a valid access token, or everything for the admin
/// user over Basic.
fn authorize(ctx: &Ctx, headers: &HeaderMap) -> Option<Value> {
    if basic_admin(ctx, headers) == Some(true) {
        return Some(json!([{"type": "repository", "name": "*", "actions": ["*"]}]));
    }
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let claims = ctx.signer.verify(token)?;
    if claims.get("aud").and_then(Value::as_str) != Some(ctx.registry_host.as_str())
        || claims.get("iss").and_then(Value::as_str) != Some(ACR_ISSUER)
    {
        return None;
    }
    claims.get("access").cloned()
}

/// What the registry answers instead of serving `repo` for `action`, if anything: a challenge
/// without a token, `insufficient_scope` without the action, NAME_UNKNOWN for
/// any repository but ours.
fn admit(ctx: &Ctx, headers: &HeaderMap, repo: &str, action: &str) -> Option<Response> {
    let scope = format!("repository:{repo}:{action}");
    let Some(access) = authorize(ctx, headers) else {
        return Some(unauthorized(bearer_challenge(ctx, Some(&scope), None)));
    };
    if !may(&access, repo, action) {
        return Some(unauthorized(bearer_challenge(
            ctx,
            Some(&scope),
            Some("insufficient_scope"),
        )));
    }
    if repo != REPOSITORY {
        return Some(acr_error_with(
            StatusCode::NOT_FOUND,
            "NAME_UNKNOWN",
            "repository name not known to registry",
            json!({"name": repo}),
        ));
    }
    None
}

fn may(access: &Value, repo: &str, wanted: &str) -> bool {
    // An entry's keys in either case (`type` or `Type`, …).
    let key = |e: &'_ Value, k: &str| {
        e.as_object().and_then(|o| {
            o.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        })
    };
    access.as_array().is_some_and(|entries| {
        entries.iter().any(|e| {
            key(e, "type").as_ref().and_then(Value::as_str) == Some("repository")
                && matches!(key(e, "name").as_ref().and_then(Value::as_str), Some(n) if n == repo || n == "*")
                && key(e, "actions").as_ref().and_then(Value::as_array).is_some_and(|a| {
                    a.iter()
                        .any(|x| x.as_str() == Some(wanted) || x.as_str() == Some("*"))
                })
        })
    })
}

/// `GET /v2/<repo>/tags/list?n=&last=`: needs `metadata_read`; pages of at most
/// `TAGS_PAGE`, the next one named by a relative `Link` header, as the distribution spec has it.
fn tags_list(ctx: &Ctx, repo: &str, query: &str, headers: &HeaderMap) -> Response {
    if let Some(refused) = admit(ctx, headers, repo, "metadata_read") {
        return refused;
    }
    let q = form(query.as_bytes());
    let n = field(&q, "n")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(TAGS_PAGE)
        .clamp(1, TAGS_PAGE);
    let last = field(&q, "last").unwrap_or("");
    let rest: Vec<&str> = TAGS.iter().copied().filter(|t| *t > last).collect();
    let page = &rest[..rest.len().min(n)];
    let mut resp = json_response(StatusCode::OK, json!({"name": repo, "tags": page}));
    // In `tags-link-foreign` the next page is on another host, absolute.
    let origin = if ctx.scenario == Scenario::TagsLinkForeign {
        format!(
            "https://{}:{}",
            crate::wire::tls::OTHER_REALM_HOST,
            ctx.other_realm_port
        )
    } else {
        String::new()
    };
    if rest.len() > page.len()
        && let Some(end) = page.last()
        && let Ok(v) = HeaderValue::from_str(&format!(
            "<{origin}/v2/{repo}/tags/list?last={end}&n={n}>; rel=\"next\""
        ))
    {
        resp.headers_mut().insert(header::LINK, v);
    }
    resp
}

/// `/v2/<name>/manifests/<ref>`, `/v2/<name>/blobs/<digest>` and `/v2/<name>/tags/list`.
fn api(ctx: &Ctx, method: &Method, path: &str, query: &str, headers: &HeaderMap) -> Response {
    let rest = path.trim_start_matches("/v2/");
    if let Some(repo) = rest.strip_suffix("/tags/list")
        && method == Method::GET
    {
        return tags_list(ctx, repo, query, headers);
    }
    let (repo, kind, reference) = if let Some((repo, r)) = rest.rsplit_once("/manifests/") {
        (repo, "manifests", r)
    } else if let Some((repo, r)) = rest.rsplit_once("/blobs/") {
        (repo, "blobs", r)
    } else {
        return acr_error(StatusCode::NOT_FOUND, "NOT_FOUND", "resource not found");
    };
    if method != Method::GET && method != Method::HEAD {
        return acr_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "UNSUPPORTED",
            "the simulator serves only pulls",
        );
    }
    if let Some(refused) = admit(ctx, headers, repo, "pull") {
        return refused;
    }
    if kind == "manifests" {
        if !TAGS.contains(&reference) && reference != ctx.content.manifest_digest {
            return acr_error_with(
                StatusCode::NOT_FOUND,
                "MANIFEST_UNKNOWN",
                &format!("manifest tagged by \"{reference}\" is not found"),
                json!({"Tag": reference}),
            );
        }
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(ctx.content.manifest.clone())
        };
        return Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, MANIFEST_MEDIA_TYPE)
            .header(header::CONTENT_LENGTH, ctx.content.manifest.len())
            .header("docker-content-digest", &ctx.content.manifest_digest)
            .header(header::ETAG, format!("\"{}\"", ctx.content.manifest_digest))
            .body(body)
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    let Some(blob) = ctx.content.blob(reference) else {
        return acr_error_with(
            StatusCode::NOT_FOUND,
            "BLOB_UNKNOWN",
            "blob unknown to registry",
            json!(reference),
        );
    };
    let expiry = now() + 20 * 60;
    let sig = URL_SAFE_NO_PAD.encode(
        ctx.signer
            .mac(storage::signed_text(&blob.digest, expiry).as_bytes()),
    );
    let location = format!(
        "https://{}:{}/blob/{}?se={}&sig={}",
        ctx.storage_host, ctx.storage_port, blob.digest, expiry, sig
    );
    Response::builder()
        .status(StatusCode::TEMPORARY_REDIRECT)
        .header(header::LOCATION, location)
        .header("docker-content-digest", &blob.digest)
        .header(header::CONTENT_LENGTH, 0)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_into_access() {
        let a = access(
            &[
                "repository:hello:pull,push",
                "registry:catalog:*",
                "bogus",
                "repository:a/b:pull x:y:z",
            ],
            |_, _| true,
        );
        assert_eq!(
            a,
            json!([
                {"type": "repository", "name": "hello", "actions": ["pull", "push"]},
                {"type": "registry", "name": "catalog", "actions": ["*"]},
                {"type": "repository", "name": "a/b", "actions": ["pull"]},
                {"type": "x", "name": "y", "actions": ["z"]},
            ])
        );
    }
}
