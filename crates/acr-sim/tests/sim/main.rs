//! acr-sim's own tests: one binary, each module one server or concern.

mod arm;
mod azure_cli;
mod dns;
mod entra;
mod entra_user;
mod msal;
mod registry;
mod robustness;
mod scenarios;
mod util;
