//! Refresh token: trade the Entra ID token for a registry refresh token,
//! `POST /oauth2/exchange` on the login server (over the challenge's connection).

use std::sync::Arc;

use crate::catalog::Code;
use crate::credential::Credential;
use crate::finding::Finding;
use crate::pipeline::{BoxFuture, Probe};
use crate::registry::RegistryContext;
use crate::registry::token::fetch_token;
use crate::secret::Secret;

pub struct RefreshTokenProbe(pub Arc<RegistryContext>);

impl Probe for RefreshTokenProbe {
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let ctx = &self.0;
            let shown = ctx.ls().display();
            let (Some(session), Some(Ok(obtained))) =
                (ctx.session.get(), ctx.credential.cell.get())
            else {
                return vec![Finding::skipped("not run: no challenge or credential")];
            };
            let (token, tenant) = match &obtained.credential {
                Credential::AadToken { token, tenant } => (token, tenant),
                Credential::Password { .. } => {
                    return vec![
                        Finding::info(
                            "Refresh token not needed: username and password sign in directly",
                        )
                        .beyond_az(),
                    ];
                }
                Credential::Anonymous => {
                    return vec![
                        Finding::info("Refresh token not needed: anonymous access").beyond_az(),
                    ];
                }
            };
            let url = format!("{}/oauth2/exchange", ctx.ls().base_url());
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
                req,
                "POST /oauth2/exchange",
                "refresh_token",
                Code::ConnectivityRefreshTokenError,
            )
            .await
            {
                Ok(refresh) => {
                    ctx.refresh_token.set(Secret::new(refresh));
                    vec![Finding::pass(format!(
                        "Fetch refresh token for registry '{shown}'"
                    ))]
                }
                Err(e) => vec![Finding::error(e.0)],
            }
        })
    }
}
