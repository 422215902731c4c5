//! Which checks run for one invocation: the steps in the order of
//! docs/behaviour.md §2, what each waits for, and what the compatibility
//! profile (`-o az`) keeps.
//!
//! May use: probe, engine, azure, net, sys, guard.

mod build;

pub use build::{RunServices, build};
