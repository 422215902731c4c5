//! The one error the simulator returns: it could not start.

use std::fmt;

/// The simulator could not start.
#[derive(Debug)]
pub struct SimError(String);

impl SimError {
    pub(crate) fn new(msg: impl Into<String>) -> SimError {
        SimError(msg.into())
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "acr-sim: {}", self.0)
    }
}

impl std::error::Error for SimError {}
