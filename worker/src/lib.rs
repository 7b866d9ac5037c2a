//! The code inside each Annex plugin worker.
//!
//! A worker hosts exactly one plugin. The host sends it the compiled plugin
//! module and the permissions granted; the worker checks the module's imports,
//! instantiates it with only the host functions those permissions allow,
//! initializes it, and then answers calls one at a time.
//!
//! [`PluginInstance`] is the part that talks to the plugin module through the
//! Annex ABI; it is public so a plugin can also be run on the current thread
//! (the benchmark does this to measure the cost of the worker boundary).
//! [`annex_worker_boot`] is the worker's entry point, called by
//! `js/annex-worker-loader.js`.
#![deny(missing_docs)]

mod abi_exports;
mod answers;
mod event_loop;
mod host;
mod instance;
mod js;
mod memory;
mod suspend;
mod trap;

pub use event_loop::annex_worker_boot;
pub use host::{HostSink, LogSink};
pub use instance::{HostEnv, PluginInstance};
