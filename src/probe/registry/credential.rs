//! Credential: runs the chain of docs/behaviour.md §6 (concurrently with DNS and the
//! challenge) and reports which source will be used.

use std::sync::Arc;

use crate::azure::credential::source::{Credential, CredentialFailure, SignIn};
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::registry::context::{RegistryContext, Resolved};

pub struct CredentialProbe(pub Arc<RegistryContext>);

/// The chain runs once per run (a run-wide service); this step reports it
/// for one registry and hands the credential to the refresh-token step.
/// Under az's rules a failure is the challenge step's to report (`az_failure`),
/// so this step then says nothing.
impl Probe for CredentialProbe {
    type Needs = Handle<Resolved>;
    type Output = Credential;
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<Credential>> {
        Box::pin(async move {
            let ctx = &self.0;
            // A source whose endpoint may not receive its secret is not run.
            if let Some(refused) = ctx.credential.refused() {
                return Report::without(vec![super::context::insecure_endpoint(&refused)]);
            }
            match ctx.credential.get().await {
                Ok(o) => Report::with(
                    vec![
                        Finding::info(format!("Credential: {}", ctx.scrub(&o.source))).beyond_az(),
                    ],
                    o.credential.clone(),
                ),
                Err(_) if ctx.settings.rules.az() => Report::without(vec![]),
                Err(e) => {
                    let shown = resolved.login_server.display();
                    Report::without(vec![failure(ctx, &shown, e)])
                }
            }
        })
    }
}

/// CREDENTIAL_ERROR: no source could sign in; the reason says why.
fn failure(ctx: &RegistryContext, shown: &str, e: &CredentialFailure) -> Finding {
    Finding::error(Failure::new(Message::Credential {
        ls: shown,
        reason: Outside(&ctx.scrub(&e.message)),
    }))
}

/// A failed credential as az's stream has it. az signs in inside its
/// challenge step (`_get_aad_token`, after the challenge and before its pass
/// line), so under its rules the challenge step reports this in place of its
/// pass line. Entra ID refusing the token is what az raises (azure-cli-core
/// `auth/util.py`, `aad_error_handler`): Entra's whole description and az's
/// hint for the identity in use, and the run ends there. Anything else is a
/// failure az crashes on: our CREDENTIAL_ERROR.
pub fn az_failure(ctx: &RegistryContext, shown: &str, e: &CredentialFailure) -> Finding {
    let Some(refusal) = &e.refusal else {
        return failure(ctx, shown, e);
    };
    let user = match &refusal.sign_in {
        SignIn::User { tenant, scope } => Some((tenant.as_str(), scope.as_str())),
        SignIn::App => None,
    };
    Finding::error(Failure::new(Message::EntraRefused {
        description: refusal.description.as_deref().map(Outside),
        invalid_secret: refusal.codes.contains(&7_000_215),
        user,
    }))
    .raised()
}
