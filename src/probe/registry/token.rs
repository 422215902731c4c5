//! What the refresh-token and access-token steps share: sending a form to the
//! registry's token endpoints over the challenge's connection and reading the
//! answer within the size cap, every failure classified.

use std::sync::Arc;
use std::time::Duration;

use crate::engine::catalog::{Code, Message};
use crate::engine::finding::{Failure, Finding};
use crate::net::http;
use crate::probe::registry::context::{Grant, LoginServer, RegistryContext, Resolved, Session};
use crate::probe::settings::RegistrySettings;

/// The access-token step's scope: the `--repository` actions, else the catalog.
pub fn access_scope(settings: &RegistrySettings) -> String {
    match &settings.repository {
        Some(r) => format!("repository:{r}:{}", settings.actions.join(",")),
        // az sends `registry:None:*` here; the catalog scope is what it meant.
        None => "registry:catalog:*".to_owned(),
    }
}

/// The token request for `scopes` (one `scope` parameter each, as the
/// token protocol allows) with the grant the refresh-token step settled:
/// refresh-token grant (Entra ID), password grant (`-u/-p`) or anonymous GET.
pub fn build(
    ls: &LoginServer,
    session: &Session,
    grant: &Grant,
    scopes: &[String],
) -> reqwest::RequestBuilder {
    let url = format!("{}/oauth2/token", ls.base_url());
    let service = session.service.as_str();
    tracing::debug!("token request to {url} (scope={})", scopes.join(" "));
    let scope_fields = scopes.iter().map(|s| ("scope", s.as_str()));
    match grant {
        Grant::RefreshToken(refresh) => {
            let fields: Vec<(&str, &str)> = [("grant_type", "refresh_token"), ("service", service)]
                .into_iter()
                .chain(scope_fields)
                .chain([("refresh_token", refresh.expose())])
                .collect();
            session.client.post(&url).form(&fields)
        }
        Grant::Password { username, password } => {
            let fields: Vec<(&str, &str)> = [("grant_type", "password"), ("service", service)]
                .into_iter()
                .chain(scope_fields)
                .chain([
                    ("username", username.as_str()),
                    ("password", password.expose()),
                ])
                .collect();
            session.client.post(&url).form(&fields)
        }
        Grant::Anonymous => {
            let fields: Vec<(&str, &str)> = [("service", service)]
                .into_iter()
                .chain(scope_fields)
                .collect();
            session.client.get(&url).query(&fields)
        }
    }
}

/// A failed token request, already in report form.
pub struct TokenError(pub Failure);

/// Sends `req`, expects 200 with a JSON body holding `field`.
/// `code` is the step's own error code (refresh or access token).
pub async fn fetch_token(
    ctx: &RegistryContext,
    ls: &LoginServer,
    req: reqwest::RequestBuilder,
    what: &str,
    field: &str,
    code: Code,
) -> Result<String, TokenError> {
    let shown = ls.display();
    let fail = |status: &str, reason: String| {
        TokenError(
            Failure::new(Message::token_refused(code, &shown, status)).because(ctx.scrub(&reason)),
        )
    };
    let resp = http::send(req)
        .await
        .map_err(|e| fail("none", format!("{what}: {}", http::classify(&e))))?;
    let status = resp.status();
    tracing::debug!("{what} -> {status}");
    // Only the exchange's 429 is throttling to az (`_get_aad_token_after_challenge`);
    // the token request's is one more refusal with its code. Our formats
    // call both what they are. Nothing is retried: docs/behaviour.md §7.
    let throttling = code == Code::ConnectivityRefreshTokenError || !ctx.settings.rules.az();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS && throttling {
        let retry = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(|v| match v.trim().parse::<u64>() {
                Ok(secs) => format!(
                    "; the registry asks to retry after {}",
                    humantime::format_duration(Duration::from_secs(secs))
                ),
                Err(_) => format!(
                    "; the registry asks to retry after {}",
                    crate::guard::sanitize::shown(v, 60)
                ),
            })
            .unwrap_or_else(|| "; no Retry-After was given".into());
        return Err(TokenError(
            Failure::new(Message::TooManyRequests { ls: &shown })
                .because(format!("{what} answered 429 Too Many Requests{retry}")),
        ));
    }
    let body = http::read_capped(resp, http::BODY_LIMIT)
        .await
        .map_err(|e| fail(status.as_str(), format!("{what}: {e}")))?;
    if status != reqwest::StatusCode::OK {
        let said = http::registry_error_text(&body)
            .map(|t| format!("; the registry said: {t}"))
            .unwrap_or_default();
        return Err(fail(
            status.as_str(),
            format!("{what} answered {status}{said}"),
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
        fail(
            status.as_str(),
            format!("{what} answered 200 but its body is not JSON"),
        )
    })?;
    let token = value
        .get(field)
        .and_then(|v| v.as_str())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            fail(
                status.as_str(),
                format!("{what} answered 200 without a {field}"),
            )
        })?;
    // From here on no output may show it.
    ctx.secrets()
        .register(&crate::guard::secret::Secret::new(token.as_str()));
    Ok(token)
}

/// What the token steps are given: the login server, the challenge's
/// connection and the grant.
pub struct TokenInputs {
    pub resolved: Arc<Resolved>,
    pub session: Arc<Session>,
    pub grant: Arc<Grant>,
}

impl From<(Arc<Resolved>, Arc<Session>, Arc<Grant>)> for TokenInputs {
    fn from((resolved, session, grant): (Arc<Resolved>, Arc<Session>, Arc<Grant>)) -> Self {
        TokenInputs {
            resolved,
            session,
            grant,
        }
    }
}

impl TokenInputs {
    pub fn ls(&self) -> &LoginServer {
        &self.resolved.login_server
    }
}

/// Builds and sends the token request for `scope`. Returns the access token,
/// or the error finding that ends the step.
pub async fn access_token(
    ctx: &RegistryContext,
    inputs: &TokenInputs,
    scope: &str,
) -> Result<String, Vec<Finding>> {
    let req = build(
        inputs.ls(),
        &inputs.session,
        &inputs.grant,
        &[scope.to_owned()],
    );
    fetch_token(
        ctx,
        inputs.ls(),
        req,
        "POST /oauth2/token",
        "access_token",
        Code::ConnectivityAccessTokenError,
    )
    .await
    .map_err(|e| vec![Finding::error(e.0)])
}

/// The access token for every scope the run's token steps need
/// (`RegistryContext::token_scopes`), asked for in one request by whichever
/// step comes first; the other waits for the same answer. Two requests
/// would share the one HTTP/1.1 connection: the data path's manifest would
/// wait behind the second, or the pool would open a second connection.
pub async fn planned(ctx: &RegistryContext, inputs: &TokenInputs) -> Result<String, Vec<Finding>> {
    let answer = inputs
        .session
        .planned
        .get_or_init(|| async {
            let req = build(
                inputs.ls(),
                &inputs.session,
                &inputs.grant,
                &ctx.token_scopes,
            );
            fetch_token(
                ctx,
                inputs.ls(),
                req,
                "POST /oauth2/token",
                "access_token",
                Code::ConnectivityAccessTokenError,
            )
            .await
            .map_err(|e| e.0)
        })
        .await;
    answer.clone().map_err(|f| vec![Finding::error(f)])
}
