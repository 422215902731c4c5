//! Reading a JWT's claims (no signature check: the registry and Entra ID check
//! their own tokens; we only read what they granted and for which tenant).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

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

/// `key` of a JSON object, its exact spelling first, then in any case: the
/// Docker token specification writes `access`, `type`, `name`, `actions`;
/// ACR has been seen writing `Type`, `Name`, `Actions`.
fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let object = v.as_object()?;
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The actions an ACR access token grants on `repository`, whichever case
/// its claim keys are in. An entry or action of another shape is skipped,
/// not the whole list.
pub fn granted_actions(token: &str, repository: &str) -> Vec<String> {
    let Some(claims) = claims(token) else {
        return Vec::new();
    };
    let Some(list) = field(&claims, "access").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in list {
        let text = |k| field(entry, k).and_then(Value::as_str);
        if text("type") != Some("repository") || text("name") != Some(repository) {
            continue;
        }
        let actions = field(entry, "actions").and_then(Value::as_array);
        for act in actions.into_iter().flatten().filter_map(Value::as_str) {
            if !out.iter().any(|a| a == act) {
                out.push(act.to_owned());
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
    fn reads_access_in_either_case() {
        // As ACR has been seen to write it (synthesised: no recording of an
        // ACR access token's claims was found; its 401 detail uses these keys).
        let t = token(
            r#"{"access":[{"Type":"repository","Name":"hello","Actions":["pull","metadata_read"]},{"Type":"registry","Name":"catalog","Actions":["*"]}]}"#,
        );
        assert_eq!(granted_actions(&t, "hello"), ["pull", "metadata_read"]);
        let t = token(r#"{"Access":[{"TYPE":"repository","name":"hello","actions":["push"]}]}"#);
        assert_eq!(granted_actions(&t, "hello"), ["push"]);
        // Values keep their case: `Repository` is not the type.
        let t = token(r#"{"access":[{"type":"Repository","name":"hello","actions":["pull"]}]}"#);
        assert!(granted_actions(&t, "hello").is_empty());
        // A malformed entry or action spares the others.
        let t = token(
            r#"{"access":[7,{"type":"repository","name":"hello","actions":["pull",3,null]},{"type":"repository","name":"hello","actions":"push"}]}"#,
        );
        assert_eq!(granted_actions(&t, "hello"), ["pull"]);
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
