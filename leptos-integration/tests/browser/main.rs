//! Browser tests of the components and hooks: real plugins in real workers,
//! mounted with Leptos in headless Chromium, driven by DOM events.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod events;
mod host;
mod manager;
mod prompt;
#[cfg(feature = "router")]
mod router;
mod slot;
mod use_plugin;
mod use_plugins;
