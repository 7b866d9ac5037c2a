//! Request and response types of the typed plugin APIs, one module per family.

pub mod analytics;
pub mod animation;
pub mod events;
pub mod filter;
pub mod hooks;
pub mod network;
pub mod slot;
pub mod storage;
pub mod typography;
