//! Leptos components and hooks for Annex plugins.
//!
//! This crate is where `<PluginHost>`, `use_plugin` and the plugin manager
//! will live. It holds nothing yet: until they exist, use
//! [`annex_runtime::PluginHost`] directly from a component, as the demo does.
#![deny(missing_docs)]

pub use annex_runtime;
