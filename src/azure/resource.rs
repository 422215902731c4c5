//! The ARM objects the checks read, as typed structs: the registry, its
//! replications, the private endpoints and network interfaces `--vnet`
//! follows, user-assigned identities, a list page and ARM's error body.
//!
//! Only the fields the checks read (and a few that say what the object is)
//! are here; any other field is ignored, so a field Azure adds later does no
//! harm. Every field is optional and read leniently: ARM omits the
//! properties an api-version does not know, sends `null`, and a value of a
//! type we do not expect (a string where a bool was) reads as absent, the
//! way indexing a `serde_json::Value` read it, without taking its sibling
//! fields with it. A body that is not a JSON object at all (a proxy's HTML
//! page, a truncated answer) reads as an object with nothing in it.
//! Strings stay strings (`publicNetworkAccess`, `defaultAction`, …): the
//! checks compare them case-insensitively, and a value Azure adds later
//! must not fail the read.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// An ARM answer's body as `T`; anything but a JSON object reads as `T::default()`.
pub fn parse<T: DeserializeOwned + Default>(body: &[u8]) -> T {
    serde_json::from_slice(body)
        .ok()
        .and_then(lenient::from_object)
        .unwrap_or_default()
}

/// `Microsoft.ContainerRegistry/registries`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Registry {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub location: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub sku: Option<Sku>,
    #[serde(deserialize_with = "lenient::object")]
    pub identity: Option<Identity>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: RegistryProperties,
    /// Not ARM's: which api-version this object was read with (`arm.rs` sets
    /// it), since a property an api-version does not know is simply absent.
    #[serde(skip)]
    pub read: ApiRead,
}

/// How a registry object was read: the api-version that answered, and the
/// newer ones ARM refused first (`version: what ARM said`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiRead {
    pub api_version: Option<String>,
    pub refused: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Sku {
    /// `Basic`, `Standard`, `Premium`.
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub tier: Option<String>,
}

/// A resource's managed identities.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Identity {
    /// `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, `None`.
    #[serde(rename = "type", deserialize_with = "lenient::value")]
    pub kind: Option<String>,
    /// The system-assigned identity's principal.
    #[serde(deserialize_with = "lenient::value")]
    pub principal_id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub tenant_id: Option<String>,
    /// By the identity's resource ID.
    #[serde(deserialize_with = "lenient::object_map")]
    pub user_assigned_identities: Option<BTreeMap<String, UserIdentity>>,
}

/// Which kinds of identity an `identity.type` names. Azure writes it in more
/// than one case and spacing (`UserAssigned`, `userAssigned`,
/// `SystemAssigned, UserAssigned`, `SystemAssigned,UserAssigned`), so it is
/// read word by word, case-insensitively.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assigned {
    pub system: bool,
    pub user: bool,
}

impl Identity {
    pub fn assigned(&self) -> Assigned {
        let mut out = Assigned::default();
        for word in self
            .kind
            .as_deref()
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|w| !w.is_empty())
        {
            if word.eq_ignore_ascii_case("SystemAssigned") {
                out.system = true;
            } else if word.eq_ignore_ascii_case("UserAssigned") {
                out.user = true;
            }
        }
        out
    }
}

/// One entry of `userAssignedIdentities`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UserIdentity {
    #[serde(deserialize_with = "lenient::value")]
    pub principal_id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub client_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RegistryProperties {
    /// `host` or `host:port`.
    #[serde(deserialize_with = "lenient::value")]
    pub login_server: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub provisioning_state: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub creation_date: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub admin_user_enabled: Option<bool>,
    /// Only preview api-versions carry it.
    #[serde(deserialize_with = "lenient::value")]
    pub anonymous_pull_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::value")]
    pub data_endpoint_enabled: Option<bool>,
    /// `host` or `host:port`, one per region; entries that are not strings are left out.
    #[serde(deserialize_with = "lenient::strings")]
    pub data_endpoint_host_names: Option<Vec<String>>,
    /// `Enabled` or `Disabled`.
    #[serde(deserialize_with = "lenient::value")]
    pub public_network_access: Option<String>,
    /// `AzureServices` or `None`.
    #[serde(deserialize_with = "lenient::value")]
    pub network_rule_bypass_options: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub network_rule_set: Option<NetworkRuleSet>,
    #[serde(deserialize_with = "lenient::objects")]
    pub private_endpoint_connections: Option<Vec<PrivateEndpointConnection>>,
    #[serde(deserialize_with = "lenient::object")]
    pub encryption: Option<Encryption>,
    #[serde(deserialize_with = "lenient::object")]
    pub policies: Option<Policies>,
    /// `Enabled` or `Disabled`.
    #[serde(deserialize_with = "lenient::value")]
    pub zone_redundancy: Option<String>,
    /// `Unsecure` (the login server is `<name>.azurecr.io`), or the scope of
    /// a domain name label (`TenantReuse`, `SubscriptionReuse`,
    /// `ResourceGroupReuse`, `NoReuse`: the login server is
    /// `<name>-<hash>.azurecr.io`). Recorded from `2024-11-01-preview` on.
    #[serde(deserialize_with = "lenient::value")]
    pub auto_generated_domain_name_label_scope: Option<String>,
    /// `Enabled` or `Disabled`. Recorded from `2026-03-01-preview` on.
    #[serde(deserialize_with = "lenient::value")]
    pub regional_endpoints: Option<String>,
    /// `<name>.<region>.geo.azurecr.io` (or `host:port`), one per region;
    /// entries that are not strings are left out. From `2026-03-01-preview`.
    #[serde(deserialize_with = "lenient::strings")]
    pub regional_endpoint_host_names: Option<Vec<String>>,
    /// `IPv4` or `IPv4AndIPv6`. Recorded from `2026-03-01-preview` on
    /// (`IPv4AndIPv6` at `2026-09-01-preview`).
    #[serde(deserialize_with = "lenient::value")]
    pub endpoint_protocol: Option<String>,
}

impl RegistryProperties {
    /// The domain name label scope, when there is one (not `Unsecure`).
    pub fn domain_name_label(&self) -> Option<&str> {
        self.auto_generated_domain_name_label_scope
            .as_deref()
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("Unsecure"))
    }

    /// `regionalEndpoints: Enabled`.
    pub fn regional_endpoints_enabled(&self) -> bool {
        self.regional_endpoints
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("Enabled"))
    }

    /// `endpointProtocol: IPv4AndIPv6`.
    pub fn dual_stack(&self) -> bool {
        self.endpoint_protocol
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("IPv4AndIPv6"))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NetworkRuleSet {
    /// `Allow` or `Deny`.
    #[serde(deserialize_with = "lenient::value")]
    pub default_action: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub ip_rules: Option<Vec<IpRule>>,
}

/// One `ipRules` entry as ARM gives it (an entry that is not an object reads
/// as one with neither field).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IpRule {
    /// An IPv4 address or CIDR range.
    #[serde(deserialize_with = "lenient::value")]
    pub value: Option<String>,
    /// `Allow`, the only action ACR has.
    #[serde(deserialize_with = "lenient::value")]
    pub action: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrivateEndpointConnection {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: PrivateEndpointConnectionProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrivateEndpointConnectionProperties {
    #[serde(deserialize_with = "lenient::object")]
    pub private_endpoint: Option<ResourceRef>,
    #[serde(deserialize_with = "lenient::object")]
    pub private_link_service_connection_state: Option<ConnectionState>,
    #[serde(deserialize_with = "lenient::value")]
    pub provisioning_state: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConnectionState {
    /// `Approved`, `Pending`, `Rejected`, `Disconnected`.
    #[serde(deserialize_with = "lenient::value")]
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub description: Option<String>,
}

/// `{"id": …}`: a reference to another resource.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceRef {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Encryption {
    /// `enabled` with a customer-managed key.
    #[serde(deserialize_with = "lenient::value")]
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub key_vault_properties: Option<KeyVaultProperties>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct KeyVaultProperties {
    #[serde(deserialize_with = "lenient::value")]
    pub key_identifier: Option<String>,
    /// The client ID of the user-assigned identity that reaches the key
    /// vault, or `system`.
    #[serde(deserialize_with = "lenient::value")]
    pub identity: Option<String>,
}

/// The policies the checks read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Policies {
    #[serde(deserialize_with = "lenient::object")]
    pub quarantine_policy: Option<Policy>,
    #[serde(deserialize_with = "lenient::object")]
    pub trust_policy: Option<Policy>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Policy {
    /// `enabled` or `disabled`.
    #[serde(deserialize_with = "lenient::value")]
    pub status: Option<String>,
}

/// `Microsoft.ContainerRegistry/registries/replications`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Replication {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub location: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: ReplicationProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReplicationProperties {
    #[serde(deserialize_with = "lenient::value")]
    pub provisioning_state: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub status: Option<ReplicationStatus>,
    /// Absent means enabled (ARM's default).
    #[serde(deserialize_with = "lenient::value")]
    pub region_endpoint_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::value")]
    pub zone_redundancy: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReplicationStatus {
    /// `Ready`, `Syncing`, …
    #[serde(deserialize_with = "lenient::value")]
    pub display_status: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub timestamp: Option<String>,
}

/// `Microsoft.ManagedIdentity/userAssignedIdentities`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ManagedIdentity {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: ManagedIdentityProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ManagedIdentityProperties {
    #[serde(deserialize_with = "lenient::value")]
    pub tenant_id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub principal_id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub client_id: Option<String>,
}

/// `Microsoft.Network/privateEndpoints`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrivateEndpoint {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: PrivateEndpointProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrivateEndpointProperties {
    #[serde(deserialize_with = "lenient::object")]
    pub subnet: Option<ResourceRef>,
    #[serde(deserialize_with = "lenient::objects")]
    pub network_interfaces: Option<Vec<ResourceRef>>,
    #[serde(deserialize_with = "lenient::value")]
    pub provisioning_state: Option<String>,
}

/// `Microsoft.Network/networkInterfaces` (a private endpoint's).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NetworkInterface {
    #[serde(deserialize_with = "lenient::value")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: NetworkInterfaceProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NetworkInterfaceProperties {
    #[serde(deserialize_with = "lenient::objects")]
    pub ip_configurations: Option<Vec<IpConfiguration>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IpConfiguration {
    #[serde(deserialize_with = "lenient::value")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::object_or_default")]
    pub properties: IpConfigurationProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IpConfigurationProperties {
    #[serde(rename = "privateIPAddress", deserialize_with = "lenient::value")]
    pub private_ip_address: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub private_link_connection_properties: Option<PrivateLinkConnectionProperties>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrivateLinkConnectionProperties {
    /// `registry`.
    #[serde(deserialize_with = "lenient::value")]
    pub group_id: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub required_member_name: Option<String>,
    /// The names this IP configuration serves; entries that are not strings are left out.
    #[serde(deserialize_with = "lenient::strings")]
    pub fqdns: Option<Vec<String>>,
}

/// One page of an ARM list (`value`, and `nextLink` when there is more).
#[derive(Clone, Debug, Deserialize)]
#[serde(
    default,
    rename_all = "camelCase",
    bound(deserialize = "T: DeserializeOwned + Default")
)]
pub struct Page<T> {
    /// Entries that are not objects read as empty ones (they still count).
    #[serde(deserialize_with = "lenient::objects")]
    pub value: Option<Vec<T>>,
    #[serde(deserialize_with = "lenient::value")]
    pub next_link: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: None,
            next_link: None,
        }
    }
}

/// ARM's error answer: `{"error": {"code": …, "message": …}}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(deserialize_with = "lenient::object")]
    pub error: Option<ErrorDetail>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorDetail {
    #[serde(deserialize_with = "lenient::value")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::value")]
    pub message: Option<String>,
}

/// Field readers that never fail: what is not of the expected shape reads
/// as absent. Each reads the field into a `serde_json::Value` first (only
/// as a buffer, never indexed) so that a mismatch is caught here and not by
/// the enclosing struct. Struct types are read only from JSON objects:
/// serde would otherwise fill a struct from an array by position.
mod lenient {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde::de::{DeserializeOwned, Deserializer};
    use serde_json::Value;

    pub(super) fn from_object<T: DeserializeOwned>(v: Value) -> Option<T> {
        match v {
            Value::Object(_) => T::deserialize(v).ok(),
            _ => None,
        }
    }

    /// A scalar: the value when it has the expected type, else `None` (null included).
    pub fn value<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        Ok(T::deserialize(Value::deserialize(d)?).ok())
    }

    /// A struct, from an object only.
    pub fn object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        Ok(from_object(Value::deserialize(d)?))
    }

    /// A struct that is read as empty when it is absent or not an object.
    pub fn object_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned + Default,
    {
        Ok(object(d)?.unwrap_or_default())
    }

    /// A list of structs: an entry that is not an object reads as an empty
    /// one, so lists keep their length.
    pub fn objects<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned + Default,
    {
        Ok(match Value::deserialize(d)? {
            Value::Array(items) => Some(
                items
                    .into_iter()
                    .map(|v| from_object(v).unwrap_or_default())
                    .collect(),
            ),
            _ => None,
        })
    }

    /// A map of structs by key, read as `objects` reads a list.
    pub fn object_map<'de, D, T>(d: D) -> Result<Option<BTreeMap<String, T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned + Default,
    {
        Ok(match Value::deserialize(d)? {
            Value::Object(map) => Some(
                map.into_iter()
                    .map(|(k, v)| (k, from_object(v).unwrap_or_default()))
                    .collect(),
            ),
            _ => None,
        })
    }

    /// A list of strings; entries that are not strings are left out.
    pub fn strings<'de, D>(d: D) -> Result<Option<Vec<String>>, D::Error>
    where
        D: Deserializer<'de>,
    {
        Ok(match Value::deserialize(d)? {
            Value::Array(items) => Some(
                items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Premium registry as ARM answers `2023-11-01-preview`, with every
    /// feature the checks read in use.
    const PREMIUM: &str = r#"{
      "id": "/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.ContainerRegistry/registries/contoso",
      "name": "contoso",
      "type": "Microsoft.ContainerRegistry/registries",
      "location": "westeurope",
      "tags": {"env": "prod"},
      "sku": {"name": "Premium", "tier": "Premium"},
      "identity": {
        "type": "SystemAssigned, UserAssigned",
        "principalId": "11111111-aaaa-bbbb-cccc-000000000001",
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "userAssignedIdentities": {
          "/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-cmk": {
            "principalId": "22222222-aaaa-bbbb-cccc-000000000002",
            "clientId": "33333333-aaaa-bbbb-cccc-000000000003"
          }
        }
      },
      "systemData": {"createdBy": "dev@contoso.com", "createdByType": "User", "createdAt": "2024-03-01T10:00:00Z"},
      "properties": {
        "loginServer": "contoso.azurecr.io",
        "creationDate": "2024-03-01T10:00:00.1234567Z",
        "provisioningState": "Succeeded",
        "status": null,
        "adminUserEnabled": false,
        "anonymousPullEnabled": false,
        "dataEndpointEnabled": true,
        "dataEndpointHostNames": ["contoso.westeurope.data.azurecr.io", "contoso.northeurope.data.azurecr.io"],
        "publicNetworkAccess": "Enabled",
        "networkRuleBypassOptions": "AzureServices",
        "networkRuleBypassAllowedForTasks": false,
        "zoneRedundancy": "Enabled",
        "networkRuleSet": {
          "defaultAction": "Deny",
          "virtualNetworkRules": [],
          "ipRules": [
            {"action": "Allow", "value": "203.0.113.0/24"},
            {"action": "Allow", "value": "198.51.100.7"}
          ]
        },
        "privateEndpointConnections": [{
          "id": "/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.ContainerRegistry/registries/contoso/privateEndpointConnections/contoso.pe-1",
          "name": "contoso.pe-1",
          "type": "Microsoft.ContainerRegistry/registries/privateEndpointConnections",
          "properties": {
            "privateEndpoint": {"id": "/subscriptions/0000-1111/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-1"},
            "privateLinkServiceConnectionState": {"status": "Approved", "description": "Auto-Approved", "actionsRequired": "None"},
            "provisioningState": "Succeeded"
          }
        }],
        "encryption": {
          "status": "enabled",
          "keyVaultProperties": {
            "keyIdentifier": "https://contoso-kv.vault.azure.net/keys/acr",
            "versionedKeyIdentifier": "https://contoso-kv.vault.azure.net/keys/acr/0123456789abcdef",
            "identity": "33333333-aaaa-bbbb-cccc-000000000003",
            "keyRotationEnabled": true,
            "lastKeyRotationTimestamp": "2024-03-02T00:00:00Z"
          }
        },
        "policies": {
          "quarantinePolicy": {"status": "disabled"},
          "trustPolicy": {"type": "Notary", "status": "enabled"},
          "retentionPolicy": {"days": 7, "lastUpdatedTime": "2024-03-01T10:00:00Z", "status": "disabled"},
          "exportPolicy": {"status": "enabled"},
          "azureADAuthenticationAsArmPolicy": {"status": "enabled"},
          "softDeletePolicy": {"retentionDays": 7, "status": "disabled"}
        }
      }
    }"#;

    #[test]
    fn a_full_premium_registry() {
        let r: Registry = parse(PREMIUM.as_bytes());
        assert_eq!(r.name.as_deref(), Some("contoso"));
        assert_eq!(r.location.as_deref(), Some("westeurope"));
        assert!(r.id.as_deref().unwrap().ends_with("/registries/contoso"));
        let sku = r.sku.as_ref().unwrap();
        assert_eq!(
            (sku.name.as_deref(), sku.tier.as_deref()),
            (Some("Premium"), Some("Premium"))
        );

        let identity = r.identity.as_ref().unwrap();
        assert_eq!(
            identity.kind.as_deref(),
            Some("SystemAssigned, UserAssigned")
        );
        assert_eq!(
            identity.principal_id.as_deref(),
            Some("11111111-aaaa-bbbb-cccc-000000000001")
        );
        assert!(identity.tenant_id.is_some());
        let users = identity.user_assigned_identities.as_ref().unwrap();
        let (key, user) = users.iter().next().unwrap();
        assert!(key.ends_with("/userAssignedIdentities/contoso-cmk"));
        assert_eq!(
            user.client_id.as_deref(),
            Some("33333333-aaaa-bbbb-cccc-000000000003")
        );
        assert!(user.principal_id.is_some());

        let p = &r.properties;
        assert_eq!(p.login_server.as_deref(), Some("contoso.azurecr.io"));
        assert_eq!(p.provisioning_state.as_deref(), Some("Succeeded"));
        assert!(p.creation_date.is_some());
        assert_eq!(p.admin_user_enabled, Some(false));
        assert_eq!(p.anonymous_pull_enabled, Some(false));
        assert_eq!(p.data_endpoint_enabled, Some(true));
        assert_eq!(
            p.data_endpoint_host_names.as_deref().unwrap(),
            [
                "contoso.westeurope.data.azurecr.io",
                "contoso.northeurope.data.azurecr.io"
            ]
        );
        assert_eq!(p.public_network_access.as_deref(), Some("Enabled"));
        assert_eq!(
            p.network_rule_bypass_options.as_deref(),
            Some("AzureServices")
        );
        assert_eq!(p.zone_redundancy.as_deref(), Some("Enabled"));

        let rules = p.network_rule_set.as_ref().unwrap();
        assert_eq!(rules.default_action.as_deref(), Some("Deny"));
        let ip_rules = rules.ip_rules.as_deref().unwrap();
        assert_eq!(ip_rules.len(), 2);
        assert_eq!(ip_rules[0].value.as_deref(), Some("203.0.113.0/24"));
        assert_eq!(ip_rules[1].action.as_deref(), Some("Allow"));

        let pecs = p.private_endpoint_connections.as_deref().unwrap();
        assert_eq!(pecs.len(), 1);
        assert_eq!(pecs[0].name.as_deref(), Some("contoso.pe-1"));
        let pec = &pecs[0].properties;
        assert!(
            pec.private_endpoint
                .as_ref()
                .and_then(|e| e.id.as_deref())
                .unwrap()
                .ends_with("/privateEndpoints/pe-1")
        );
        let state = pec.private_link_service_connection_state.as_ref().unwrap();
        assert_eq!(state.status.as_deref(), Some("Approved"));
        assert_eq!(pec.provisioning_state.as_deref(), Some("Succeeded"));

        let enc = p.encryption.as_ref().unwrap();
        assert_eq!(enc.status.as_deref(), Some("enabled"));
        let kv = enc.key_vault_properties.as_ref().unwrap();
        assert_eq!(
            kv.identity.as_deref(),
            Some("33333333-aaaa-bbbb-cccc-000000000003")
        );
        assert_eq!(
            kv.key_identifier.as_deref(),
            Some("https://contoso-kv.vault.azure.net/keys/acr")
        );

        let policies = p.policies.as_ref().unwrap();
        let status = |p: &Option<Policy>| p.as_ref().and_then(|p| p.status.clone());
        assert_eq!(
            status(&policies.quarantine_policy).as_deref(),
            Some("disabled")
        );
        assert_eq!(status(&policies.trust_policy).as_deref(), Some("enabled"));
    }

    /// A registry object Azure really sent (crates/acr-sim/recordings/README.md).
    fn recorded(file: &str) -> Registry {
        let path = format!(
            "{}/crates/acr-sim/recordings/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        parse(&std::fs::read(&path).unwrap())
    }

    #[test]
    fn recorded_registries_of_today() {
        let dnl = recorded("registry-dnl-tenant-reuse.json");
        let p = &dnl.properties;
        assert_eq!(
            p.login_server.as_deref(),
            Some("clireg000002-exfrbuffaye7ceag.azurecr.io")
        );
        assert_eq!(p.domain_name_label(), Some("TenantReuse"));
        assert!(!p.regional_endpoints_enabled() && !p.dual_stack());

        let regional = recorded("registry-regional-endpoints.json");
        let p = &regional.properties;
        assert_eq!(p.domain_name_label(), None, "Unsecure is no label");
        assert!(p.regional_endpoints_enabled());
        assert_eq!(
            p.regional_endpoint_host_names.as_deref().unwrap(),
            ["clitestre000002.westus.geo.azurecr.io"]
        );
        assert_eq!(p.endpoint_protocol.as_deref(), Some("IPv4"));
        assert!(!p.dual_stack());

        let dual = recorded("registry-dual-stack.json");
        let p = &dual.properties;
        assert!(p.dual_stack());
        assert!(!p.regional_endpoints_enabled());
        assert_eq!(p.regional_endpoint_host_names.as_deref(), Some(&[][..]));
        assert_eq!(
            p.data_endpoint_host_names.as_deref().unwrap(),
            ["testreg000002.eastus.data.azurecr.io"]
        );

        let closed = recorded("registry-public-access-disabled.json");
        assert_eq!(
            closed.properties.public_network_access.as_deref(),
            Some("Disabled")
        );

        // 2021: none of the newer properties, and the identity type in Azure's own case.
        let cmk = recorded("registry-cmk-user-assigned.json");
        let p = &cmk.properties;
        assert!(p.auto_generated_domain_name_label_scope.is_none());
        assert!(p.regional_endpoints.is_none() && p.endpoint_protocol.is_none());
        let identity = cmk.identity.as_ref().unwrap();
        assert_eq!(identity.kind.as_deref(), Some("userAssigned"));
        assert_eq!(
            identity.assigned(),
            Assigned {
                system: false,
                user: true
            }
        );
        let (id, user) = identity
            .user_assigned_identities
            .as_ref()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        assert!(id.contains("/resourcegroups/"));
        assert_eq!(
            user.client_id.as_deref(),
            p.encryption
                .as_ref()
                .unwrap()
                .key_vault_properties
                .as_ref()
                .unwrap()
                .identity
                .as_deref()
        );
        let identity: ManagedIdentity = parse(
            &std::fs::read(format!(
                "{}/crates/acr-sim/recordings/identity-cmk.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        );
        assert_eq!(
            identity.properties.client_id.as_deref(),
            Some("33b5bfe1-ff99-42ec-a264-a19d6bf8e4f7")
        );
    }

    #[test]
    fn identity_types_in_any_case_and_spacing() {
        let kinds = |t: &str| {
            Identity {
                kind: Some(t.into()),
                ..Identity::default()
            }
            .assigned()
        };
        let both = Assigned {
            system: true,
            user: true,
        };
        assert_eq!(kinds("SystemAssigned, UserAssigned"), both);
        assert_eq!(kinds("systemAssigned,userAssigned"), both);
        assert_eq!(kinds("SYSTEMASSIGNED,  USERASSIGNED"), both);
        assert_eq!(
            kinds("UserAssigned"),
            Assigned {
                system: false,
                user: true
            }
        );
        assert_eq!(kinds("None"), Assigned::default());
        assert_eq!(Identity::default().assigned(), Assigned::default());
    }

    #[test]
    fn a_minimal_basic_registry() {
        // As an older api-version answers for a Basic registry: most
        // properties are not there at all.
        let r: Registry = parse(
            br#"{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/tiny",
                 "name": "tiny", "location": "eastus", "sku": {"name": "Basic"},
                 "properties": {"loginServer": "tiny.azurecr.io", "adminUserEnabled": true}}"#,
        );
        assert_eq!(r.sku.as_ref().unwrap().name.as_deref(), Some("Basic"));
        assert!(r.sku.as_ref().unwrap().tier.is_none());
        assert!(r.identity.is_none());
        let p = &r.properties;
        assert_eq!(p.login_server.as_deref(), Some("tiny.azurecr.io"));
        assert_eq!(p.admin_user_enabled, Some(true));
        assert!(p.anonymous_pull_enabled.is_none());
        assert!(p.data_endpoint_enabled.is_none());
        assert!(p.data_endpoint_host_names.is_none());
        assert!(p.public_network_access.is_none());
        assert!(p.network_rule_set.is_none());
        assert!(p.private_endpoint_connections.is_none());
        assert!(p.encryption.is_none());
        assert!(p.policies.is_none());
        assert!(p.zone_redundancy.is_none());
    }

    #[test]
    fn nulls_read_as_absent() {
        let r: Registry = parse(
            br#"{"id": null, "name": "n", "location": null, "sku": null, "identity": null,
                 "properties": {"loginServer": "n.azurecr.io", "adminUserEnabled": null,
                   "dataEndpointHostNames": null, "networkRuleSet": {"defaultAction": null, "ipRules": null},
                   "privateEndpointConnections": null,
                   "encryption": {"status": "disabled", "keyVaultProperties": null},
                   "policies": {"quarantinePolicy": null, "trustPolicy": {"status": null}}}}"#,
        );
        assert!(r.id.is_none() && r.location.is_none());
        assert!(r.sku.is_none() && r.identity.is_none());
        let p = &r.properties;
        assert_eq!(p.login_server.as_deref(), Some("n.azurecr.io"));
        assert!(p.admin_user_enabled.is_none());
        assert!(p.data_endpoint_host_names.is_none());
        let rules = p.network_rule_set.as_ref().unwrap();
        assert!(rules.default_action.is_none() && rules.ip_rules.is_none());
        assert!(p.private_endpoint_connections.is_none());
        assert!(
            p.encryption
                .as_ref()
                .unwrap()
                .key_vault_properties
                .is_none()
        );
        let policies = p.policies.as_ref().unwrap();
        assert!(policies.quarantine_policy.is_none());
        assert!(policies.trust_policy.as_ref().unwrap().status.is_none());
        // `"properties": null` is an object with nothing in it.
        let r: Registry = parse(br#"{"name": "n", "properties": null}"#);
        assert!(r.properties.login_server.is_none());
    }

    #[test]
    fn fields_azure_adds_are_ignored() {
        let r: Registry = parse(
            br#"{"name": "n", "futureTopLevel": {"deep": [1, 2]},
                 "properties": {"loginServer": "n.azurecr.io", "brandNewSetting": "On",
                   "publicNetworkAccess": "SecuredByPerimeter",
                   "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"value": "1.2.3.4", "action": "Allow", "note": "x"}]}}}"#,
        );
        assert_eq!(r.properties.login_server.as_deref(), Some("n.azurecr.io"));
        // A value Azure adds later is kept as it came.
        assert_eq!(
            r.properties.public_network_access.as_deref(),
            Some("SecuredByPerimeter")
        );
        let rules = r.properties.network_rule_set.unwrap();
        assert_eq!(rules.ip_rules.unwrap()[0].value.as_deref(), Some("1.2.3.4"));
    }

    #[test]
    fn a_value_of_another_type_reads_as_absent_and_spares_its_siblings() {
        let r: Registry = parse(
            br#"{"name": 7, "sku": "Premium", "identity": [1],
                 "properties": {"loginServer": "n.azurecr.io", "adminUserEnabled": "true",
                   "dataEndpointEnabled": true, "dataEndpointHostNames": ["a.data.azurecr.io", 7, null, "b"],
                   "networkRuleSet": ["Deny"],
                   "privateEndpointConnections": [7, {"properties": {"privateEndpoint": {"id": "pe"}}}],
                   "encryption": {"keyVaultProperties": {"identity": 5, "keyIdentifier": "k"}}}}"#,
        );
        assert!(r.name.is_none() && r.sku.is_none() && r.identity.is_none());
        let p = &r.properties;
        assert_eq!(p.login_server.as_deref(), Some("n.azurecr.io"));
        assert_eq!(p.admin_user_enabled, None);
        assert_eq!(p.data_endpoint_enabled, Some(true));
        assert_eq!(
            p.data_endpoint_host_names.as_deref().unwrap(),
            ["a.data.azurecr.io", "b"]
        );
        // An array is never read into a struct by position.
        assert!(p.network_rule_set.is_none());
        // An entry that is not an object still counts, as an empty one.
        let pecs = p.private_endpoint_connections.as_deref().unwrap();
        assert_eq!(pecs.len(), 2);
        assert!(pecs[0].properties.private_endpoint.is_none());
        let kv = p
            .encryption
            .as_ref()
            .unwrap()
            .key_vault_properties
            .as_ref()
            .unwrap();
        assert_eq!(
            (kv.identity.as_deref(), kv.key_identifier.as_deref()),
            (None, Some("k"))
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_reads_as_empty() {
        for body in [
            &b""[..],
            b"<html>proxy says no</html>",
            b"null",
            b"[{\"name\": \"r\"}]",
            b"\"r\"",
            b"{\"name\": \"r\", \"properties\": {\"loginServer\": ",
        ] {
            let r: Registry = parse(body);
            assert!(
                r.name.is_none() && r.properties.login_server.is_none(),
                "{body:?}"
            );
            let page: Page<Registry> = parse(body);
            assert!(page.value.is_none() && page.next_link.is_none());
        }
    }

    #[test]
    fn list_pages_replications_and_errors() {
        let page: Page<Registry> = parse(
            br#"{"value": [{"name": "a"}, 3, {"name": "B", "properties": {"loginServer": "b.azurecr.io"}}],
                 "nextLink": "https://management.azure.com/subscriptions/s/providers/Microsoft.ContainerRegistry/registries?api-version=2023-07-01&$skipToken=x"}"#,
        );
        let value = page.value.unwrap();
        assert_eq!(value.len(), 3);
        assert!(value[1].name.is_none());
        assert_eq!(
            value[2].properties.login_server.as_deref(),
            Some("b.azurecr.io")
        );
        assert!(page.next_link.unwrap().contains("$skipToken=x"));

        let page: Page<Replication> = parse(
            br#"{"value": [{"id": "x/replications/westus", "name": "westus", "location": "westus",
                  "properties": {"provisioningState": "Succeeded", "regionEndpointEnabled": false,
                    "zoneRedundancy": "Disabled",
                    "status": {"displayStatus": "Syncing", "message": "Syncing content", "timestamp": "2024-03-01T10:00:00Z"}}}]}"#,
        );
        let replica = &page.value.unwrap()[0];
        assert_eq!(replica.location.as_deref(), Some("westus"));
        assert_eq!(replica.properties.region_endpoint_enabled, Some(false));
        let status = replica.properties.status.as_ref().unwrap();
        assert_eq!(status.display_status.as_deref(), Some("Syncing"));
        assert_eq!(status.message.as_deref(), Some("Syncing content"));

        let err: ErrorBody = parse(
            br#"{"error": {"code": "AuthorizationFailed", "message": "no access", "details": []}}"#,
        );
        let err = err.error.unwrap();
        assert_eq!(err.code.as_deref(), Some("AuthorizationFailed"));
        assert_eq!(err.message.as_deref(), Some("no access"));
        assert!(parse::<ErrorBody>(br#"{"error": "boom"}"#).error.is_none());
    }

    #[test]
    fn private_endpoints_interfaces_and_identities() {
        let pe: PrivateEndpoint = parse(
            br#"{"id": "/x/privateEndpoints/pe-1", "name": "pe-1", "type": "Microsoft.Network/privateEndpoints",
                 "properties": {"provisioningState": "Succeeded",
                   "subnet": {"id": "/x/virtualNetworks/vnet/subnets/default"},
                   "networkInterfaces": [{"id": "/x/networkInterfaces/pe-1.nic"}],
                   "customDnsConfigs": [{"fqdn": "contoso.azurecr.io", "ipAddresses": ["10.0.0.4"]}]}}"#,
        );
        assert_eq!(
            pe.properties.subnet.unwrap().id.as_deref(),
            Some("/x/virtualNetworks/vnet/subnets/default")
        );
        assert_eq!(
            pe.properties.network_interfaces.unwrap()[0].id.as_deref(),
            Some("/x/networkInterfaces/pe-1.nic")
        );

        let nic: NetworkInterface = parse(
            br#"{"properties": {"ipConfigurations": [
                 {"name": "registry", "properties": {"privateIPAddress": "10.0.0.4",
                   "privateLinkConnectionProperties": {"groupId": "registry", "requiredMemberName": "registry",
                     "fqdns": ["contoso.azurecr.io"]}}},
                 {"name": "data", "properties": {"privateIPAddress": "10.0.0.5",
                   "privateLinkConnectionProperties": {"fqdns": ["contoso.westeurope.data.azurecr.io"]}}}]}}"#,
        );
        let configs = nic.properties.ip_configurations.unwrap();
        assert_eq!(
            configs[0].properties.private_ip_address.as_deref(),
            Some("10.0.0.4")
        );
        let link = configs[0]
            .properties
            .private_link_connection_properties
            .as_ref()
            .unwrap();
        assert_eq!(link.group_id.as_deref(), Some("registry"));
        assert_eq!(link.fqdns.as_deref().unwrap(), ["contoso.azurecr.io"]);

        let id: ManagedIdentity = parse(
            br#"{"id": "/x/userAssignedIdentities/cmk", "name": "cmk",
                 "properties": {"tenantId": "t", "principalId": "p", "clientId": "c"}}"#,
        );
        assert_eq!(id.properties.client_id.as_deref(), Some("c"));
        assert_eq!(id.properties.principal_id.as_deref(), Some("p"));
    }
}
