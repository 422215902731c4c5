//! Which proxy a Go program (the docker daemon, the docker CLI) uses for a
//! host: `HTTPS_PROXY` / `HTTP_PROXY` and Go's `NO_PROXY` rules, so that we
//! can say where a `docker pull` goes without asking the daemon to pull.
//! And which proxy our own requests use: the rules of Python's requests
//! (and urllib), which az's registry calls, MSAL and azure-core follow
//! ([`RequestsProxy`]).
//!
//! Go's rules (golang.org/x/net/http/httpproxy), in our words: `*` bypasses
//! everything; an entry is an IP, a CIDR or a domain, optionally with a port;
//! a domain covers itself and its subdomains, one with a leading dot (or
//! `*.`) only its subdomains; loopback addresses and `localhost` are never
//! proxied; comparisons ignore case.
//!
//! requests' rules (`requests.utils.should_bypass_proxies` of requests 2.34,
//! then `urllib.request.proxy_bypass_environment`), in our words: the
//! lower-case variable wins over the upper-case one; an IPv4 host is
//! bypassed by an entry that is that address or a CIDR (/1 to /32) holding
//! it; any other host by an entry naming it or a domain above it, leading
//! dots ignored, which with a port (`myhost:5000`) matches only a URL with
//! that explicit port; names compare in any case; `*` bypasses everything,
//! addresses too, but only as the whole value; nothing else is ever
//! bypassed, not even `localhost`.

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

/// A parsed `NO_PROXY` value, read by Go's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoProxy {
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
    pub fn parse(raw: &str) -> Self {
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
        NoProxy { entries }
    }

    /// True when a request to `host:port` goes direct (is not proxied).
    pub fn bypasses(&self, host: &str, port: u16) -> bool {
        let host = host
            .trim_end_matches('.')
            .to_ascii_lowercase()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let host = host.as_str();
        let ip = host.parse::<IpAddr>().ok();
        if host == "localhost" || ip.is_some_and(|ip| ip.is_loopback()) {
            return true;
        }
        let port_ok = |p: &Option<u16>| p.is_none_or(|p| p == port);
        self.entries.iter().any(|e| match e {
            Entry::All => true,
            Entry::Ip(want, p) => ip == Some(*want) && port_ok(p),
            Entry::Cidr(net, bits) => ip.is_some_and(|ip| in_cidr(ip, *net, *bits)),
            Entry::Domain {
                suffix,
                itself,
                port: p,
            } => {
                (host.ends_with(suffix.as_str()) || (*itself && host == &suffix[1..])) && port_ok(p)
            }
        })
    }
}

/// The proxy our https requests use, and when they go direct, as az's
/// libraries decide it from the environment (the module's doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestsProxy {
    /// The proxy URL and the variable it came from.
    pub proxy: Option<(&'static str, String)>,
    /// `no_proxy` as requests' own check reads it (lower case, else upper).
    requests_list: Option<String>,
    /// `no` as urllib's `getproxies_environment` leaves it (an empty
    /// lower-case value removes the upper-case one).
    urllib_list: Option<String>,
}

impl RequestsProxy {
    pub fn from_env(env: &crate::sys::env::Env) -> Self {
        // urllib's two passes: a lower-case variable wins; set empty, it
        // removes the upper-case one's value.
        let urllib = |lower: &'static str, upper: &'static str| match env.get_raw(lower) {
            Some("") => None,
            Some(v) => Some((lower, v.to_owned())),
            None => env.get(upper).map(|v| (upper, v.to_owned())),
        };
        // `select_proxy`: the URL scheme's entry, then `all`.
        let proxy =
            urllib("https_proxy", "HTTPS_PROXY").or_else(|| urllib("all_proxy", "ALL_PROXY"));
        RequestsProxy {
            proxy,
            requests_list: env
                .get("no_proxy")
                .or_else(|| env.get("NO_PROXY"))
                .map(str::to_owned),
            urllib_list: urllib("no_proxy", "NO_PROXY").map(|(_, v)| v),
        }
    }

    /// The `no_proxy` value in force, for the report.
    pub fn no_proxy(&self) -> Option<&str> {
        self.requests_list
            .as_deref()
            .or(self.urllib_list.as_deref())
    }

    /// True when a request to `https://host[:port]` goes direct; `port` is
    /// the URL's explicit port, if it has one.
    pub fn bypasses(&self, host: &str, port: Option<u16>) -> bool {
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host)
            .to_ascii_lowercase();
        if let Some(list) = &self.requests_list {
            let compact = list.replace(' ', "");
            let mut entries = compact.split(',').filter(|e| !e.is_empty());
            if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
                let hit = entries.any(|e| match e.split_once('/') {
                    Some((net, bits)) => {
                        match (net.parse::<std::net::Ipv4Addr>(), bits.parse::<u8>()) {
                            (Ok(net), Ok(bits)) if (1..=32).contains(&bits) => {
                                in_cidr(IpAddr::V4(ip), IpAddr::V4(net), bits)
                            }
                            _ => false,
                        }
                    }
                    None => e == host,
                });
                if hit {
                    return true;
                }
            } else {
                let with_port = match port {
                    Some(p) => format!("{host}:{p}"),
                    None => host.clone(),
                };
                // The entry as written (requests compares it in its case).
                let hit = entries.any(|e| {
                    let e = e.trim_start_matches('.');
                    let sub = format!(".{e}");
                    host == e || with_port == e || host.ends_with(&sub) || with_port.ends_with(&sub)
                });
                if hit {
                    return true;
                }
            }
        }
        let Some(list) = &self.urllib_list else {
            return false;
        };
        if list == "*" {
            return true;
        }
        list.split(',')
            .map(|n| n.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .any(|n| host == n || host.ends_with(&format!(".{n}")))
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
        let no = NoProxy::parse(self.no_proxy.as_deref().unwrap_or(""));
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
        NoProxy::parse(raw)
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

    fn requests(vars: &[(&str, &str)]) -> RequestsProxy {
        let mut env = crate::sys::env::Env::empty();
        for (k, v) in vars {
            env.set(k, *v);
        }
        RequestsProxy::from_env(&env)
    }

    /// What requests and urllib do with the same kinds of entries (see the
    /// module's doc), each case as Python 3 with requests 2.x answers it.
    #[test]
    fn requests_no_proxy_rules() {
        let no = requests(&[(
            "NO_PROXY",
            " Azurecr.io, .corp.example , 10.0.0.0/8, 192.168.1.5, myhost:5000,*.wild.example",
        )]);
        assert!(no.bypasses("azurecr.io", None));
        // urllib lower-cases; requests' own check does not.
        assert!(no.bypasses("myreg.AZURECR.io", None));
        // At a dot: a name merely ending in the entry is not covered.
        assert!(!requests(&[("NO_PROXY", "azurecr.io")]).bypasses("notazurecr.io", None));
        assert!(requests(&[("NO_PROXY", ".azurecr.io:5000")]).bypasses("r.azurecr.io", Some(5000)));
        assert!(!no.bypasses("azurecr.io.evil", None));
        // A leading dot is ignored by urllib: the domain itself too.
        assert!(no.bypasses("a.corp.example", None));
        assert!(no.bypasses("corp.example", None));
        // `*.` is no wildcard.
        assert!(!no.bypasses("a.wild.example", None));
        // An entry with a port matches the URL's explicit port only.
        assert!(no.bypasses("myhost", Some(5000)));
        assert!(!no.bypasses("myhost", None));
        assert!(!no.bypasses("myhost", Some(443)));
        // An IPv4 host: the address or a CIDR (/1 to /32) holding it.
        assert!(no.bypasses("10.1.2.3", None));
        assert!(!no.bypasses("11.1.2.3", None));
        assert!(no.bypasses("192.168.1.5", Some(443)));
        assert!(!requests(&[("NO_PROXY", "10.0.0.0/0")]).bypasses("10.1.2.3", None));
        // Nothing is bypassed unless listed: not even localhost.
        assert!(!requests(&[("NO_PROXY", "")]).bypasses("localhost", None));
        assert!(!requests(&[]).bypasses("127.0.0.1", None));
        // `*` bypasses everything, addresses too, only as the whole value.
        assert!(requests(&[("NO_PROXY", "*")]).bypasses("10.1.2.3", None));
        assert!(!requests(&[("NO_PROXY", "x.io,*")]).bypasses("myreg.azurecr.io", None));
    }

    #[test]
    fn lower_case_variables_win_as_in_urllib() {
        let p = requests(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
            ("ALL_PROXY", "http://all:3"),
        ]);
        assert_eq!(p.proxy, Some(("https_proxy", "http://lower:2".into())));
        // Set empty, the lower-case variable removes the upper-case value.
        let p = requests(&[("HTTPS_PROXY", "http://upper:1"), ("https_proxy", "")]);
        assert_eq!(p.proxy, None);
        let p = requests(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", ""),
            ("all_proxy", "http://all:3"),
        ]);
        assert_eq!(p.proxy, Some(("all_proxy", "http://all:3".into())));
        // HTTP_PROXY does not apply to https.
        assert_eq!(requests(&[("HTTP_PROXY", "http://h:1")]).proxy, None);
        // no_proxy over NO_PROXY.
        let p = requests(&[("NO_PROXY", "a.example"), ("no_proxy", "b.example")]);
        assert!(p.bypasses("b.example", None) && !p.bypasses("a.example", None));
        assert_eq!(p.no_proxy(), Some("b.example"));
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
