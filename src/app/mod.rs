//! The door: the command line (clap, and az's own grammar for `acr-health
//! az`), turning it into each layer's settings, the subcommands (`check`,
//! `demo`, `serve`, `codes`, `explain`, `man`, `completions`, `az`), the
//! terminal spinner and the exit status. Nothing below this layer sees clap
//! or `CheckOptions`.
//!
//! May use: report, export, plan, probe, engine, azure, net, sys, guard.

pub mod az_cli;
pub mod az_query;
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
