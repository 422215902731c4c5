//! Access token: `POST /oauth2/token` for `registry:catalog:*`, or with
//! `--repository` for that repository's actions, then compare what the token
//! grants with what was asked for.

use std::sync::Arc;

use crate::engine::catalog::Message;
use crate::engine::finding::{Fact, Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::net::jwt;
use crate::probe::registry::context::{Grant, RegistryContext, Resolved, Session};
use crate::probe::registry::token::{self, TokenInputs};

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
        let mut findings = self.findings(inputs).await;
        // For machines: when the token obtained in this run expires.
        if let (Some(Ok(token)), Some(first)) = (inputs.session.planned.get(), findings.first_mut())
            && let Some(at) = jwt::expiry(token)
        {
            first.facts.push(Fact::TokenExpiry(at));
        }
        findings
    }

    async fn findings(&self, inputs: &TokenInputs) -> Vec<Finding> {
        let ctx = &self.0;
        let shown = inputs.ls().display();
        let repo = ctx.settings.repository.as_deref();
        // With the data path's scope too, when it runs: one request for both.
        let token = match token::planned(ctx, inputs).await {
            Ok(t) => t,
            Err(findings) => return findings,
        };
        let expires = jwt::expiry_detail(&token);
        let Some(repo) = repo else {
            let mut pass = Finding::pass(format!("Fetch access token for registry '{shown}'"));
            if let Some(e) = expires {
                pass = pass.detail(e);
            }
            return vec![pass];
        };
        let granted = jwt::granted_actions(&token, repo);
        let all = granted.iter().any(|a| a == "*");
        let missing: Vec<String> = ctx
            .settings
            .actions
            .iter()
            .filter(|a| !all && !granted.contains(a))
            .cloned()
            .collect();
        if missing.is_empty() {
            let mut pass = Finding::pass(format!(
                "Fetch access token for repository '{repo}' in registry '{shown}'"
            ))
            .detail(format!("granted: {}", granted.join(", ")))
            .detail(format!("requested: {}", ctx.settings.actions.join(", ")));
            if let Some(e) = expires {
                pass = pass.detail(e);
            }
            return vec![pass];
        }
        let failure = Failure::new(Message::LackingPermissions {
            granted: &granted,
            missing: &missing,
        });
        // The FAQ's caveat: a role assigned a moment ago, or a token cached
        // before it, does not show up at once.
        vec![Finding::error(failure.because(format!(
            "asked for {} on repository '{repo}'; the token grants {}{}. New role assignments and cached tokens take a few minutes to take effect: if access was just granted, run again with --wait 5m",
            ctx.settings.actions.join(", "),
            if granted.is_empty() {
                "nothing".to_owned()
            } else {
                granted.join(", ")
            },
            expires.map(|e| format!(" ({e})")).unwrap_or_default()
        )))]
    }
}
