//! What keeps secrets and outside text from doing harm: the `Secret` type and
//! the process-wide register of secret values, and the one sanitiser every
//! string from outside passes before it is printed.
//!
//! May use: nothing of ours.

pub mod sanitize;
pub mod secret;
