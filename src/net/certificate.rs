//! What a server's certificate says, for TLS errors: after a failed
//! handshake we connect once more, accepting any certificate, only to read
//! the one presented (subject, issuer, names, validity). Nothing is sent on
//! that connection but an unauthenticated `GET /v2/`.

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

/// Fetches and describes what `url`'s server presents, trusting anything.
pub async fn presented(
    url: &str,
    pin: Option<(&str, std::net::SocketAddr)>,
    timeout: std::time::Duration,
) -> Option<String> {
    // reqwest has no provider of its own; see crate::tls.
    crate::tls::install_provider();
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .tls_danger_accept_invalid_certs(true)
        .tls_info(true)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none());
    if let Some((host, addr)) = pin {
        b = b.resolve(host, addr);
    }
    let resp = b.build().ok()?.get(url).send().await.ok()?;
    let info = resp.extensions().get::<reqwest::tls::TlsInfo>()?;
    describe(info.peer_certificate()?)
}
