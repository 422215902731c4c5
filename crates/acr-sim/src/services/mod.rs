//! The played services, each answering over its real wire protocol: the
//! registry's login server and data endpoint, Entra ID (its token endpoint,
//! discovery, the Azure CLI user's grants, managed identity and IMDS), ARM,
//! and the DNS responder.
//!
//! May use: world, wire.

pub(crate) mod arm;
pub(crate) mod discovery;
pub(crate) mod dns;
pub(crate) mod entra;
pub(crate) mod entra_reply;
pub(crate) mod registry;
pub(crate) mod storage;
pub(crate) mod user;
