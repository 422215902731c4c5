//! acr-health: health checks for Azure Container Registry.
//!
//! The crate is built in layers, each a folder whose `mod.rs` says what it
//! owns and which layers it may use; nothing imports upward and no files
//! import each other in a circle (tests/layers.rs keeps it so). From the top:
//!
//! - `app`: the door: command line, options, subcommands, exit status;
//! - `report`: renders findings (beside `app`, below it);
//! - `export`: `serve`'s metrics, their text formats and its HTTP server
//!   (beside `report`);
//! - `plan`: which checks run for this invocation and profile;
//! - `probe`: the checks, one per file;
//! - `engine`: the pipeline, findings, the catalog of codes;
//! - `azure`, `net`, `sys`, `guard`: the services below.
//!
//! See docs/architecture.md.

// Windows' paths (WTF-8 and a flag) are wider than Unix's, which takes the
// errors that carry one past clippy's 128-byte line there alone; and the
// thread-local lint misreads `const { … }` initialisers on Windows' std.
#![cfg_attr(
    windows,
    allow(clippy::result_large_err, clippy::missing_const_for_thread_local)
)]

pub mod app;
pub mod azure;
pub mod engine;
pub mod export;
pub mod guard;
pub mod net;
pub mod plan;
pub mod probe;
pub mod report;
pub mod sys;

/// docs/architecture.md, compiled into the docs so that its worked "add a
/// probe" example runs as a doctest and cannot drift from the code.
#[doc = include_str!("../docs/architecture.md")]
pub mod architecture {}
