//! Reading a plugin module before any of its code runs.

mod inspect;

pub use inspect::{inspect, ModuleInfo};
