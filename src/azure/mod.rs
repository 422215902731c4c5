//! Azure as a service: clouds, the credential chain (Entra ID, managed
//! identity, the Azure CLI's login), the ARM client and the Azure CLI's own
//! files. No findings here: callers turn its errors into findings.
//!
//! May use: net, sys, guard.

pub mod arm;
pub mod az_config;
pub mod az_files;
pub mod cloud;
pub mod credential;
pub mod node_config;
pub mod resource;
