//! Login server: the registry name plus the cloud's suffix, or a login server
//! given as is.

use std::sync::Arc;

use crate::catalog::Code;
use crate::cloud::CloudSource;
use crate::finding::{Failure, Finding};
use crate::options::RegistryTarget;
use crate::pipeline::{BoxFuture, Probe};
use crate::registry::{LoginServer, RegistryContext};

pub struct LoginServerProbe(pub Arc<RegistryContext>);

/// As az does: read the registry from ARM and take its `loginServer`.
async fn from_arm(ctx: &RegistryContext, name: &str, id: &str, title: &str) -> Vec<Finding> {
    let sub = ctx.subscription().unwrap_or_default();
    let group = ctx.opts.resource_group.as_deref();
    let fail = |reason: String| {
        vec![Finding::error(
            id,
            title,
            Failure::new(Code::LoginServerError, &[("name", name)]).because(ctx.scrub(&reason)),
        )]
    };
    let arm = match ctx.arm().await {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let registry = match arm.registry(sub, group, name).await {
        Ok(r) => r,
        Err(e) => return fail(e.describe()),
    };
    let Some(raw) = registry["properties"]["loginServer"].as_str() else {
        return fail("ARM returned the registry without a loginServer".into());
    };
    let (host, port) = match raw.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(port) => (h.to_ascii_lowercase(), Some(port)),
            Err(_) => return fail(format!("ARM returned an invalid loginServer '{raw}'")),
        },
        None => (raw.to_ascii_lowercase(), None),
    };
    let ls = LoginServer {
        host,
        port,
        name: name.to_owned(),
    };
    let line = format!(
        "Login server: {} (registry '{name}' read from ARM, subscription {sub}{})",
        ls.display(),
        group
            .map(|g| format!(", resource group {g}"))
            .unwrap_or_default()
    );
    ctx.login_server.set(ls);
    ctx.arm_registry.set(registry);
    vec![Finding::info(id, title, line).beyond_az()]
}

impl Probe for LoginServerProbe {
    fn id(&self) -> String {
        self.0.id("registry.login_server")
    }
    fn title(&self) -> String {
        "Login server".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let ctx = &self.0;
            let (id, title) = (self.id(), self.title());
            let cloud = &ctx.cloud;
            let cloud_from = match &cloud.source {
                CloudSource::Flag => "--cloud".to_owned(),
                CloudSource::AzureCli(dir) => format!("the Azure CLI config in {}", dir.display()),
                CloudSource::Default => "the default".to_owned(),
            };
            match &ctx.target {
                RegistryTarget::Name(name) if ctx.subscription().is_some() => {
                    from_arm(ctx, name, &id, &title).await
                }
                RegistryTarget::Name(name) => {
                    let Some(suffix) = &cloud.acr_suffix else {
                        return vec![Finding::error(
                            &id,
                            &title,
                            Failure::new(Code::LoginServerError, &[("name", name)]).because(
                                format!(
                                    "cloud '{}' (from {cloud_from}) has no registry suffix; give the login server itself with -n",
                                    cloud.name
                                ),
                            ),
                        )];
                    };
                    let ls = LoginServer {
                        host: format!("{name}{suffix}"),
                        port: None,
                        name: name.clone(),
                    };
                    let line = format!(
                        "Login server: {} (registry '{name}' in {}, from {cloud_from})",
                        ls.display(),
                        cloud.name
                    );
                    ctx.login_server.set(ls);
                    vec![Finding::info(&id, &title, line).beyond_az()]
                }
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
                    };
                    let mut out = vec![
                        Finding::info(&id, &title, format!("Login server: {}", ls.display()))
                            .beyond_az(),
                    ];
                    if *had_capitals {
                        out.push(
                            Finding::warning(
                                &id,
                                &title,
                                format!(
                                    "The login server was given with capital letters; docker needs it in lower case: {}",
                                    ls.display()
                                ),
                            )
                            .beyond_az(),
                        );
                    }
                    ctx.login_server.set(ls);
                    out
                }
            }
        })
    }
}
