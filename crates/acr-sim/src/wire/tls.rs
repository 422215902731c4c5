//! Certificates made at start-up: a trusted CA with its server certificates, plus the broken
//! ones the certificate scenarios present.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, date_time_ymd,
};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::wire::error::SimError;

/// A server certificate chain and its key, ready for rustls.
#[derive(Clone)]
pub(crate) struct ServerCert {
    chain: Vec<CertificateDer<'static>>,
    key_der: Vec<u8>,
}

impl ServerCert {
    pub(crate) fn server_config(&self) -> Result<Arc<ServerConfig>, SimError> {
        // ring named here, not the process default: the simulator runs inside acr-health's
        // demo, its own binary and test processes, and must not depend on which of them
        // installed a provider first (or whether any did).
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone()));
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| SimError::new(format!("TLS versions: {e}")))?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), key)
            .map_err(|e| SimError::new(format!("TLS certificate: {e}")))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// Everything the listeners need; made once per simulator.
pub(crate) struct Pki {
    pub ca_pem: String,
    pub untrusted_ca_pem: String,
    /// Registry, every data endpoint, `*.azurecr.io`, localhost, loopback IPs; signed by the trusted CA.
    pub server: ServerCert,
    /// Same names, signed by the untrusted CA.
    pub untrusted: ServerCert,
    /// Trusted CA, but only for `wrong.example.test`.
    pub wrong_host: ServerCert,
    /// Trusted CA, right names, validity ended in the past.
    pub expired: ServerCert,
    /// Trusted CA, right names, valid for `EXPIRING_IN_DAYS` more days.
    pub expiring: ServerCert,
    /// Trusted CA, for the foreign host (the token realm's name, and
    /// 127.0.0.1 for a URL that names it by address).
    pub other_realm: ServerCert,
    /// Signed by an untrusted CA; issuer, subject and a name carry terminal
    /// escapes and CR LF (the `hostile-cert` scenario).
    pub hostile: ServerCert,
}

/// Put into the `hostile-cert` certificate's names (CI log commands after
/// the forged line).
const HOSTILE_NAME: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}\r\nAn error occurred: FORGED_ERROR ##vso[task.setvariable variable=PWNED]1 ##[error]FORGED_COMMAND";

pub(crate) const WRONG_HOST: &str = "wrong.example.test";
/// How many days the `cert-expiring` login server's certificate has left.
pub const EXPIRING_IN_DAYS: u64 = 10;
pub(crate) const OTHER_REALM_HOST: &str = "evil.example.test";

fn err(e: rcgen::Error) -> SimError {
    SimError::new(format!("certificate generation: {e}"))
}

fn make_ca(common_name: &str) -> Result<CertifiedIssuer<'static, KeyPair>, SimError> {
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params
        .distinguished_name
        .push(DnType::OrganizationName, "acr-sim");
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().map_err(err)?;
    CertifiedIssuer::self_signed(params, key).map_err(err)
}

/// When a leaf certificate stops being valid.
#[derive(Clone, Copy)]
enum Ends {
    /// rcgen's default, far in the future.
    Far,
    /// On 2021-01-01 (valid from 2020-01-01): expired.
    Past,
    /// This many days from now (on that day's midnight, UTC).
    InDays(u64),
}

/// The UTC calendar date `days` days from now (proleptic Gregorian).
fn date_in(days: u64) -> (i32, u8, u8) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (now / 86_400 + days) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

fn make_leaf(
    names: &[String],
    ca: &CertifiedIssuer<'static, KeyPair>,
    ends: Ends,
) -> Result<ServerCert, SimError> {
    let mut params = CertificateParams::new(names.to_vec()).map_err(err)?;
    if let Some(first) = names.first() {
        params.distinguished_name.push(DnType::CommonName, first);
    }
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    match ends {
        Ends::Far => {}
        Ends::Past => {
            params.not_before = date_time_ymd(2020, 1, 1);
            params.not_after = date_time_ymd(2021, 1, 1);
        }
        Ends::InDays(days) => {
            let (y, m, d) = date_in(days);
            params.not_after = date_time_ymd(y, m, d);
        }
    }
    let key = KeyPair::generate().map_err(err)?;
    let cert = params.signed_by(&key, ca).map_err(err)?;
    Ok(ServerCert {
        chain: vec![cert.der().clone(), ca.der().clone()],
        key_der: key.serialize_der(),
    })
}

impl Pki {
    /// `storage_hosts`: every data endpoint name (one per region); a wildcard
    /// `*.azurecr.io` covers one label only, so each is named.
    pub(crate) fn generate(registry_host: &str, storage_hosts: &[&str]) -> Result<Pki, SimError> {
        let ca = make_ca("acr-sim test CA")?;
        let untrusted_ca = make_ca("acr-sim untrusted CA")?;
        let names: Vec<String> = [registry_host]
            .iter()
            .chain(storage_hosts)
            .chain(&["*.azurecr.io", "localhost", "127.0.0.1", "::1"])
            .map(|s| s.to_string())
            .collect();
        Ok(Pki {
            ca_pem: ca.pem(),
            untrusted_ca_pem: untrusted_ca.pem(),
            server: make_leaf(&names, &ca, Ends::Far)?,
            untrusted: make_leaf(&names, &untrusted_ca, Ends::Far)?,
            wrong_host: make_leaf(&[WRONG_HOST.to_string()], &ca, Ends::Far)?,
            expired: make_leaf(&names, &ca, Ends::Past)?,
            expiring: make_leaf(&names, &ca, Ends::InDays(EXPIRING_IN_DAYS))?,
            other_realm: make_leaf(
                &[OTHER_REALM_HOST.to_string(), "127.0.0.1".into()],
                &ca,
                Ends::Far,
            )?,
            hostile: make_leaf(
                &[
                    format!("evil{HOSTILE_NAME}.example.test"),
                    registry_host.to_string(),
                    "127.0.0.1".into(),
                ],
                &make_ca(&format!("CA {HOSTILE_NAME}"))?,
                Ends::Far,
            )?,
        })
    }
}
