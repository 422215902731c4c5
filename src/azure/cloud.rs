//! Which Azure cloud: `--cloud`, else the Azure CLI's active cloud (read from
//! its config dir, custom clouds included), else AzureCloud.

use std::path::PathBuf;

use crate::azure::az_config;
use crate::net::endpoint::{CredentialEndpoint, Endpoint, Origin};
use crate::sys::env::Env;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cloud {
    pub name: String,
    /// `.azurecr.io`; None for a custom cloud that registered no ACR suffix.
    pub acr_suffix: Option<String>,
    /// Entra ID authority, e.g. `https://login.microsoftonline.com`, or
    /// why it may not be used (not https; named with where it came from).
    pub authority: Endpoint,
    /// ARM, e.g. `https://management.azure.com`, or why it may not be used.
    pub arm: Endpoint,
    /// The audience of ARM tokens; unchanged when the endpoint is overridden.
    pub arm_audience: String,
    /// The cloud's `active_directory_resource_id` exactly as az writes it
    /// (trailing slash kept): az asks for `{this}/.default` for ARM, and a
    /// token cached by az is found under that scope.
    pub ad_resource_id: String,
    /// The authority host of the cloud itself (`host[:port]`), before any
    /// `AZURE_AUTHORITY_HOST` override: tokens az cached belong to it.
    pub native_authority: String,
    /// Where the docker test image lives in this cloud.
    pub mcr_host: String,
    /// Where the choice came from, for the report.
    pub source: CloudSource,
    /// The custom cloud's `clouds.config` is there but could not be read:
    /// the warning that says so, naming the path.
    pub unread: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloudSource {
    Flag,
    AzureCli(PathBuf),
    Default,
    /// A Kubernetes node's cloud-provider config (`--node`).
    NodeConfig(PathBuf),
}

/// The clouds whose endpoints are built in (`--cloud`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnownCloud {
    /// AzureCloud, the public cloud.
    Public,
    /// AzureChinaCloud.
    China,
    /// AzureUSGovernment.
    UsGovernment,
}

/// What each endpoint is called where a refusal names it.
pub const AUTHORITY: &str = "Entra ID authority";
pub const ARM: &str = "ARM endpoint";

fn known(name: KnownCloud) -> Cloud {
    let (n, suffix, authority, arm, ad_resource, mcr) = match name {
        KnownCloud::Public => (
            "AzureCloud",
            ".azurecr.io",
            "https://login.microsoftonline.com",
            "https://management.azure.com",
            "https://management.core.windows.net/",
            "mcr.microsoft.com",
        ),
        KnownCloud::China => (
            "AzureChinaCloud",
            ".azurecr.cn",
            "https://login.chinacloudapi.cn",
            "https://management.chinacloudapi.cn",
            "https://management.core.chinacloudapi.cn/",
            "mcr.azure.cn",
        ),
        KnownCloud::UsGovernment => (
            "AzureUSGovernment",
            ".azurecr.us",
            "https://login.microsoftonline.us",
            "https://management.usgovcloudapi.net",
            "https://management.core.usgovcloudapi.net/",
            "mcr.microsoft.com",
        ),
    };
    let built_in = || Origin::BuiltIn(n.into());
    Cloud {
        name: n.into(),
        acr_suffix: Some(suffix.into()),
        authority: CredentialEndpoint::new(AUTHORITY, authority, built_in()),
        arm: CredentialEndpoint::new(ARM, arm, built_in()),
        arm_audience: arm.into(),
        ad_resource_id: ad_resource.into(),
        native_authority: String::new(),
        mcr_host: mcr.into(),
        source: CloudSource::Default,
        unread: None,
    }
}

/// A built-in cloud's endpoints, before any override.
pub fn known_cloud(name: KnownCloud) -> Cloud {
    known(name)
}

fn known_by_name(name: &str) -> Option<Cloud> {
    let c = match name.to_ascii_lowercase().as_str() {
        "azurecloud" => KnownCloud::Public,
        "azurechinacloud" => KnownCloud::China,
        "azureusgovernment" => KnownCloud::UsGovernment,
        _ => return None,
    };
    Some(known(c))
}

fn from_azure_cli(az: &az_config::AzConfig) -> Option<Cloud> {
    let dir = az.dir()?.to_path_buf();
    let name = az.cloud_name()?;
    let mut cloud = match known_by_name(&name) {
        Some(c) => c,
        None => {
            // A registered custom cloud (Azure Stack Hub, private clouds).
            let path = dir.join("clouds.config");
            let (clouds, unread) = match crate::sys::files::read_limited_string(
                &path,
                crate::sys::files::SMALL_FILE_LIMIT,
            ) {
                Ok(text) => (text, None),
                Err(e) => (
                    String::new(),
                    az_config::unreadable(&path, &e).map(|why| {
                        format!(
                            "{why}; cloud '{name}' has none of the endpoints or the registry suffix it registers"
                        )
                    }),
                ),
            };
            let ini = az_config::parse_ini(&clouds);
            let section = ini.get(&name).cloned().unwrap_or_default();
            let get = |k: &str| section.get(k).cloned().filter(|v| !v.is_empty());
            // Each endpoint as the file gives it, named by its key there;
            // a key the file leaves out takes the public cloud's.
            let endpoint = |what: &'static str, key: &str, default: &str| match get(key) {
                Some(raw) => CredentialEndpoint::new(
                    what,
                    &raw,
                    Origin::File {
                        path: dir.join("clouds.config"),
                        key: format!("[{name}] {key}"),
                    },
                ),
                None => CredentialEndpoint::new(
                    what,
                    default,
                    Origin::Default("the public cloud's, as clouds.config names none"),
                ),
            };
            Cloud {
                name: name.clone(),
                acr_suffix: get("suffix_acr_login_server_endpoint").map(|s| {
                    if s.starts_with('.') {
                        s
                    } else {
                        format!(".{s}")
                    }
                }),
                authority: endpoint(
                    AUTHORITY,
                    "endpoint_active_directory",
                    "https://login.microsoftonline.com",
                ),
                arm: endpoint(
                    ARM,
                    "endpoint_resource_manager",
                    "https://management.azure.com",
                ),
                arm_audience: get("endpoint_active_directory_resource_id")
                    .or_else(|| get("endpoint_resource_manager"))
                    .unwrap_or_else(|| "https://management.azure.com".into()),
                ad_resource_id: get("endpoint_active_directory_resource_id")
                    .or_else(|| get("endpoint_resource_manager"))
                    .unwrap_or_else(|| "https://management.core.windows.net/".into()),
                native_authority: get("endpoint_active_directory")
                    .and_then(|a| crate::net::host_port::authority_of(&a))
                    .unwrap_or_else(|| "login.microsoftonline.com".into()),
                mcr_host: "mcr.microsoft.com".into(),
                source: CloudSource::Default,
                unread,
            }
        }
    };
    cloud.source = CloudSource::AzureCli(dir);
    Some(cloud)
}

/// An ARM endpoint typed for this run (`--arm-endpoint` or
/// `ACR_HEALTH_ARM_ENDPOINT`): the URL as given and where.
pub type ArmOverride<'a> = (&'a str, Origin);

/// Decides the cloud and applies `AZURE_AUTHORITY_HOST` / `--arm-endpoint`,
/// reading az's configuration for itself.
pub fn resolve(flag: Option<KnownCloud>, arm_override: Option<ArmOverride>, env: &Env) -> Cloud {
    resolve_with(flag, arm_override, &az_config::AzConfig::load(env), env)
}

/// [`resolve`] with az's configuration already read (once per run): its
/// `cloud.name` (or `AZURE_CLOUD_NAME`, which wins) names the active cloud.
/// Every endpoint is checked where it is set ([`CredentialEndpoint`]): one
/// that may not receive credentials stays in the cloud as a refusal naming
/// where it came from, for the step that would use it to report.
pub fn resolve_with(
    flag: Option<KnownCloud>,
    arm_override: Option<ArmOverride>,
    az: &az_config::AzConfig,
    env: &Env,
) -> Cloud {
    let cloud = match flag {
        Some(name) => Cloud {
            source: CloudSource::Flag,
            ..known(name)
        },
        None => from_azure_cli(az).unwrap_or_else(|| known(KnownCloud::Public)),
    };
    with_overrides(cloud, arm_override, env)
}

/// `cloud` with `AZURE_AUTHORITY_HOST` and `--arm-endpoint` applied, each
/// checked where it is set (the node's cloud takes this path too).
pub fn with_overrides(mut cloud: Cloud, arm_override: Option<ArmOverride>, env: &Env) -> Cloud {
    if cloud.native_authority.is_empty()
        && let Ok(a) = &cloud.authority
    {
        cloud.native_authority = a.authority();
    }
    if let Some(a) = env.get("AZURE_AUTHORITY_HOST") {
        cloud.authority =
            CredentialEndpoint::new(AUTHORITY, a, Origin::Variable("AZURE_AUTHORITY_HOST"));
    }
    if let Some((raw, from)) = arm_override {
        cloud.arm = CredentialEndpoint::new(ARM, raw, from);
    }
    cloud.arm_audience = cloud.arm_audience.trim_end_matches('/').to_owned();
    cloud
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with_config(config: &str, clouds: Option<&str>) -> (tempfile::TempDir, Env) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config"), config).unwrap();
        if let Some(c) = clouds {
            std::fs::write(dir.path().join("clouds.config"), c).unwrap();
        }
        let mut env = Env::empty();
        env.set("AZURE_CONFIG_DIR", dir.path().to_string_lossy());
        (dir, env)
    }

    #[test]
    fn default_is_azure_cloud() {
        let c = resolve(None, None, &Env::empty());
        assert_eq!(c.name, "AzureCloud");
        assert_eq!(c.acr_suffix.as_deref(), Some(".azurecr.io"));
        assert_eq!(c.source, CloudSource::Default);
    }

    #[test]
    fn flag_wins_over_cli_config() {
        let (_d, env) = env_with_config("[cloud]\nname = AzureChinaCloud\n", None);
        let c = resolve(Some(KnownCloud::UsGovernment), None, &env);
        assert_eq!(c.acr_suffix.as_deref(), Some(".azurecr.us"));
        assert_eq!(c.source, CloudSource::Flag);
    }

    #[test]
    fn azure_cli_active_cloud() {
        let (_d, env) = env_with_config("[cloud]\nname = AzureChinaCloud\n", None);
        let c = resolve(None, None, &env);
        assert_eq!(c.acr_suffix.as_deref(), Some(".azurecr.cn"));
        assert_eq!(c.mcr_host, "mcr.azure.cn");
        assert!(matches!(c.source, CloudSource::AzureCli(_)));
    }

    #[test]
    fn azure_cloud_name_variable_wins_over_the_file() {
        let (_d, mut env) = env_with_config("[cloud]\nname = AzureChinaCloud\n", None);
        env.set("AZURE_CLOUD_NAME", "AzureUSGovernment");
        assert_eq!(
            resolve(None, None, &env).acr_suffix.as_deref(),
            Some(".azurecr.us")
        );
    }

    #[test]
    fn custom_cloud_from_clouds_config() {
        let (_d, env) = env_with_config(
            "[cloud]\nname = MyStack\n",
            Some(
                "[MyStack]\nendpoint_resource_manager = https://management.local.azurestack.external/\n\
                 endpoint_active_directory = https://login.stack.example\n\
                 suffix_acr_login_server_endpoint = azsacr.local.azurestack.external\n",
            ),
        );
        let c = resolve(None, None, &env);
        assert_eq!(c.name, "MyStack");
        assert_eq!(
            c.acr_suffix.as_deref(),
            Some(".azsacr.local.azurestack.external")
        );
        assert_eq!(
            c.arm.unwrap().as_str(),
            "https://management.local.azurestack.external"
        );
        assert_eq!(c.authority.unwrap().as_str(), "https://login.stack.example");
        assert_eq!(c.native_authority, "login.stack.example");
    }

    /// An endpoint from clouds.config is checked like a typed one, and the
    /// refusal says which key of which file gave it.
    #[test]
    fn a_custom_cloud_endpoint_that_is_not_https_is_refused_naming_its_key() {
        let (d, env) = env_with_config(
            "[cloud]\nname = MyStack\n",
            Some(
                "[MyStack]\nendpoint_resource_manager = http://127.0.0.1:9/\n\
                 endpoint_active_directory = https://u:pw@login.stack.example\n",
            ),
        );
        let c = resolve(None, None, &env);
        let arm = c.arm.unwrap_err();
        assert_eq!(
            arm.from,
            Origin::File {
                path: d.path().join("clouds.config"),
                key: "[MyStack] endpoint_resource_manager".into()
            }
        );
        assert_eq!(arm.refusal, crate::net::endpoint::Refusal::NotHttps);
        let authority = c.authority.unwrap_err();
        assert_eq!(authority.refusal, crate::net::endpoint::Refusal::UserInfo);
        assert!(
            authority
                .to_string()
                .contains("[MyStack] endpoint_active_directory in ")
        );
        // The cached tokens of the cloud stay matched by its own host.
        assert_eq!(c.native_authority, "login.stack.example");
    }

    #[test]
    fn custom_cloud_without_suffix() {
        let (_d, env) = env_with_config("[cloud]\nname = Bare\n", Some("[Bare]\n"));
        assert_eq!(resolve(None, None, &env).acr_suffix, None);
    }

    #[test]
    fn overrides() {
        let mut env = Env::empty();
        env.set("AZURE_AUTHORITY_HOST", "https://127.0.0.1:9/");
        let c = resolve(
            None,
            Some(("https://127.0.0.1:8/", Origin::Flag("--arm-endpoint"))),
            &env,
        );
        assert_eq!(c.authority.unwrap().as_str(), "https://127.0.0.1:9");
        assert_eq!(c.arm.unwrap().as_str(), "https://127.0.0.1:8");
        assert_eq!(c.native_authority, "login.microsoftonline.com");
        let mut env = Env::empty();
        env.set("AZURE_AUTHORITY_HOST", "http://127.0.0.1:9/");
        let c = resolve(None, None, &env);
        assert_eq!(
            c.authority.unwrap_err().from,
            Origin::Variable("AZURE_AUTHORITY_HOST")
        );
    }

    #[test]
    fn built_in_clouds_are_https() {
        for known_cloud in [
            KnownCloud::Public,
            KnownCloud::China,
            KnownCloud::UsGovernment,
        ] {
            let c = known(known_cloud);
            assert!(c.authority.is_ok() && c.arm.is_ok(), "{}", c.name);
        }
    }
}
