//! The docker section: the command, the daemon, its version and test pull
//! (`daemon`), what `docker info` shows of the daemon's settings (`info`),
//! and the client's stored logins (`login`).

pub mod daemon;
pub mod info;
pub mod login;
pub mod program;
