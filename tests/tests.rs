//! All integration tests compile into this one binary (links once).

mod util;

mod cli;
mod credentials;
mod registry;
