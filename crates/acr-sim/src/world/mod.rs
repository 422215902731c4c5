//! The world being simulated: the scenario (which fault to play), the
//! tenant's fixed identities, the one image the registry holds, the ARM
//! objects Azure really sent (`recorded`), and `Ctx`, the state every
//! server reads.
//!
//! May use: wire.

pub(crate) mod content;
pub(crate) mod ctx;
pub(crate) mod ids;
pub(crate) mod recorded;
pub mod scenario;
