//! HS256 JSON Web Tokens signed with a key that lives only as long as the simulator, plus the
//! few other crypto helpers the servers share.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use ring::{digest, hmac};
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) struct Signer {
    key: hmac::Key,
}

impl Signer {
    pub(crate) fn random() -> Signer {
        let mut secret = [0u8; 32];
        // SystemRandom only fails when the OS has no randomness at all; a fixed fallback key
        // keeps the sim usable (it is a test double, not a security boundary).
        if fill_random(&mut secret).is_err() {
            secret = *b"acr-sim fallback signing key 32b";
        }
        Signer {
            key: hmac::Key::new(hmac::HMAC_SHA256, &secret),
        }
    }

    pub(crate) fn mac(&self, data: &[u8]) -> Vec<u8> {
        hmac::sign(&self.key, data).as_ref().to_vec()
    }

    pub(crate) fn mac_ok(&self, data: &[u8], tag: &[u8]) -> bool {
        hmac::verify(&self.key, data, tag).is_ok()
    }

    /// A compact JWS: `header.payload.signature`.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        let header = serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": "acr-sim"});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let sig = URL_SAFE_NO_PAD.encode(self.mac(signing_input.as_bytes()));
        format!("{signing_input}.{sig}")
    }

    /// The claims of a token this signer made, if the signature holds and `exp` is in the
    /// future. Never panics on garbage.
    pub(crate) fn verify(&self, token: &str) -> Option<Map<String, Value>> {
        let mut parts = token.trim().split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let sig = URL_SAFE_NO_PAD.decode(s).ok()?;
        if !self.mac_ok(format!("{h}.{p}").as_bytes(), &sig) {
            return None;
        }
        let payload = URL_SAFE_NO_PAD.decode(p).ok()?;
        let claims: Map<String, Value> = serde_json::from_slice(&payload).ok()?;
        let exp = claims.get("exp").and_then(Value::as_u64)?;
        if exp <= now() {
            return None;
        }
        Some(claims)
    }
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, data).as_ref())
}

/// Bytes from the OS's random source (ring's `SystemRandom` holds no state, so one per call
/// costs nothing).
pub(crate) fn fill_random(dest: &mut [u8]) -> Result<(), ring::error::Unspecified> {
    SystemRandom::new().fill(dest)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random RFC 4122 version-4 style identifier, as Entra ID puts in trace and correlation ids.
pub(crate) fn uuid() -> String {
    let mut b = [0u8; 16];
    let _ = fill_random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Decode the claims of any JWT without checking it (for tests and logging-free inspection).
pub fn decode_claims(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_round_trip_and_rejects_tampering() {
        let s = Signer::random();
        let t = s.sign(&serde_json::json!({"aud": "x", "exp": now() + 60}));
        assert_eq!(
            s.verify(&t).and_then(|c| c.get("aud").cloned()),
            Some("x".into())
        );
        let other = Signer::random();
        assert!(other.verify(&t).is_none());
        assert!(s.verify("a.b.c").is_none());
        assert!(s.verify("").is_none());
        assert!(s.verify("...").is_none());
        let expired = s.sign(&serde_json::json!({"exp": 1}));
        assert!(s.verify(&expired).is_none());
    }

    #[test]
    fn uuid_shape() {
        let u = uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
