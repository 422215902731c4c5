//! The probes: one check per file, each behind `pipeline::Probe`, each
//! returning findings and never printing.

pub mod notice;
