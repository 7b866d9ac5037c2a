//! The host's side of a plugin worker: spawning it, talking to it, killing it.

mod connection;
mod envelope;

pub(crate) use connection::{OnFailure, WorkerConnection};
