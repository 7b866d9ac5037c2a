//! Messages between the host (main thread), the worker and the plugin.
//!
//! Host and worker exchange [`HostMessage`] and [`WorkerMessage`] over
//! `postMessage`, converted with serde; large binary data never goes through
//! serde but rides beside the message as a transferred `ArrayBuffer` (the
//! *payload*). The worker hands [`PluginRequest`] to the plugin as JSON and
//! gets a [`PluginResponse`] back.

/// Property names of the JS object every `postMessage` carries.
///
/// A message is `{ msg, module?, payload? }`: `msg` is the serde-converted
/// [`HostMessage`] or [`WorkerMessage`], `module` a compiled
/// `WebAssembly.Module`, `payload` a transferred `ArrayBuffer`. The very first
/// message to a new worker is `{ workerModule }`: the worker's own compiled
/// code, which the loader script instantiates; the host sends it once the
/// worker has said [`WorkerMessage::Listening`].
pub mod envelope {
    /// The serde part.
    pub const MESSAGE: &str = "msg";
    /// A compiled plugin module.
    pub const MODULE: &str = "module";
    /// A transferred `ArrayBuffer`.
    pub const PAYLOAD: &str = "payload";
    /// The worker's own compiled module, in the boot message.
    pub const WORKER_MODULE: &str = "workerModule";
}

mod host;
mod limits;
mod plugin;
mod worker;

pub use host::{HostMessage, InitRequest};
pub use limits::{WorkerLimits, WorkerUsage};
pub use plugin::{PluginRequest, PluginResponse};
pub use worker::{LogLevel, WorkerMessage};

#[cfg(test)]
mod tests;
