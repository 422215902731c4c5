//! The checks: one per file, each behind `engine::pipeline::Probe`, each
//! returning findings and never printing. `registry/` checks one registry,
//! `docker/` the local docker client and daemon; helm and notary beside them.
//!
//! May use: engine, azure, net, sys, guard.

pub mod docker;
pub mod helm;
pub mod node;
pub mod notary;
pub mod notice;
pub mod registry;
pub mod settings;
pub mod tool_version;
