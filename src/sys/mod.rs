//! The process and what it runs on: the environment snapshot, child
//! processes, questions on the terminal, our own stderr lines, version
//! numbers, the boxed future every async trait returns, the one way we
//! write a file (atomically, for the report files), and the network phases
//! each check collects (`timing`).
//!
//! May use: guard.

pub mod atomic;
pub mod console;
pub mod env;
pub mod error;
pub mod files;
pub mod future;
pub mod lang;
pub mod limits;
pub mod process;
pub mod prompt;
pub mod signals;
pub mod timing;
pub mod version;
