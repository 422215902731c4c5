//! Low-level pieces every server shares, knowing nothing of the simulated
//! world: JWT signing and the other crypto helpers, the certificates made at
//! start-up, the accept loop around a router, the delaying network of
//! `--rtt`, the request log, the secret echo, and the error the simulator
//! returns when it cannot start.
//!
//! May use: nothing of ours.

pub(crate) mod echo;
pub(crate) mod error;
pub(crate) mod jwt;
pub(crate) mod latency;
pub(crate) mod log;
pub(crate) mod serve;
pub(crate) mod tls;
