//! The probes: one check per file, each behind `pipeline::Probe`, each
//! returning findings and never printing.

pub mod docker;
pub mod helm;
pub mod notary;
pub mod notice;
