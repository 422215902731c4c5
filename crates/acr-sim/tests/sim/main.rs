//! acr-sim's own tests: one binary, each module one server or concern.

mod arm;
mod dns;
mod entra;
mod registry;
mod robustness;
mod scenarios;
mod util;
