//! The network: DNS, the HTTP client and its TLS trust, proxies and
//! `NO_PROXY`, which endpoints may receive credentials, secrets in URLs,
//! certificates, host names, the challenge header and JWT claims.
//!
//! May use: sys, guard.

pub mod certificate;
pub mod dns;
pub mod endpoint;
pub mod host_port;
pub mod http;
pub mod jwt;
pub mod no_proxy;
pub mod tls;
pub mod url_secrets;
pub mod www_authenticate;
