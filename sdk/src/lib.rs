//! Write Annex plugins in Rust.
//!
//! A plugin is a `wasm32-unknown-unknown` `cdylib` that implements [`Plugin`]
//! plus one trait per API family it offers, and calls [`export_plugin!`] once.
//! The macro generates the ABI exports the Annex worker calls and embeds the
//! manifest, built from `[package.metadata.annex]` in the crate's `Cargo.toml`,
//! as the `annex.manifest` custom section. No wasm-bindgen, no JavaScript.
//!
//! ```toml
//! # Cargo.toml
//! [lib]
//! crate-type = ["cdylib", "rlib"]
//!
//! [package.metadata.annex]
//! id = "com.example.invert"
//! capabilities.canvas_filter.filters = ["invert"]
//! permissions = [
//!     { permission = "canvas.read", reason = "reads the pixels it inverts" },
//!     { permission = "canvas.write", reason = "returns the inverted pixels" },
//! ]
//! ```
//!
//! ```
//! use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError};
//!
//! #[derive(Default)]
//! pub struct Invert;
//!
//! impl Plugin for Invert {}
//!
//! impl CanvasFilter for Invert {
//!     fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
//!         for px in image.pixels_mut() {
//!             for channel in &mut px[..3] {
//!                 *channel = 255 - *channel;
//!             }
//!         }
//!         Ok(())
//!     }
//! }
//!
//! // In the plugin crate: annex_sdk::export_plugin!(Invert);
//! ```
//!
//! Build with `annex build` (the `annex-cli` crate: optimized for size, the
//! Asyncify transform where needed, `catalog.json`), then test natively with the
//! [`testing`] kit: a mock host and a harness that drives the plugin through
//! the same dispatch as the worker does.
#![deny(missing_docs)]

mod analytics;
pub mod animation;
mod config;
mod error;
mod families;
mod filter;
mod hooks;
pub mod host;
mod plugin;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;
mod typography;

#[doc(hidden)]
pub mod __private;

pub use analytics::{AnalyticsExport, AnalyticsPlugin};
pub use animation::AnimationPlugin;
pub use annex_protocol::api;
pub use annex_protocol::api::filter::Filter;
pub use annex_protocol::api::hooks::HookOutcome;
pub use annex_protocol::manifest::HookName;
pub use annex_protocol::{ErrorCode, Manifest, Permission, PluginError};
pub use config::Config;
pub use error::{Error, Result};
pub use families::{NetworkPlugin, StoragePlugin};
pub use filter::{CanvasFilter, Image};
pub use hooks::Hooks;
pub use plugin::{Event, ExportedPlugin, InitContext, Plugin};
pub use typography::Typography;

/// Exports a type as the crate's Annex plugin. Call it once per plugin crate.
///
/// The type must implement [`Default`] and [`Plugin`], plus the trait of every
/// API family listed under `capabilities` in `[package.metadata.annex]`
/// (`canvas_filter` → [`CanvasFilter`], `analytics` → [`AnalyticsPlugin`],
/// `storage` → [`StoragePlugin`], `network` → [`NetworkPlugin`]), and
/// [`Hooks`] if it lists `hooks`.
/// The macro:
///
/// * reads `[package.metadata.annex]` at compile time, fills in `version`,
///   `name` and `description` from `[package]`, and validates the result; a bad
///   manifest is a compile error naming the field;
/// * embeds the manifest JSON as the `annex.manifest` custom section;
/// * implements [`ExportedPlugin`] (used by the [`testing`] harness);
/// * on `wasm32`, generates the ABI exports (`annex_init`, `annex_call`, ...).
///
/// A panic inside the plugin reaches the host as an error with code
/// [`ErrorCode::Panic`] and the panic message.
pub use annex_sdk_macros::export_plugin;
