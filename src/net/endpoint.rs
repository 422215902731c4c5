//! Endpoints that receive a secret or a token: the one place that decides
//! whether one may. An Entra ID authority, the ARM endpoint and a managed
//! identity endpoint reach the code that sends to them only as a
//! [`CredentialEndpoint`], and the only way to make one is [`CredentialEndpoint::new`]
//! (or [`CredentialEndpoint::managed_identity`] for the documented local
//! exception), whatever supplied the URL: a flag, a variable, az's
//! `clouds.config`, a built-in cloud. A refusal names where the URL came
//! from (docs/security.md, "Only over https").

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

/// Where an endpoint's URL came from, as a refusal names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One of the clouds acr-health knows (`AzureCloud`).
    BuiltIn(String),
    /// A command-line flag (`--arm-endpoint`).
    Flag(&'static str),
    /// An environment variable (`AZURE_AUTHORITY_HOST`).
    Variable(&'static str),
    /// A key of a file: `[MyStack] endpoint_resource_manager` in `clouds.config`.
    File { path: PathBuf, key: String },
    /// What acr-health takes when a file names none (`what`: why).
    Default(&'static str),
}

impl Origin {
    /// Typed by the user for this run (a flag or a variable): a mistake
    /// there is a usage error, before anything runs.
    pub fn typed(&self) -> bool {
        matches!(self, Origin::Flag(_) | Origin::Variable(_))
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn(cloud) => write!(f, "the built-in cloud {cloud}"),
            Origin::Flag(name) | Origin::Variable(name) => f.write_str(name),
            Origin::File { path, key } => write!(f, "{key} in {}", path.display()),
            Origin::Default(why) => f.write_str(why),
        }
    }
}

/// Why a URL may not receive credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute URL with a host.
    NotUrl,
    /// Another scheme than https (`http`, …).
    NotHttps,
    /// A user name or password inside the URL.
    UserInfo,
    /// A query or a fragment: an endpoint is a base that paths are added to.
    QueryOrFragment,
}

/// An endpoint refused: what it is, the URL as given (user info and query
/// hidden), where it came from and why. Its `Display` is the sentence a
/// finding shows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {what} '{shown}' (from {from}) is {}; credentials are sent there, so nothing was sent", self.why())]
pub struct InsecureEndpoint {
    /// `Entra ID authority`, `ARM endpoint`, `managed identity endpoint`.
    pub what: &'static str,
    /// The URL as given, with any user info and query hidden.
    pub shown: String,
    pub from: Origin,
    pub refusal: Refusal,
    /// The scheme given, when it was a URL at all (`http`).
    pub scheme: Option<String>,
}

impl InsecureEndpoint {
    /// Why, in words: `not an https:// URL (http://)`.
    pub fn why(&self) -> String {
        match (self.refusal, &self.scheme) {
            (Refusal::NotHttps, Some(s)) => format!("not an https:// URL ({s}://)"),
            (Refusal::NotHttps | Refusal::NotUrl, _) => "not an https:// URL".into(),
            (Refusal::UserInfo, _) => "an https:// URL with a user name or password in it".into(),
            (Refusal::QueryOrFragment, _) => "an https:// URL with a query or a fragment".into(),
        }
    }
}

/// What a run's configuration gives for one endpoint: usable, or refused
/// with the reason.
pub type Endpoint = Result<CredentialEndpoint, InsecureEndpoint>;

/// A URL checked to receive credentials: `https://` with a host, no user
/// info, no query or fragment (or, for a managed identity, plain http to
/// this machine). `as_str` is the URL without its trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialEndpoint {
    url: url::Url,
    base: String,
    from: Origin,
}

impl CredentialEndpoint {
    /// `raw` as the `what` endpoint, if it may receive credentials: an
    /// https:// URL with a host, and nothing that makes it more than a base.
    pub fn new(what: &'static str, raw: &str, from: Origin) -> Endpoint {
        Self::check(what, raw, from, false)
    }

    /// A managed identity endpoint: the same rules, except that plain
    /// `http://` is allowed to this machine (a loopback address or
    /// `localhost`) and to a link-local address (IMDS, 169.254.169.254),
    /// where nothing crosses a network: App Service's, Azure Arc's and
    /// Container Apps' local endpoints are http by design.
    pub fn managed_identity(raw: &str, from: Origin) -> Endpoint {
        Self::check("managed identity endpoint", raw, from, true)
    }

    fn check(what: &'static str, raw: &str, from: Origin, local_http: bool) -> Endpoint {
        let raw = raw.trim();
        let refuse = |refusal, scheme: Option<&str>| InsecureEndpoint {
            what,
            shown: crate::guard::sanitize::shown(
                &crate::net::url_secrets::hide_url_secrets(raw),
                200,
            ),
            from: from.clone(),
            refusal,
            scheme: scheme.map(str::to_owned),
        };
        let url = match url::Url::parse(raw) {
            Ok(u) if u.has_host() => u,
            Ok(u) => return Err(refuse(Refusal::NotUrl, Some(u.scheme()))),
            Err(_) => return Err(refuse(Refusal::NotUrl, None)),
        };
        let scheme_ok =
            url.scheme() == "https" || (local_http && url.scheme() == "http" && is_local(&url));
        if !scheme_ok {
            return Err(refuse(Refusal::NotHttps, Some(url.scheme())));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse(Refusal::UserInfo, Some(url.scheme())));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(refuse(Refusal::QueryOrFragment, Some(url.scheme())));
        }
        let base = url.as_str().trim_end_matches('/').to_owned();
        Ok(CredentialEndpoint { url, base, from })
    }

    /// The URL without its trailing slash: `https://login.microsoftonline.com`.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// This endpoint with `segments` appended to its path, each one
    /// percent-encoded as a single segment: a tenant read from a variable or
    /// az's files cannot add a `/`, `?` or `#` of its own, so the request
    /// stays on this endpoint's path (`authority.join(&[tenant, "oauth2",
    /// "v2.0", "token"])`).
    pub fn join(&self, segments: &[&str]) -> url::Url {
        let mut url = self.url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    pub fn from(&self) -> &Origin {
        &self.from
    }

    /// `host` or `host:port` (a port only when one was given).
    pub fn authority(&self) -> String {
        let host = self.url.host_str().unwrap_or_default().to_ascii_lowercase();
        match self.url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }

    /// Whether `url` is on this endpoint's scheme, host and port, with no
    /// user info: the only URLs a token for this endpoint may go to.
    pub fn same_origin(&self, url: &url::Url) -> bool {
        url.scheme() == self.url.scheme()
            && url.host() == self.url.host()
            && url.port_or_known_default() == self.url.port_or_known_default()
            && url.username().is_empty()
            && url.password().is_none()
    }
}

/// This machine or its link: `localhost`, a loopback address, a link-local one.
fn is_local(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => local_ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => local_ip(IpAddr::V6(ip)),
        None => false,
    }
}

fn local_ip(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.is_unicast_link_local(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag() -> Origin {
        Origin::Flag("--arm-endpoint")
    }

    #[test]
    fn https_with_a_host_is_an_endpoint() {
        let e = CredentialEndpoint::new("ARM endpoint", " https://Management.Azure.com/ ", flag())
            .unwrap();
        assert_eq!(e.as_str(), "https://management.azure.com");
        assert_eq!(e.authority(), "management.azure.com");
        let e = CredentialEndpoint::new("ARM endpoint", "https://127.0.0.1:8443/adfs/", flag())
            .unwrap();
        assert_eq!(e.as_str(), "https://127.0.0.1:8443/adfs");
        assert_eq!(e.authority(), "127.0.0.1:8443");
    }

    #[test]
    fn joined_segments_stay_on_the_endpoints_path() {
        let e = CredentialEndpoint::new("Entra ID authority", "https://login.example/", flag())
            .unwrap();
        assert_eq!(
            e.join(&["tenant-1", "oauth2", "v2.0", "token"]).as_str(),
            "https://login.example/tenant-1/oauth2/v2.0/token"
        );
        // ADFS-style authorities keep their own path.
        let e =
            CredentialEndpoint::new("Entra ID authority", "https://127.0.0.1:8443/adfs", flag())
                .unwrap();
        assert_eq!(
            e.join(&["adfs-tenant", "oauth2", "v2.0", "token"]).as_str(),
            "https://127.0.0.1:8443/adfs/adfs-tenant/oauth2/v2.0/token"
        );
        // A tenant cannot leave the path or add a query.
        let url = e.join(&["../evil?x=1#f", "oauth2"]);
        assert_eq!(url.host_str(), Some("127.0.0.1"));
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), None);
        assert_eq!(url.path(), "/adfs/..%2Fevil%3Fx=1%23f/oauth2");
        let url = e.join(&["..", "token"]);
        assert!(url.path().starts_with("/adfs/"), "{url}");
    }

    #[test]
    fn anything_else_is_refused_and_says_why_and_where_from() {
        let file = Origin::File {
            path: "/home/u/.azure/clouds.config".into(),
            key: "[MyStack] endpoint_resource_manager".into(),
        };
        let e = CredentialEndpoint::new("ARM endpoint", "http://127.0.0.1:9/", file).unwrap_err();
        assert_eq!(e.refusal, Refusal::NotHttps);
        assert_eq!(
            e.to_string(),
            "the ARM endpoint 'http://127.0.0.1:9/' (from [MyStack] endpoint_resource_manager in /home/u/.azure/clouds.config) is not an https:// URL (http://); credentials are sent there, so nothing was sent"
        );
        for (raw, refusal) in [
            ("management.azure.com", Refusal::NotUrl),
            ("https://", Refusal::NotUrl),
            ("file:///etc/passwd", Refusal::NotUrl),
            ("ftp://x.example/", Refusal::NotHttps),
            ("HTTP://x.example/", Refusal::NotHttps),
            ("https://user:pw@x.example/", Refusal::UserInfo),
            ("https://user@x.example/", Refusal::UserInfo),
            ("https://x.example/?a=b", Refusal::QueryOrFragment),
            ("https://x.example/#f", Refusal::QueryOrFragment),
        ] {
            let e = CredentialEndpoint::new("ARM endpoint", raw, flag()).unwrap_err();
            assert_eq!(e.refusal, refusal, "{raw}");
        }
        // The user info and query of a refused URL are not shown.
        let e = CredentialEndpoint::new("ARM endpoint", "http://u:s3cret@x.example/?k=v", flag())
            .unwrap_err();
        assert!(!e.to_string().contains("s3cret") && !e.to_string().contains("k=v"));
    }

    #[test]
    fn managed_identity_may_use_http_only_on_this_machine_or_its_link() {
        let var = || Origin::Variable("IDENTITY_ENDPOINT");
        for ok in [
            "http://localhost:42356/msi/token",
            "http://127.0.0.1:41741/MSI/token/",
            "http://[::1]:9/",
            "http://[::ffff:127.0.0.1]:9/",
            "http://169.254.169.254",
            "https://10.0.0.4:2377/metadata/identity/oauth2/token",
        ] {
            assert!(
                CredentialEndpoint::managed_identity(ok, var()).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://10.0.0.4:2377/",
            "http://identity.example/",
            "http://localhost.example/",
            "http://0.0.0.0:9/",
        ] {
            let e = CredentialEndpoint::managed_identity(bad, var()).unwrap_err();
            assert_eq!(e.refusal, Refusal::NotHttps, "{bad}");
        }
        // Never for the others.
        assert!(
            CredentialEndpoint::new("Entra ID authority", "http://127.0.0.1:9", var()).is_err()
        );
    }

    #[test]
    fn only_the_endpoints_own_origin_is_the_same() {
        let e = CredentialEndpoint::new("ARM endpoint", "https://127.0.0.1:8443", flag()).unwrap();
        let same = |u: &str| e.same_origin(&url::Url::parse(u).unwrap());
        assert!(same("https://127.0.0.1:8443/subscriptions/x?api-version=1"));
        assert!(!same("https://127.0.0.1:8444/subscriptions/x"));
        assert!(!same("http://127.0.0.1:8443/subscriptions/x"));
        assert!(!same("https://localhost:8443/subscriptions/x"));
        assert!(!same("https://a:b@127.0.0.1:8443/subscriptions/x"));
        let e = CredentialEndpoint::new("ARM endpoint", "https://Management.Azure.com", flag())
            .unwrap();
        let same = |u: &str| e.same_origin(&url::Url::parse(u).unwrap());
        assert!(same("https://management.azure.com:443/x"));
        assert!(!same("https://management.azure.com.evil.example/x"));
    }
}
