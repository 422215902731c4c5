//! The Azure CLI's on-disk login state (`~/.azure`, `AZURE_CONFIG_DIR`), written as az 2.x and
//! MSAL Python write it, pointing at a running simulator. Tests use it to prove a client can
//! use az's cached tokens, refresh token or service-principal secret without starting `az`.
//!
//! Shapes were checked against real MSAL Python (`scripts/msal_login.py`): cache keys are
//! `-`-joined and lower-cased, `environment` is the authority's host name *without* its port
//! (`127.0.0.1`), a service principal's entries carry `home_account_id: null`, and `target`
//! holds the granted scopes sorted.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value, json};

use crate::jwt::now;
use crate::{Ctx, Sim, entra, user};

/// The Azure CLI's public client id: every user token az holds was issued to it.
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/// The custom cloud the fixture registers (name used in `config` and profile entries).
pub const CLOUD_NAME: &str = "AcrSimCloud";

/// The scope `az login` asks for: ARM's, with az's historical double slash.
const ARM_SCOPE: &str = "https://management.core.windows.net//.default";
/// Made-up ids for the profile's other-cloud subscription and the installation.
const OTHER_CLOUD_SUBSCRIPTION: &str = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const OTHER_CLOUD_TENANT: &str = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const INSTALLATION_ID: &str = "2b7f9c4e-1d3a-11ef-9a6c-0242ac120002";
/// A DPAPI blob starts with this (version 1 and the provider GUID); `.bin` caches look alike.
const DPAPI_HEADER: [u8; 20] = [
    0x01, 0x00, 0x00, 0x00, 0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1, 0x11, 0x8c, 0x7a, 0x00, 0xc0,
    0x4f, 0xc2, 0x97, 0xeb,
];

/// How the Azure CLI was signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Login {
    /// `az login` as the simulator's user.
    User,
    /// `az login --service-principal` with the simulator's client secret.
    ServicePrincipalSecret,
    /// `az login --service-principal` with a certificate (a made-up one the fixture writes).
    ServicePrincipalCertificate,
    /// `az login --identity` (system-assigned).
    ManagedIdentity,
    /// Cloud Shell's automatic login: a user entry marked `cloudShellID`.
    CloudShell,
}

impl Login {
    fn is_user(self) -> bool {
        matches!(self, Login::User | Login::CloudShell)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CacheForm {
    Plain,
    Encrypted,
    Truncated,
}

#[derive(Clone, Debug)]
struct CachedToken {
    target: String,
    secret: String,
    cached_at: u64,
    expires_on: i64,
}

/// An Azure CLI config dir for one login against a simulator. Build it, then [`Fixture::write`].
#[derive(Clone)]
pub struct Fixture {
    ctx: Arc<Ctx>,
    login: Login,
    tokens: Vec<CachedToken>,
    form: CacheForm,
    tenant_level_account: bool,
    environment: String,
}

impl fmt::Debug for Fixture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fixture")
            .field("login", &self.login)
            .field("cached_tokens", &self.tokens.len())
            .field("form", &self.form)
            .field("tenant_level_account", &self.tenant_level_account)
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}

// Cache entries as MSAL Python serializes them, fields in MSAL's order.
#[derive(Serialize)]
struct AccessTokenEntry<'a> {
    credential_type: &'static str,
    secret: &'a str,
    home_account_id: Option<&'a str>,
    environment: &'a str,
    client_id: &'a str,
    target: &'a str,
    realm: &'a str,
    token_type: &'static str,
    cached_at: String,
    expires_on: String,
    extended_expires_on: String,
}

#[derive(Serialize)]
struct RefreshTokenEntry<'a> {
    credential_type: &'static str,
    secret: &'a str,
    home_account_id: &'a str,
    environment: &'a str,
    client_id: &'a str,
    target: &'a str,
    last_modification_time: String,
    family_id: &'static str,
}

#[derive(Serialize)]
struct IdTokenEntry<'a> {
    credential_type: &'static str,
    secret: &'a str,
    home_account_id: &'a str,
    environment: &'a str,
    realm: &'a str,
    client_id: &'a str,
}

#[derive(Serialize)]
struct AccountEntry<'a> {
    home_account_id: &'a str,
    environment: &'a str,
    realm: &'a str,
    local_account_id: &'a str,
    username: &'a str,
    authority_type: &'static str,
    account_source: &'static str,
}

#[derive(Serialize)]
struct AppMetadataEntry<'a> {
    client_id: &'a str,
    environment: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    family_id: Option<&'static str>,
}

/// MSAL's cache key: the parts joined with `-`, lower-cased.
fn key(parts: &[&str]) -> String {
    parts.join("-").to_lowercase()
}

fn to_value(entry: impl Serialize) -> Value {
    serde_json::to_value(entry).unwrap_or(Value::Null)
}

/// The scopes Entra grants for a `/.default` request, sorted as MSAL stores them in `target`.
fn user_target(scope: &str) -> String {
    match scope.strip_suffix("/.default") {
        Some(resource) => {
            let mut scopes = [scope.to_string(), format!("{resource}/user_impersonation")];
            scopes.sort();
            scopes.join(" ")
        }
        None => scope.to_string(),
    }
}

impl Fixture {
    pub fn new(sim: &Sim, login: Login) -> Fixture {
        let host = sim.ctx.authority_host();
        // What MSAL writes: the authority's host name, port dropped.
        let environment = host
            .trim_start_matches("https://")
            .split(':')
            .next()
            .unwrap_or("")
            .to_string();
        Fixture {
            ctx: sim.ctx.clone(),
            login,
            tokens: Vec::new(),
            form: CacheForm::Plain,
            tenant_level_account: false,
            environment,
        }
    }

    /// Add a cached access token for `scope` (e.g. "https://containerregistry.azure.net/.default"
    /// or "https://management.core.windows.net//.default"), expiring in `expires_in_secs` (negative = already expired).
    pub fn cached_token(mut self, scope: &str, expires_in_secs: i64) -> Fixture {
        let ctx = &self.ctx;
        let audience = entra::resource_audience(scope);
        let (secret, target) = match self.login {
            Login::User | Login::CloudShell => (
                user::issue_user_token(ctx, audience, expires_in_secs),
                user_target(scope),
            ),
            Login::ServicePrincipalSecret | Login::ServicePrincipalCertificate => (
                entra::issue_token_for(
                    ctx,
                    audience,
                    ctx.ids.client_id,
                    ctx.ids.object_id,
                    expires_in_secs,
                ),
                scope.to_string(),
            ),
            Login::ManagedIdentity => (
                entra::issue_token_for(
                    ctx,
                    audience,
                    ctx.ids.managed_identity_client_id,
                    entra::MI_OBJECT_ID,
                    expires_in_secs,
                ),
                scope.to_string(),
            ),
        };
        let t = now();
        self.tokens.push(CachedToken {
            target,
            secret,
            cached_at: t,
            expires_on: t as i64 + expires_in_secs,
        });
        self
    }

    /// Write the token cache as `msal_token_cache.bin` (opaque bytes, as az's encrypted cache) and leave a stale `msal_token_cache.json` beside it.
    pub fn encrypted_cache(mut self) -> Fixture {
        self.form = CacheForm::Encrypted;
        self
    }

    /// Write `msal_token_cache.json` cut off in the middle (as a reader racing az's in-place rewrite sees it).
    pub fn truncated_cache(mut self) -> Fixture {
        self.form = CacheForm::Truncated;
        self
    }

    /// Also add a tenant-level account entry (id == tenantId) marked isDefault=false.
    pub fn with_tenant_level_account(mut self) -> Fixture {
        self.tenant_level_account = true;
        self
    }

    /// Override the `environment` written in cache entries (to prove tokens never go to another host group).
    pub fn environment(mut self, host: &str) -> Fixture {
        self.environment = host.to_string();
        self
    }

    /// Write `config`, `clouds.config`, `azureProfile.json`, `msal_token_cache.json`, `service_principal_entries.json` into `dir`.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(
            dir.join("config"),
            format!(
                "[cloud]\nname = {CLOUD_NAME}\n\n[core]\noutput = json\ncollect_telemetry = no\n{}",
                // az on Linux and macOS encrypts its cache only when told to.
                if matches!(self.form, CacheForm::Encrypted) {
                    "encrypt_token_cache = true\n"
                } else {
                    ""
                }
            ),
        )?;
        std::fs::write(dir.join("clouds.config"), self.clouds_config())?;
        // az writes the profile with Python's `utf-8-sig`: a byte-order mark, then JSON.
        let mut profile = "\u{feff}".as_bytes().to_vec();
        profile.extend(pretty(&self.profile()).as_bytes());
        std::fs::write(dir.join("azureProfile.json"), profile)?;
        std::fs::write(
            dir.join("service_principal_entries.json"),
            pretty(&self.service_principal_entries(dir)?),
        )?;
        let cache = pretty(&self.token_cache(false));
        match self.form {
            CacheForm::Plain => std::fs::write(dir.join("msal_token_cache.json"), cache)?,
            CacheForm::Truncated => {
                let mut cut = cache.len() / 2;
                while !cache.is_char_boundary(cut) {
                    cut -= 1;
                }
                std::fs::write(dir.join("msal_token_cache.json"), &cache[..cut])?;
            }
            CacheForm::Encrypted => {
                std::fs::write(dir.join("msal_token_cache.bin"), self.opaque(&cache))?;
                std::fs::write(
                    dir.join("msal_token_cache.json"),
                    pretty(&self.token_cache(true)),
                )?;
            }
        }
        Ok(())
    }

    fn clouds_config(&self) -> String {
        let ctx = &self.ctx;
        format!(
            "[{CLOUD_NAME}]\n\
             endpoint_active_directory = {}\n\
             endpoint_resource_manager = {}/\n\
             endpoint_active_directory_resource_id = https://management.core.windows.net/\n\
             endpoint_active_directory_graph_resource_id = https://graph.acr-sim.invalid/\n\
             suffix_acr_login_server_endpoint = .azurecr.io\n\
             profile = latest\n",
            ctx.authority_host(),
            ctx.authority_host(),
        )
    }

    fn profile_user(&self) -> Value {
        let ids = &self.ctx.ids;
        match self.login {
            Login::User => json!({"name": ids.user_name, "type": "user"}),
            Login::CloudShell => {
                json!({"name": ids.user_name, "type": "user", "cloudShellID": true})
            }
            Login::ServicePrincipalSecret | Login::ServicePrincipalCertificate => {
                json!({"name": ids.client_id, "type": "servicePrincipal"})
            }
            Login::ManagedIdentity => json!({
                "name": "systemAssignedIdentity",
                "type": "servicePrincipal",
                "assignedIdentityInfo": "MSI",
            }),
        }
    }

    fn profile(&self) -> Value {
        let ids = &self.ctx.ids;
        let user = self.profile_user();
        let mut subscriptions = vec![json!({
            "id": ids.subscription_id,
            "name": "acr-sim subscription",
            "state": "Enabled",
            "user": user,
            "isDefault": true,
            "tenantId": ids.tenant_id,
            "environmentName": CLOUD_NAME,
            "homeTenantId": ids.tenant_id,
            "tenantDefaultDomain": ids.tenant_domain,
            "tenantDisplayName": ids.tenant_display_name,
            "managedByTenants": [],
        })];
        if self.tenant_level_account {
            subscriptions.push(json!({
                "id": ids.tenant_id,
                "name": "N/A(tenant level account)",
                "state": "Enabled",
                "user": user,
                "isDefault": false,
                "tenantId": ids.tenant_id,
                "environmentName": CLOUD_NAME,
                "homeTenantId": ids.tenant_id,
                "tenantDefaultDomain": ids.tenant_domain,
                "tenantDisplayName": ids.tenant_display_name,
                "managedByTenants": [],
            }));
        }
        // Same login in the public cloud: a client must filter on the active cloud.
        subscriptions.push(json!({
            "id": OTHER_CLOUD_SUBSCRIPTION,
            "name": "public cloud subscription",
            "state": "Enabled",
            "user": user,
            "isDefault": false,
            "tenantId": OTHER_CLOUD_TENANT,
            "environmentName": "AzureCloud",
            "homeTenantId": OTHER_CLOUD_TENANT,
            "tenantDefaultDomain": "othertenant.onmicrosoft.com",
            "tenantDisplayName": "other tenant",
            "managedByTenants": [],
        }));
        json!({"installationId": INSTALLATION_ID, "subscriptions": subscriptions})
    }

    fn service_principal_entries(&self, dir: &Path) -> io::Result<Value> {
        let ids = &self.ctx.ids;
        Ok(match self.login {
            Login::ServicePrincipalSecret => json!([{
                "client_id": ids.client_id,
                "tenant": ids.tenant_id,
                "client_secret": ids.client_secret,
            }]),
            Login::ServicePrincipalCertificate => {
                // az keeps only the path; the PEM holds the key and the certificate.
                let path = dir.join("acr-sim-sp.pem");
                std::fs::write(&path, sp_certificate_pem()?)?;
                json!([{
                    "client_id": ids.client_id,
                    "tenant": ids.tenant_id,
                    "certificate": path.to_string_lossy(),
                }])
            }
            _ => json!([]),
        })
    }

    /// MSAL's serialized cache. `stale`: what an older az session left behind — access tokens
    /// long expired and a refresh token the simulator never issued.
    fn token_cache(&self, stale: bool) -> Value {
        let ids = &self.ctx.ids;
        let env = self.environment.as_str();
        let tid = ids.tenant_id;
        let t = now();
        let user_home = format!("{}.{tid}", ids.user_object_id);
        let (home, client_id): (Option<&str>, &str) = match self.login {
            Login::User | Login::CloudShell => (Some(&user_home), AZURE_CLI_CLIENT_ID),
            Login::ServicePrincipalSecret | Login::ServicePrincipalCertificate => {
                (None, ids.client_id)
            }
            Login::ManagedIdentity => (None, ids.managed_identity_client_id),
        };
        let mut access = serde_json::Map::new();
        for token in &self.tokens {
            let expires_on = if stale {
                t as i64 - 86_400
            } else {
                token.expires_on
            };
            let entry = AccessTokenEntry {
                credential_type: "AccessToken",
                secret: &token.secret,
                home_account_id: home,
                environment: env,
                client_id,
                target: &token.target,
                realm: tid,
                token_type: "Bearer",
                cached_at: if stale { t - 90_000 } else { token.cached_at }.to_string(),
                expires_on: expires_on.to_string(),
                extended_expires_on: expires_on.to_string(),
            };
            access.insert(
                key(&[
                    home.unwrap_or(""),
                    env,
                    "AccessToken",
                    client_id,
                    tid,
                    &token.target,
                ]),
                to_value(entry),
            );
        }
        let (mut refresh, mut id_tokens, mut accounts) = (
            serde_json::Map::new(),
            serde_json::Map::new(),
            serde_json::Map::new(),
        );
        if self.login.is_user() {
            let target = user_target(ARM_SCOPE);
            let secret = if stale {
                "1.c3RhbGUtcmVmcmVzaC10b2tlbg.bm90LWlzc3VlZC1ieS10aGlzLXNpbQ".to_string()
            } else {
                user::refresh_token(&self.ctx)
            };
            refresh.insert(
                key(&[&user_home, env, "RefreshToken", client_id, "", &target]),
                to_value(RefreshTokenEntry {
                    credential_type: "RefreshToken",
                    secret: &secret,
                    home_account_id: &user_home,
                    environment: env,
                    client_id,
                    target: &target,
                    last_modification_time: t.to_string(),
                    family_id: "1",
                }),
            );
            id_tokens.insert(
                key(&[&user_home, env, "IdToken", client_id, tid, ""]),
                to_value(IdTokenEntry {
                    credential_type: "IdToken",
                    secret: &user::id_token(&self.ctx),
                    home_account_id: &user_home,
                    environment: env,
                    realm: tid,
                    client_id,
                }),
            );
            accounts.insert(
                key(&[&user_home, env, tid]),
                to_value(AccountEntry {
                    home_account_id: &user_home,
                    environment: env,
                    realm: tid,
                    local_account_id: ids.user_object_id,
                    username: ids.user_name,
                    authority_type: "MSSTS",
                    account_source: "authorization_code",
                }),
            );
        }
        let mut app_metadata = serde_json::Map::new();
        if self.login.is_user() || !access.is_empty() {
            app_metadata.insert(
                format!("appmetadata-{env}-{client_id}"),
                to_value(AppMetadataEntry {
                    client_id,
                    environment: env,
                    family_id: self.login.is_user().then_some("1"),
                }),
            );
        }
        json!({
            "AccessToken": access,
            "Account": accounts,
            "IdToken": id_tokens,
            "RefreshToken": refresh,
            "AppMetadata": app_metadata,
        })
    }

    /// Bytes no JSON reader can use, as DPAPI or a keyring-encrypted cache would be.
    fn opaque(&self, cache: &str) -> Vec<u8> {
        let pad = self.ctx.signer.mac(b"acr-sim encrypted cache");
        let mut out = DPAPI_HEADER.to_vec();
        out.extend(
            cache
                .bytes()
                .zip(pad.iter().cycle())
                .map(|(b, k)| b ^ k ^ 0x80),
        );
        out
    }
}

/// JSON indented by four spaces, as MSAL's and az's `json.dump(indent=4)` write it.
fn pretty(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    match v.serialize(&mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A made-up self-signed certificate and its key, in one PEM as `az login --service-principal
/// --certificate` expects. The simulator does not accept assertions signed with it.
fn sp_certificate_pem() -> io::Result<String> {
    let key = rcgen::generate_simple_self_signed(vec!["acr-sim-sp".to_string()])
        .map_err(|e| io::Error::other(format!("certificate: {e}")))?;
    Ok(format!(
        "{}{}",
        key.signing_key.serialize_pem(),
        key.cert.pem()
    ))
}
