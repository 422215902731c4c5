//! Refresh token: trade the Entra ID token for a registry refresh token,
//! `POST /oauth2/exchange` on the login server (over the challenge's connection).

use std::sync::Arc;

use crate::azure::credential::source::Credential;
use crate::engine::catalog::Code;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::secret::Secret;
use crate::probe::registry::context::{Grant, RegistryContext, Resolved, Session};
use crate::probe::registry::token::fetch_token;

pub struct RefreshTokenProbe(pub Arc<RegistryContext>);

/// Hands the access-token and data-path steps the grant their token
/// requests use: the refresh token, or the password / anonymous sign-in
/// that needs none.
impl Probe for RefreshTokenProbe {
    type Needs = (Handle<Resolved>, Handle<Session>, Handle<Credential>);
    type Output = Grant;
    fn run(
        &self,
        (resolved, session, credential): (Arc<Resolved>, Arc<Session>, Arc<Credential>),
    ) -> BoxFuture<'_, Report<Grant>> {
        Box::pin(async move {
            let ctx = &self.0;
            let ls = &resolved.login_server;
            let shown = ls.display();
            let (token, tenant) = match &*credential {
                Credential::AadToken { token, tenant } => (token, tenant),
                Credential::Password { username, password } => {
                    let line = Finding::info(
                        "Refresh token not needed: username and password sign in directly",
                    )
                    .beyond_az();
                    let grant = Grant::Password {
                        username: username.clone(),
                        password: password.clone(),
                    };
                    return Report::with(vec![line], grant);
                }
                Credential::Anonymous => {
                    let line =
                        Finding::info("Refresh token not needed: anonymous access").beyond_az();
                    return Report::with(vec![line], Grant::Anonymous);
                }
            };
            let url = format!("{}/oauth2/exchange", ls.base_url());
            let mut form = vec![
                ("grant_type", "access_token"),
                ("service", session.service.as_str()),
                ("access_token", token.expose()),
            ];
            if let Some(t) = tenant {
                form.push(("tenant", t.as_str()));
            }
            tracing::debug!(
                "POST {url} (grant_type=access_token, service={})",
                session.service
            );
            let req = session.client.post(&url).form(&form);
            match fetch_token(
                ctx,
                ls,
                req,
                "POST /oauth2/exchange",
                "refresh_token",
                Code::ConnectivityRefreshTokenError,
            )
            .await
            {
                Ok(refresh) => Report::with(
                    vec![Finding::pass(format!(
                        "Fetch refresh token for registry '{shown}'"
                    ))],
                    Grant::RefreshToken(Secret::new(refresh)),
                ),
                Err(e) => Report::without(vec![Finding::error(e.0)]),
            }
        })
    }
}
