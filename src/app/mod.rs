//! The door: the command line (clap), turning it into each layer's settings,
//! the subcommands (`check`, `demo`, `serve`, `codes`, `explain`, `man`,
//! `completions`), the terminal spinner and the exit status. Nothing below
//! this layer sees clap or `CheckOptions`.
//!
//! May use: report, export, plan, probe, engine, azure, net, sys, guard.

pub mod check;
pub mod cli;
pub mod demo;
pub mod explain;
pub mod help;
pub mod man;
pub mod options;
pub mod progress;
#[cfg(test)]
mod property_tests;
pub mod run;
pub mod serve;
