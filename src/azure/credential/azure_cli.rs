//! The Azure CLI's login. Served from az's own files when they can serve it
//! (a cached access token, a service principal's stored secret, or a user's
//! refresh token redeemed at Entra ID), else by running
//! `az account get-access-token` as before. See docs/credentials.md.

use std::time::{SystemTime, UNIX_EPOCH};

use super::source::{CredentialFailure, SignIn, SourceContext, TokenSource};
use crate::azure::az_files::{
    AZURE_CLI_CLIENT_ID, AzureCliFiles, Loaded, ProfileAccount, TokenCache, same_authority,
};
use crate::guard::sanitize::shown;
use crate::guard::secret::Secret;
use crate::net::endpoint::Endpoint;
use crate::net::http;
use crate::sys::future::BoxFuture;
use crate::sys::process;

pub const NAME: &str = "Azure CLI (az login)";

/// A cached token must stay valid at least this long to be used.
const MIN_LIFETIME_SECS: i64 = 300;

pub struct AzureCli;

/// Picks the profile entry az would use (`Profile.get_subscription`):
/// entries of the active cloud, then the one asked for (`--subscription` or
/// az's `defaults.subscription`, by id or name, any case), else the
/// default. A subscription asked for and not listed is an error, never a
/// fall back to the default account.
pub fn select_account<'a>(
    accounts: &'a [ProfileAccount],
    cloud: &str,
    subscription: Option<&str>,
) -> Result<&'a ProfileAccount, String> {
    let in_cloud: Vec<&ProfileAccount> = accounts
        .iter()
        .filter(|a| a.environment_name.eq_ignore_ascii_case(cloud))
        .collect();
    if in_cloud.is_empty() {
        return Err(format!(
            "azureProfile.json has no login for cloud '{cloud}'"
        ));
    }
    if let Some(wanted) = subscription {
        return in_cloud
            .into_iter()
            .find(|a| a.id.eq_ignore_ascii_case(wanted) || a.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                format!(
                    "azureProfile.json lists no subscription '{}' for cloud '{cloud}' (by id or name)",
                    shown(wanted, 100)
                )
            });
    }
    in_cloud
        .into_iter()
        .find(|a| a.is_default)
        .ok_or_else(|| format!("azureProfile.json has no default account for cloud '{cloud}'"))
}

/// What the files could do for one scope.
enum FromFiles {
    Token(Secret, String),
    /// The files cannot serve this; az may. Says why, for the report.
    CannotServe(String),
    /// Entra ID refused the request built from the files. az may still
    /// serve (it may hold a newer login); if it does not, this refusal is
    /// what az itself would have said.
    Refused(CredentialFailure),
    /// Entra ID did not answer: running az would not help either.
    Failed(CredentialFailure),
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The scope az asks for: the registry's, or ARM's as az spells it
/// (`https://management.core.windows.net//.default`, double slash kept).
fn scope_for(ctx: &SourceContext, resource: &str) -> String {
    if resource == ctx.settings.registry_audience() {
        format!("{resource}/.default")
    } else {
        format!("{}/.default", ctx.cloud.ad_resource_id)
    }
}

/// A usable cached bearer token for `client_id` (and the user's
/// `home_account_id`), in `tenant`, for `scope`, from this cloud's authority.
fn cached_token(
    cache: &TokenCache,
    client_id: &str,
    home_account_id: Option<&str>,
    tenant: &str,
    scope: &str,
    authority: &str,
) -> Option<Secret> {
    let deadline = now_secs() + MIN_LIFETIME_SECS;
    cache
        .access_tokens
        .values()
        .find(|t| {
            t.credential_type == "AccessToken"
                && t.token_type
                    .as_deref()
                    .is_none_or(|k| k.eq_ignore_ascii_case("bearer"))
                && t.key_id.as_deref().is_none_or(str::is_empty)
                && t.ext_cache_key.as_deref().is_none_or(str::is_empty)
                && t.client_id.eq_ignore_ascii_case(client_id)
                && home_account_id.is_none_or(|h| t.home_account_id.as_deref() == Some(h))
                && t.realm.eq_ignore_ascii_case(tenant)
                && t.target
                    .split_whitespace()
                    .any(|s| s.eq_ignore_ascii_case(scope))
                && same_authority(&t.environment, authority)
                && t.expires_on.is_some_and(|e| e >= deadline)
                && !t.secret.is_empty()
        })
        .map(|t| t.secret.clone())
}

/// A secret from az's files goes only over https, and only to a host of the
/// entry's own authority group; never through instance discovery.
fn may_send_to(ctx: &SourceContext, entry_environment: &str) -> Result<(), String> {
    let host = ctx
        .authority()
        .map_err(|e| super::source::refused(e).message)?
        .authority();
    if !same_authority(&host, entry_environment) {
        return Err(format!(
            "the login belongs to {}, and the authority in use is {host}",
            shown(entry_environment, 100)
        ));
    }
    Ok(())
}

enum Answer {
    Token(Secret),
    Refused(CredentialFailure),
}

/// POSTs a token request built from az's files, for `sign_in`. An HTTP
/// error is a refusal the caller may answer by running az; no answer at all
/// is a failure.
async fn post(
    ctx: &SourceContext,
    what: &str,
    tenant: &str,
    form: &[(&str, &str)],
    sign_in: SignIn,
) -> Result<Answer, CredentialFailure> {
    let endpoint = ctx
        .authority()
        .map_err(super::source::refused)?
        .join(&[tenant, "oauth2", "v2.0", "token"]);
    let client = ctx
        .http
        .client(None)
        .map_err(|e| CredentialFailure::new(format!("Azure CLI login: {e}")))?;
    let form_names: Vec<&str> = form
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !matches!(*k, "client_secret" | "refresh_token"))
        .collect();
    tracing::debug!(
        "POST {endpoint} (Azure CLI login, {what}; form fields {}; secrets not shown)",
        form_names.join(", ")
    );
    let resp = client
        .post(endpoint.clone())
        .form(form)
        .send()
        .await
        .map_err(|e| {
            CredentialFailure::new(format!(
                "Azure CLI login ({what}) failed at {endpoint}: {}.",
                http::classify(&e)
            ))
        })?;
    let status = resp.status().as_u16();
    let retry = super::source::retry_after(&resp);
    let body = http::read_capped(resp, http::BODY_LIMIT)
        .await
        .map_err(|e| {
            CredentialFailure::new(format!(
                "Azure CLI login ({what}) failed at {endpoint}: {e}."
            ))
        })?;
    if status != 200 {
        let mut f =
            super::source::token_endpoint_failure(what, endpoint.as_str(), Some(status), &body);
        f.message.push_str(retry.as_deref().unwrap_or_default());
        if let Some(r) = &mut f.refusal {
            r.sign_in = sign_in;
        }
        return Ok(Answer::Refused(f));
    }
    let token = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(Secret::new));
    Ok(match token {
        Some(t) if !t.is_empty() => Answer::Token(t),
        _ => Answer::Refused(CredentialFailure::new(format!(
            "{what} at {endpoint}: HTTP 200 but no access_token in the answer"
        ))),
    })
}

fn unusable<T>(loaded: &Loaded<T>, missing: &str) -> Option<String> {
    match loaded {
        Loaded::Read(_) => None,
        Loaded::Missing => Some(missing.to_owned()),
        Loaded::Unusable(why) => Some(why.clone()),
    }
}

async fn from_files(ctx: &SourceContext, files: &AzureCliFiles, resource: &str) -> FromFiles {
    let accounts = match &files.profile {
        Loaded::Read(a) => a,
        other => {
            return FromFiles::CannotServe(
                unusable(other, "not logged in (no azureProfile.json)").unwrap_or_default(),
            );
        }
    };
    let account = match select_account(
        accounts,
        &ctx.cloud.name,
        ctx.settings.wanted_subscription().map(|(v, _)| v),
    ) {
        Ok(a) => a,
        Err(e) => return FromFiles::CannotServe(e),
    };
    if account.is_managed_identity() {
        return FromFiles::CannotServe("the login is a managed identity".into());
    }
    if account.is_cloud_shell() {
        return FromFiles::CannotServe("the login is Cloud Shell's".into());
    }
    let scope = scope_for(ctx, resource);
    let authority = ctx.cloud.native_authority.as_str();
    let tenant = account.tenant_id.as_str();
    let who = shown(&account.user.name, 120);

    if account.is_service_principal() {
        let sp = account.user.name.as_str();
        if let Some(cache) = files.cache.as_read()
            && let Some(t) = cached_token(cache, sp, None, tenant, &scope, authority)
        {
            return FromFiles::Token(t, format!("cached token, service principal {who}"));
        }
        let entries = match &files.service_principals {
            Loaded::Read(e) => e,
            other => {
                return FromFiles::CannotServe(
                    unusable(other, "no service_principal_entries.json").unwrap_or_default(),
                );
            }
        };
        let Some(entry) = entries.iter().find(|e| {
            e.client_id.eq_ignore_ascii_case(sp)
                && (e.tenant.is_empty() || e.tenant.eq_ignore_ascii_case(tenant))
        }) else {
            return FromFiles::CannotServe(format!(
                "service principal {who} has no entry in service_principal_entries.json"
            ));
        };
        if entry.certificate.is_some() {
            return FromFiles::CannotServe(format!(
                "service principal {who} signs in with a certificate"
            ));
        }
        if entry.client_assertion.is_some() {
            return FromFiles::CannotServe(format!(
                "service principal {who} signs in with a client assertion"
            ));
        }
        let Some(secret) = entry.client_secret.as_ref().filter(|s| !s.is_empty()) else {
            return FromFiles::CannotServe(format!("service principal {who} has no stored secret"));
        };
        if let Err(why) = may_send_to(ctx, authority) {
            return FromFiles::CannotServe(why);
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", sp),
            ("client_secret", secret.expose()),
            ("scope", scope.as_str()),
        ];
        return match post(ctx, "service principal from az", tenant, &form, SignIn::App).await {
            Ok(Answer::Token(t)) => {
                FromFiles::Token(t, format!("service principal from az, {who}"))
            }
            Ok(Answer::Refused(f)) => FromFiles::Refused(f),
            Err(f) => FromFiles::Failed(f),
        };
    }

    let cache = match &files.cache {
        Loaded::Read(c) => c,
        other => {
            return FromFiles::CannotServe(
                unusable(other, "no msal_token_cache.json").unwrap_or_default(),
            );
        }
    };
    let Some(home) = cache
        .accounts
        .values()
        .find(|a| {
            a.username.eq_ignore_ascii_case(&account.user.name)
                && same_authority(&a.environment, authority)
        })
        .map(|a| a.home_account_id.as_str())
    else {
        return FromFiles::CannotServe(format!("the token cache holds no account for {who}"));
    };
    if let Some(t) = cached_token(
        cache,
        AZURE_CLI_CLIENT_ID,
        Some(home),
        tenant,
        &scope,
        authority,
    ) {
        return FromFiles::Token(t, format!("cached token, {who}"));
    }
    let Some(rt) = cache.refresh_tokens.values().find(|r| {
        r.credential_type == "RefreshToken"
            && r.home_account_id == home
            && (r.family_id.as_deref() == Some("1")
                || r.client_id.eq_ignore_ascii_case(AZURE_CLI_CLIENT_ID))
            && !r.secret.is_empty()
    }) else {
        return FromFiles::CannotServe(format!("the token cache holds no refresh token for {who}"));
    };
    if let Err(why) = may_send_to(ctx, &rt.environment) {
        return FromFiles::CannotServe(why);
    }
    let scopes = format!("{scope} offline_access openid profile");
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", AZURE_CLI_CLIENT_ID),
        ("refresh_token", rt.secret.expose()),
        ("scope", scopes.as_str()),
        ("client_info", "1"),
    ];
    // az's MSAL call names the account's tenant and the one scope asked
    // for; its hint after a refusal names them too.
    let user = SignIn::User {
        tenant: tenant.to_owned(),
        scope: scope.clone(),
    };
    // The answer is used and dropped: az's cache is never updated.
    match post(ctx, "refresh token", tenant, &form, user).await {
        Ok(Answer::Token(t)) => FromFiles::Token(t, format!("refresh token, {who}")),
        Ok(Answer::Refused(f)) => FromFiles::Refused(f),
        Err(f) => FromFiles::Failed(f),
    }
}

/// `az account get-access-token`, as before; `why` says why the files did not serve.
async fn run_az(
    ctx: &SourceContext,
    resource: &str,
    why: &str,
) -> Result<(Secret, String), CredentialFailure> {
    // Room for Entra's answer and its support ids (source.rs).
    let why = shown(why, 600);
    let az = process::find("az", &ctx.env).map_err(|e| {
        CredentialFailure::new(format!(
            "Azure CLI login: its files cannot serve a token ({why}), and az cannot be run: {e}."
        ))
    })?;
    let mut args = vec![
        "account",
        "get-access-token",
        "--resource",
        resource,
        "--output",
        "json",
    ];
    // The subscription asked for goes to az too: az answers for it, or
    // says it does not know it; it never falls back to its default.
    if let Some((wanted, _)) = ctx.settings.wanted_subscription() {
        args.extend(["--subscription", wanted]);
    }
    let out = process::run(&az, &args, &ctx.env, ctx.http.timeout)
        .await
        .map_err(|e| {
            CredentialFailure::new(format!("Azure CLI: cannot run {}: {e}.", az.path.display()))
        })?;
    if out.timed_out {
        return Err(CredentialFailure::new(format!(
            "Azure CLI: 'az account get-access-token' did not finish within {}; it was stopped.",
            humantime::format_duration(ctx.http.timeout)
        )));
    }
    if !out.success() {
        let first = out
            .stderr
            .lines()
            .map(|l| l.trim_start_matches("ERROR: ").trim())
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(CredentialFailure::new(format!(
            "Azure CLI: 'az account get-access-token' failed: {} Run 'az login'.",
            shown(first, 200)
        )));
    }
    let v: serde_json::Value = serde_json::from_str(&out.stdout).map_err(|_| {
        CredentialFailure::new("Azure CLI: 'az account get-access-token' printed no JSON.".into())
    })?;
    let token = v
        .get("accessToken")
        .and_then(|t| t.as_str())
        .ok_or_else(|| CredentialFailure::new("Azure CLI: no accessToken in its answer.".into()))?;
    Ok((
        Secret::new(token),
        format!("Azure CLI login (az account get-access-token: {why})"),
    ))
}

impl TokenSource for AzureCli {
    fn name(&self) -> &'static str {
        NAME
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        let logged_in = ctx
            .az_files()
            .is_some_and(|f| !matches!(f.profile, Loaded::Missing));
        // process::find never takes a binary from the current directory.
        logged_in || process::find("az", &ctx.env).is_ok()
    }
    /// The authority: its refresh tokens and secrets go there, and so do
    /// az's own when it is run (az reads the same cloud).
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint> {
        Some(ctx.cloud.authority.clone())
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let (why, refusal) = match ctx.az_files() {
                None if ctx.env.get("ACR_HEALTH_AZ_FILES") == Some("0") => (
                    "reading az's files is turned off by ACR_HEALTH_AZ_FILES=0".to_owned(),
                    None,
                ),
                None => ("no Azure CLI config dir".to_owned(), None),
                Some(files) => match from_files(ctx, files, resource).await {
                    FromFiles::Token(t, how) => {
                        return Ok((t, format!("Azure CLI login ({how})")));
                    }
                    FromFiles::Failed(f) => return Err(f),
                    FromFiles::CannotServe(why) => (why, None),
                    FromFiles::Refused(f) => (f.message, f.refusal),
                },
            };
            tracing::debug!("Azure CLI login: running az, because {why}");
            // When az cannot help either, Entra's refusal is still what az
            // would have raised.
            run_az(ctx, resource, &why).await.map_err(|mut f| {
                if f.refusal.is_none() {
                    f.refusal = refusal;
                }
                f
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, tenant: &str, cloud: &str, default: bool) -> ProfileAccount {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": format!("sub {id}"), "tenantId": tenant, "isDefault": default,
            "environmentName": cloud, "user": {"name": "dev@example.com", "type": "user"}
        }))
        .unwrap()
    }

    #[test]
    fn account_selection() {
        let list = vec![
            account("s-other", "t", "AzureChinaCloud", true),
            account("t", "t", "AzureCloud", false),
            account("s1", "t", "AzureCloud", false),
            account("s2", "t", "AzureCloud", true),
        ];
        assert_eq!(select_account(&list, "AzureCloud", None).unwrap().id, "s2");
        assert_eq!(
            select_account(&list, "azurecloud", Some("S1")).unwrap().id,
            "s1"
        );
        assert_eq!(
            select_account(&list, "AzureCloud", Some("sub s1"))
                .unwrap()
                .id,
            "s1"
        );
        // As az's `Profile.get_subscription`: the tenant id names the
        // tenant-level login; a value nothing lists is an error, never the
        // default account.
        assert_eq!(
            select_account(&list, "AzureCloud", Some("t")).unwrap().id,
            "t"
        );
        assert!(select_account(&list, "AzureCloud", Some("nosuch")).is_err());
        assert!(select_account(&list, "AzureCloud", Some("s-other")).is_err());
        assert!(select_account(&list, "AzureUSGovernment", None).is_err());
    }

    fn cache_with(entry: serde_json::Value) -> TokenCache {
        serde_json::from_value(serde_json::json!({"AccessToken": {"k": entry}})).unwrap()
    }

    #[test]
    fn cached_token_rules() {
        let good = serde_json::json!({
            "credential_type": "AccessToken", "secret": "tok", "home_account_id": "u.t",
            "environment": "login.windows.net", "client_id": AZURE_CLI_CLIENT_ID,
            "target": "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default",
            "realm": "t", "token_type": "Bearer",
            "expires_on": (now_secs() + 3600).to_string(),
        });
        let scope = "https://management.core.windows.net//.default";
        let find = |e: &serde_json::Value| {
            cached_token(
                &cache_with(e.clone()),
                AZURE_CLI_CLIENT_ID,
                Some("u.t"),
                "t",
                scope,
                "login.microsoftonline.com",
            )
        };
        assert_eq!(find(&good).unwrap().expose(), "tok");
        let changed = |k: &str, v: serde_json::Value| {
            let mut e = good.clone();
            e[k] = v;
            e
        };
        for bad in [
            changed("expires_on", (now_secs() + 200).to_string().into()),
            changed("realm", "other-tenant".into()),
            changed("environment", "login.microsoftonline.us".into()),
            changed("key_id", "pop-key".into()),
            changed("token_type", "pop".into()),
            changed("home_account_id", "someone.else".into()),
            changed(
                "target",
                "https://containerregistry.azure.net/.default".into(),
            ),
            changed("client_id", "another-app".into()),
        ] {
            assert!(find(&bad).is_none(), "{bad}");
        }
    }
}
