//! The boxed future every async trait here returns (probes, name lookups,
//! credential sources): object-safe without an extra crate.

use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
