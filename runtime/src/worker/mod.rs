//! The host's side of a plugin worker: spawning it, talking to it, killing it.

mod connection;
mod envelope;
mod pool;

pub(crate) use connection::{Callbacks, WorkerConnection};
pub(crate) use pool::WarmPool;
