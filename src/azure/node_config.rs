//! A Kubernetes node's cloud-provider configuration (`/etc/kubernetes/azure.json`):
//! who the kubelet signs in as, and in which cloud (docs/kubernetes.md).
//!
//! Read once, bounded and regular files only (`sys::files::read_limited`),
//! never written. The service principal's secret becomes a `Secret` as it is
//! parsed, so it is in the scrubber's register before anything else sees it.
//! The fields read are the ones the cloud provider documents for its config
//! file: `cloud`, `tenantId`, `subscriptionId`, `resourceGroup`, `location`,
//! `aadClientId`, `aadClientSecret`, `useManagedIdentityExtension` and
//! `userAssignedIdentityID`; others are ignored.

use std::path::{Path, PathBuf};

use crate::azure::cloud::{Cloud, CloudSource, KnownCloud};
use crate::guard::secret::Secret;
use crate::net::endpoint::{CredentialEndpoint, Origin};
use crate::sys::env::Env;
use crate::sys::files::{SMALL_FILE_LIMIT, read_limited};

/// Where the cloud provider's configuration lives on a node.
pub const DEFAULT_NODE_CONFIG: &str = "/etc/kubernetes/azure.json";
/// Where an Azure Stack Hub node keeps its cloud's endpoints, unless
/// `AZURE_ENVIRONMENT_FILEPATH` names another file.
pub const DEFAULT_STACK_ENVIRONMENT: &str = "/etc/kubernetes/azurestackcloud.json";
/// The `cloud` value that sends the cloud provider to the environment file.
pub const STACK_CLOUD: &str = "AzureStackCloud";
/// `aadClientId` (and `aadClientSecret`) as AKS writes them for a cluster
/// whose kubelet uses a managed identity.
pub const MSI_MARKER: &str = "msi";

/// Which managed identity IMDS is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagedIdentityId {
    /// The VM's system-assigned identity (no id sent).
    System,
    /// `userAssignedIdentityID` holding a client id: `client_id=`.
    ClientId(String),
    /// `userAssignedIdentityID` holding a resource id: `msi_res_id=`.
    ResourceId(String),
}

/// The identity the kubelet pulls images with.
#[derive(Clone, Debug)]
pub enum KubeletIdentity {
    /// `aadClientId` + `aadClientSecret`: handed to containerd as Basic
    /// credentials for the registry.
    ServicePrincipal { client_id: String, secret: Secret },
    /// `useManagedIdentityExtension` (or the `msi` marker): a token from
    /// IMDS, exchanged at the registry.
    ManagedIdentity(ManagedIdentityId),
}

impl KubeletIdentity {
    /// `service principal 3c9a…` / `user-assigned managed identity (client ID …)`.
    pub fn describe(&self) -> String {
        match self {
            KubeletIdentity::ServicePrincipal { client_id, .. } => {
                format!("service principal (aadClientId {client_id})")
            }
            KubeletIdentity::ManagedIdentity(ManagedIdentityId::System) => {
                "system-assigned managed identity".into()
            }
            KubeletIdentity::ManagedIdentity(ManagedIdentityId::ClientId(id)) => {
                format!("user-assigned managed identity (client ID {id})")
            }
            KubeletIdentity::ManagedIdentity(ManagedIdentityId::ResourceId(id)) => {
                format!("user-assigned managed identity ({id})")
            }
        }
    }

    /// The client id, when the configuration names one.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            KubeletIdentity::ServicePrincipal { client_id, .. } => Some(client_id),
            KubeletIdentity::ManagedIdentity(ManagedIdentityId::ClientId(id)) => Some(id),
            KubeletIdentity::ManagedIdentity(_) => None,
        }
    }
}

/// The node's cloud, as its configuration names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeCloud {
    Known(KnownCloud),
    /// `AzureStackCloud`: endpoints from the environment file.
    Stack {
        file: PathBuf,
        authority: String,
        arm: String,
        audience: String,
        acr_suffix: Option<String>,
    },
}

/// What the node's configuration says.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    pub path: PathBuf,
    /// `cloud` as written (empty: the public cloud).
    pub cloud_name: String,
    pub cloud: NodeCloud,
    pub tenant_id: String,
    pub subscription_id: Option<String>,
    pub resource_group: Option<String>,
    pub location: Option<String>,
    pub identity: KubeletIdentity,
}

/// Why the node's configuration cannot be used: one line, exit status 2
/// (bad input, like an unreadable `--ca-cert`).
#[derive(Debug, thiserror::Error)]
pub enum NodeConfigError {
    #[error("cannot read the node config '{}': {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the node config '{}' is not JSON: {why}", .path.display())]
    NotJson { path: PathBuf, why: String },
    #[error("the node config '{}' has no {field}", .path.display())]
    Missing { path: PathBuf, field: &'static str },
    #[error("the node config '{}' names cloud '{name}', which acr-health does not know (AzurePublicCloud, AzureChinaCloud, AzureUSGovernmentCloud or AzureStackCloud)", .path.display())]
    UnknownCloud { path: PathBuf, name: String },
    #[error("cannot read the Azure Stack environment file '{}': {source}", .path.display())]
    StackRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the Azure Stack environment file '{}' is not usable: {why}", .path.display())]
    StackBad { path: PathBuf, why: String },
}

/// A JSON string field, trimmed; None when absent or empty.
fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(|x| x.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// `useManagedIdentityExtension`: a JSON boolean, or a string as some
/// generators write it.
fn flag(v: &serde_json::Value, key: &str) -> bool {
    match v.get(key) {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

impl NodeConfig {
    /// Reads and parses `path`; `env` names the Azure Stack environment
    /// file (`AZURE_ENVIRONMENT_FILEPATH`).
    pub fn load(path: &Path, env: &Env) -> Result<Self, NodeConfigError> {
        let bytes =
            read_limited(path, SMALL_FILE_LIMIT).map_err(|source| NodeConfigError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        Self::parse(path, &bytes, env)
    }

    pub fn parse(path: &Path, bytes: &[u8], env: &Env) -> Result<Self, NodeConfigError> {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| NodeConfigError::NotJson {
                path: path.to_path_buf(),
                // serde_json's message names line and column, never the text.
                why: e.to_string(),
            })?;
        // First of all: the secret goes into the register as it is read.
        let secret = text(&v, "aadClientSecret").map(Secret::new);
        let missing = |field| NodeConfigError::Missing {
            path: path.to_path_buf(),
            field,
        };
        if !v.is_object() {
            return Err(NodeConfigError::NotJson {
                path: path.to_path_buf(),
                why: "expected a JSON object".into(),
            });
        }
        let client_id = text(&v, "aadClientId");
        let marker = client_id
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(MSI_MARKER));
        let identity = if flag(&v, "useManagedIdentityExtension") || marker {
            let id = match text(&v, "userAssignedIdentityID") {
                None => ManagedIdentityId::System,
                Some(id) if id.to_ascii_lowercase().contains("/subscriptions/") => {
                    ManagedIdentityId::ResourceId(id)
                }
                Some(id) => ManagedIdentityId::ClientId(id),
            };
            KubeletIdentity::ManagedIdentity(id)
        } else {
            KubeletIdentity::ServicePrincipal {
                client_id: client_id.ok_or_else(|| missing("aadClientId"))?,
                secret: secret.ok_or_else(|| missing("aadClientSecret"))?,
            }
        };
        let tenant_id = text(&v, "tenantId").ok_or_else(|| missing("tenantId"))?;
        let cloud_name = text(&v, "cloud").unwrap_or_default();
        let cloud = node_cloud(path, &cloud_name, env)?;
        Ok(NodeConfig {
            path: path.to_path_buf(),
            cloud_name,
            cloud,
            tenant_id,
            subscription_id: text(&v, "subscriptionId"),
            resource_group: text(&v, "resourceGroup"),
            location: text(&v, "location"),
            identity,
        })
    }

    /// The run's cloud: the node's authority, ARM endpoint and registry
    /// suffix, ahead of az's configuration.
    pub fn to_cloud(&self) -> Cloud {
        let mut cloud = match &self.cloud {
            NodeCloud::Known(k) => crate::azure::cloud::known_cloud(*k),
            NodeCloud::Stack {
                file,
                authority,
                arm,
                audience,
                acr_suffix,
            } => {
                // Checked for https when read; checked again here, the one
                // place every credential endpoint is made.
                let from = |key: &str| Origin::File {
                    path: file.clone(),
                    key: key.to_owned(),
                };
                Cloud {
                    name: STACK_CLOUD.into(),
                    acr_suffix: acr_suffix.clone(),
                    authority: CredentialEndpoint::new(
                        crate::azure::cloud::AUTHORITY,
                        authority,
                        from("activeDirectoryEndpoint"),
                    ),
                    arm: CredentialEndpoint::new(
                        crate::azure::cloud::ARM,
                        arm,
                        from("resourceManagerEndpoint"),
                    ),
                    arm_audience: audience.clone(),
                    ad_resource_id: audience.clone(),
                    native_authority: String::new(),
                    mcr_host: "mcr.microsoft.com".into(),
                    source: CloudSource::Default,
                    unread: None,
                }
            }
        };
        cloud.source = CloudSource::NodeConfig(self.path.clone());
        cloud
    }
}

/// The cloud provider's names for the public clouds (any case).
fn named_cloud(name: &str) -> Option<KnownCloud> {
    Some(match name.to_ascii_lowercase().as_str() {
        "" | "azurepubliccloud" | "azurecloud" => KnownCloud::Public,
        "azurechinacloud" => KnownCloud::China,
        "azureusgovernmentcloud" | "azureusgovernment" => KnownCloud::UsGovernment,
        _ => return None,
    })
}

fn node_cloud(path: &Path, name: &str, env: &Env) -> Result<NodeCloud, NodeConfigError> {
    if let Some(k) = named_cloud(name) {
        return Ok(NodeCloud::Known(k));
    }
    if !name.eq_ignore_ascii_case(STACK_CLOUD) {
        return Err(NodeConfigError::UnknownCloud {
            path: path.to_path_buf(),
            name: name.to_owned(),
        });
    }
    let file = PathBuf::from(
        env.get("AZURE_ENVIRONMENT_FILEPATH")
            .filter(|p| !p.is_empty())
            .unwrap_or(DEFAULT_STACK_ENVIRONMENT),
    );
    let bytes =
        read_limited(&file, SMALL_FILE_LIMIT).map_err(|source| NodeConfigError::StackRead {
            path: file.clone(),
            source,
        })?;
    stack_environment(&file, &bytes)
}

/// An Azure Stack environment file: `activeDirectoryEndpoint`,
/// `resourceManagerEndpoint` (both must be `https://`: credentials go
/// there), `tokenAudience` (else `serviceManagementEndpoint`, else the ARM
/// endpoint) and `containerRegistryDNSSuffix`.
fn stack_environment(file: &Path, bytes: &[u8]) -> Result<NodeCloud, NodeConfigError> {
    let bad = |why: String| NodeConfigError::StackBad {
        path: file.to_path_buf(),
        why,
    };
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| bad(format!("not JSON: {e}")))?;
    let https = |key: &'static str, required: bool| -> Result<Option<String>, NodeConfigError> {
        let Some(raw) = text(&v, key) else {
            return if required {
                Err(bad(format!("it has no {key}")))
            } else {
                Ok(None)
            };
        };
        match url::Url::parse(&raw) {
            Ok(u) if u.scheme() == "https" && u.has_host() => {
                Ok(Some(raw.trim_end_matches('/').to_owned()))
            }
            Ok(u) => Err(bad(format!(
                "{key} '{raw}': credentials are sent there, so it must be an https:// URL, not {}://",
                u.scheme()
            ))),
            Err(_) => Err(bad(format!("{key} '{raw}' is not an https:// URL"))),
        }
    };
    let authority = https("activeDirectoryEndpoint", true)?.unwrap_or_default();
    let arm = https("resourceManagerEndpoint", true)?.unwrap_or_default();
    let audience = match https("tokenAudience", false)? {
        Some(a) => a,
        None => https("serviceManagementEndpoint", false)?.unwrap_or_else(|| arm.clone()),
    };
    let acr_suffix = text(&v, "containerRegistryDNSSuffix").map(|s| {
        let s = s.trim_start_matches('.');
        format!(".{}", s.to_ascii_lowercase())
    });
    Ok(NodeCloud::Stack {
        file: file.to_path_buf(),
        authority,
        arm,
        audience,
        acr_suffix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<NodeConfig, NodeConfigError> {
        NodeConfig::parse(Path::new("/n/azure.json"), json.as_bytes(), &Env::empty())
    }

    #[test]
    fn service_principal() {
        let n = parse(
            r#"{"cloud":"AzurePublicCloud","tenantId":"t1","subscriptionId":"s1","resourceGroup":"MC_rg","location":"eastus","aadClientId":"c1","aadClientSecret":"node~Secret.value-1234"}"#,
        )
        .unwrap();
        let KubeletIdentity::ServicePrincipal { client_id, secret } = &n.identity else {
            panic!("{n:?}")
        };
        assert_eq!(client_id, "c1");
        assert_eq!(secret.expose(), "node~Secret.value-1234");
        // Registered the moment it was read.
        assert!(!crate::guard::secret::scrub("x node~Secret.value-1234 y").contains("Secret"));
        assert_eq!(n.cloud, NodeCloud::Known(KnownCloud::Public));
        assert_eq!(n.to_cloud().acr_suffix.as_deref(), Some(".azurecr.io"));
        assert!(!format!("{n:?}").contains("node~Secret"));
    }

    #[test]
    fn managed_identities() {
        let mi = |json: &str| parse(json).unwrap().identity;
        let KubeletIdentity::ManagedIdentity(id) = mi(
            r#"{"tenantId":"t","useManagedIdentityExtension":true,"userAssignedIdentityID":"6f5e"}"#,
        ) else {
            panic!()
        };
        assert_eq!(id, ManagedIdentityId::ClientId("6f5e".into()));
        let res = "/subscriptions/s/resourceGroups/MC/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agentpool";
        let KubeletIdentity::ManagedIdentity(id) = mi(&format!(
            r#"{{"tenantId":"t","useManagedIdentityExtension":"true","userAssignedIdentityID":"{res}"}}"#
        )) else {
            panic!()
        };
        assert_eq!(id, ManagedIdentityId::ResourceId(res.into()));
        // The `msi` marker alone means a managed identity (system-assigned here).
        let KubeletIdentity::ManagedIdentity(id) =
            mi(r#"{"tenantId":"t","aadClientId":"msi","aadClientSecret":"msi"}"#)
        else {
            panic!()
        };
        assert_eq!(id, ManagedIdentityId::System);
    }

    #[test]
    fn refusals() {
        assert!(matches!(parse("{"), Err(NodeConfigError::NotJson { .. })));
        assert!(matches!(
            parse(r#"{"tenantId":"t","aadClientId":"c"}"#),
            Err(NodeConfigError::Missing {
                field: "aadClientSecret",
                ..
            })
        ));
        assert!(matches!(
            parse(r#"{"aadClientId":"c","aadClientSecret":"s"}"#),
            Err(NodeConfigError::Missing {
                field: "tenantId",
                ..
            })
        ));
        let e = parse(r#"{"cloud":"AzureGermanCloud","tenantId":"t","aadClientId":"c","aadClientSecret":"s"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'AzureGermanCloud'"), "{e}");
    }

    #[test]
    fn named_clouds() {
        for (name, suffix) in [
            ("AzureChinaCloud", ".azurecr.cn"),
            ("azureusgovernmentcloud", ".azurecr.us"),
            ("AzureCloud", ".azurecr.io"),
        ] {
            let n = parse(&format!(
                r#"{{"cloud":"{name}","tenantId":"t","aadClientId":"msi"}}"#
            ))
            .unwrap();
            assert_eq!(n.to_cloud().acr_suffix.as_deref(), Some(suffix), "{name}");
        }
    }

    #[test]
    fn azure_stack_environment_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("stack.json");
        std::fs::write(
            &file,
            r#"{"name":"AzureStackCloud","activeDirectoryEndpoint":"https://login.stack.example/adfs/","resourceManagerEndpoint":"https://management.stack.example/","serviceManagementEndpoint":"https://management.stack.example/0e8f","containerRegistryDNSSuffix":"azsacr.stack.example"}"#,
        )
        .unwrap();
        let mut env = Env::empty();
        env.set("AZURE_ENVIRONMENT_FILEPATH", file.to_string_lossy());
        let n = NodeConfig::parse(
            Path::new("/n/azure.json"),
            br#"{"cloud":"AzureStackCloud","tenantId":"adfs","aadClientId":"msi"}"#,
            &env,
        )
        .unwrap();
        let c = n.to_cloud();
        assert_eq!(
            c.authority.as_ref().unwrap().as_str(),
            "https://login.stack.example/adfs"
        );
        assert_eq!(
            c.arm.as_ref().unwrap().as_str(),
            "https://management.stack.example"
        );
        assert_eq!(c.arm_audience, "https://management.stack.example/0e8f");
        assert_eq!(c.acr_suffix.as_deref(), Some(".azsacr.stack.example"));
        // The https rule: an http:// endpoint is refused.
        std::fs::write(
            &file,
            r#"{"activeDirectoryEndpoint":"http://login.stack.example/","resourceManagerEndpoint":"https://m.example/"}"#,
        )
        .unwrap();
        let e = NodeConfig::parse(
            Path::new("/n/azure.json"),
            br#"{"cloud":"AzureStackCloud","tenantId":"adfs","aadClientId":"msi"}"#,
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("must be an https:// URL, not http://"), "{e}");
    }
}
