//! Network plumbing shared by the registry probes: DNS, the HTTP client, the
//! challenge header parser and JWT claims.

pub mod certificate;
pub mod dns;
pub mod host_port;
pub mod http;
pub mod jwt;
pub mod no_proxy;
pub mod www_authenticate;
