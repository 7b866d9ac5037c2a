//! Request and response types of the typed plugin APIs, one module per family.

pub mod filter;
pub mod hooks;
