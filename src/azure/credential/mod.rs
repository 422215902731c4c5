//! The credential chain: which source signs in (flags, environment, managed
//! identity, the Azure CLI), tried in az's order, once per run.

mod azure_cli;
pub mod chain;
mod entra;
mod managed_identity;
pub mod node;
pub mod source;
