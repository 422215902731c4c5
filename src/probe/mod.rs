//! The probes: one check per file, each behind `pipeline::Probe`, each
//! returning findings and never printing.

pub mod access_token;
pub mod challenge;
pub mod cmk;
pub mod credential;
pub mod data_path;
pub mod dns;
pub mod docker;
pub mod helm;
pub mod login_server;
pub mod notary;
pub mod notice;
pub mod private_endpoint;
pub mod refresh_token;
