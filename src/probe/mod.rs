//! The probes: one check per file, each behind `pipeline::Probe`, each
//! returning findings and never printing.

pub mod access_token;
pub mod challenge;
pub mod cmk;
pub mod credential;
pub mod data_endpoints;
pub mod data_path;
pub mod dns;
pub mod docker;
pub mod docker_info;
pub mod docker_login;
pub mod helm;
pub mod login_server;
pub mod network_access;
pub mod notary;
pub mod notice;
pub mod private_endpoint;
pub mod refresh_token;
pub mod registry_settings;
pub mod replications;
