//! The registry section, one check per file: login server, DNS, challenge,
//! network access, credential, tokens, data path and the ARM-read settings
//! (replications, data endpoints, regional endpoints, dual stack, CMK).
//! `context` holds what these checks share for one registry; `speculation`
//! the challenge sent while ARM answers.

pub mod access_token;
pub mod challenge;
pub mod cmk;
pub mod context;
pub mod credential;
pub mod data_endpoints;
pub mod data_path;
pub mod dns;
pub mod dual_stack;
pub mod endpoint;
pub mod login_server;
pub mod network_access;
pub mod private_endpoint;
pub mod refresh_token;
pub mod regional_endpoints;
pub mod replications;
pub mod settings;
pub mod speculation;
pub mod subscription;
pub mod tags;
pub mod token;
