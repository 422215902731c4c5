//! Registry settings, from its ARM object: the SKU against the Premium-only
//! features in use, the admin user when `-u <registry name>` signs in with it,
//! the quarantine and content-trust policies, and anonymous pull (a field
//! only preview api-versions carry, so it is read with one, or reported
//! unknown). Every line is one of our extra facts.

use std::sync::Arc;

use crate::azure::arm::RegistryId;
use crate::azure::resource::{Policy, Registry};
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize::shown;
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::sys::error::sentence;

pub struct RegistrySettingsProbe(pub Arc<RegistryContext>);

/// `status: enabled` of a policy; `None` when the object does not say.
fn policy_enabled(policy: Option<&Policy>) -> Option<bool> {
    policy
        .and_then(|p| p.status.as_deref())
        .map(|s| s.eq_ignore_ascii_case("enabled"))
}

fn on_off(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "enabled",
        Some(false) => "disabled",
        None => "unknown",
    }
}

/// The SKU's name (`Basic`, `Standard`, `Premium`), made printable.
pub fn sku(registry: &Registry) -> Option<String> {
    registry
        .sku
        .as_ref()
        .and_then(|s| s.name.as_deref())
        .map(|s| shown(s, 30))
}

/// The Premium-only features the object shows in use.
fn premium_features(registry: &Registry) -> Vec<&'static str> {
    let props = &registry.properties;
    let mut out = Vec::new();
    if props
        .private_endpoint_connections
        .as_ref()
        .is_some_and(|a| !a.is_empty())
    {
        out.push("private endpoints");
    }
    if props.data_endpoint_enabled == Some(true) {
        out.push("dedicated data endpoints");
    }
    if props
        .network_rule_set
        .as_ref()
        .and_then(|r| r.ip_rules.as_ref())
        .is_some_and(|a| !a.is_empty())
    {
        out.push("IP rules");
    }
    out
}

/// What the settings say, before anonymous pull is known.
fn settings_findings(
    registry: &Registry,
    admin_login: bool,
    content_trust: bool,
    anonymous: &Result<bool, String>,
) -> Vec<Finding> {
    let props = &registry.properties;
    let sku = sku(registry);
    let admin = props.admin_user_enabled;
    let policies = props.policies.as_ref();
    let quarantine = policy_enabled(policies.and_then(|p| p.quarantine_policy.as_ref()));
    let trust = policy_enabled(policies.and_then(|p| p.trust_policy.as_ref()));
    let anonymous_shown = match anonymous {
        Ok(true) => "enabled".to_owned(),
        Ok(false) => "disabled".to_owned(),
        Err(why) => format!("unknown ({why})"),
    };
    let line = format!(
        "Registry settings: SKU {}, admin user {}, anonymous pull {}",
        sku.as_deref().unwrap_or("unknown"),
        on_off(admin),
        if anonymous.is_err() {
            "unknown"
        } else {
            anonymous_shown.as_str()
        }
    );
    let info = Finding::info(line)
        .detail(format!("sku: {}", sku.as_deref().unwrap_or("unknown")))
        .detail(format!("adminUserEnabled: {}", on_off(admin)))
        .detail(format!("anonymousPullEnabled: {anonymous_shown}"))
        .detail(format!("policies.quarantinePolicy: {}", on_off(quarantine)))
        .detail(format!("policies.trustPolicy: {}", on_off(trust)))
        .beyond_az();
    let mut out = vec![info];

    let premium = premium_features(registry);
    if let Some(sku) = &sku
        && !sku.eq_ignore_ascii_case("premium")
        && !premium.is_empty()
    {
        out.push(Finding::warning(format!(
            "The registry's SKU is {sku}, but it uses {}, which only the Premium SKU has",
            premium.join(", ")
        )));
    }
    if admin_login && admin == Some(false) {
        out.push(Finding::warning(
            "-u names the registry, which signs in as its admin user, and the admin user is disabled: that login will fail (enable it with 'az acr update --admin-enabled true', or sign in with Entra ID)",
        ));
    }
    if quarantine == Some(true) {
        out.push(Finding::warning(
            "Quarantine is enabled: pulls of an image fail until a scanner marks it as passed",
        ));
    }
    if content_trust {
        out.push(match trust {
            Some(true) => Finding::info(
                "DOCKER_CONTENT_TRUST=1 and the registry's content trust is enabled: only signed tags pull",
            ),
            _ => Finding::warning(
                "DOCKER_CONTENT_TRUST=1, but the registry's content trust is not enabled: docker finds no trust data and refuses to pull",
            ),
        });
    }
    out.into_iter().map(Finding::beyond_az).collect()
}

impl RegistrySettingsProbe {
    /// `anonymousPullEnabled`: from the object when it carries the field,
    /// else read with a preview api-version.
    async fn anonymous_pull(&self, registry: &Registry) -> Result<bool, String> {
        if let Some(v) = registry.properties.anonymous_pull_enabled {
            return Ok(v);
        }
        let ctx = &self.0;
        let id = registry
            .id
            .as_deref()
            .and_then(RegistryId::parse)
            .ok_or_else(|| "ARM gave no readable registry id".to_owned())?;
        let arm = ctx.arm().await.map_err(|e| ctx.scrub(&e))?;
        let preview = arm
            .registry_preview(&id)
            .await
            .map_err(|e| format!("the preview api-version: {}", ctx.scrub(&sentence(&e))))?;
        preview
            .properties
            .anonymous_pull_enabled
            .ok_or_else(|| "not in ARM's answer, even with a preview api-version".to_owned())
    }
}

impl Probe for RegistrySettingsProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let ctx = &self.0;
            // Only a registry read from ARM has settings to read.
            let Some(registry) = &resolved.arm else {
                return Vec::new().into();
            };
            let admin_login = ctx
                .credential
                .sources
                .settings
                .username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&resolved.login_server.name));
            let content_trust = ctx.settings.env.get("DOCKER_CONTENT_TRUST") == Some("1");
            let anonymous = self.anonymous_pull(registry).await;
            settings_findings(registry, admin_login, content_trust, &anonymous).into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A registry object, read as ARM's answer is.
    fn registry(v: serde_json::Value) -> Registry {
        serde_json::from_value(v).unwrap()
    }

    fn lines(f: &[Finding]) -> Vec<String> {
        f.iter().map(|f| f.line.clone()).collect()
    }

    #[test]
    fn premium_features_on_a_lower_sku() {
        let reg = registry(json!({"sku": {"name": "Standard"}, "properties": {
            "dataEndpointEnabled": true,
            "privateEndpointConnections": [{"id": "x"}],
            "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"value": "1.2.3.4"}]},
        }}));
        let out = settings_findings(&reg, false, false, &Ok(false));
        assert!(out.iter().all(|f| f.beyond_az));
        assert!(
            lines(&out).iter().any(|l| l.contains(
                "SKU is Standard, but it uses private endpoints, dedicated data endpoints, IP rules, which only"
            )),
            "{:?}",
            lines(&out)
        );
        let premium = registry(
            json!({"sku": {"name": "Premium"}, "properties": {"dataEndpointEnabled": true}}),
        );
        assert_eq!(
            settings_findings(&premium, false, false, &Ok(false)).len(),
            1
        );
    }

    #[test]
    fn admin_user_only_matters_with_its_login() {
        let reg =
            registry(json!({"sku": {"name": "Basic"}, "properties": {"adminUserEnabled": false}}));
        let warned = |admin| {
            settings_findings(&reg, admin, false, &Ok(false))
                .iter()
                .any(|f| f.line.contains("admin user is disabled"))
        };
        assert!(warned(true));
        assert!(!warned(false));
    }

    #[test]
    fn content_trust_only_with_docker_content_trust() {
        let reg = registry(
            json!({"sku": {"name": "Premium"}, "properties": {"policies": {"trustPolicy": {"status": "disabled"}}}}),
        );
        assert_eq!(settings_findings(&reg, false, false, &Ok(false)).len(), 1);
        let out = settings_findings(&reg, false, true, &Ok(false));
        assert!(lines(&out)[1].contains("refuses to pull"));
    }

    #[test]
    fn anonymous_pull_unknown_says_why() {
        let reg = registry(json!({"sku": {"name": "Premium"}, "properties": {}}));
        let out = settings_findings(&reg, false, false, &Err("no preview".into()));
        assert!(
            out[0].line.ends_with("anonymous pull unknown"),
            "{}",
            out[0].line
        );
        assert!(
            out[0]
                .details
                .contains(&"anonymousPullEnabled: unknown (no preview)".to_owned())
        );
    }
}
