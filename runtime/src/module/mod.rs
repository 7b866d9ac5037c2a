//! Reading a plugin module before any of its code runs.

pub mod edit;
mod inspect;
pub mod memory_cap;
pub mod signature;

pub use inspect::{inspect, ModuleInfo};
