//! Credential: runs the chain of docs/behaviour.md §6 (concurrently with DNS and the
//! challenge) and reports which source will be used.

use std::sync::Arc;

use crate::catalog::{Message, Outside};
use crate::finding::{Failure, Finding};
use crate::pipeline::{BoxFuture, Probe};
use crate::registry::RegistryContext;

pub struct CredentialProbe(pub Arc<RegistryContext>);

impl Probe for CredentialProbe {
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let ctx = &self.0;
            match ctx.credential.get(&ctx.opts).await {
                Ok(o) => {
                    vec![Finding::info(format!("Credential: {}", ctx.scrub(&o.source))).beyond_az()]
                }
                Err(e) => {
                    let shown = ctx.ls().display();
                    vec![Finding::error(Failure::new(Message::Credential {
                        ls: &shown,
                        reason: Outside(&ctx.scrub(&e.0)),
                    }))]
                }
            }
        })
    }
}
