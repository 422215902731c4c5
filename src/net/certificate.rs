//! What a server's certificate says, for TLS errors: the run's verifier
//! (crate::net::tls) keeps the certificate each host was rejected for, so the
//! report can name who answered (subject, issuer, names, validity) without
//! a second connection and without ever accepting an unverified one.

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// One line describing a DER certificate.
pub fn describe(der: &[u8]) -> Option<String> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let names: Vec<String> = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    GeneralName::IPAddress(b) => match b.len() {
                        4 => <[u8; 4]>::try_from(*b)
                            .ok()
                            .map(|a| std::net::Ipv4Addr::from(a).to_string()),
                        16 => <[u8; 16]>::try_from(*b)
                            .ok()
                            .map(|a| std::net::Ipv6Addr::from(a).to_string()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let validity = cert.validity();
    let mut line = format!(
        "the server presented a certificate issued by '{}' for '{}'",
        cert.issuer(),
        cert.subject()
    );
    if !names.is_empty() {
        line.push_str(&format!(" (names: {})", names.join(", ")));
    }
    line.push_str(&format!(
        ", valid {} to {}",
        validity.not_before, validity.not_after
    ));
    Some(line)
}

/// Describes the certificate `host` presented when the run's verifier
/// rejected it (None when no certificate was rejected for that host).
pub fn presented(http: &crate::net::http::HttpSettings, host: &str) -> Option<String> {
    describe(http.trust().rejected(host)?.as_ref())
}
