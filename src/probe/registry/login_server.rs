//! Login server: the registry name plus the cloud's suffix, or a login server
//! given as is.

use std::sync::Arc;

use crate::azure::arm::ArmError;
use crate::azure::cloud::CloudSource;
use crate::azure::resource::Registry;
use crate::engine::catalog::Message;
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Probe, Report};
use crate::probe::registry::context::{
    ArmSubscription, LoginServer, RegistryContext, Resolved, SubscriptionPick,
};
use crate::probe::settings::RegistryTarget;
use crate::sys::error::sentence;

pub struct LoginServerProbe(pub Arc<RegistryContext>);

/// The login server from the registry name and the cloud's suffix.
fn from_suffix(ctx: &RegistryContext, name: &str) -> Result<(LoginServer, String), String> {
    let cloud = &ctx.cloud;
    let cloud_from = match &cloud.source {
        CloudSource::Flag => "--cloud".to_owned(),
        CloudSource::AzureCli(dir) => format!("the Azure CLI config in {}", dir.display()),
        CloudSource::Default => "the default".to_owned(),
    };
    let Some(suffix) = &cloud.acr_suffix else {
        return Err(format!(
            "cloud '{}' (from {cloud_from}) has no registry suffix; give the login server itself with -n",
            cloud.name
        ));
    };
    let typed = format!("{name}{suffix}");
    // A registered cloud's suffix may carry a port (a private cloud, a test
    // stand): it is the login server's.
    let (typed, port) = match crate::net::host_port::split(&typed) {
        Ok((h, port)) => (h.to_owned(), port),
        Err(_) => (typed.clone(), None),
    };
    let host = typed.to_ascii_lowercase();
    let ls = LoginServer {
        shown_host: (typed != host).then_some(typed),
        host,
        port,
        name: name.to_owned(),
    };
    let line = format!(
        "Login server: {} (registry '{name}' in {}, from {cloud_from})",
        ls.display(),
        cloud.name,
    );
    Ok((ls, line))
}

/// Why ARM did not give the login server, and whether `-o az` shows it.
struct ArmMiss {
    reason: String,
    /// az falls back silently when the registry is not found; when ARM
    /// refuses or cannot be reached az stops, so we say so even in `-o az`.
    az_silent: bool,
}

/// As az does: read the registry from ARM and take its `loginServer`.
async fn read_from_arm(
    ctx: &RegistryContext,
    name: &str,
    sub: &ArmSubscription,
) -> Result<(LoginServer, Registry, String), ArmMiss> {
    let group = ctx.settings.resource_group.as_deref();
    let loud = |reason: String| ArmMiss {
        reason,
        az_silent: false,
    };
    let arm = ctx.arm().await.map_err(loud)?;
    let registry = match arm.registry(&sub.id, group, name).await {
        Ok(r) => r,
        Err(e @ ArmError::NotFound(_)) => {
            return Err(ArmMiss {
                reason: sentence(&e),
                az_silent: true,
            });
        }
        Err(e) => return Err(loud(sentence(&e))),
    };
    let Some(raw) = registry.properties.login_server.as_deref() else {
        return Err(loud(
            "ARM returned the registry without a loginServer".into(),
        ));
    };
    let (host, port) = match crate::net::host_port::split(raw) {
        Ok((h, port)) => (h.to_ascii_lowercase(), port),
        Err(e) => {
            return Err(loud(format!(
                "ARM returned an invalid loginServer '{raw}' ({e})"
            )));
        }
    };
    let ls = LoginServer {
        host,
        port,
        name: name.to_owned(),
        shown_host: None,
    };
    let line = format!(
        "Login server: {} (registry '{name}' read from ARM, subscription {} from {}{})",
        ls.display(),
        sub.id,
        sub.from,
        group
            .map(|g| format!(", resource group {g}"))
            .unwrap_or_default()
    );
    Ok((ls, registry, line))
}

/// ARM first; when it cannot say, the name and the cloud's suffix (as az
/// does), with a warning saying why. LOGIN_SERVER_ERROR only when there is no
/// suffix to fall back on.
async fn by_name(ctx: &RegistryContext, name: &str) -> Report<Resolved> {
    let Some(sub) = ctx.subscription().cloned() else {
        let mut out = vec![];
        // Never another subscription than the one asked for: ARM is not read.
        // (az says nothing here: its ARM lookup fails silently and its token
        // request fails later, which the challenge step reports.)
        if let SubscriptionPick::Unknown { value, from, .. } = ctx.credential.subscription_pick() {
            out.push(
                Finding::warning(format!(
                    "Subscription '{value}' (from {from}) is not in the Azure CLI's profile for cloud {}, by id or name; the registry is not read from ARM",
                    ctx.cloud.name
                ))
                .beyond_az(),
            );
        }
        return match from_suffix(ctx, name) {
            Ok((ls, line)) => {
                out.insert(0, Finding::info(line).beyond_az());
                Report::with(out, ls.into())
            }
            Err(reason) => {
                out.push(Finding::error(
                    Failure::new(Message::LoginServer { name }).because(reason),
                ));
                Report::without(out)
            }
        };
    };
    // The registry token is fetched while ARM answers: both are needed.
    let (arm, _) = tokio::join!(read_from_arm(ctx, name, &sub), ctx.credential.get());
    let miss = match arm {
        Ok((login_server, registry, line)) => {
            let resolved = Resolved {
                login_server,
                arm: Some(registry),
            };
            return Report::with(vec![Finding::info(line).beyond_az()], resolved);
        }
        Err(miss) => miss,
    };
    let reason = ctx.scrub(&miss.reason);
    match from_suffix(ctx, name) {
        Ok((ls, line)) => {
            let mut warning = Finding::warning(format!(
                "The registry could not be read from ARM (subscription {} from {}): {reason}; using the registry name and the cloud's suffix instead",
                sub.id, sub.from
            ));
            if miss.az_silent {
                warning = warning.beyond_az();
            }
            Report::with(vec![Finding::info(line).beyond_az(), warning], ls.into())
        }
        Err(no_suffix) => Report::without(vec![Finding::error(
            Failure::new(Message::LoginServer { name })
                .because(format!("{reason}; and {no_suffix}")),
        )]),
    }
}

impl Probe for LoginServerProbe {
    type Needs = ();
    type Output = Resolved;
    fn run(&self, _: ()) -> BoxFuture<'_, Report<Resolved>> {
        Box::pin(async move {
            let ctx = &self.0;
            match &ctx.target {
                RegistryTarget::Name(name) => by_name(ctx, name).await,
                RegistryTarget::LoginServer {
                    host,
                    port,
                    had_capitals,
                } => {
                    let name = host.split('.').next().unwrap_or(host).to_owned();
                    let ls = LoginServer {
                        host: host.clone(),
                        port: *port,
                        name,
                        shown_host: None,
                    };
                    let mut out =
                        vec![Finding::info(format!("Login server: {}", ls.display())).beyond_az()];
                    if *had_capitals {
                        out.push(
                            Finding::warning(format!(
                                    "The login server was given with capital letters; docker needs it in lower case: {}",
                                    ls.display()
                                ),
                            )
                            .beyond_az(),
                        );
                    }
                    Report::with(out, ls.into())
                }
            }
        })
    }
}
