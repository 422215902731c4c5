//! The process and what it runs on: the environment snapshot, child
//! processes, questions on the terminal, our own stderr lines, version
//! numbers and the boxed future every async trait returns.
//!
//! May use: guard.

pub mod console;
pub mod env;
pub mod error;
pub mod files;
pub mod future;
pub mod limits;
pub mod process;
pub mod prompt;
pub mod signals;
pub mod version;
