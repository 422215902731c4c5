//! The engine: the `Probe` trait and the pipeline that runs probes
//! concurrently and emits their findings in canonical order; the finding
//! type; every check's id; the catalog of error codes and messages; the
//! network phases slow enough to warn about (`slow`); the catalog and the
//! report frame in other languages (`i18n`).
//!
//! May use: sys, guard.

pub mod catalog;
pub mod check_id;
pub mod finding;
pub mod i18n;
pub mod pipeline;
pub mod slow;
