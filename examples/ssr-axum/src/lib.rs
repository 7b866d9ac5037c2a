//! Annex in a Leptos SSR + hydrate app on Axum. The server renders the page
//! (the plugin's fallback markup included: plugins run only in browsers);
//! the browser hydrates it, and only then the host starts, reads the
//! catalog and runs the `greeter` plugin (made with `annex new greeter`, in
//! `plugins/greeter/`) in its own Web Worker.

pub mod app;

/// The client's entry point, called by the hydration script the server
/// puts in the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(app::App);
}
