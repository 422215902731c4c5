//! CMK identity: a registry encrypted with a customer-managed key reaches its
//! key vault through an identity. If that identity is gone, the registry
//! cannot use its key. Runs when the registry's ARM object is known.

use std::sync::Arc;

use crate::azure::resource::Registry;
use crate::engine::catalog::Message;
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::sys::error::sentence;

pub struct CmkProbe(pub Arc<RegistryContext>);

/// What the registry's encryption settings say about its identity.
pub(crate) enum Verdict {
    /// No customer-managed key: nothing to check.
    NotEncrypted,
    /// Uses the system-assigned identity; valid when it has a principal.
    System { valid: bool },
    /// Uses a user-assigned identity: its resource ID when the registry lists it.
    UserAssigned {
        client_id: String,
        resource: Option<String>,
    },
}

pub(crate) fn verdict(registry: &Registry) -> Verdict {
    let Some(client_id) = registry
        .properties
        .encryption
        .as_ref()
        .and_then(|e| e.key_vault_properties.as_ref())
        .and_then(|k| k.identity.as_deref())
        .filter(|s| !s.is_empty())
    else {
        return Verdict::NotEncrypted;
    };
    let identity = registry.identity.as_ref();
    if client_id.eq_ignore_ascii_case("system") {
        let valid = identity
            .and_then(|i| i.principal_id.as_deref())
            .is_some_and(|p| !p.is_empty());
        return Verdict::System { valid };
    }
    let resource = identity
        .and_then(|i| i.user_assigned_identities.as_ref())
        .into_iter()
        .flatten()
        // Client IDs are GUIDs; Azure does not promise their case.
        .find(|(_, v)| {
            v.client_id
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(client_id))
        })
        .map(|(k, _)| k.clone());
    Verdict::UserAssigned {
        client_id: client_id.to_owned(),
        resource,
    }
}

impl Probe for CmkProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&resolved).await.into() })
    }
}

impl CmkProbe {
    async fn check(&self, resolved: &Resolved) -> Vec<Finding> {
        let ctx = &self.0;
        // Only a registry read from ARM has settings to check.
        let Some(registry) = &resolved.arm else {
            return Vec::new();
        };
        let name = &resolved.login_server.name;
        let missing = |reason: String| {
            vec![Finding::error(
                Failure::new(Message::Cmk { name }).because(reason),
            )]
        };
        match verdict(registry) {
            Verdict::NotEncrypted => vec![
                Finding::info("Encryption: Microsoft-managed keys (no CMK identity to check)")
                    .beyond_az(),
            ],
            Verdict::System { valid: true } => {
                vec![Finding::info("CMK identity: the system-assigned identity exists").beyond_az()]
            }
            Verdict::System { valid: false } => missing(
                "encryption uses the system-assigned identity, but the registry has none".into(),
            ),
            Verdict::UserAssigned {
                client_id,
                resource: None,
            } => missing(format!(
                "encryption uses identity client ID {client_id}, which is not assigned to the registry"
            )),
            Verdict::UserAssigned {
                client_id,
                resource: Some(resource),
            } => {
                // az reads the identity and counts any failure to as its
                // absence (check_health.py: `except CloudError: pass`, then
                // CMK_MANAGED_IDENTITY_ERROR); our rules say it was not checked.
                let az = ctx.settings.rules.az();
                let arm = match ctx.arm().await {
                    Ok(a) => a,
                    Err(e) if az => {
                        return missing(format!(
                            "{resource} (client ID {client_id}) could not be read: {}",
                            ctx.scrub(&e)
                        ));
                    }
                    Err(e) => {
                        return vec![
                            Finding::warning(format!(
                                "CMK identity not checked: {}",
                                ctx.scrub(&e)
                            ))
                            .beyond_az(),
                        ];
                    }
                };
                match arm.identity(&resource).await {
                    Ok(Some(v))
                        if v.properties
                            .client_id
                            .as_deref()
                            .is_some_and(|c| c.eq_ignore_ascii_case(&client_id)) =>
                    {
                        let mut f = Finding::info(format!("CMK identity: {resource} exists"));
                        if let Some(kind) =
                            registry.identity.as_ref().and_then(|i| i.kind.as_deref())
                        {
                            // As ARM wrote it (`userAssigned` or `UserAssigned`), and as read.
                            let read = if registry
                                .identity
                                .as_ref()
                                .is_some_and(|i| i.assigned().user)
                            {
                                "a user-assigned identity"
                            } else {
                                "no user-assigned identity, yet lists this one"
                            };
                            f = f.detail(format!(
                                "identity.type: {} ({read})",
                                crate::guard::sanitize::shown(kind, 60)
                            ));
                        }
                        vec![f.beyond_az()]
                    }
                    Ok(Some(_)) => missing(format!(
                        "{resource} exists but its client ID is no longer {client_id}"
                    )),
                    Ok(None) => missing(format!(
                        "encryption uses {resource} (client ID {client_id}), and ARM says it does not exist"
                    )),
                    Err(e) if az => missing(format!(
                        "{resource} (client ID {client_id}) could not be read: {}",
                        sentence(&e)
                    )),
                    Err(e) => vec![
                        Finding::warning(format!("CMK identity not checked: {}", sentence(&e)))
                            .beyond_az(),
                    ],
                }
            }
        }
    }
}
