//! The Azure CLI's own login state, read from its config dir and never
//! written: `azureProfile.json` (which accounts, which one is the default),
//! `msal_token_cache.json` (MSAL's token cache) and
//! `service_principal_entries.json` (service-principal secrets).
//!
//! Every file is opened read-only (on Windows std opens with full sharing, so
//! az is never locked out), capped at 32 MiB, and parsed into typed structs
//! whose tokens and secrets are `Secret`s; fields and maps we do not read
//! (`IdToken`, `AppMetadata`) are skipped, and a missing or `null` field
//! reads as empty (MSAL writes `null` for values it does not have). az
//! rewrites its cache in place, so a read can meet a half-written file: a
//! parse failure is retried once, then the file counts as unusable and the
//! caller falls back to running az.
//! See docs/credentials.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

use crate::guard::secret::Secret;
use crate::sys::env::Env;

/// A file larger than this is not az's: treated as unusable.
pub const FILE_LIMIT: u64 = 32 * 1024 * 1024;

/// The Azure CLI's application id in Entra ID (a public client).
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// `null` reads as the field's default, as a missing field does.
fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A marker such as `cloudShellID`: set unless it is `null` or `false`
/// (az writes `true`; any other value counts as set).
fn marker<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Marker {
        Bool(bool),
        Other(Option<IgnoredAny>),
    }
    Ok(match Marker::deserialize(d)? {
        Marker::Bool(b) => b,
        Marker::Other(v) => v.is_some(),
    })
}

/// One entry of `azureProfile.json`'s `subscriptions`.
#[derive(Clone, Debug, Deserialize)]
pub struct ProfileAccount {
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
    #[serde(rename = "tenantId", default, deserialize_with = "or_default")]
    pub tenant_id: String,
    #[serde(rename = "isDefault", default, deserialize_with = "or_default")]
    pub is_default: bool,
    #[serde(rename = "environmentName", default, deserialize_with = "or_default")]
    pub environment_name: String,
    #[serde(default, deserialize_with = "or_default")]
    pub user: ProfileUser,
    /// Also accepted on the entry itself, should an az version put it there.
    #[serde(rename = "cloudShellID", default, deserialize_with = "marker")]
    pub cloud_shell_id: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileUser {
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
    /// `user` or `servicePrincipal`.
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub kind: String,
    /// az marks Cloud Shell logins on the user (`true`).
    #[serde(rename = "cloudShellID", default, deserialize_with = "marker")]
    pub cloud_shell_id: bool,
}

impl ProfileAccount {
    /// `az login --allow-no-subscriptions` stores the tenant as an account
    /// whose id is the tenant id: a login, but never a subscription.
    pub fn is_tenant_level(&self) -> bool {
        self.id.eq_ignore_ascii_case(&self.tenant_id)
    }

    pub fn is_service_principal(&self) -> bool {
        self.user.kind == "servicePrincipal"
    }

    /// Managed-identity logins (`az login --identity`).
    pub fn is_managed_identity(&self) -> bool {
        matches!(
            self.user.name.as_str(),
            "systemAssignedIdentity" | "userAssignedIdentity"
        )
    }

    pub fn is_cloud_shell(&self) -> bool {
        self.user.cloud_shell_id || self.cloud_shell_id
    }
}

#[derive(Debug, Deserialize)]
struct Profile {
    #[serde(default, deserialize_with = "or_default")]
    subscriptions: Vec<ProfileAccount>,
}

/// MSAL writes times as strings of epoch seconds; accept numbers too.
/// Anything else (`null`, a fraction, a number beyond i64) is no time.
fn epoch_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Time {
        Text(String),
        Number(i64),
        Other(IgnoredAny),
    }
    Ok(match Time::deserialize(d)? {
        Time::Text(s) => s.trim().parse().ok(),
        Time::Number(n) => Some(n),
        Time::Other(_) => None,
    })
}

/// An `AccessToken` entry of MSAL's cache.
#[derive(Debug, Deserialize)]
pub struct CachedAccessToken {
    #[serde(default, deserialize_with = "or_default")]
    pub credential_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub secret: Secret,
    #[serde(default)]
    pub home_account_id: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub environment: String,
    #[serde(default, deserialize_with = "or_default")]
    pub client_id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub target: String,
    #[serde(default, deserialize_with = "or_default")]
    pub realm: String,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default, deserialize_with = "epoch_seconds")]
    pub expires_on: Option<i64>,
    /// Set on proof-of-possession tokens, which are not bearer tokens.
    #[serde(default)]
    pub key_id: Option<String>,
    /// Set on tokens cached for a broker or extra query parameters.
    #[serde(default)]
    pub ext_cache_key: Option<String>,
}

/// A `RefreshToken` entry of MSAL's cache.
#[derive(Debug, Deserialize)]
pub struct CachedRefreshToken {
    #[serde(default, deserialize_with = "or_default")]
    pub credential_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub secret: Secret,
    #[serde(default, deserialize_with = "or_default")]
    pub home_account_id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub environment: String,
    #[serde(default, deserialize_with = "or_default")]
    pub client_id: String,
    /// "1" for the family of Microsoft first-party apps (FOCI).
    #[serde(default)]
    pub family_id: Option<String>,
}

/// An `Account` entry of MSAL's cache.
#[derive(Debug, Deserialize)]
pub struct CachedAccount {
    #[serde(default, deserialize_with = "or_default")]
    pub home_account_id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub environment: String,
    #[serde(default, deserialize_with = "or_default")]
    pub realm: String,
    #[serde(default, deserialize_with = "or_default")]
    pub username: String,
}

/// MSAL's serialized token cache (only the parts we read).
#[derive(Debug, Default, Deserialize)]
pub struct TokenCache {
    #[serde(rename = "AccessToken", default, deserialize_with = "or_default")]
    pub access_tokens: BTreeMap<String, CachedAccessToken>,
    #[serde(rename = "RefreshToken", default, deserialize_with = "or_default")]
    pub refresh_tokens: BTreeMap<String, CachedRefreshToken>,
    #[serde(rename = "Account", default, deserialize_with = "or_default")]
    pub accounts: BTreeMap<String, CachedAccount>,
}

/// One entry of `service_principal_entries.json`.
#[derive(Debug, Deserialize)]
pub struct ServicePrincipalEntry {
    pub client_id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub tenant: String,
    #[serde(default)]
    pub client_secret: Option<Secret>,
    /// Path of a PEM certificate: we do not sign assertions, az does.
    #[serde(default)]
    pub certificate: Option<String>,
    #[serde(default)]
    pub client_assertion: Option<Secret>,
}

/// One file's fate: not there, read, or there but of no use (and why).
#[derive(Debug)]
pub enum Loaded<T> {
    Missing,
    Read(T),
    Unusable(String),
}

impl<T> Loaded<T> {
    pub fn as_read(&self) -> Option<&T> {
        match self {
            Loaded::Read(t) => Some(t),
            _ => None,
        }
    }
}

/// Everything read from the config dir, once per run.
#[derive(Debug)]
pub struct AzureCliFiles {
    pub dir: PathBuf,
    pub profile: Loaded<Vec<ProfileAccount>>,
    pub cache: Loaded<TokenCache>,
    pub service_principals: Loaded<Vec<ServicePrincipalEntry>>,
}

/// Reads at most `FILE_LIMIT` bytes; `Ok(None)` when the file is not there.
fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match crate::sys::files::read_limited(path, FILE_LIMIT) {
        Ok(buf) => Ok(Some(buf)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => Err(format!(
            "{} is larger than {} MiB",
            path.display(),
            FILE_LIMIT / 1024 / 1024
        )),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Reads and parses one JSON file; a parse failure is retried once after a
/// short pause, since az may be rewriting the file at that moment.
fn load_json<T: serde::de::DeserializeOwned>(path: &Path) -> Loaded<T> {
    let mut last_error = String::new();
    for attempt in 0..2 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(25));
        }
        let bytes = match read_capped(path) {
            Ok(None) => return Loaded::Missing,
            Ok(Some(b)) => b,
            Err(e) => return Loaded::Unusable(e),
        };
        // azureProfile.json is written with a BOM (Python's utf-8-sig).
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match serde_json::from_slice(body) {
            Ok(v) => return Loaded::Read(v),
            // Never echo the content: it may be a token cache.
            Err(e) => {
                last_error = format!(
                    "{} cannot be parsed (line {}, column {})",
                    path.display(),
                    e.line(),
                    e.column()
                )
            }
        }
    }
    Loaded::Unusable(last_error)
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// Whether az keeps its token cache encrypted: `AZURE_CORE_ENCRYPT_TOKEN_CACHE`,
/// else `[core] encrypt_token_cache` in `config`, else az's default (on for
/// Windows, where the cache is DPAPI-protected, off elsewhere) — and when
/// nothing says, an `msal_token_cache.bin` makes the `.json` suspect: az,
/// which knows, is asked instead.
fn cache_encrypted(dir: &Path, env: &Env) -> bool {
    if let Some(v) = env.get("AZURE_CORE_ENCRYPT_TOKEN_CACHE") {
        return truthy(v);
    }
    let config = crate::sys::files::read_limited_string(
        &dir.join("config"),
        crate::sys::files::SMALL_FILE_LIMIT,
    )
    .unwrap_or_default();
    if let Some(v) = crate::azure::az_config::parse_ini(&config)
        .get("core")
        .and_then(|s| s.get("encrypt_token_cache"))
    {
        return truthy(v);
    }
    cfg!(windows) || dir.join("msal_token_cache.bin").exists()
}

impl AzureCliFiles {
    pub fn load(dir: &Path, env: &Env) -> AzureCliFiles {
        let profile = load_profile(dir);
        let (cache, service_principals) = if cache_encrypted(dir, env) {
            // A `.json` beside an encrypted cache is left over from before
            // encryption was turned on: stale, never read.
            let why = "az keeps its token cache encrypted (msal_token_cache.bin)".to_owned();
            (Loaded::Unusable(why.clone()), Loaded::Unusable(why))
        } else {
            (
                load_json(&dir.join("msal_token_cache.json")),
                load_json(&dir.join("service_principal_entries.json")),
            )
        };
        AzureCliFiles {
            dir: dir.to_owned(),
            profile,
            cache,
            service_principals,
        }
    }

    /// Every token and secret read, for scrubbing text we did not write.
    pub fn secrets(&self) -> Vec<Secret> {
        let mut out = Vec::new();
        if let Some(c) = self.cache.as_read() {
            out.extend(c.access_tokens.values().map(|t| t.secret.clone()));
            out.extend(c.refresh_tokens.values().map(|t| t.secret.clone()));
        }
        if let Some(sps) = self.service_principals.as_read() {
            for sp in sps {
                out.extend(sp.client_secret.iter().cloned());
                out.extend(sp.client_assertion.iter().cloned());
            }
        }
        out.retain(|s| !s.is_empty());
        out
    }
}

/// Hosts that are one Entra ID authority under several names; a token cached
/// for one may be sent to any of them, and to nothing else.
const ALIAS_GROUPS: &[&[&str]] = &[
    &[
        "login.microsoftonline.com",
        "login.windows.net",
        "login.microsoft.com",
        "sts.windows.net",
    ],
    &["login.microsoftonline.us", "login.usgovcloudapi.net"],
    &["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"],
];

/// True when `a` and `b` (each `host` or `host:port`) name the same authority:
/// the same host, or both in one hard-coded alias group. A custom cloud's
/// authority is a group of its own. Ports are ignored because MSAL records
/// only the host name in its cache (`environment`).
pub fn same_authority(a: &str, b: &str) -> bool {
    let host = |s: &str| {
        let s = s.to_ascii_lowercase();
        match crate::net::host_port::split(&s) {
            Ok((h, _)) => h.to_owned(),
            Err(_) => s,
        }
    };
    let (a, b) = (host(a), host(b));
    if a == b {
        return true;
    }
    ALIAS_GROUPS
        .iter()
        .any(|g| g.contains(&a.as_str()) && g.contains(&b.as_str()))
}

/// `azureProfile.json` alone: the accounts az's login left (no token or
/// secret is read).
pub fn load_profile(dir: &Path) -> Loaded<Vec<ProfileAccount>> {
    match load_json::<Profile>(&dir.join("azureProfile.json")) {
        Loaded::Read(p) => Loaded::Read(p.subscriptions),
        Loaded::Missing => Loaded::Missing,
        Loaded::Unusable(e) => Loaded::Unusable(e),
    }
}

/// az's profile accounts as a run may read them: from az's config dir,
/// unless reading az's files is turned off (`ACR_HEALTH_AZ_FILES=0`); None
/// when there is no profile to read.
pub fn profile_accounts(env: &Env) -> Option<Vec<ProfileAccount>> {
    if env.get("ACR_HEALTH_AZ_FILES") == Some("0") {
        return None;
    }
    let dir = crate::azure::az_config::azure_config_dir(env)?;
    match load_profile(&dir) {
        Loaded::Read(accounts) => Some(accounts),
        _ => None,
    }
}

/// What az's global `--subscription` argument finds for a value
/// (azure-cli-core `commands/arm.py`, `register_global_subscription_argument`:
/// its `SubscriptionNameOrIdAction` looks through
/// `Profile.load_cached_subscriptions`, the active cloud's accounts, for
/// the first whose id or name is the value in any case).
#[derive(Debug)]
pub enum SubscriptionLookup<'a> {
    Listed(&'a ProfileAccount),
    NotListed {
        /// az's profile has no login in the active cloud at all.
        no_login: bool,
    },
}

/// `value` looked up as az's `--subscription` action looks it up, among
/// `accounts` (None: no profile to read) in the cloud named `cloud`.
pub fn lookup_subscription<'a>(
    accounts: Option<&'a [ProfileAccount]>,
    cloud: &str,
    value: &str,
) -> SubscriptionLookup<'a> {
    let mut in_cloud = accounts
        .into_iter()
        .flatten()
        .filter(|a| a.environment_name.eq_ignore_ascii_case(cloud))
        .peekable();
    let no_login = in_cloud.peek().is_none();
    match in_cloud.find(|a| a.id.eq_ignore_ascii_case(value) || a.name.eq_ignore_ascii_case(value))
    {
        Some(a) => SubscriptionLookup::Listed(a),
        None => SubscriptionLookup::NotListed { no_login },
    }
}

/// A subscription id's shape: 8-4-4-4-12 hexadecimal digits.
pub fn is_subscription_id(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether az's `--subscription` action warns `Subscription 'V' not
/// recognized.` for `value`: its profile does not list it. One exception,
/// ours: with no profile to read at all, an id is used as given, without a
/// word (a service principal or a managed identity has no az profile, and
/// an id needs none; docs/compatibility.md).
pub fn az_does_not_recognize(
    accounts: Option<&[ProfileAccount]>,
    cloud: &str,
    value: &str,
) -> bool {
    match lookup_subscription(accounts, cloud, value) {
        SubscriptionLookup::Listed(_) => false,
        SubscriptionLookup::NotListed { .. } => !(accounts.is_none() && is_subscription_id(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_groups() {
        assert!(same_authority(
            "login.windows.net",
            "login.microsoftonline.com"
        ));
        assert!(same_authority(
            "LOGIN.microsoftonline.us",
            "login.usgovcloudapi.net"
        ));
        assert!(!same_authority(
            "login.microsoftonline.com",
            "login.microsoftonline.us"
        ));
        assert!(!same_authority(
            "login.microsoftonline.com",
            "127.0.0.1:8443"
        ));
        assert!(same_authority("127.0.0.1:8443", "127.0.0.1"));
        assert!(!same_authority("127.0.0.1:8443", "127.0.0.2"));
        assert_eq!(
            crate::net::host_port::authority_of("https://Login.Example:8443/tenant").as_deref(),
            Some("login.example:8443")
        );
    }

    #[test]
    fn profile_with_bom_and_flags() {
        let dir = tempfile::tempdir().unwrap();
        let mut body = b"\xEF\xBB\xBF".to_vec();
        body.extend_from_slice(
            br#"{"subscriptions":[
              {"id":"t0","tenantId":"t1","environmentName":"AzureCloud","user":{"name":"a@b","type":"user","cloudShellID":true}},
              {"id":"t1","tenantId":"t1","isDefault":false,"environmentName":"AzureCloud","user":{"name":"a@b","type":"user"}},
              {"id":"s1","name":"Prod","tenantId":"t1","isDefault":true,"environmentName":"AzureCloud","user":{"name":"systemAssignedIdentity","type":"servicePrincipal"}},
              {"id":"s2","tenantId":"t1","environmentName":"AzureCloud","user":{"name":"a@b","type":"user"},"cloudShellID":true}
            ]}"#,
        );
        std::fs::write(dir.path().join("azureProfile.json"), body).unwrap();
        let files = AzureCliFiles::load(dir.path(), &Env::empty());
        let p = files.profile.as_read().unwrap();
        assert!(p[0].is_cloud_shell());
        assert!(p[1].is_tenant_level());
        assert!(p[2].is_managed_identity() && p[2].is_default);
        assert!(p[3].is_cloud_shell() && !p[1].is_cloud_shell());
        assert!(matches!(files.cache, Loaded::Missing));
    }

    #[test]
    fn truncated_cache_is_unusable_and_not_echoed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("msal_token_cache.json"),
            r#"{"AccessToken": {"k": {"secret": "eyJsecret-value"#,
        )
        .unwrap();
        let files = AzureCliFiles::load(dir.path(), &Env::empty());
        match &files.cache {
            Loaded::Unusable(why) => {
                assert!(why.contains("cannot be parsed"), "{why}");
                assert!(!why.contains("secret-value"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn encrypted_cache_ignores_the_json_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("msal_token_cache.json"), "{}").unwrap();
        std::fs::write(
            dir.path().join("config"),
            "[core]\nencrypt_token_cache = True\n",
        )
        .unwrap();
        let files = AzureCliFiles::load(dir.path(), &Env::empty());
        assert!(matches!(files.cache, Loaded::Unusable(_)));
        let mut env = Env::empty();
        env.set("AZURE_CORE_ENCRYPT_TOKEN_CACHE", "false");
        let files = AzureCliFiles::load(dir.path(), &env);
        assert!(matches!(files.cache, Loaded::Read(_)));
    }

    #[test]
    fn cache_times_as_strings_or_numbers() {
        let c: TokenCache = serde_json::from_str(
            r#"{"AccessToken":{"a":{"credential_type":"AccessToken","secret":"x","expires_on":"1700000000"},
                               "b":{"credential_type":"AccessToken","secret":"y","expires_on":1700000001}}}"#,
        )
        .unwrap();
        assert_eq!(c.access_tokens["a"].expires_on, Some(1_700_000_000));
        assert_eq!(c.access_tokens["b"].expires_on, Some(1_700_000_001));
        assert_eq!(format!("{:?}", c.access_tokens["a"].secret), "(redacted)");
        let c: TokenCache = serde_json::from_str(
            r#"{"AccessToken":{"f":{"expires_on":1.7e9},"h":{"expires_on":18446744073709551615},
                               "n":{"expires_on":null},"o":{"expires_on":{"s":1}}}}"#,
        )
        .unwrap();
        assert!(c.access_tokens.values().all(|t| t.expires_on.is_none()));
    }

    /// A cache as MSAL Python writes it, with the maps and fields we do not
    /// read, and the `null`s it writes for values it does not have.
    #[test]
    fn cache_with_unread_maps_and_nulls() {
        let c: TokenCache = serde_json::from_str(
            r#"{
              "AccessToken": {"sp-at": {"credential_type": "AccessToken", "secret": "at-secret-0123456789",
                 "home_account_id": null, "environment": "login.microsoftonline.com", "client_id": "sp-app",
                 "target": "https://management.core.windows.net//.default", "realm": "t", "token_type": "Bearer",
                 "cached_at": "1700000000", "expires_on": "1700003600", "extended_expires_on": "1700003600"}},
              "RefreshToken": {"u-rt": {"credential_type": "RefreshToken", "secret": null, "home_account_id": "u.t",
                 "environment": "login.microsoftonline.com", "client_id": null, "family_id": "1", "target": "x", "last_modification_time": "1"}},
              "IdToken": {"u-id": {"credential_type": "IdToken", "secret": "eyJhbGciOi.id-token", "home_account_id": "u.t",
                 "environment": "login.microsoftonline.com", "realm": "t", "client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"}},
              "Account": {"u": {"home_account_id": "u.t", "environment": "login.microsoftonline.com", "realm": "t",
                 "local_account_id": "u", "username": "dev@example.com", "authority_type": "MSSTS", "account_source": null}},
              "AppMetadata": {"appmetadata-login.microsoftonline.com-04b07795": {"client_id": "04b07795", "environment": "login.microsoftonline.com", "family_id": "1"}},
              "SomethingNew": null
            }"#,
        )
        .unwrap();
        let at = &c.access_tokens["sp-at"];
        assert_eq!(at.home_account_id, None);
        assert_eq!(at.expires_on, Some(1_700_003_600));
        assert_eq!(at.secret.expose(), "at-secret-0123456789");
        let rt = &c.refresh_tokens["u-rt"];
        assert!(rt.secret.is_empty() && rt.client_id.is_empty());
        assert_eq!(rt.family_id.as_deref(), Some("1"));
        assert_eq!(c.accounts["u"].username, "dev@example.com");
        // The maps themselves may be null too.
        let c: TokenCache =
            serde_json::from_str(r#"{"AccessToken": null, "RefreshToken": null, "Account": null}"#)
                .unwrap();
        assert!(c.access_tokens.is_empty() && c.accounts.is_empty());
    }

    #[test]
    fn profile_nulls_and_cloud_shell_markers() {
        let p: Profile = serde_json::from_str(
            r#"{"installationId": "i", "subscriptions": [
              {"id": "s0", "name": null, "tenantId": null, "isDefault": null, "environmentName": "AzureCloud",
               "homeTenantId": "t", "managedByTenants": [], "state": "Enabled", "user": null},
              {"id": "s1", "environmentName": "AzureCloud", "user": {"name": "a", "type": "user", "cloudShellID": false}},
              {"id": "s2", "environmentName": "AzureCloud", "user": {"name": "a", "type": "user", "cloudShellID": null}},
              {"id": "s3", "environmentName": "AzureCloud", "user": {"name": "a", "type": "user", "cloudShellID": "yes"}},
              {"id": "s4", "environmentName": "AzureCloud", "cloudShellID": {"x": 1}, "user": {"name": "a", "type": null}}
            ]}"#,
        )
        .unwrap();
        let s = &p.subscriptions;
        assert_eq!((s[0].name.as_str(), s[0].tenant_id.as_str()), ("", ""));
        assert!(!s[0].is_default && s[0].user.name.is_empty());
        let shell: Vec<bool> = s.iter().map(ProfileAccount::is_cloud_shell).collect();
        assert_eq!(shell, [false, false, false, true, true]);
        assert_eq!(s[4].user.kind, "");
        let p: Profile = serde_json::from_str(r#"{"subscriptions": null}"#).unwrap();
        assert!(p.subscriptions.is_empty());
    }
}
