//! All integration tests, in one binary (ripgrep-style): each module is a
//! group of scenarios, `util` the harness they share.

mod environment;
mod util;
