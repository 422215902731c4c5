//! Access token: `POST /oauth2/token` for `registry:catalog:*`, or with
//! `--repository` for that repository's actions, then compare what the token
//! grants with what was asked for.

use std::sync::Arc;

use crate::catalog::Message;
use crate::finding::{Failure, Finding};
use crate::net::jwt;
use crate::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::registry::token::{self, TokenInputs};
use crate::registry::{Grant, RegistryContext, Resolved, Session};

pub struct AccessTokenProbe(pub Arc<RegistryContext>);

impl Probe for AccessTokenProbe {
    type Needs = (Handle<Resolved>, Handle<Session>, Handle<Grant>);
    type Output = ();
    fn run(&self, needs: (Arc<Resolved>, Arc<Session>, Arc<Grant>)) -> BoxFuture<'_, Report<()>> {
        let inputs = TokenInputs::from(needs);
        Box::pin(async move { self.check(&inputs).await.into() })
    }
}

impl AccessTokenProbe {
    async fn check(&self, inputs: &TokenInputs) -> Vec<Finding> {
        let ctx = &self.0;
        let shown = inputs.ls().display();
        let repo = ctx.opts.repository.as_deref();
        let scope = match repo {
            Some(r) => format!("repository:{r}:{}", ctx.opts.actions.join(",")),
            // az sends `registry:None:*` here; the catalog scope is what it meant.
            None => "registry:catalog:*".to_owned(),
        };
        let token = match token::access_token(ctx, inputs, &scope).await {
            Ok(t) => t,
            Err(findings) => return findings,
        };
        let Some(repo) = repo else {
            return vec![Finding::pass(format!(
                "Fetch access token for registry '{shown}'"
            ))];
        };
        let granted = jwt::granted_actions(&token, repo);
        let all = granted.iter().any(|a| a == "*");
        let missing: Vec<String> = ctx
            .opts
            .actions
            .iter()
            .filter(|a| !all && !granted.contains(a))
            .cloned()
            .collect();
        if missing.is_empty() {
            return vec![
                Finding::pass(format!(
                    "Fetch access token for repository '{repo}' in registry '{shown}'"
                ))
                .detail(format!("granted: {}", granted.join(", "))),
            ];
        }
        let failure = Failure::new(Message::LackingPermissions {
            granted: &granted,
            missing: &missing,
        });
        vec![Finding::error(failure.because(format!(
            "asked for {} on repository '{repo}'; the token grants {}",
            ctx.opts.actions.join(", "),
            if granted.is_empty() {
                "nothing".to_owned()
            } else {
                granted.join(", ")
            }
        )))]
    }
}
