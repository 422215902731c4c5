//! Which proxy a Go program (the docker daemon, the docker CLI) uses for a
//! host: `HTTPS_PROXY` / `HTTP_PROXY` and Go's `NO_PROXY` rules, so that we
//! can say where a `docker pull` goes without asking the daemon to pull.
//! And the one `NO_PROXY` matcher: the daemon's rules and those of our own
//! HTTP client ([`NoProxyRules`]).
//!
//! Go's rules (golang.org/x/net/http/httpproxy), in our words: `*` bypasses
//! everything; an entry is an IP, a CIDR or a domain, optionally with a port;
//! a domain covers itself and its subdomains, one with a leading dot (or
//! `*.`) only its subdomains; loopback addresses and `localhost` are never
//! proxied; comparisons ignore case.
//!
//! reqwest's (hyper-util's matcher, after curl's), which our client applies:
//! an entry is an IP, a CIDR or a domain, never with a port; a domain covers
//! itself and its subdomains whether or not it has a leading dot; `*` covers
//! every name but no IP address (an IP is compared with IP and CIDR entries
//! only); `*.` is not a wildcard; nothing is bypassed unless listed, not
//! even `localhost`; comparisons ignore case.

use std::net::IpAddr;

/// A proxy URL as Go reads it: a missing scheme means `http://`.
pub fn parse_proxy(raw: &str) -> Option<url::Url> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    url::Url::parse(&with_scheme)
        .ok()
        .filter(|u| u.host_str().is_some())
}

/// One `NO_PROXY` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    All,
    Ip(IpAddr, Option<u16>),
    Cidr(IpAddr, u8),
    Domain {
        /// With its leading dot: `.azurecr.io`.
        suffix: String,
        /// Written without a leading dot: the domain itself matches too.
        itself: bool,
        port: Option<u16>,
    },
}

/// Whose rules a `NO_PROXY` value is read by (the module's doc says how
/// they differ).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NoProxyRules {
    /// Go's: the docker daemon and the docker CLI.
    #[default]
    Go,
    /// reqwest's (curl-like): our own HTTP client (`net::http`).
    Reqwest,
}

/// A parsed `NO_PROXY` value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoProxy {
    rules: NoProxyRules,
    entries: Vec<Entry>,
}

fn split_port(entry: &str) -> (&str, Option<u16>) {
    // `[::1]:80`, `host:80`; a bare IPv6 address has several colons.
    if let Some(rest) = entry.strip_prefix('[')
        && let Some((host, tail)) = rest.split_once(']')
    {
        let port = tail.strip_prefix(':').and_then(|p| p.parse().ok());
        return (host, port);
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => match port.parse() {
            Ok(p) => (host, Some(p)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

fn parse_cidr(entry: &str) -> Option<(IpAddr, u8)> {
    let (ip, bits) = entry.split_once('/')?;
    let ip: IpAddr = ip.parse().ok()?;
    let bits: u8 = bits.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

/// Whether `ip` lies in `net/bits`.
pub fn in_cidr(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(bits))
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(bits))
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

impl NoProxy {
    pub fn parse(raw: &str, rules: NoProxyRules) -> Self {
        let mut entries = Vec::new();
        for part in raw.split(',') {
            let part = part.trim().to_ascii_lowercase();
            if part.is_empty() {
                continue;
            }
            if part == "*" {
                entries.push(Entry::All);
                continue;
            }
            if let Some((ip, bits)) = parse_cidr(&part) {
                entries.push(Entry::Cidr(ip, bits));
                continue;
            }
            if let Ok(ip) = part.parse::<IpAddr>() {
                entries.push(Entry::Ip(ip, None));
                continue;
            }
            if rules == NoProxyRules::Reqwest {
                // Anything else is a domain as written (a port or a `*`
                // in it matches no host); one leading dot changes nothing.
                let name = part.strip_prefix('.').unwrap_or(&part);
                entries.push(Entry::Domain {
                    suffix: format!(".{name}"),
                    itself: true,
                    port: None,
                });
                continue;
            }
            let (host, port) = split_port(&part);
            if let Ok(ip) = host.parse::<IpAddr>() {
                entries.push(Entry::Ip(ip, port));
                continue;
            }
            // `*.example.com` is `.example.com`; any other `*` is literal.
            let host = host
                .strip_prefix('*')
                .filter(|h| h.starts_with('.'))
                .unwrap_or(host);
            if host.is_empty() || host == "." {
                continue;
            }
            let itself = !host.starts_with('.');
            let suffix = if itself {
                format!(".{host}")
            } else {
                host.to_owned()
            };
            entries.push(Entry::Domain {
                suffix,
                itself,
                port,
            });
        }
        NoProxy { rules, entries }
    }

    /// True when a request to `host:port` goes direct (is not proxied).
    /// reqwest's rules never look at the port.
    pub fn bypasses(&self, host: &str, port: u16) -> bool {
        let go = self.rules == NoProxyRules::Go;
        let host = match self.rules {
            NoProxyRules::Go => host
                .trim_end_matches('.')
                .to_ascii_lowercase()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            NoProxyRules::Reqwest => host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or(host)
                .to_ascii_lowercase(),
        };
        let host = host.as_str();
        let ip = host.parse::<IpAddr>().ok();
        if go && (host == "localhost" || ip.is_some_and(|ip| ip.is_loopback())) {
            return true;
        }
        // reqwest compares an IP with IP and CIDR entries only.
        let names_apply = go || ip.is_none();
        let port_ok = |p: &Option<u16>| p.is_none_or(|p| p == port);
        self.entries.iter().any(|e| match e {
            Entry::All => names_apply,
            Entry::Ip(want, p) => ip == Some(*want) && port_ok(p),
            Entry::Cidr(net, bits) => ip.is_some_and(|ip| in_cidr(ip, *net, *bits)),
            Entry::Domain {
                suffix,
                itself,
                port: p,
            } => {
                names_apply
                    && (host.ends_with(suffix.as_str()) || (*itself && host == &suffix[1..]))
                    && port_ok(p)
            }
        })
    }
}

/// A Go program's proxy settings: the values of HTTPS_PROXY, HTTP_PROXY
/// and NO_PROXY (as the daemon reports them, or as a shell has them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxySettings {
    pub https: Option<String>,
    pub http: Option<String>,
    pub no_proxy: Option<String>,
}

impl ProxySettings {
    /// A shell's settings, upper case first as Go reads them.
    pub fn from_env(env: &crate::sys::env::Env) -> Self {
        let pick =
            |upper: &str, lower: &str| env.get(upper).or_else(|| env.get(lower)).map(str::to_owned);
        ProxySettings {
            https: pick("HTTPS_PROXY", "https_proxy"),
            http: pick("HTTP_PROXY", "http_proxy"),
            no_proxy: pick("NO_PROXY", "no_proxy"),
        }
    }

    /// The proxy an `https://host:port` request goes through, or None when
    /// it goes direct. Go uses HTTPS_PROXY alone for https URLs.
    pub fn for_https(&self, host: &str, port: u16) -> Option<&str> {
        let proxy = self.https.as_deref().filter(|p| parse_proxy(p).is_some())?;
        let no = NoProxy::parse(self.no_proxy.as_deref().unwrap_or(""), NoProxyRules::Go);
        (!no.bypasses(host, port)).then_some(proxy)
    }

    /// Every proxy named, for the loopback-listener check.
    pub fn proxies(&self) -> impl Iterator<Item = &str> {
        self.https
            .iter()
            .chain(self.http.iter())
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.https.is_none() && self.http.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(raw: &str) -> NoProxy {
        NoProxy::parse(raw, NoProxyRules::Go)
    }

    fn reqwest(raw: &str) -> NoProxy {
        NoProxy::parse(raw, NoProxyRules::Reqwest)
    }

    #[test]
    fn go_no_proxy_rules() {
        let no =
            go(" Azurecr.io, .corp.example , 10.0.0.0/8, 192.168.1.5, myhost:5000,*.wild.example");
        // A domain covers itself and its subdomains.
        assert!(no.bypasses("azurecr.io", 443));
        assert!(no.bypasses("myreg.AZURECR.io", 443));
        assert!(!no.bypasses("notazurecr.io", 443));
        // A leading dot or `*.`: subdomains only.
        assert!(no.bypasses("a.corp.example", 443));
        assert!(!no.bypasses("corp.example", 443));
        assert!(no.bypasses("a.wild.example", 443));
        assert!(!no.bypasses("wild.example", 443));
        // Any other `*` is taken literally, as Go does.
        assert!(!go("*azurecr.io").bypasses("myreg.azurecr.io", 443));
        // CIDRs and IPs.
        assert!(no.bypasses("10.1.2.3", 443));
        assert!(!no.bypasses("11.1.2.3", 443));
        assert!(no.bypasses("192.168.1.5", 443));
        assert!(!no.bypasses("192.168.1.6", 443));
        // A port in the entry must match.
        assert!(no.bypasses("myhost", 5000));
        assert!(!no.bypasses("myhost", 443));
        // Loopback and localhost are never proxied.
        assert!(go("").bypasses("localhost", 443));
        assert!(go("").bypasses("127.0.0.1", 443));
        assert!(go("").bypasses("::1", 443));
        assert!(!go("").bypasses("myreg.azurecr.io", 443));
        // `*` covers everything.
        assert!(go("x.io,*").bypasses("myreg.azurecr.io", 443));
        // IPv6 CIDR.
        assert!(go("fd00::/8").bypasses("fd12::1", 443));
        assert!(go("[fd00::1]:443").bypasses("fd00::1", 443));
    }

    /// What reqwest (hyper-util's matcher) does with the same kinds of
    /// entries: see the module's doc.
    #[test]
    fn reqwest_no_proxy_rules() {
        let no = reqwest(
            " Azurecr.io, .corp.example , 10.0.0.0/8, 192.168.1.5, myhost:5000,*.wild.example",
        );
        assert!(no.bypasses("azurecr.io", 443));
        assert!(no.bypasses("myreg.AZURECR.io", 443));
        assert!(!no.bypasses("notazurecr.io", 443));
        // A leading dot changes nothing: the domain itself too.
        assert!(no.bypasses("a.corp.example", 443));
        assert!(no.bypasses("corp.example", 443));
        // `*.` is no wildcard, and an entry with a port matches no host.
        assert!(!no.bypasses("a.wild.example", 443));
        assert!(!no.bypasses("myhost", 5000));
        // CIDRs and IPs.
        assert!(no.bypasses("10.1.2.3", 443));
        assert!(!no.bypasses("11.1.2.3", 443));
        assert!(no.bypasses("192.168.1.5", 443));
        assert!(reqwest("fd00::/8").bypasses("[fd12::1]", 443));
        assert!(!reqwest("[fd00::1]:443").bypasses("fd00::1", 443));
        // Nothing is bypassed unless listed: localhost and loopback neither.
        assert!(!reqwest("").bypasses("localhost", 443));
        assert!(!reqwest("").bypasses("127.0.0.1", 443));
        assert!(reqwest("localhost,127.0.0.1").bypasses("localhost", 443));
        assert!(reqwest("localhost,127.0.0.1").bypasses("127.0.0.1", 443));
        // `*` covers every name, but no IP address.
        assert!(reqwest("x.io,*").bypasses("myreg.azurecr.io", 443));
        assert!(!reqwest("*").bypasses("10.1.2.3", 443));
        // `..x` needs a subdomain of `.x`; a domain entry never covers an IP.
        assert!(!reqwest("..x.io").bypasses("a.x.io", 443));
        assert!(!reqwest("0.1").bypasses("10.0.0.1", 443));
    }

    #[test]
    fn which_proxy_an_https_request_uses() {
        let s = ProxySettings {
            https: Some("proxy.corp:3128".into()),
            http: Some("http://other:80".into()),
            no_proxy: Some(".internal".into()),
        };
        assert_eq!(
            s.for_https("myreg.azurecr.io", 443),
            Some("proxy.corp:3128")
        );
        assert_eq!(s.for_https("reg.internal", 443), None);
        // HTTP_PROXY alone does not apply to https.
        let http_only = ProxySettings {
            http: Some("http://p:80".into()),
            ..Default::default()
        };
        assert_eq!(http_only.for_https("myreg.azurecr.io", 443), None);
    }
}
