//! Access token: `POST /oauth2/token` for `registry:catalog:*`, or with
//! `--repository` for that repository's actions, then compare what the token
//! grants with what was asked for.

use std::sync::Arc;

use super::token_request;
use crate::catalog::Code;
use crate::finding::{Failure, Finding};
use crate::net::jwt;
use crate::pipeline::{BoxFuture, Probe};
use crate::registry::RegistryContext;

pub struct AccessTokenProbe(pub Arc<RegistryContext>);

/// `a`, `a and b`, `a, b and c`; `no` for none (as az words it).
fn join_and(items: &[String]) -> String {
    match items {
        [] => "no".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Probe for AccessTokenProbe {
    fn id(&self) -> String {
        self.0.id("registry.access_token")
    }
    fn title(&self) -> String {
        "Access token".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let ctx = &self.0;
            let (id, title) = (self.id(), self.title());
            let ls = ctx.ls();
            let shown = ls.display();
            let repo = ctx.opts.repository.as_deref();
            let scope = match repo {
                Some(r) => format!("repository:{r}:{}", ctx.opts.actions.join(",")),
                // az sends `registry:None:*` here; the catalog scope is what it meant.
                None => "registry:catalog:*".to_owned(),
            };
            let token = match token_request::access_token(ctx, &scope, &id, &title).await {
                Ok(t) => t,
                Err(findings) => return findings,
            };
            let Some(repo) = repo else {
                return vec![Finding::pass(
                    &id,
                    &title,
                    format!("Fetch access token for registry '{shown}'"),
                )];
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
                    Finding::pass(
                        &id,
                        &title,
                        format!("Fetch access token for repository '{repo}' in registry '{shown}'"),
                    )
                    .detail(format!("granted: {}", granted.join(", "))),
                ];
            }
            let mut failure = Failure::new(Code::ConnectivityAccessTokenError, &[]);
            failure.message = format!(
                "You have {} permissions to the repository. You are lacking {} repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.",
                crate::sanitize::outside(&join_and(&granted)),
                crate::sanitize::outside(&join_and(&missing))
            );
            vec![Finding::error(
                &id,
                &title,
                failure.because(format!(
                    "asked for {} on repository '{repo}'; the token grants {}",
                    ctx.opts.actions.join(", "),
                    if granted.is_empty() {
                        "nothing".to_owned()
                    } else {
                        granted.join(", ")
                    }
                )),
            )]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::join_and;

    #[test]
    fn lists_read_like_az() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&[])), "no");
        assert_eq!(join_and(&s(&["pull"])), "pull");
        assert_eq!(join_and(&s(&["pull", "push"])), "pull and push");
        assert_eq!(
            join_and(&s(&["pull", "push", "delete"])),
            "pull, push and delete"
        );
    }
}
