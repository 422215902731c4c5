//! Reading a JWT's claims (no signature check: the registry and Entra ID check
//! their own tokens; we only read what they granted and for which tenant).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

pub fn claims(token: &str) -> Option<serde_json::Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The tenant of an Entra ID token (`tid`).
pub fn tenant(token: &str) -> Option<String> {
    claims(token)?.get("tid")?.as_str().map(str::to_owned)
}

/// When a token expires (`exp`), if it says.
pub fn expiry(token: &str) -> Option<std::time::SystemTime> {
    let exp = claims(token)?.get("exp")?.as_u64()?;
    std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(exp))
}

/// `expires: 2026-12-01T10:15:00Z (in 1h 15m)`, or that it has expired.
pub fn expiry_detail(token: &str) -> Option<String> {
    let at = expiry(token)?;
    let shown = humantime::format_rfc3339_seconds(at);
    let now = std::time::SystemTime::now();
    Some(match at.duration_since(now) {
        Ok(left) => format!(
            "expires: {shown} (in {})",
            humantime::format_duration(std::time::Duration::from_secs(left.as_secs() / 60 * 60))
        ),
        Err(_) => format!("expires: {shown} (already expired)"),
    })
}

#[derive(Debug, Deserialize)]
struct Access {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    actions: Vec<String>,
}

/// The actions an ACR access token grants on `repository`.
pub fn granted_actions(token: &str, repository: &str) -> Vec<String> {
    let Some(access) = claims(token).and_then(|c| c.get("access").cloned()) else {
        return Vec::new();
    };
    let list: Vec<Access> = serde_json::from_value(access).unwrap_or_default();
    let mut out = Vec::new();
    for a in list {
        if a.kind == "repository" && a.name == repository {
            for act in a.actions {
                if !out.contains(&act) {
                    out.push(act);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!("e30.{}.sig", URL_SAFE_NO_PAD.encode(payload))
    }

    #[test]
    fn reads_tenant_and_access() {
        let t = token(
            r#"{"tid":"t-1","access":[{"type":"repository","name":"hello","actions":["pull","push"]},{"type":"repository","name":"other","actions":["delete"]}]}"#,
        );
        assert_eq!(tenant(&t).as_deref(), Some("t-1"));
        assert_eq!(granted_actions(&t, "hello"), ["pull", "push"]);
        assert!(granted_actions(&t, "nope").is_empty());
        assert!(claims("not a jwt").is_none());
    }

    #[test]
    fn reads_the_expiry() {
        let t = token(r#"{"exp":1795000000}"#);
        assert_eq!(
            expiry(&t),
            Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000))
        );
        assert_eq!(
            expiry_detail(&t).unwrap(),
            "expires: 2026-11-18T11:06:40Z (already expired)"
        );
        assert!(expiry(&token("{}")).is_none());
    }
}
