//! Which checks run for one invocation: the steps in the order of
//! docs/behaviour.md §2, what each waits for, and what the compatibility
//! profile (`-o az`) keeps.
//!
//! May use: probe, engine, azure, net, sys, guard.

mod build;
mod environment;
pub mod profile;
pub mod settings;

pub use build::{RunServices, build};
