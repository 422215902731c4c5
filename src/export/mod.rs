//! The exporter behind `acr-health serve`: the metric table (every name,
//! type, label and help text, in one place), the series the last runs left,
//! the Prometheus text formats they are written in, and the small HTTP
//! server that hands them out (docs/behaviour.md §8).
//!
//! May use: engine, sys, guard.

pub mod encode;
pub mod metrics;
pub mod series;
pub mod server;
