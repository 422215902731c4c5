//! Credential: runs the chain of docs/behaviour.md §6 (concurrently with DNS and the
//! challenge) and reports which source will be used.

use std::sync::Arc;

use crate::azure::credential::source::Credential;
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::registry::context::{RegistryContext, Resolved};

pub struct CredentialProbe(pub Arc<RegistryContext>);

/// The chain runs once per run (a run-wide service); this step reports it
/// for one registry and hands the credential to the refresh-token step.
impl Probe for CredentialProbe {
    type Needs = Handle<Resolved>;
    type Output = Credential;
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<Credential>> {
        Box::pin(async move {
            let ctx = &self.0;
            match ctx.credential.get().await {
                Ok(o) => Report::with(
                    vec![
                        Finding::info(format!("Credential: {}", ctx.scrub(&o.source))).beyond_az(),
                    ],
                    o.credential.clone(),
                ),
                Err(e) => {
                    let shown = resolved.login_server.display();
                    Report::without(vec![Finding::error(Failure::new(Message::Credential {
                        ls: &shown,
                        reason: Outside(&ctx.scrub(&e.0)),
                    }))])
                }
            }
        })
    }
}
