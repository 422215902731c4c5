//! The credential chain of docs/behaviour.md §6. Sources are tried in order; the first one
//! that is *configured* is used, and if it fails that failure is the answer
//! (falling through to the next source would hide a broken configuration).

use std::sync::Arc;

use crate::guard::secret::Secret;
use crate::net::endpoint::{Endpoint, InsecureEndpoint};
use crate::sys::future::BoxFuture;

use super::source::{Credential, CredentialFailure, Obtained, SourceContext, TokenSource};

/// `ACR_HEALTH_AAD_TOKEN`: bring your own token.
struct OwnToken;

impl TokenSource for OwnToken {
    fn name(&self) -> &'static str {
        "ACR_HEALTH_AAD_TOKEN"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ctx.env.get("ACR_HEALTH_AAD_TOKEN").is_some()
    }
    fn endpoint(&self, _: &SourceContext) -> Option<Endpoint> {
        None
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            if resource != ctx.settings.registry_audience() {
                return Err(CredentialFailure::new(
                    "ACR_HEALTH_AAD_TOKEN holds a registry token; reading the registry from ARM needs a credential that can also get an ARM token.".into(),
                ));
            }
            let token = ctx.env.get("ACR_HEALTH_AAD_TOKEN").unwrap_or_default();
            Ok((
                Secret::new(token.trim()),
                "token from ACR_HEALTH_AAD_TOKEN".into(),
            ))
        })
    }
}

fn sources() -> Vec<Box<dyn TokenSource>> {
    vec![
        Box::new(OwnToken),
        Box::new(super::entra::ServicePrincipal),
        Box::new(super::entra::WorkloadIdentity),
        Box::new(super::managed_identity::AppService),
        Box::new(super::managed_identity::Imds),
        Box::new(super::azure_cli::AzureCli),
    ]
}

/// True when the chain will use the Azure CLI login: nothing on the command
/// line and no source before it configured. Decided without any request.
pub fn uses_azure_cli(ctx: &SourceContext) -> bool {
    if ctx.settings.registry_only() || ctx.settings.node.is_some() {
        return false;
    }
    sources()
        .iter()
        .find(|s| s.configured(ctx))
        .is_some_and(|s| s.name() == super::azure_cli::NAME)
}

/// The Azure CLI account's subscription for ARM, as az picks it: `--subscription`
/// by id or name, else the default; never a tenant-level login.
pub fn azure_cli_subscription(ctx: &SourceContext) -> Option<String> {
    let files = ctx.az_files()?;
    let accounts = files.profile.as_read()?;
    let account = super::azure_cli::select_account(
        accounts,
        &ctx.cloud.name,
        ctx.settings.wanted_subscription().map(|(v, _)| v),
    )
    .ok()?;
    (!account.is_tenant_level()).then(|| account.id.clone())
}

/// The endpoint the chain would send a secret to for `resource` when it may
/// not receive one (`net::endpoint` refused it), decided without any
/// request: the first configured source's, as the chain picks it. None
/// when that one is fine, or sends nothing (`-u/-p`, `--anonymous` for the
/// registry, `ACR_HEALTH_AAD_TOKEN`).
pub fn refused_endpoint(ctx: &SourceContext, resource: &str) -> Option<InsecureEndpoint> {
    if resource == ctx.settings.registry_audience() && ctx.settings.registry_only() {
        return None;
    }
    sources()
        .into_iter()
        .find(|s| s.configured(ctx))?
        .endpoint(ctx)?
        .err()
}

/// Runs the chain for the registry audience.
pub async fn obtain(ctx: Arc<SourceContext>) -> Result<Obtained, CredentialFailure> {
    let audience = ctx.settings.registry_audience().to_owned();
    obtain_for(ctx, &audience).await
}

/// Runs the chain for `resource`. Only Entra ID sources apply to other
/// audiences (ARM): `-u/-p` and `--anonymous` sign in to the registry only,
/// so with them ARM is read through the chain's Entra ID sources, when one
/// is configured (the settings checks need the registry object, e.g. whether
/// the admin user `-u` names is enabled).
///
/// The chain is one step, whatever it falls back through (the Azure CLI's
/// files, then `az` itself): all of it shares one `--timeout`. Each request
/// has that timeout too, so the chain's own bound gets a little more, and a
/// single slow request still reports in its own words.
pub async fn obtain_for(
    ctx: Arc<SourceContext>,
    resource: &str,
) -> Result<Obtained, CredentialFailure> {
    let timeout = ctx.settings.timeout;
    let bound = timeout + CHAIN_GRACE;
    match tokio::time::timeout(bound, chain(ctx, resource)).await {
        Ok(result) => result,
        Err(_) => Err(CredentialFailure::new(format!(
            "The credential chain did not finish within {} (--timeout), trying source after source.",
            humantime::format_duration(timeout)
        ))),
    }
}

/// How much longer than `--timeout` the whole chain may take (see `obtain_for`).
const CHAIN_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

async fn chain(ctx: Arc<SourceContext>, resource: &str) -> Result<Obtained, CredentialFailure> {
    let settings = &ctx.settings;
    // `--node`: the kubelet's identity, and nothing else.
    if let Some(node) = &settings.node {
        return super::node::obtain(&ctx, node, resource).await;
    }
    if resource != settings.registry_audience() && settings.registry_only() {
        if !sources().iter().any(|s| s.configured(&ctx)) {
            return Err(CredentialFailure::new(
                "-u/-p and --anonymous sign in to the registry only; reading it from ARM needs an Entra ID credential, and none is configured.".into(),
            ));
        }
        return entra_sources(ctx, resource, vec![]).await;
    }
    if let (Some(user), Some(pw)) = (&settings.username, &settings.password) {
        return Ok(Obtained {
            credential: Credential::Password {
                username: user.clone(),
                password: pw.clone(),
            },
            source: format!("username and password (-u {user})"),
        });
    }
    if settings.anonymous {
        return Ok(Obtained {
            credential: Credential::Anonymous,
            source: "anonymous (--anonymous)".into(),
        });
    }
    entra_sources(ctx, resource, vec!["-u/-p"]).await
}

/// The chain's Entra ID sources, in order: the first configured one's token.
async fn entra_sources(
    ctx: Arc<SourceContext>,
    resource: &str,
    mut tried: Vec<&'static str>,
) -> Result<Obtained, CredentialFailure> {
    for source in sources() {
        if !source.configured(&ctx) {
            tried.push(source.name());
            continue;
        }
        // Nothing goes to an endpoint that may not receive it.
        if let Some(Err(refused)) = source.endpoint(&ctx) {
            return Err(super::source::refused(&refused));
        }
        let (token, who) = source.fetch(&ctx, resource).await?;
        if token.is_empty() {
            return Err(CredentialFailure::new(format!(
                "{} gave an empty token",
                source.name()
            )));
        }
        let tenant = crate::net::jwt::tenant(token.expose());
        return Ok(Obtained {
            credential: Credential::AadToken { token, tenant },
            source: who,
        });
    }
    Err(CredentialFailure::new(format!(
        "None is configured; tried: {}. Set one up, or pass --anonymous for a registry that allows anonymous pull.",
        tried.join(", ")
    )))
}
