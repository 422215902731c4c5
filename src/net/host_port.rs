//! `host[:port]` as people and servers write it: the one parser behind the
//! `-n` login server, ARM's `loginServer` and the authority comparison of
//! Azure CLI cache entries.

use std::fmt;

/// Why a `host[:port]` does not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostPortError {
    /// Nothing before the colon (`:5000`, `[]`).
    EmptyHost,
    /// A colon with nothing after it (`host:`).
    EmptyPort,
    /// Not a number from 0 to 65535.
    NotANumber,
    /// Port 0: nothing listens there.
    ZeroPort,
    /// `[` without its `]`, or text after `]` that is not `:port`.
    Brackets,
}

impl fmt::Display for HostPortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostPortError::EmptyHost => "no host",
            HostPortError::EmptyPort => "an empty port",
            HostPortError::NotANumber => "the port is not a number",
            HostPortError::ZeroPort => "port 0",
            HostPortError::Brackets => "unbalanced brackets around an IPv6 address",
        })
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`. A bare IPv6 address
/// (two or more colons, no brackets) is a host without a port, since its
/// last group cannot be told from a port.
pub fn split(raw: &str) -> Result<(&str, Option<u16>), HostPortError> {
    let (host, port) = if let Some(rest) = raw.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or(HostPortError::Brackets)?;
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (host, Some(p)),
                None => return Err(HostPortError::Brackets),
            },
        }
    } else if raw.matches(':').count() > 1 {
        (raw, None)
    } else {
        match raw.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (raw, None),
        }
    };
    if host.is_empty() {
        return Err(HostPortError::EmptyHost);
    }
    let port = match port {
        None => None,
        Some("") => return Err(HostPortError::EmptyPort),
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(HostPortError::NotANumber);
        }
        Some(p) => match p.parse::<u16>() {
            Ok(0) => return Err(HostPortError::ZeroPort),
            Ok(n) => Some(n),
            Err(_) => return Err(HostPortError::NotANumber),
        },
    };
    Ok((host, port))
}

/// `host` or `host:port` of an authority URL, lower case.
pub fn authority_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use HostPortError::*;

    #[test]
    fn host_port_table() {
        type Row = (
            &'static str,
            Result<(&'static str, Option<u16>), HostPortError>,
        );
        let table: &[Row] = &[
            ("myreg.azurecr.io", Ok(("myreg.azurecr.io", None))),
            ("localhost:5000", Ok(("localhost", Some(5000)))),
            ("host:65535", Ok(("host", Some(65535)))),
            ("[::1]:5000", Ok(("::1", Some(5000)))),
            ("[::1]", Ok(("::1", None))),
            ("::1", Ok(("::1", None))),
            ("fe80::1:443", Ok(("fe80::1:443", None))),
            ("host:", Err(EmptyPort)),
            ("[::1]:", Err(EmptyPort)),
            (":5000", Err(EmptyHost)),
            ("", Err(EmptyHost)),
            ("[]:5000", Err(EmptyHost)),
            ("host:0", Err(ZeroPort)),
            ("host:65536", Err(NotANumber)),
            ("host:+1", Err(NotANumber)),
            ("host:http", Err(NotANumber)),
            ("[::1", Err(Brackets)),
            ("[::1]5000", Err(Brackets)),
        ];
        for (raw, want) in table {
            assert_eq!(split(raw), *want, "{raw:?}");
        }
    }
}
